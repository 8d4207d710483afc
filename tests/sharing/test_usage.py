"""Who uses what: the usage panel on set and question pages, the opt-out from being named,
a municipality's page with its public questionnaires, and its settings."""

import pytest
from django.urls import reverse

from questionsets.curation.demo import load_municipalities
from questionsets.models import (
    Membership,
    Municipality,
    MunicipalitySharing,
    PublicQuestionnaire,
    Questionnaire,
)
from questionsets.questionnaires import services
from tests import factories
from tests.basket import make_set

pytestmark = pytest.mark.django_db


def _using(qset, count, *, hidden=(), archived=False):
    municipalities = []
    for i in range(count):
        municipality = factories.make_municipality(code=f"GM{i + 1:04d}", name=f"Gemeente {i:03d}")
        if i in hidden:
            MunicipalitySharing.objects.create(municipality=municipality, hide_name=True)
        questionnaire = factories.make_questionnaire(municipality=municipality)
        services.questionnaire_add_set(
            questionnaire=questionnaire, question_set=qset, expected_version=1
        )
        if archived:
            Questionnaire.objects.filter(pk=questionnaire.pk).update(status="gearchiveerd")
        municipalities.append(municipality)
    return municipalities


def _set_page(client, qset):
    return client.get(reverse("questionsets:questionset-detail", args=[qset.code]))


def _question_url(qset):
    code = qset.items.first().question_version.question.code
    return reverse("questionsets:question-detail", args=[code])


def _question_page(client, qset):
    return client.get(_question_url(qset))


def test_set_and_question_pages_name_the_municipalities_that_use_them(client):
    qset = make_set(2)
    _using(qset, 3)
    for response in (_set_page(client, qset), _question_page(client, qset)):
        body = response.content.decode()
        assert "3 gemeenten gebruiken dit in een actuele vragenlijst" in body
        assert "Gemeente 000" in body and "Gemeente 002" in body
        assert 'href="/gemeenten/GM0001/"' in body


def test_a_municipality_that_opted_out_is_only_counted(client):
    qset = make_set(2)
    _using(qset, 4, hidden={1, 3})
    body = _set_page(client, qset).content.decode()
    assert "4 gemeenten gebruiken dit" in body
    assert "Gemeente 000" in body and "Gemeente 002" in body
    assert "Gemeente 001" not in body and "Gemeente 003" not in body
    assert "en 2 andere gemeenten" in body
    body = _question_page(client, qset).content.decode()
    assert "Gemeente 001" not in body and "en 2 andere gemeenten" in body


def test_archived_questionnaires_do_not_count(client):
    qset = make_set(1)
    _using(qset, 2, archived=True)
    body = _set_page(client, qset).content.decode()
    assert "Nog geen gemeente gebruikt dit in een actuele vragenlijst." in body


@pytest.mark.parametrize("count", [3, 342])
def test_usage_panel_query_counts_stay_constant_up_to_every_municipality(
    client, django_assert_num_queries, count
):
    qset = make_set(3)
    _using(qset, count, hidden={0})
    # set page: 1 set+source, 2 items, 3 options, 4 indicators, 5 history, 6 figures,
    # 7 the municipalities that use it (one query, with their opt-out)
    with django_assert_num_queries(7):
        response = _set_page(client, qset)
    assert f"{count} gemeenten gebruiken dit" in response.content.decode()
    # question page: 1 versions, 2 options, 3 set items, 4 figure, 5 the municipalities
    url = _question_url(qset)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert f"{count} gemeenten gebruiken dit" in response.content.decode()


# --------------------------------------------------------------------------- municipality page


@pytest.fixture
def public(municipality, editor):
    qset = make_set(2)
    shown = factories.make_questionnaire(municipality=municipality, title="Openbare monitor")
    services.questionnaire_add_set(questionnaire=shown, question_set=qset, expected_version=1)
    PublicQuestionnaire.objects.create(questionnaire=shown)
    factories.make_questionnaire(municipality=municipality, title="Geheime monitor")
    return shown


