"""Changing and withdrawing: a new version brings an upgrade notice with a word diff,
upgrading is a choice; a withdrawn question stays with those who use it, marked."""

import pytest

from questionsets.models import Membership, SharedQuestion
from questionsets.shelf import services
from tests import factories


@pytest.fixture
def used(shelf):
    version = services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)
    item = services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=version, expected_version=1
    )
    return version, item


def publish_v2(shelf):
    shelf.item_a.wording = "Hoe veilig voelt u zich in het stadspark?"
    shelf.item_a.save()
    return services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)


def overview(client, shelf):
    return client.get(f"/vragenlijsten/{shelf.questionnaire_b.pk}/lokale-vragen-delen/")


def test_a_new_version_shows_a_notice_with_a_word_diff_and_keeps_the_old_version(
    client, shelf, used
):
    _version, item = used
    publish_v2(shelf)
    client.force_login(shelf.editor_b)
    html = overview(client, shelf).content.decode()
    assert "Er is een nieuwere versie 2." in html
    assert '<ins><span class="visually-hidden">[toegevoegd:] </span>stadspark?</ins>' in html
    assert "lok1 bijwerken naar versie 2" in html
    item.refresh_from_db()
    assert item.shared_version.number == 1  # nothing changes without a choice
    builder = client.get(f"/vragenlijsten/{shelf.questionnaire_b.pk}/").content.decode()
    assert "nieuwere versie 2 beschikbaar" in builder


def test_the_user_upgrades_by_choice(client, shelf, used):
    _version, item = used
    newer = publish_v2(shelf)
    client.force_login(shelf.editor_b)
    response = client.post(
        f"/vragenlijsten/{shelf.questionnaire_b.pk}/gedeelde-vragen/{item.pk}/bijwerken/"
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.shared_version_id == newer.pk
    assert item.wording == newer.wording
    assert "Er is een nieuwere versie" not in overview(client, shelf).content.decode()


def test_another_municipality_cannot_upgrade_a_foreign_item(client, shelf, used):
    _version, item = used
    publish_v2(shelf)
    client.force_login(shelf.editor_c)
    url = f"/vragenlijsten/{shelf.questionnaire_b.pk}/gedeelde-vragen/{item.pk}/bijwerken/"
    assert client.post(url).status_code == 404


def test_the_overview_query_count_is_constant(client, shelf, used, django_assert_num_queries):
    publish_v2(shelf)
    publish_v2_again = shelf.item_a
    publish_v2_again.wording = "Nog een versie?"
    publish_v2_again.save()
    services.shared_question_publish(item=shelf.item_a, rationale="r", user=None)
    client.force_login(shelf.editor_b)
    # session, user, questionnaire; local items; shared items, their questions' versions
    with django_assert_num_queries(6):
        overview(client, shelf)


def test_the_publisher_withdraws_and_users_keep_their_version_marked(client, shelf, used):
    version, item = used
    client.force_login(shelf.editor_a)
    response = client.post(f"/gedeelde-vragen/{version.shared_question_id}/intrekken/")
    assert response.status_code == 302
    assert SharedQuestion.objects.get().is_withdrawn
    item.refresh_from_db()
    assert item.shared_version_id == version.pk
    client.force_login(shelf.editor_b)
    builder = client.get(f"/vragenlijsten/{shelf.questionnaire_b.pk}/").content.decode()
    assert "ingetrokken door de gemeente die haar deelde" in builder
    assert client.get("/zoeken/", {"q": "park"}).context["outcome"].shared_matches.total == 0
    page = client.get(f"/gedeelde-vragen/{version.shared_question_id}/").content.decode()
    assert "Toevoegen aan vragenlijst" not in page


@pytest.mark.parametrize("user", ["editor_b", "editor_c"])
def test_withdrawing_another_municipalitys_shared_question_is_a_404(client, shelf, used, user):
    version, _item = used
    client.force_login(getattr(shelf, user))
    response = client.post(f"/gedeelde-vragen/{version.shared_question_id}/intrekken/")
    assert response.status_code == 404
    assert not SharedQuestion.objects.get().is_withdrawn


def test_publishing_another_municipalitys_item_again_is_a_404(client, shelf, used):
    client.force_login(shelf.editor_b)
    url = f"/vragenlijsten/{shelf.questionnaire_a.pk}/lokale-vragen-delen/{shelf.item_a.pk}/"
    assert client.post(url, {"rationale": "r"}).status_code == 404


def test_only_the_publisher_sees_the_withdraw_button(client, shelf, used):
    version, _item = used
    url = f"/gedeelde-vragen/{version.shared_question_id}/"
    client.force_login(shelf.editor_b)
    assert "Gedeelde vraag intrekken" not in client.get(url).content.decode()
    client.force_login(shelf.editor_a)
    assert "Gedeelde vraag intrekken" in client.get(url).content.decode()


def test_the_newer_version_notice_points_editors_to_the_link_the_builder_shows(client, shelf, used):
    """Owner's editors and co-editors alike find "Gedeelde vragen bijwerken" in the
    builder, and the row's notice names it; a reader, who cannot upgrade, is not sent
    there."""
    publish_v2(shelf)
    url = f"/vragenlijsten/{shelf.questionnaire_b.pk}/"
    client.force_login(shelf.editor_b)
    html = client.get(url).content.decode()
    assert f'href="{url}lokale-vragen-delen/">Gedeelde vragen bijwerken</a>' in html
    assert "nieuwere versie 2 beschikbaar (zie &quot;Gedeelde vragen bijwerken&quot;)" in html
    assert "Delen)" not in html
    reader = factories.make_user(
        username="lezer-b", municipality=shelf.b, role=Membership.Role.READER
    )
    client.force_login(reader)
    html = client.get(url).content.decode()
    assert "nieuwere versie 2 beschikbaar" in html
    assert "Gedeelde vragen bijwerken" not in html
