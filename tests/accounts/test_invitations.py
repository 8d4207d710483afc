"""Invitation links: one use, expire, withdrawable; the person chooses a valid password."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from questionsets.accounts import services
from questionsets.models import Invitation, Membership

from .. import factories

User = get_user_model()
PASSWORD = "Veilig-wachtwoord-2026"


@pytest.fixture
def invited(coordinator, municipality):
    """An invitation mailed by the coordinator; returns the link's path."""
    services.invite(
        municipality=municipality,
        email="nieuw@utrecht.example.org",
        role="editor",
        by=coordinator,
        language="nl",
        site_url="http://testserver",
        name="Nina Nieuw",
    )
    return re.search(r"http://testserver(/uitnodiging/[^/\s]+/)", mail.outbox[-1].body).group(1)


def accept(client, path, password=PASSWORD):
    return client.post(path, {"new_password1": password, "new_password2": password})


def test_accepting_creates_the_account_and_logs_in(client, invited, municipality):
    page = client.get(invited)
    assert page.status_code == 200 and "nieuw@utrecht.example.org" in page.content.decode()
    response = accept(client, invited)
    assert response.status_code == 302 and response.url == reverse(
        "questionsets:questionnaire-list"
    )
    user = User.objects.get(username="nieuw@utrecht.example.org")
    assert (user.first_name, user.last_name, user.check_password(PASSWORD)) == (
        "Nina",
        "Nieuw",
        True,
    )
    assert Membership.objects.get(user=user, municipality=municipality).role == "editor"
    assert client.get(reverse("questionsets:questionnaire-list")).status_code == 200


def test_the_get_changes_nothing_and_stores_no_token(client, invited):
    client.get(invited)
    token = invited.split("/")[2]
    assert not User.objects.filter(username="nieuw@utrecht.example.org").exists()
    assert not Invitation.objects.filter(token_digest=token).exists()


def test_a_link_works_once(client, invited):
    accept(client, invited)
    client.logout()
    again = client.get(invited)
    assert again.status_code == 404
    assert "Deze uitnodiging werkt niet meer" in again.content.decode()
    assert accept(client, invited, "Ander-wachtwoord-2026").status_code == 404
    assert User.objects.get(username="nieuw@utrecht.example.org").check_password(PASSWORD)


def test_a_link_expires_after_the_configured_days(client, invited, settings):
    with time_machine.travel(
        timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS, seconds=1)
    ):
        assert client.get(invited).status_code == 404
        assert accept(client, invited).status_code == 404
    assert not User.objects.filter(email="nieuw@utrecht.example.org").exists()


def test_a_link_still_works_just_before_it_expires(client, invited, settings):
    with time_machine.travel(
        timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS, seconds=-60)
    ):
        assert accept(client, invited).status_code == 302


def test_a_withdrawn_link_no_longer_works(client, invited, coordinator):
    services.withdraw_invitation(invitation=Invitation.objects.get(), by=coordinator)
    assert client.get(invited).status_code == 404


def test_password_validators_apply(client, invited):
    response = accept(client, invited, "12345678")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit wachtwoord is te algemeen." in html or "te kort" in html
    assert not User.objects.filter(email="nieuw@utrecht.example.org").exists()


def test_an_unknown_token_is_a_404(client, db):
    response = client.get(reverse("questionsets:invitation-accept", args=["nope"]))
    assert response.status_code == 404


def test_an_account_made_in_the_meantime_only_gets_the_membership(client, invited, municipality):
    existing = factories.make_user(email="nieuw@utrecht.example.org", password="Eigen-2026-ww")
    page = client.get(invited)
    assert "Er bestaat al een account" in page.content.decode()
    response = client.post(invited, {})
    assert response.status_code == 302 and response.url == reverse("login")
    assert Membership.objects.filter(user=existing, municipality=municipality).exists()
    existing.refresh_from_db()
    assert existing.check_password("Eigen-2026-ww")


def test_invitation_rows_cannot_be_both_accepted_and_withdrawn(invited):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.update(accepted_at=timezone.now(), withdrawn_at=timezone.now())


def test_a_user_name_held_by_an_inactive_account_gets_a_suffix(client, invited):
    User.objects.create_user(
        username="nieuw@utrecht.example.org", email="nieuw@utrecht.example.org", is_active=False
    )
    assert accept(client, invited).status_code == 302
    user = User.objects.get(username="nieuw@utrecht.example.org-2")
    assert user.is_active and user.check_password(PASSWORD)
