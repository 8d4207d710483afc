"""The planner of a questionnaire: the design effect of its results, and a saved plan."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from questionsets.models import Questionnaire, SamplePlan
from questionsets.results import planner
from questionsets.results import services as results

from .conftest import csv_bytes, respondent_rows, xlsx_bytes

pytestmark = pytest.mark.django_db
PARAMS = {"margin": "5", "confidence": "0.95", "response_rate": "30"}


def planner_url(bench):
    return reverse("questionsets:results-planner", args=[bench.questionnaire.pk])


def weighted_results(bench):
    """Weights alternating 1.5 / 0.5: Kish design effect 1.25."""
    return results.results_import(
        questionnaire=bench.questionnaire,
        user=None,
        kind="respondents",
        data=csv_bytes(respondent_rows(bench.codes, 60, weights=True)),
    )


def test_the_design_effect_multiplies_the_net_sample():
    plain = planner.plan_oversample(
        [("Noord", 1000)], margin=0.05, confidence=0.95, response_rate=0.3
    )
    weighted = planner.plan_oversample(
        [("Noord", 1000), ("Klein", 100)],
        margin=0.05,
        confidence=0.95,
        response_rate=0.3,
        design_effect=1.25,
    )
    assert plain.rows[0].net == 278
    assert weighted.rows[0].net == 348  # 278 * 1.25 = 347.5, rounded up
    assert weighted.rows[0].margin == pytest.approx(5.0, abs=0.1)  # the margin asked for
    assert weighted.rows[1].net == 100  # never more than everyone
    assert weighted.design_effect_text == "1,25"


def test_planner_uses_the_design_effect_of_the_latest_results(client, colleague, bench):
    weighted_results(bench)
    client.force_login(colleague)
    response = client.post(planner_url(bench), {**PARAMS, "populations": "Noord; 1.000"})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<td class="num">348</td>' in body
    assert "design-effect 1,25" in body and "laatste resultaten van deze vragenlijst" in body


def test_planner_says_when_there_is_no_design_effect(client, colleague, bench):
    client.force_login(colleague)
    body = client.post(planner_url(bench), {**PARAMS, "populations": "Noord; 1000"}).text
    assert '<td class="num">278</td>' in body
    assert "nog geen resultaten" in body
    results.results_import(
        questionnaire=bench.questionnaire,
        user=None,
        kind="respondents",
        data=xlsx_bytes(respondent_rows(bench.codes, 40)),
    )
    body = client.post(planner_url(bench), {**PARAMS, "populations": "Noord; 1000"}).text
    assert '<td class="num">278</td>' in body and "ongewogen of geaggregeerd" in body


def test_an_editor_saves_the_plan_and_sees_it_again(client, editor, bench):
    client.force_login(editor)
    url = planner_url(bench)
    data = {**PARAMS, "margin": "2,5", "populations": "Noord; 55.000\nZuid; 1.234", "save": "1"}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    plan = SamplePlan.objects.get(questionnaire=bench.questionnaire)
    assert plan.districts == [["Noord", 55000], ["Zuid", 1234]]
    assert (plan.margin, plan.confidence, plan.response_rate) == (
        Decimal("2.5"),
        Decimal("0.95"),
        Decimal("30"),
    )
    assert plan.saved_by == editor
    body = client.get(url).text
    assert "Noord; 55.000\nZuid; 1.234" in body and 'value="2,5"' in body
    assert '<th scope="row">Zuid</th>' in body  # the saved plan is computed again
    assert "Opgeslagen plan" in body
    # saving again replaces it
    client.post(url, {**data, "populations": "Oost; 800"})
    assert SamplePlan.objects.get().districts == [["Oost", 800]]


def test_an_invalid_plan_is_not_saved(client, editor, bench):
    client.force_login(editor)
    response = client.post(
        planner_url(bench), {**PARAMS, "populations": "Noord; 55,000", "save": "1"}
    )
    assert response.status_code == 200
    assert "niet eenduidig" in response.text
    assert not SamplePlan.objects.exists()


def test_saving_through_htmx_redirects_the_page(client, editor, bench):
    client.force_login(editor)
    response = client.post(
        planner_url(bench),
        {**PARAMS, "populations": "Noord; 1000", "save": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response["HX-Redirect"] == planner_url(bench)
    assert SamplePlan.objects.exists()
    fragment = client.post(
        planner_url(bench), {**PARAMS, "populations": "Noord; 1000"}, HTTP_HX_REQUEST="true"
    ).text
    assert fragment.lstrip().startswith('<section id="planner-result"')


def test_a_reader_can_plan_but_not_save(client, colleague, bench):
    SamplePlan.objects.create(
        questionnaire=bench.questionnaire,
        districts=[["Noord", 1000]],
        margin=Decimal("5"),
        confidence=Decimal("0.95"),
        response_rate=Decimal("30"),
    )
    client.force_login(colleague)
    body = client.get(planner_url(bench)).text
    assert "Noord; 1.000" in body and '<td class="num">278</td>' in body
    assert 'name="save"' not in body
    response = client.post(planner_url(bench), {**PARAMS, "populations": "Zuid; 10", "save": "1"})
    assert response.status_code == 403
    assert SamplePlan.objects.get().districts == [["Noord", 1000]]


def test_an_archived_questionnaire_offers_no_save(client, editor, bench):
    Questionnaire.objects.filter(pk=bench.questionnaire.pk).update(
        status=Questionnaire.Status.ARCHIVED
    )
    client.force_login(editor)
    assert 'name="save"' not in client.get(planner_url(bench)).text
    data = {**PARAMS, "populations": "Zuid; 10", "save": "1"}
    assert client.post(planner_url(bench), data).status_code == 403


def test_planner_access(client, outsider, bench):
    url = planner_url(bench)
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(url, {**PARAMS, "populations": "Noord; 1000", "save": "1"})
    assert response.status_code == 302 and not SamplePlan.objects.exists()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    response = client.post(url, {**PARAMS, "populations": "Noord; 1000", "save": "1"})
    assert response.status_code == 404 and not SamplePlan.objects.exists()
    missing = reverse("questionsets:results-planner", args=[bench.questionnaire.pk + 999])
    assert client.get(missing).status_code == 404


def test_the_general_planner_links_to_the_questionnaire_planners(client, editor, outsider, bench):
    client.force_login(editor)
    general = reverse("questionsets:planner")
    assert planner_url(bench) in client.get(general).text
    client.force_login(outsider)
    assert planner_url(bench) not in client.get(general).text


def test_comparison_and_builder_link_to_the_questionnaire_planner(client, editor, bench):
    client.force_login(editor)
    comparison = reverse("questionsets:results-comparison", args=[bench.questionnaire.pk])
    assert planner_url(bench) in client.get(comparison).text
    detail = reverse("questionsets:questionnaire-detail", args=[bench.questionnaire.pk])
    assert planner_url(bench) in client.get(detail).text


def test_a_district_csv_works_in_the_questionnaire_planner(client, editor, bench):
    client.force_login(editor)
    data = b"wijk,inwoners\nNoord,55.000\nZuid,1.234\n"
    response = client.post(
        planner_url(bench),
        {**PARAMS, "file": SimpleUploadedFile("wijken.csv", data), "save": "1"},
    )
    assert response.status_code == 302
    assert SamplePlan.objects.get().districts == [["Noord", 55000], ["Zuid", 1234]]


def test_planner_query_counts(client, editor, bench, django_assert_num_queries):
    weighted_results(bench)
    client.force_login(editor)
    url = planner_url(bench)
    data = {**PARAMS, "populations": "Noord; 1000\nZuid; 100"}
    # session, user, questionnaire + role, saved plan, latest upload
    with django_assert_num_queries(5, info="planner page"):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(5, info="planner result"):
        assert client.post(url, data).status_code == 200
    # session, user, questionnaire + role; savepoint, saved plan (select), savepoint, insert,
    # release, release
    with django_assert_num_queries(9, info="save"):
        assert client.post(url, {**data, "save": "1"}).status_code == 302
    many = "\n".join(f"Wijk {i}; {1000 + i}" for i in range(500))
    # session, user, questionnaire + role; savepoint, saved plan (select), update, release
    with django_assert_num_queries(7, info="save again, 500 wijken"):
        assert client.post(url, {**data, "populations": many, "save": "1"}).status_code == 302
    with django_assert_num_queries(5, info="saved plan page, 500 wijken"):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "fields",
    [
        {"populations": "Noord; 1000", "margin": "\x00"},
        {"populations": "Noord; 1000", "confidence": "0.5"},
        {"populations": "Noord;" + "1" * 10_000, "save": "1"},
        {"populations": "\ufffe\ud7ff;;", "save": "1"},
        {"file": b"PK\x03\x04broken", "save": "1"},
        {"file": b"\xff\xfe" + "wijk;inwoners".encode("utf-16-le"), "save": "1"},
    ],
)
def test_garbage_never_gives_a_server_error(client, editor, bench, fields):
    client.force_login(editor)
    data = {**PARAMS, **fields}
    if "file" in data:
        data["file"] = SimpleUploadedFile("wijken.csv", data["file"])
    response = client.post(planner_url(bench), data)
    assert response.status_code == 200
    assert not SamplePlan.objects.exists()
