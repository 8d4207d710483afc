"""Coordinators (own municipality) and curators (all) decide access requests."""

import pytest
from django.core import mail
from django.urls import reverse

from questionsets.models import AccessRequest, Invitation, Membership

from .. import factories


def make_request(municipality, **kw):
    kw.setdefault("name", "Sam de Vries")
    kw.setdefault("email", "sam@utrecht.example.org")
    kw.setdefault("role", "editor")
    kw.setdefault("reason", "Monitor 2026")
    return AccessRequest.objects.create(municipality=municipality, **kw)


def detail(access_request):
    pk = getattr(access_request, "pk", access_request)
    return reverse("questionsets:access-request-detail", args=[pk])


LIST = reverse("questionsets:access-request-list")


def test_coordinator_approves_and_the_requester_gets_an_invitation(
    as_user, coordinator, municipality
):
    access_request = make_request(municipality, language="en")
    response = as_user(coordinator).post(detail(access_request), {"decision": "approve"})
    assert response.status_code == 302 and response.url == LIST
    access_request.refresh_from_db()
    assert access_request.status == "approved" and access_request.decided_by == coordinator
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.access_request) == (
        "sam@utrecht.example.org",
        "editor",
        access_request,
    )
    (message,) = mail.outbox
    assert message.to == ["sam@utrecht.example.org"]
    assert "/uitnodiging/" in message.body
    assert "has been approved" in message.body  # the requester asked in English


def test_approval_of_an_existing_account_adds_the_membership(as_user, coordinator, municipality):
    existing = factories.make_user(email="Sam@Utrecht.example.org")
    access_request = make_request(municipality, role="reader")
    as_user(coordinator).post(detail(access_request), {"decision": "approve"})
    assert Membership.objects.get(user=existing, municipality=municipality).role == "reader"
    assert not Invitation.objects.exists()
    assert "Uw bestaande account heeft nu toegang" in mail.outbox[0].body


def test_decline_needs_a_reason_which_the_requester_reads(as_user, coordinator, municipality):
    access_request = make_request(municipality)
    client = as_user(coordinator)
    response = client.post(detail(access_request), {"decision": "decline", "reason": " "})
    assert response.status_code == 200
    assert "Geef een reden op" in response.content.decode()
    assert not mail.outbox
    client.post(detail(access_request), {"decision": "decline", "reason": "Geen gemeentemail."})
    access_request.refresh_from_db()
    assert access_request.status == "declined"
    assert access_request.decision_reason == "Geen gemeentemail."
    assert "Geen gemeentemail." in mail.outbox[0].body and "afgewezen" in mail.outbox[0].subject


def test_a_decided_request_cannot_be_decided_again(as_user, coordinator, municipality):
    access_request = make_request(municipality)
    client = as_user(coordinator)
    client.post(detail(access_request), {"decision": "approve"})
    response = client.post(detail(access_request), {"decision": "decline", "reason": "x"})
    assert "Over deze aanvraag is al besloten." in response.content.decode()
    assert AccessRequest.objects.get().status == "approved" and len(mail.outbox) == 1


def test_mail_failure_rolls_the_decision_back(as_user, coordinator, municipality, settings):
    settings.EMAIL_BACKEND = "tests.accounts.failing_backend.FailingBackend"
    access_request = make_request(municipality)
    response = as_user(coordinator).post(detail(access_request), {"decision": "approve"})
    assert "kon niet worden verzonden" in response.content.decode()
    assert AccessRequest.objects.get().status == "pending"
    assert not Invitation.objects.exists()


def test_curator_decides_requests_of_any_municipality(as_user, curator, other_municipality):
    access_request = make_request(other_municipality)
    client = as_user(curator)
    assert access_request.email in client.get(LIST).content.decode()
    client.post(detail(access_request), {"decision": "decline", "reason": "Onbekend."})
    assert AccessRequest.objects.get().status == "declined"


@pytest.mark.parametrize("who", ["reader", "editor", "other_coordinator"])
def test_others_get_a_404_and_see_nothing(request, as_user, who, municipality, colleague, editor):
    user = {"reader": colleague, "editor": editor}.get(who) or request.getfixturevalue(who)
    access_request = make_request(municipality)
    client = as_user(user)
    assert client.get(detail(access_request)).status_code == 404
    assert client.post(detail(access_request), {"decision": "approve"}).status_code == 404
    assert client.get(detail(access_request.pk + 1000)).status_code == 404
    assert access_request.email not in client.get(LIST).content.decode()
    assert AccessRequest.objects.get().status == "pending"


def test_anonymous_users_are_sent_to_login(client, municipality):
    access_request = make_request(municipality)
    for url in (LIST, detail(access_request)):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_request_list_has_constant_queries(
    as_user, coordinator, municipality, django_assert_num_queries
):
    client = as_user(coordinator)
    make_request(municipality, email="a@x.nl")
    with django_assert_num_queries(4):  # session, user, pending, decided
        client.get(LIST)
    for n in range(5):
        decided = make_request(municipality, email=f"d{n}@x.nl")
        AccessRequest.objects.filter(pk=decided.pk).update(
            status="declined", decided_by=coordinator, decided_at=decided.created_at
        )
        make_request(municipality, email=f"p{n}@x.nl")
    with django_assert_num_queries(4):
        response = client.get(LIST)
    assert response.content.decode().count("p4@x.nl") == 1
