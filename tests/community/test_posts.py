"""Posting, replying, hiding by curators, deleting by the author; plain text only."""

import pytest

from questionsets.community.models import Post

CONCEPT_POSTS = "/begrippen/vertrouwen/vragen-aan-collegas/"
SET_POSTS = "/sets/vertrouwenset/vragen-aan-collegas/"
HX = {"HX-Request": "true"}


def test_member_posts_on_a_concept_page_and_is_sent_back_to_it(client, editor, concept):
    client.force_login(editor)
    response = client.post(CONCEPT_POSTS, {"title": "Onrust", "body": "Ervaring elders?"})
    assert response.status_code == 302
    assert response.url == "/begrippen/vertrouwen/#collegas"
    post = Post.objects.get()
    assert (post.concept, post.question_set, post.author) == (concept, None, editor)
    assert post.municipality.name == "Utrecht"


def test_member_posts_on_a_set_page_with_htmx_and_gets_the_panel(client, editor, qset):
    client.force_login(editor)
    response = client.post(SET_POSTS, {"title": "Setvraag", "body": "Tekst"}, headers=HX)
    assert response.status_code == 200
    assert "Setvraag" in response.content.decode()
    assert Post.objects.get().question_set == qset


def test_body_is_plain_text_escaped_with_line_breaks(client, editor, concept):
    client.force_login(editor)
    body = "<script>alert(1)</script>\nregel twee"
    client.post(CONCEPT_POSTS, {"title": "<b>T</b>", "body": body})
    text = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert "<script>alert(1)" not in text and "<b>T</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>regel twee" in text
    assert "&lt;b&gt;T&lt;/b&gt;" in text


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "body": "x"}, "Dit veld is verplicht."),
        ({"title": "x" * 151, "body": "x"}, "niet meer dan 150 tekens"),
        ({"title": "x", "body": "x" * 2001}, "niet meer dan 2000 tekens"),
    ],
)
def test_bad_input_gets_a_dutch_error_and_nothing_is_stored(client, editor, concept, data, message):
    client.force_login(editor)
    response = client.post(CONCEPT_POSTS, data, headers=HX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_posting_is_rate_limited_per_user(client, editor, colleague, concept, settings):
    settings.COMMUNITY_POSTS_PER_HOUR = 2
    client.force_login(editor)
    for n in range(2):
        assert client.post(CONCEPT_POSTS, {"title": f"T{n}", "body": "B"}).status_code == 302
    response = client.post(CONCEPT_POSTS, {"title": "T3", "body": "B"}, headers=HX)
    assert response.status_code == 400
    assert "Probeer het over een uur opnieuw" in response.content.decode()
    client.force_login(colleague)
    assert client.post(CONCEPT_POSTS, {"title": "T4", "body": "B"}).status_code == 302
    assert Post.objects.count() == 3


def test_others_reply_one_level(client, editor, outsider, concept, make_post):
    post = make_post(author=editor, concept=concept)
    client.force_login(outsider)
    url = f"/vragen-aan-collegas/{post.pk}/reageren/"
    response = client.post(url, {"body": "Wij ook, in Amsterdam."}, headers=HX)
    assert response.status_code == 200
    assert "Wij ook, in Amsterdam." in response.content.decode()
    reply = Post.objects.get(parent=post)
    assert (reply.concept, reply.municipality.name) == (concept, "Amsterdam")
    # no replies to replies
    url = f"/vragen-aan-collegas/{reply.pk}/reageren/"
    assert client.post(url, {"body": "Dieper"}).status_code == 404
    assert Post.objects.count() == 2


def test_an_empty_reply_is_refused_with_a_message(client, editor, concept, make_post):
    post = make_post(author=editor, concept=concept)
    client.force_login(editor)
    response = client.post(f"/vragen-aan-collegas/{post.pk}/reageren/", {"body": " "}, headers=HX)
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert Post.objects.count() == 1


@pytest.fixture
def hidden(concept, editor, curator, make_post, client):
    post = make_post(author=editor, concept=concept, title="Verborgen titel", body="Inwoner X")
    make_post(author=editor, parent=post, body="Reactie op verborgen")
    client.force_login(curator)
    url = f"/vragen-aan-collegas/{post.pk}/verbergen/"
    assert "Ja, verberg dit bericht" in client.get(url).content.decode()
    response = client.post(url, {"reason": "Noemt een inwoner."})
    assert response.status_code == 302 and response.url == "/begrippen/vertrouwen/#collegas"
    client.logout()
    return post


def test_a_hidden_post_disappears_for_everyone_but_curators(client, hidden, colleague, outsider):
    for user in (colleague, outsider):
        client.force_login(user)
        text = client.get(CONCEPT_POSTS, headers=HX).content.decode()
        assert "Verborgen titel" not in text and "Inwoner X" not in text
        assert "Reactie op verborgen" not in text
        assert (
            client.post(f"/vragen-aan-collegas/{hidden.pk}/reageren/", {"body": "x"}).status_code
            == 404
        )


def test_curators_see_a_hidden_post_marked_with_the_reason(client, hidden, curator):
    client.force_login(curator)
    text = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert "Verborgen titel" in text and "Inwoner X" in text and "Reactie op verborgen" in text
    assert "Verborgen voor collega&#x27;s." in text or "Verborgen voor collega's." in text
    assert "Noemt een inwoner." in text


def test_the_author_sees_that_the_post_is_hidden_and_why_but_not_its_text(client, hidden, editor):
    client.force_login(editor)
    text = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert "Uw bericht is verborgen door een curator." in text
    assert "Noemt een inwoner." in text
    assert "Inwoner X" not in text
    assert "Reactie op verborgen" not in text


def test_only_curators_hide_and_a_reason_is_required(client, editor, curator, concept, make_post):
    post = make_post(author=editor, concept=concept)
    url = f"/vragen-aan-collegas/{post.pk}/verbergen/"
    client.force_login(editor)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(curator)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Dit veld is verplicht." in response.content.decode()
    post.refresh_from_db()
    assert not post.is_hidden


def test_the_author_deletes_their_post_after_confirming(
    client, editor, colleague, concept, make_post
):
    post = make_post(author=editor, concept=concept)
    make_post(author=colleague, parent=post)
    url = f"/vragen-aan-collegas/{post.pk}/verwijderen/"
    client.force_login(colleague)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(editor)
    assert "Ja, verwijder mijn bericht" in client.get(url).content.decode()
    assert Post.objects.count() == 2
    response = client.post(url)
    assert response.status_code == 302 and response.url == "/begrippen/vertrouwen/#collegas"
    assert not Post.objects.exists()


def test_the_privacy_notice_is_above_the_form(client, editor, concept):
    client.force_login(editor)
    text = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert text.index("Noem geen inwoners of andere personen") < text.index('name="title"')


def test_a_hidden_reply_disappears_for_everyone_but_curators(
    client, editor, outsider, colleague, curator, concept, make_post
):
    post = make_post(author=editor, concept=concept)
    amsterdam = outsider.memberships.get().municipality
    reply = make_post(
        author=outsider, parent=post, body="Adres van inwoner", municipality=amsterdam
    )
    client.force_login(curator)
    client.post(f"/vragen-aan-collegas/{reply.pk}/verbergen/", {"reason": "Persoonsgegevens"})
    client.force_login(colleague)
    text = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert "Polarisatie na een incident" in text and "Adres van inwoner" not in text
    client.force_login(curator)
    text = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert "Adres van inwoner" in text and "Persoonsgegevens" in text


def test_a_curator_without_a_municipality_reads_but_cannot_post(
    client, curator, editor, concept, make_post
):
    make_post(author=editor, concept=concept)
    client.force_login(curator)
    text = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert "Polarisatie na een incident" in text and 'name="title"' not in text
    response = client.post(CONCEPT_POSTS, {"title": "T", "body": "B"}, headers=HX)
    assert response.status_code == 400
    assert (
        "Alleen medewerkers van een gemeente kunnen berichten plaatsen."
        in response.content.decode()
    )
    assert Post.objects.count() == 1


def test_after_an_htmx_write_the_panel_says_so_and_takes_focus(client, editor, concept):
    client.force_login(editor)
    text = client.post(CONCEPT_POSTS, {"title": "T", "body": "B"}, headers=HX).content.decode()
    assert 'role="status" tabindex="-1" autofocus>Uw bericht is geplaatst.' in text
    text = client.post(CONCEPT_POSTS, {"title": "", "body": "B"}, headers=HX).content.decode()
    assert (
        'name="title"' in text
        and text.split('name="title"')[1].split(">")[0].count("autofocus") == 1
    )
    text = client.post("/begrippen/vertrouwen/volgen/", headers=HX).content.decode()
    assert 'aria-describedby="follow-help" autofocus' in text


def test_the_author_of_a_reply_on_a_set_page_deletes_it(client, editor, outsider, qset, make_post):
    post = make_post(author=editor, question_set=qset)
    amsterdam = outsider.memberships.get().municipality
    reply = make_post(author=outsider, parent=post, body="Mijn reactie", municipality=amsterdam)
    client.force_login(outsider)
    text = client.get(SET_POSTS, headers=HX).content.decode()
    assert f'href="/vragen-aan-collegas/{reply.pk}/verwijderen/"' in text
    assert f'href="/vragen-aan-collegas/{post.pk}/verwijderen/"' not in text
    response = client.post(f"/vragen-aan-collegas/{reply.pk}/verwijderen/")
    assert response.status_code == 302 and response.url == "/sets/vertrouwenset/#collegas"
    assert list(Post.objects.all()) == [post]


def test_the_non_htmx_panel_page_shows_form_errors(client, editor, concept):
    client.force_login(editor)
    response = client.post(CONCEPT_POSTS, {"title": "", "body": "x"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "<html" in text and "Dit veld is verplicht." in text