def test_the_municipality_page_lists_public_questionnaires_and_their_questions(client, public):
    response = client.get(reverse("questionsets:sharing-municipality", args=["GM0344"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Openbare monitor" in body and "Geheime monitor" not in body
    for item in public.items.all():
        assert item.code in body and item.display_wording() in body
    assert "resultaten staan hier nooit" in body
    assert "Instellingen voor delen" not in body  # anonymous


def test_the_owner_makes_a_questionnaire_public_and_private_again(client, editor, municipality):
    questionnaire = factories.make_questionnaire(municipality=municipality, title="Wijkmonitor")
    client.force_login(editor)
    url = reverse("questionsets:sharing-public", args=[questionnaire.pk])
    assert client.post(url, {"public": "1"}).status_code == 302
    page = reverse("questionsets:sharing-municipality", args=["GM0344"])
    assert "Wijkmonitor" in client.get(page).content.decode()
    assert client.post(url, {}).status_code == 302
    assert "Wijkmonitor" not in client.get(page).content.decode()


def test_an_unknown_municipality_is_a_404(client):
    assert client.get("/gemeenten/GM9999/").status_code == 404
    assert client.get("/gemeenten/<script>/").status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_municipality_page_query_count_is_constant(
    client, municipality, django_assert_num_queries, count
):
    for i in range(count):
        questionnaire = factories.make_questionnaire(municipality=municipality, title=f"L{i}")
        services.questionnaire_add_set(
            questionnaire=questionnaire, question_set=make_set(2), expected_version=1
        )
        PublicQuestionnaire.objects.create(questionnaire=questionnaire)
    # 1 municipality + settings, 2 public questionnaires, 3 their items + versions
    with django_assert_num_queries(3):
        client.get(reverse("questionsets:sharing-municipality", args=["GM0344"]))


# --------------------------------------------------------------------------- settings


def _settings_url():
    return reverse("questionsets:sharing-municipality-settings", args=["GM0344"])


def test_an_editor_opts_out_of_being_named_and_in_to_sharing_aggregates(
    client, editor, municipality
):
    client.force_login(editor)
    page = client.get(reverse("questionsets:sharing-municipality", args=["GM0344"]))
    assert "Instellingen voor delen" in page.content.decode()
    assert client.get(_settings_url()).status_code == 200
    response = client.post(_settings_url(), {"hide_name": "on", "share_aggregates": "on"})
    assert response.status_code == 302
    settings = MunicipalitySharing.objects.get(municipality=municipality)
    assert settings.hide_name and settings.share_aggregates
    client.post(_settings_url(), {})
    settings.refresh_from_db()
    assert not settings.hide_name and not settings.share_aggregates


def test_sharing_aggregates_is_off_by_default(municipality):
    assert not MunicipalitySharing.objects.filter(municipality=municipality).exists()
    assert MunicipalitySharing(municipality=municipality).share_aggregates is False


def test_only_the_municipalitys_editors_change_its_settings(
    client, colleague, outsider, municipality
):
    client.force_login(colleague)
    assert client.get(_settings_url()).status_code == 403
    assert client.post(_settings_url(), {"hide_name": "on"}).status_code == 403
    client.force_login(outsider)
    assert client.get(_settings_url()).status_code == 404
    assert client.post(_settings_url(), {"hide_name": "on"}).status_code == 404
    client.logout()
    assert client.get(_settings_url()).status_code == 302
    assert not MunicipalitySharing.objects.exists()
    assert Membership.objects.filter(municipality=municipality).count() == 1


def test_the_municipalities_file_may_carry_inhabitants(tmp_path):
    path = tmp_path / "gemeenten.csv"
    header = "code,name,province,safety_region_code,safety_region_name"
    path.write_text(
        f"{header},inhabitants\nGM0001,Een,Utrecht,VR09,Utrecht,12345\n"
        "GM0002,Twee,Utrecht,VR09,Utrecht,\n",
        encoding="utf-8",
    )
    assert load_municipalities(path) == 2
    assert Municipality.objects.get(code="GM0001").inhabitants == 12345
    assert Municipality.objects.get(code="GM0002").inhabitants is None
    path.write_text(f"{header}\nGM0001,Een,Utrecht,VR09,Utrecht\n", encoding="utf-8")
    load_municipalities(path)  # a file without the column leaves the counts alone
    assert Municipality.objects.get(code="GM0001").inhabitants == 12345


def test_settings_page_query_count(client, editor, django_assert_num_queries):
    client.force_login(editor)
    # 1 session, 2 user, 3 municipality + settings, 4 the user's membership
    with django_assert_num_queries(4):
        assert client.get(_settings_url()).status_code == 200
