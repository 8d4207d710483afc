"""Only logged-in members of a municipality (and curators) read and write posts."""

import pytest
from django.urls import reverse

from questionsets.community.models import Follow, Post

CONCEPT_PAGE = "/begrippen/vertrouwen/"
CONCEPT_POSTS = "/begrippen/vertrouwen/vragen-aan-collegas/"
SET_PAGE = "/sets/vertrouwenset/"
SET_POSTS = "/sets/vertrouwenset/vragen-aan-collegas/"


@pytest.fixture
def post(concept, editor, make_post):
    return make_post(author=editor, concept=concept, title="Geheime titel", body="Geheime tekst")


def test_anonymous_visitor_sees_a_login_line_and_nothing_of_the_posts(client, post):
    text = client.get(CONCEPT_PAGE).content.decode()
    assert "Log in om vragen van collega's te lezen." in text
    assert "Geheime" not in text
    assert "hx-get" not in text.split('id="collegas"')[1][:200]


def test_anonymous_visitor_cannot_read_or_post(client, concept, qset, post):
    for url in (CONCEPT_POSTS, SET_POSTS):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        response = client.post(url, {"title": "T", "body": "B"})
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Post.objects.count() == 1


@pytest.mark.parametrize(
    "name, url, method",
    [
        ("reply", "/vragen-aan-collegas/{pk}/reageren/", "post"),
        ("hide", "/vragen-aan-collegas/{pk}/verbergen/", "get"),
        ("hide", "/vragen-aan-collegas/{pk}/verbergen/", "post"),
        ("delete", "/vragen-aan-collegas/{pk}/verwijderen/", "get"),
        ("delete", "/vragen-aan-collegas/{pk}/verwijderen/", "post"),
        ("follow", "/begrippen/vertrouwen/volgen/", "post"),
        ("profile", "/vragen-aan-collegas/profiel/", "get"),
        ("profile", "/vragen-aan-collegas/profiel/", "post"),
    ],
)
def test_every_view_sends_anonymous_to_login_and_non_members_to_404(
    client, stranger, post, name, url, method
):
    url = url.format(pk=post.pk)
    data = {"body": "x", "reason": "x", "title": "x", "show_name": "on", "display_name": "x"}
    response = getattr(client, method)(url, data)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(stranger)
    assert getattr(client, method)(url, data).status_code == 404
    assert Post.objects.count() == 1 and not Post.objects.get().is_hidden
    assert not Follow.objects.exists()


def test_user_without_membership_sees_nothing_and_cannot_post(client, stranger, qset, post):
    client.force_login(stranger)
    page = client.get(CONCEPT_PAGE).content.decode()
    assert "Geheime" not in page
    assert client.get(CONCEPT_POSTS).status_code == 404
    assert client.get(CONCEPT_POSTS, headers={"HX-Request": "true"}).status_code == 404
    assert client.post(CONCEPT_POSTS, {"title": "T", "body": "B"}).status_code == 404
    assert client.post(SET_POSTS, {"title": "T", "body": "B"}).status_code == 404
    assert Post.objects.count() == 1


def test_concept_and_set_pages_load_the_panel_for_logged_in_users(client, editor, qset, post):
    client.force_login(editor)
    concept_page = client.get(CONCEPT_PAGE).content.decode()
    assert f'hx-get="{CONCEPT_POSTS}"' in concept_page
    assert f'hx-get="{SET_POSTS}"' in client.get(SET_PAGE).content.decode()


def test_members_of_any_municipality_read_posts(client, outsider, post):
    client.force_login(outsider)
    response = client.get(CONCEPT_POSTS, headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Geheime titel" in text and "Geheime tekst" in text
    assert "<html" not in text  # the fragment, not a page


def test_without_htmx_the_panel_is_a_full_page(client, editor, post):
    client.force_login(editor)
    response = client.get(CONCEPT_POSTS)
    assert response.status_code == 200
    assert "<html" in response.content.decode() and "Geheime titel" in response.content.decode()


def test_unknown_pages_and_draft_sets_are_404(client, editor):
    from tests import factories

    factories.make_question_set(code="concept1", status="concept")
    client.force_login(editor)
    assert client.get("/begrippen/bestaat-niet/vragen-aan-collegas/").status_code == 404
    assert client.get("/sets/concept1/vragen-aan-collegas/").status_code == 404
    assert client.post("/vragen-aan-collegas/abc/reageren/", {"body": "x"}).status_code == 404
    assert client.post("/vragen-aan-collegas/999999/reageren/", {"body": "x"}).status_code == 404
