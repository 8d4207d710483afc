"""Regional questionnaires: sharing honoured by every questionnaire view through the one
access helper; co-editors edit, readers read, strangers get the same 404 as for nothing."""

import pytest
from django.urls import reverse

from questionsets.models import Membership, Questionnaire, QuestionnaireSection, QuestionnaireShare
from questionsets.questionnaires.access import questionnaires_for_user
from tests import factories
from tests.pages import same_page

from .conftest import upload_results

pytestmark = pytest.mark.django_db

READ_VIEWS = [
    "questionnaire-detail",
    "results-comparison",
    "results-json",
    "sharing-regional-comparison",
]


def _url(name, pk, **kw):
    return reverse(f"questionsets:{name}", kwargs={"pk": pk, **kw})


def _export(pk):
    return reverse("questionsets:questionnaire-export", kwargs={"pk": pk, "fmt": "xlsx"})


@pytest.mark.parametrize("name", READ_VIEWS)
def test_a_municipality_it_was_not_shared_with_gets_the_404_of_a_missing_one(client, world, name):
    client.force_login(world.stranger_editor)
    got = client.get(_url(name, world.questionnaire.pk))
    missing = client.get(_url(name, 999_999))
    assert got.status_code == missing.status_code == 404
    assert same_page(got) == same_page(missing)
    assert client.get(_export(world.questionnaire.pk)).status_code == 404


@pytest.mark.parametrize("user", ["co_editor", "co_reader", "reading_editor"])
def test_every_member_of_a_receiving_municipality_reads_builder_export_and_results(
    client, world, user
):
    upload_results(world.bench)
    client.force_login(getattr(world, user))
    for name in READ_VIEWS:
        assert client.get(_url(name, world.questionnaire.pk)).status_code == 200, name
    response = client.get(_export(world.questionnaire.pk))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/")
    body = client.get(_url("questionnaire-detail", world.questionnaire.pk)).content.decode()
    assert "Gedeeld door Utrecht" in body


def _add_section(client, questionnaire, title="Regionaal"):
    questionnaire.refresh_from_db()
    return client.post(
        _url("questionnaire-section-create", questionnaire.pk),
        {"title": title, "lock_version": questionnaire.lock_version},
    )


def test_a_co_editor_edits_items_but_cannot_share_archive_or_copy(client, world):
    client.force_login(world.co_editor)
    assert _add_section(client, world.questionnaire).status_code == 302
    assert QuestionnaireSection.objects.filter(title="Regionaal").exists()
    pk = world.questionnaire.pk
    for name in ("sharing-questionnaire", "questionnaire-archive", "questionnaire-copy"):
        assert client.get(_url(name, pk)).status_code == 403, name
    assert client.post(_url("sharing-share-region", pk), {"role": "editor"}).status_code == 403
    share = world.questionnaire.shares.first()
    url = _url("sharing-unshare", pk, share_id=share.pk)
    assert client.post(url).status_code == 403
    assert client.post(_url("questionnaire-archive", pk), {"lock_version": 1}).status_code == 403
    assert Questionnaire.objects.get(pk=pk).status == Questionnaire.Status.ACTIVE
    assert QuestionnaireShare.objects.filter(pk=share.pk).exists()


@pytest.mark.parametrize("user", ["co_reader", "reading_editor"])
def test_readers_cannot_edit(client, world, user):
    """A reader of the co-editing municipality, and an editor of a municipality that only
    received it to read, get 403 on every write."""
    client.force_login(getattr(world, user))
    assert _add_section(client, world.questionnaire).status_code == 403
    pk = world.questionnaire.pk
    assert client.get(_url("questionnaire-settings", pk)).status_code == 403
    assert client.get(_url("results-upload", pk)).status_code == 403
    assert not QuestionnaireSection.objects.filter(title="Regionaal").exists()


