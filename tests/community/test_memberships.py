"""A member of several municipalities chooses which one they post and reply as; the choice
is checked on the server against their memberships. One membership: no choice shown."""

import re

import pytest

from questionsets.community.models import Post
from questionsets.models import Membership
from tests import factories

CONCEPT_POSTS = "/begrippen/vertrouwen/vragen-aan-collegas/"
HX = {"HX-Request": "true"}


@pytest.fixture
def twice(editor, other_municipality):
    """The editor of Utrecht is also a reader in Amsterdam (first by name)."""
    Membership.objects.create(
        user=editor, municipality=other_municipality, role=Membership.Role.READER
    )
    return editor


@pytest.fixture
def foreign(db):
    return factories.make_municipality(code="GM0518", name="'s-Gravenhage")


def _options(html: str, name_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{name_id}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select #{name_id}"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def test_a_member_of_two_municipalities_chooses_with_the_first_preselected(
    client, twice, concept, municipality, other_municipality
):
    client.force_login(twice)
    html = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert _options(html, "id_municipality") == ["Amsterdam", "Utrecht"]
    assert f'<option value="{other_municipality.pk}" selected>Amsterdam</option>' in html
    assert '<label for="id_municipality">' in html


def test_the_post_is_placed_as_the_chosen_municipality(client, twice, concept, municipality):
    client.force_login(twice)
    data = {"title": "Onrust", "body": "Ervaring?", "municipality": str(municipality.pk)}
    assert client.post(CONCEPT_POSTS, data).status_code == 302
    assert Post.objects.get().municipality == municipality


def test_without_a_choice_the_post_goes_out_as_the_first(
    client, twice, concept, other_municipality
):
    client.force_login(twice)
    assert client.post(CONCEPT_POSTS, {"title": "T", "body": "B"}).status_code == 302
    assert Post.objects.get().municipality == other_municipality


@pytest.mark.parametrize("value", ["foreign", "999999", "abc", "-1"])
def test_a_municipality_the_user_is_no_member_of_is_refused(client, twice, concept, foreign, value):
    client.force_login(twice)
    chosen = str(foreign.pk) if value == "foreign" else value
    data = {"title": "T", "body": "B", "municipality": chosen}
    response = client.post(CONCEPT_POSTS, data, headers=HX)
    assert response.status_code == 400
    assert "Kies een gemeente waarvan u lid bent." in response.content.decode()
    assert not Post.objects.exists()


def test_a_reply_is_placed_as_the_chosen_municipality(
    client, twice, outsider, concept, make_post, municipality, other_municipality
):
    post = make_post(author=outsider, concept=concept, municipality=other_municipality)
    client.force_login(twice)
    html = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert _options(html, f"reply-{post.pk}-municipality") == ["Amsterdam", "Utrecht"]
    url = f"/vragen-aan-collegas/{post.pk}/reageren/"
    data = {"body": "Wij ook.", "municipality": str(municipality.pk)}
    assert client.post(url, data, headers=HX).status_code == 200
    assert Post.objects.get(parent=post).municipality == municipality


def test_a_reply_as_a_foreign_municipality_is_refused(
    client, twice, outsider, concept, make_post, foreign, other_municipality
):
    post = make_post(author=outsider, concept=concept, municipality=other_municipality)
    client.force_login(twice)
    url = f"/vragen-aan-collegas/{post.pk}/reageren/"
    response = client.post(url, {"body": "Wij ook.", "municipality": str(foreign.pk)}, headers=HX)
    assert response.status_code == 400
    assert "Kies een gemeente waarvan u lid bent." in response.content.decode()
    assert not Post.objects.filter(parent=post).exists()


def test_one_membership_shows_no_choice_and_ignores_a_forged_one(
    client, editor, outsider, concept, make_post, municipality, foreign
):
    post = make_post(author=outsider, concept=concept)
    client.force_login(editor)
    html = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert "<select" not in html
    data = {"title": "T", "body": "B", "municipality": str(foreign.pk)}
    assert client.post(CONCEPT_POSTS, data).status_code == 302
    url = f"/vragen-aan-collegas/{post.pk}/reageren/"
    assert client.post(url, {"body": "R", "municipality": str(foreign.pk)}).status_code == 302
    assert set(Post.objects.filter(author=editor).values_list("municipality", flat=True)) == {
        municipality.pk
    }


def test_the_panel_query_count_does_not_grow_with_memberships(
    client, twice, outsider, concept, make_post, django_assert_num_queries
):
    make_post(author=outsider, concept=concept)
    client.force_login(twice)
    # session, user, the reader's municipalities, concept, posts, replies, follow
    with django_assert_num_queries(7):
        assert client.get(CONCEPT_POSTS, headers=HX).status_code == 200
