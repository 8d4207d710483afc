"""Co-editors of a shared questionnaire open its shared-question overview and upgrade items;
sharing its own local questions stays with the owner's editors. Readers get 403, strangers
the 404 of a missing questionnaire."""

from types import SimpleNamespace

import pytest

from questionsets.models import Membership, Questionnaire, QuestionnaireShare
from questionsets.shelf import services
from tests import factories
from tests.shelf.conftest import add_local

READER = Membership.Role.READER


@pytest.fixture
def roles(shelf):
    """Questionnaire B uses A's shared question (v1) while A published v2; B shares its
    questionnaire with D as co-editor and with E as reader."""
    version = services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)
    item = services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=version, expected_version=1
    )
    shelf.item_a.wording = "Hoe veilig voelt u zich in het stadspark?"
    shelf.item_a.save()
    newer = services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)
    d = factories.make_municipality(code="GM0345", name="Veenendaal")
    e = factories.make_municipality(code="GM0353", name="IJsselstein")
    for municipality, role in ((d, "editor"), (e, "reader")):
        QuestionnaireShare.objects.create(
            questionnaire=shelf.questionnaire_b, municipality=municipality, role=role
        )
    return SimpleNamespace(
        shelf=shelf,
        item=item,
        newer=newer,
        owner_editor=shelf.editor_b,
        owner_reader=factories.make_user(username="reader-b", municipality=shelf.b, role=READER),
        co_editor=factories.make_user(username="editor-d", municipality=d),
        co_reader=factories.make_user(username="reader-d", municipality=d, role=READER),
        reading_editor=factories.make_user(username="editor-e", municipality=e),
        stranger=shelf.editor_c,
    )


def overview_url(roles):
    return f"/vragenlijsten/{roles.shelf.questionnaire_b.pk}/lokale-vragen-delen/"


def upgrade_url(roles):
    return f"/vragenlijsten/{roles.shelf.questionnaire_b.pk}/gedeelde-vragen/{roles.item.pk}/bijwerken/"


def test_a_co_editor_opens_the_overview_and_sees_the_upgrade_but_not_the_sharing(client, roles):
    local = add_local(roles.shelf.questionnaire_b, code="lok2")
    publish_url = f"{overview_url(roles)}{local.pk}/"
    client.force_login(roles.co_editor)
    response = client.get(overview_url(roles))
    assert response.status_code == 200
    html = response.content.decode()
    assert "lok1 bijwerken naar versie 2" in html
    assert publish_url not in html  # sharing the owner's local questions is not theirs
    client.force_login(roles.owner_editor)
    assert publish_url in client.get(overview_url(roles)).content.decode()


def test_a_co_editor_upgrades_and_lands_on_the_overview(client, roles):
    client.force_login(roles.co_editor)
    response = client.post(upgrade_url(roles), follow=True)
    assert response.redirect_chain == [(overview_url(roles), 302)]
    assert response.status_code == 200
    assert "lok1 gebruikt nu versie 2." in response.content.decode()
    roles.item.refresh_from_db()
    assert roles.item.shared_version_id == roles.newer.pk


def test_a_co_editor_still_cannot_share_the_owners_local_questions(client, roles):
    client.force_login(roles.co_editor)
    questionnaire = roles.shelf.questionnaire_b
    item = add_local(questionnaire, code="lok2")
    url = f"/vragenlijsten/{questionnaire.pk}/lokale-vragen-delen/{item.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"rationale": "r"}).status_code == 403


def test_the_owners_editor_keeps_both_sections(client, roles):
    client.force_login(roles.owner_editor)
    html = client.get(overview_url(roles)).content.decode()
    assert "Deze vragenlijst heeft geen eigen lokale vragen." in html
    assert "lok1 bijwerken naar versie 2" in html


@pytest.mark.parametrize("user", ["owner_reader", "co_reader", "reading_editor"])
def test_readers_get_403_on_the_overview_and_the_upgrade(client, roles, user):
    client.force_login(getattr(roles, user))
    assert client.get(overview_url(roles)).status_code == 403
    assert client.post(upgrade_url(roles)).status_code == 403
    roles.item.refresh_from_db()
    assert roles.item.shared_version.number == 1


def test_another_municipality_gets_the_404_of_a_missing_questionnaire(client, roles):
    client.force_login(roles.stranger)
    assert client.get(overview_url(roles)).status_code == 404
    assert client.get("/vragenlijsten/999999/lokale-vragen-delen/").status_code == 404
    assert client.post(upgrade_url(roles)).status_code == 404


def test_an_archived_questionnaire_cannot_be_upgraded_by_a_co_editor(client, roles):
    Questionnaire.objects.filter(pk=roles.shelf.questionnaire_b.pk).update(
        status=Questionnaire.Status.ARCHIVED
    )
    client.force_login(roles.co_editor)
    assert client.get(overview_url(roles)).status_code == 403
    assert client.post(upgrade_url(roles)).status_code == 403


def test_the_builder_links_a_co_editor_to_the_overview(client, roles):
    client.force_login(roles.co_editor)
    html = client.get(f"/vragenlijsten/{roles.shelf.questionnaire_b.pk}/").content.decode()
    assert f'href="{overview_url(roles)}"' in html
    client.force_login(roles.co_reader)
    html = client.get(f"/vragenlijsten/{roles.shelf.questionnaire_b.pk}/").content.decode()
    assert f'href="{overview_url(roles)}"' not in html


def test_the_co_editors_overview_query_count_is_constant(client, roles, django_assert_num_queries):
    client.force_login(roles.co_editor)
    # session, user, questionnaire, the share that reaches a co-editor (get_questionnaire_
    # for_user: an owner needs no such query); shared items, their questions' versions
    with django_assert_num_queries(6):
        assert client.get(overview_url(roles)).status_code == 200