def test_the_owner_shares_one_by_one_and_with_the_whole_region(client, world):
    pk = world.questionnaire.pk
    in_region = [factories.make_municipality(name=f"Regio {i}") for i in range(3)]
    elsewhere = factories.make_municipality(name="Ver weg", safety_region_code="VR25")
    client.force_login(world.owner_editor)
    page = client.get(_url("sharing-questionnaire", pk)).content.decode()
    assert "Amersfoort" in page and "De Bilt" in page
    response = client.post(_url("sharing-share", pk), {"municipality": "GM0363", "role": "reader"})
    assert response.status_code == 302
    assert world.questionnaire.shares.get(municipality=world.stranger).role == "reader"
    response = client.post(_url("sharing-share-region", pk), {"role": "editor"})
    assert response.status_code == 302
    shared = set(world.questionnaire.shares.values_list("municipality__name", flat=True))
    assert {m.name for m in in_region} | {"De Bilt"} <= shared
    assert "Ver weg" not in shared and "Utrecht" not in shared
    assert world.questionnaire.shares.get(municipality=world.reading).role == "editor"
    assert elsewhere.pk not in world.questionnaire.shares.values_list("municipality", flat=True)


def test_bad_share_input_gets_a_dutch_error_not_a_500(client, world):
    pk = world.questionnaire.pk
    client.force_login(world.owner_editor)
    response = client.post(_url("sharing-share", pk), {"municipality": "GM9999", "role": "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies een gemeente uit de lijst." in body and "Kies mederedacteur of lezer." in body
    response = client.post(_url("sharing-share", pk), {"municipality": "GM0344", "role": "reader"})
    assert response.status_code == 400  # not with itself
    response = client.post(_url("sharing-share-region", pk), {"role": "boss"})
    assert response.status_code == 400


def test_the_owner_withdraws_after_a_confirmation_and_then_it_is_a_404(client, world):
    pk = world.questionnaire.pk
    share = world.questionnaire.shares.get(municipality=world.co)
    client.force_login(world.owner_editor)
    url = _url("sharing-unshare", pk, share_id=share.pk)
    confirm = client.get(url)
    assert (
        confirm.status_code == 200 and "Delen met Amersfoort intrekken?" in confirm.content.decode()
    )
    assert QuestionnaireShare.objects.filter(pk=share.pk).exists()  # GET changes nothing
    assert client.post(url).status_code == 302
    client.force_login(world.co_editor)
    assert client.get(_url("questionnaire-detail", pk)).status_code == 404
    client.force_login(world.reading_editor)
    assert client.get(_url("questionnaire-detail", pk)).status_code == 200
    client.force_login(world.owner_editor)
    assert client.post(_url("sharing-unshare-all", pk)).status_code == 302
    client.force_login(world.reading_editor)
    assert client.get(_url("questionnaire-detail", pk)).status_code == 404


def test_a_share_of_another_questionnaire_is_a_404(client, world):
    other = factories.make_questionnaire(municipality=world.owner, title="Ander")
    share = world.questionnaire.shares.first()
    client.force_login(world.owner_editor)
    assert client.post(_url("sharing-unshare", other.pk, share_id=share.pk)).status_code == 404


def test_the_list_shows_shared_questionnaires_under_their_own_heading(client, world):
    own = factories.make_questionnaire(municipality=world.co, title="Eigen van Amersfoort")
    client.force_login(world.co_editor)
    body = client.get(reverse("questionsets:questionnaire-list")).content.decode()
    mine, shared = body.split("Gedeeld met uw gemeente")
    assert own.title in mine and "Monitor" not in mine
    assert "Monitor" in shared and "Utrecht" in shared and "mederedacteur" in shared


def test_each_municipality_uploads_and_sees_its_own_results(client, world):
    upload_results(world.bench, n=100)
    co_view = questionnaires_for_user(world.co_editor).get(pk=world.questionnaire.pk)
    assert co_view.via_municipality_id == world.co.pk and co_view.owner_role is None
    upload_results(world.bench, n=80, municipality_id=world.co.pk)
    client.force_login(world.owner_editor)
    assert (
        "Gebaseerd op 100 respondenten"
        in client.get(_url("results-comparison", world.questionnaire.pk)).content.decode()
    )
    client.force_login(world.co_editor)
    assert (
        "Gebaseerd op 80 respondenten"
        in client.get(_url("results-comparison", world.questionnaire.pk)).content.decode()
    )
    upload_results(world.bench, n=120)  # the owner's new upload replaces only its own
    assert world.questionnaire.result_uploads.count() == 2


@pytest.mark.parametrize("partners", [2, 40])
def test_sharing_page_query_count_is_constant(client, world, django_assert_num_queries, partners):
    for i in range(partners):
        municipality = factories.make_municipality(name=f"Partner {i}")
        QuestionnaireShare.objects.create(
            questionnaire=world.questionnaire, municipality=municipality
        )
    client.force_login(world.owner_editor)
    url = _url("sharing-questionnaire", world.questionnaire.pk)
    # 1 session, 2 user, 3 questionnaire + roles, 4 its shares + municipalities, 5 the
    # region's municipalities, 6 every other municipality (the choice), 7 public or not
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count("Intrekken voor") == partners + 2


@pytest.mark.parametrize("partners", [2, 40])
def test_unshare_confirmation_query_count_is_constant(
    client, world, django_assert_num_queries, partners
):
    for i in range(partners):
        municipality = factories.make_municipality(name=f"Partner {i}")
        QuestionnaireShare.objects.create(
            questionnaire=world.questionnaire, municipality=municipality
        )
    client.force_login(world.owner_editor)
    share = world.questionnaire.shares.first()
    # 1 session, 2 user, 3 questionnaire + roles, 4 the share + municipality
    with django_assert_num_queries(4):
        client.get(_url("sharing-unshare", world.questionnaire.pk, share_id=share.pk))
    # 1 session, 2 user, 3 questionnaire + roles, 4 whether anything is shared
    with django_assert_num_queries(4):
        client.get(_url("sharing-unshare-all", world.questionnaire.pk))


@pytest.mark.parametrize(
    "user", ["owner_editor", "co_editor", "co_reader", "reading_editor", "stranger_editor"]
)
def test_one_questionnaire_is_seen_with_the_roles_of_the_list(world, user):
    """get_questionnaire_for_user reads one questionnaire with its own, lighter query
    (issue 20); the roles it gives are those of questionnaires_for_user, for every persona,
    and what the list leaves out is a 404."""
    from django.http import Http404

    from questionsets.questionnaires.access import get_questionnaire_for_user

    person = getattr(world, user)
    listed = list(questionnaires_for_user(person).filter(pk=world.questionnaire.pk))
    try:
        one = get_questionnaire_for_user(person, world.questionnaire.pk)
    except Http404:
        assert listed == [] and user == "stranger_editor"
        return
    fields = ("owner_role", "user_role", "via_municipality_id")
    assert [getattr(one, f) for f in fields] == [getattr(listed[0], f) for f in fields]


@pytest.mark.parametrize(
    ("role_in_co", "role_in_reading", "role", "via"),
    [
        ("reader", "reader", "reader", "co"),  # Amersfoort before De Bilt, as the list orders
        ("reader", "editor", "reader", "co"),  # De Bilt's share is for reading only
        ("editor", "reader", "editor", "co"),  # co-editing wins over reading
    ],
)
def test_one_questionnaire_reached_through_two_shares_is_seen_as_the_list_sees_it(
    world, role_in_co, role_in_reading, role, via
):
    """A member of both municipalities it was shared with: the role and the municipality
    they see it through are the list's (questionnaires_for_user), whichever share the
    builder's own lookup (get_questionnaire_for_user) finds first."""
    from questionsets.questionnaires.access import get_questionnaire_for_user

    person = factories.make_user(municipality=world.co, role=role_in_co)
    Membership.objects.create(user=person, municipality=world.reading, role=role_in_reading)
    listed = questionnaires_for_user(person).get(pk=world.questionnaire.pk)
    one = get_questionnaire_for_user(person, world.questionnaire.pk)
    fields = ("owner_role", "user_role", "via_municipality_id")
    assert [getattr(one, f) for f in fields] == [getattr(listed, f) for f in fields]
    assert (one.user_role, one.via_municipality_id) == (role, getattr(world, via).pk)
