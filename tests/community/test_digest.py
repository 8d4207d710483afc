"""Following a concept and the e-mail digest of new posts (`manage.py send_post_digests`)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from questionsets.community.models import Follow

FOLLOW = "/begrippen/vertrouwen/volgen/"
HX = {"HX-Request": "true"}


def test_the_follow_button_toggles_and_says_its_state(client, colleague, concept):
    client.force_login(colleague)
    text = client.post(FOLLOW, headers=HX).content.decode()
    assert 'aria-pressed="true"' in text and "U volgt dit begrip" in text
    assert Follow.objects.get().user == colleague
    response = client.post(FOLLOW)
    assert response.status_code == 302 and response.url == "/begrippen/vertrouwen/#collegas"
    assert not Follow.objects.exists()
    text = client.get("/begrippen/vertrouwen/vragen-aan-collegas/", headers=HX).content.decode()
    assert 'aria-pressed="false"' in text


def test_follow_is_post_only(client, colleague, concept):
    client.force_login(colleague)
    assert client.get(FOLLOW).status_code == 405


@pytest.fixture
def follower(client, colleague, concept):
    client.force_login(colleague)
    client.post(FOLLOW)
    Follow.objects.update(last_digest_at=timezone.now() - timedelta(hours=1))
    return colleague


def _digest() -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_post_digests", "--base-url", "https://catalogus.example", stdout=out)
    return out.getvalue()


def test_a_follower_gets_one_digest_of_new_posts_once(
    follower, editor, outsider, concept, make_post
):
    post = make_post(author=editor, concept=concept, title="Onrust na incident")
    make_post(
        author=outsider,
        parent=post,
        body="Wij ook.",
        municipality=outsider.memberships.get().municipality,
    )
    assert "digests sent: 1" in _digest()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [follower.email]
    assert "Nieuw bij vragen aan collega's" in message.subject
    assert "Vertrouwen (https://catalogus.example/begrippen/vertrouwen/#collegas)" in message.body
    assert "„Onrust na incident” (gemeente Utrecht)" in message.body
    assert "reactie op „Onrust na incident” (gemeente Amsterdam): Wij ook." in message.body
    assert message.body.rstrip().endswith(settings.CONTACT_EMAIL)
    # run twice: nothing more
    assert "digests sent: 0" in _digest()
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_nothing_is_new(follower, editor, concept, make_post):
    old = make_post(author=editor, concept=concept)
    old.created_at = timezone.now() - timedelta(days=2)
    old.save()
    assert "digests sent: 0" in _digest()
    assert mail.outbox == []


def test_own_and_hidden_posts_are_left_out(follower, editor, concept, make_post):
    make_post(author=follower, concept=concept, title="Mijn eigen vraag")
    make_post(author=editor, concept=concept, title="Verborgen", hidden_at=timezone.now())
    _digest()
    assert mail.outbox == []


def test_a_later_post_comes_in_the_next_digest_only(follower, editor, concept, make_post):
    make_post(author=editor, concept=concept, title="Eerste")
    _digest()
    make_post(author=editor, concept=concept, title="Tweede")
    _digest()
    assert len(mail.outbox) == 2
    assert "Tweede" in mail.outbox[1].body and "Eerste" not in mail.outbox[1].body


def test_the_digest_is_in_the_language_the_member_followed_in(
    client, colleague, editor, concept, make_post
):
    client.cookies["django_language"] = "en"
    client.force_login(colleague)
    client.post(FOLLOW)
    assert Follow.objects.get().language == "en"
    Follow.objects.update(last_digest_at=timezone.now() - timedelta(hours=1))
    make_post(author=editor, concept=concept, title="Onrust")
    _digest()
    body = mail.outbox[0].body
    assert "Trust (https://catalogus.example/begrippen/vertrouwen/#collegas)" in body
    assert "New questions and experiences from colleagues" in body
    assert "New in questions to colleagues" in mail.outbox[0].subject


def test_members_who_lost_their_membership_get_nothing(follower, editor, concept, make_post):
    follower.memberships.all().delete()
    make_post(author=editor, concept=concept)
    _digest()
    assert mail.outbox == []


def test_replies_to_a_hidden_post_are_left_out(follower, editor, outsider, concept, make_post):
    post = make_post(author=editor, concept=concept, title="Verborgen", hidden_at=timezone.now())
    make_post(
        author=outsider,
        parent=post,
        body="Reactie",
        municipality=outsider.memberships.get().municipality,
    )
    _digest()
    assert mail.outbox == []


def test_a_message_that_cannot_be_sent_is_sent_by_the_next_run(
    follower, editor, concept, make_post, settings
):
    make_post(author=editor, concept=concept, title="Eerste")
    settings.EMAIL_BACKEND = "tests.accounts.failing_backend.FailingBackend"
    assert "digests sent: 0" in _digest()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "digests sent: 1" in _digest()
    assert "Eerste" in mail.outbox[0].body


def test_a_follow_claimed_by_another_run_is_not_sent_again(follower, editor, concept, make_post):
    from questionsets.community import digest

    make_post(author=editor, concept=concept, title="Eerste")
    stale = list(Follow.objects.select_related("user", "concept"))
    _digest()
    assert len(mail.outbox) == 1
    # a run that read the follows before the first run moved their time
    new = digest._new_posts(stale, timezone.now())
    assert digest._send_one(follower, stale, new, base_url="", now=timezone.now()) == 0
    assert len(mail.outbox) == 1
