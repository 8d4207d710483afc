"""Every workbench page: curators only, renders with wordings, constant query counts."""

import pytest
from django.urls import reverse

from questionsets.models import NationalFigure, ScoringRule

from ... import factories
from .conftest import grow

LISTS = [
    "questionsets:curation-concepts",
    "questionsets:curation-indicators",
    "questionsets:curation-scales",
    "questionsets:curation-questions",
    "questionsets:curation-sets",
    "questionsets:curation-sources",
    "questionsets:curation-figures",
    "questionsets:curation-log",
]


def page_urls(made) -> list[str]:
    figure = NationalFigure.objects.first()
    rule = ScoringRule.objects.first()
    indicator = made["indicator"].code
    return [
        reverse("questionsets:curation"),
        *[reverse(name) for name in LISTS],
        reverse("questionsets:curation-concept", args=[made["concept"].code]),
        reverse("questionsets:curation-concept-edit", args=[made["concept"].code]),
        reverse("questionsets:curation-concept-new"),
        reverse("questionsets:curation-indicator", args=[indicator]),
        reverse("questionsets:curation-indicator-edit", args=[indicator]),
        reverse("questionsets:curation-indicator-new"),
        reverse("questionsets:curation-rule-new", args=[rule.indicator.code]),
        reverse("questionsets:curation-rule-edit", args=[rule.indicator.code, rule.pk]),
        reverse("questionsets:curation-scale", args=[made["question"].latest_version().scale.code]),
        reverse("questionsets:curation-question", args=[made["question"].code]),
        reverse("questionsets:curation-set", args=[made["set"].code]),
        reverse("questionsets:curation-source-new"),
        reverse("questionsets:curation-source-edit", args=[figure.source.code]),
        reverse("questionsets:curation-figure-new"),
        reverse("questionsets:curation-figure-edit", args=[figure.pk]),
        reverse("questionsets:curation-workbook"),
    ]


def test_every_page_renders_for_a_curator(client, curator, catalogue):
    client.force_login(curator)
    for url in page_urls(catalogue):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'aria-label="Curatie"' in response.content, url


def test_anonymous_visitors_are_sent_to_the_login_page(client, catalogue):
    for url in page_urls(catalogue):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("persona", ["editor", "outsider"])
def test_other_users_get_a_404(client, catalogue, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in page_urls(catalogue):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url


def test_a_deactivated_staff_account_is_no_curator(client, catalogue):
    from questionsets.curation.access import is_curator

    user = factories.make_user(is_staff=True, is_active=False)
    assert not is_curator(user)


def test_lists_show_the_wording_not_only_codes(client, curator, catalogue):
    client.force_login(curator)
    question = catalogue["question"]
    page = client.get(reverse("questionsets:curation-questions")).content.decode()
    assert f"Nieuwe tekst {question.code}" in page
    figures = client.get(reverse("questionsets:curation-figures")).content.decode()
    assert f"Nieuwe tekst {question.code}" in figures
    sets = client.get(reverse("questionsets:curation-set", args=[catalogue["set"].code]))
    assert f"Nieuwe tekst {question.code}" in sets.content.decode()


def test_the_question_page_shows_every_version_with_its_verification(client, curator, catalogue):
    client.force_login(curator)
    question = catalogue["question"]
    page = client.get(reverse("questionsets:curation-question", args=[question.code])).content
    page = page.decode()
    assert "Versie 2" in page and "Versie 1" in page
    assert f"Hoe tevreden bent u over {question.code}?" in page
    assert "letterlijk gecontroleerd in de bron" in page
    assert "huidige versie" in page


def test_the_scale_page_shows_missing_codes_and_says_changes_go_by_proposal(
    client, curator, catalogue
):
    client.force_login(curator)
    scale = catalogue["question"].latest_version().scale
    page = client.get(reverse("questionsets:curation-scale", args=[scale.code])).content.decode()
    assert "Weet niet" in page and "telt niet mee" in page
    assert "via een voorstel" in page and 'href="/curatie/voorstellen/"' in page


def test_lists_search_and_filter(client, curator, catalogue):
    client.force_login(curator)
    question = catalogue["question"]
    url = reverse("questionsets:curation-questions")
    found = client.get(url, {"q": f"Nieuwe tekst {question.code}"})
    assert found.context["listing"].page.paginator.count == 1
    none = client.get(url, {"verification": "paraphrase"})
    assert none.context["listing"].page.paginator.count == 0
    scales = client.get(reverse("questionsets:curation-scales"), {"q": "Weet niet"})
    assert (
        scales.context["listing"].page.paginator.count
        == len({v.scale_id for q in [question] for v in q.versions.all()}) + 1
    )  # each question of the catalogue has its own scale


@pytest.mark.parametrize(
    "params",
    [{"verification": "nonsense"}, {"page": "x"}, {"page": "99999"}, {"concept": "abc"}],
)
def test_garbage_filters_are_a_dutch_form_error_never_a_500(client, curator, catalogue, params):
    client.force_login(curator)
    response = client.get(reverse("questionsets:curation-questions"), params)
    assert response.status_code == 200


def test_the_log_refuses_a_reversed_date_range_in_dutch(client, curator, catalogue):
    client.force_login(curator)
    response = client.get(
        reverse("questionsets:curation-log"), {"since": "2025-02-01", "until": "2025-01-01"}
    )
    assert "De begindatum ligt na de einddatum." in response.content.decode()
    assert response.context["entries"] == []


def test_unknown_objects_are_a_404(client, curator, db):
    client.force_login(curator)
    for name in ["curation-concept", "curation-indicator", "curation-scale", "curation-question"]:
        assert client.get(reverse(f"questionsets:{name}", args=["nope"])).status_code == 404
    assert client.get("/curatie/landelijke-cijfers/abc/").status_code == 404
    assert client.get("/curatie/landelijke-cijfers/99999999999999999999/").status_code == 404


# Session, user, count, page (+ one prefetch or choices query where a list has one).
LIST_QUERIES = {
    "questionsets:curation-concepts": 4,
    "questionsets:curation-indicators": 4,
    "questionsets:curation-scales": 5,
    "questionsets:curation-questions": 5,
    "questionsets:curation-sets": 4,
    "questionsets:curation-sources": 4,
    "questionsets:curation-figures": 4,
    "questionsets:curation-log": 5,
}


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("size", [1, 12])
def test_lists_have_an_exact_query_count_that_does_not_grow(
    client, curator, django_assert_num_queries, name, size
):
    grow(size)
    client.force_login(curator)
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = client.get(reverse(name), {"q": ""})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"until": "9999-12-31"},
        {"since": "0001-01-01"},
        {"person": "99999999999999999999999"},
        {"concept": "99999999999999999999999"},
        {"year": "99999999999999999999999"},
    ],
)
def test_extreme_filter_values_are_never_a_500(client, curator, catalogue, params):
    client.force_login(curator)
    for name in LISTS:
        assert client.get(reverse(name), params).status_code == 200, (name, params)


def test_the_site_links_curators_to_the_workbench_and_nobody_to_the_admin(client, curator, editor):
    page = client.get("/").content.decode()
    assert "Beheer (curatoren)" not in page and 'href="/admin/"' not in page
    client.force_login(editor)
    page = client.get("/").content.decode()
    assert "Beheer (curatoren)" not in page and 'href="/curatie/"' not in page
    client.force_login(curator)
    page = client.get("/").content.decode()
    assert '<a href="/curatie/">Beheer (curatoren)</a>' in page
    assert '<a href="/curatie/">Curatie</a>' in page
    assert 'href="/admin/"' not in page
