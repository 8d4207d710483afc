"""The team page: coordinators manage members and invitations of their own municipality."""

import pytest
from django.core import mail
from django.urls import reverse

from questionsets.accounts import services
from questionsets.models import AccessRequest, Invitation, Membership

from .. import factories


def team_url(municipality, name="team", *args):
    return reverse(f"questionsets:{name}", args=[municipality.code, *args])


def invite(coordinator, municipality, email="nieuw@x.nl"):
    return services.invite(
        municipality=municipality,
        email=email,
        role="reader",
        by=coordinator,
        language="nl",
        site_url="http://testserver",
    )


def test_team_page_lists_members_invitations_and_requests(
    as_user, coordinator, editor, colleague, municipality
):
    invite(coordinator, municipality)
    AccessRequest.objects.create(
        municipality=municipality, name="Sam", email="sam@x.nl", role="reader", reason="r"
    )
    response = as_user(coordinator).get(team_url(municipality))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Team van Utrecht" in html
    for text in ("coordinator", "editor", "colleague", "nieuw@x.nl", "sam@x.nl"):
        assert text in html


def test_team_page_has_constant_queries(
    as_user, coordinator, municipality, django_assert_num_queries
):
    client = as_user(coordinator)
    # session, user, municipality, members, invitations, requests
    with django_assert_num_queries(6):
        client.get(team_url(municipality))
    for n in range(6):
        factories.make_user(municipality=municipality)
        invite(coordinator, municipality, email=f"i{n}@x.nl")
        AccessRequest.objects.create(
            municipality=municipality, name="S", email=f"r{n}@x.nl", role="reader", reason="r"
        )
    with django_assert_num_queries(6):
        response = client.get(team_url(municipality))
    assert response.content.decode().count("Rol wijzigen") == 7


def test_change_a_role(as_user, coordinator, editor, municipality):
    membership = editor.memberships.get()
    client = as_user(coordinator)
    response = client.post(
        team_url(municipality, "team-member-role", membership.pk), {"role": "reader"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "reader"
    response = client.post(
        team_url(municipality, "team-member-role", membership.pk), {"role": "boss"}
    )
    membership.refresh_from_db()
    assert membership.role == "reader"
    assert "Kies een geldige rol." in client.get(response.url).content.decode()


def test_remove_a_member_after_confirmation(as_user, coordinator, editor, municipality):
    membership = editor.memberships.get()
    client = as_user(coordinator)
    url = team_url(municipality, "team-member-remove", membership.pk)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Weet u zeker" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert type(editor).objects.filter(pk=editor.pk).exists()  # the account stays


def test_the_last_coordinator_cannot_leave_or_step_down(as_user, coordinator, municipality):
    own = coordinator.memberships.get()
    client = as_user(coordinator)
    response = client.post(team_url(municipality, "team-member-role", own.pk), {"role": "editor"})
    page = client.get(response.url).content.decode()
    assert "is de laatste coördinator van Utrecht" in page
    client.post(team_url(municipality, "team-member-remove", own.pk))
    own.refresh_from_db()
    assert own.role == "coordinator"
    second = factories.make_user(municipality=municipality, role="coordinator")
    client.post(team_url(municipality, "team-member-role", own.pk), {"role": "editor"})
    own.refresh_from_db()
    assert own.role == "editor" and second.memberships.get().role == "coordinator"


def test_invite_a_colleague(as_user, coordinator, municipality):
    client = as_user(coordinator)
    assert client.get(team_url(municipality, "team-invite")).status_code == 200
    response = client.post(
        team_url(municipality, "team-invite"), {"email": "Nina@X.nl", "name": "", "role": "editor"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.created_by) == (
        "nina@x.nl",
        "editor",
        coordinator,
    )
    assert mail.outbox[0].to == ["nina@x.nl"] and "/uitnodiging/" in mail.outbox[0].body
    again = client.post(
        team_url(municipality, "team-invite"), {"email": "nina@x.nl", "role": "reader"}
    )
    assert "Er staat al een uitnodiging voor nina@x.nl open." in again.content.decode()


def test_inviting_a_member_is_refused_and_an_account_is_added_at_once(
    as_user, coordinator, editor, outsider, municipality
):
    client = as_user(coordinator)
    response = client.post(
        team_url(municipality, "team-invite"), {"email": editor.email, "role": "reader"}
    )
    assert "is al lid van dit team" in response.content.decode()
    client.post(team_url(municipality, "team-invite"), {"email": outsider.email, "role": "reader"})
    assert Membership.objects.get(user=outsider, municipality=municipality).role == "reader"
    assert not Invitation.objects.exists()


def test_withdraw_an_invitation(as_user, coordinator, municipality):
    invitation = invite(coordinator, municipality)
    client = as_user(coordinator)
    url = team_url(municipality, "team-invitation-withdraw", invitation.pk)
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert client.post(url).status_code == 404
    page = client.get(team_url(municipality)).content.decode()
    assert "De uitnodiging voor nieuw@x.nl is ingetrokken." in page
    assert "Er staan geen uitnodigingen open." in page


def test_my_teams_links_the_coordinator_to_the_team(as_user, coordinator, colleague, municipality):
    html = as_user(coordinator).get(reverse("questionsets:my-teams")).content.decode()
    assert team_url(municipality) in html and reverse("questionsets:access-request-list") in html
    html = as_user(colleague).get(reverse("questionsets:my-teams")).content.decode()
    assert team_url(municipality) not in html and "lezer" in html


# --------------------------------------------------------------------------- access


def all_team_requests(municipality, member, invitation):
    return [
        ("get", team_url(municipality), {}),
        ("get", team_url(municipality, "team-invite"), {}),
        ("post", team_url(municipality, "team-invite"), {"email": "z@x.nl", "role": "editor"}),
        ("post", team_url(municipality, "team-member-role", member.pk), {"role": "coordinator"}),
        ("get", team_url(municipality, "team-member-remove", member.pk), {}),
        ("post", team_url(municipality, "team-member-remove", member.pk), {}),
        ("post", team_url(municipality, "team-invitation-withdraw", invitation.pk), {}),
    ]


def state():
    return (
        sorted(Membership.objects.values_list("pk", "role")),
        sorted(Invitation.objects.values_list("pk", "withdrawn_at")),
    )


@pytest.mark.parametrize("who", ["reader", "editor", "other_coordinator", "curator"])
def test_others_get_the_404_of_a_missing_team(
    request, as_user, who, coordinator, editor, colleague, municipality
):
    user = {"reader": colleague, "editor": editor}.get(who) or request.getfixturevalue(who)
    invitation = invite(coordinator, municipality)
    member = editor.memberships.get()
    before = state()
    client = as_user(user)
    for method, url, data in all_team_requests(municipality, member, invitation):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert state() == before
    missing = factories.make_municipality(code="GM0001", name="Nergens")
    assert client.get(team_url(missing)).status_code == 404


def test_a_coordinator_cannot_reach_another_team_through_their_own(
    as_user, coordinator, other_coordinator, outsider, municipality, other_municipality
):
    """B's member and invitation ids under A's code are missing objects too."""
    foreign_invitation = invite(other_coordinator, other_municipality)
    foreign_member = outsider.memberships.get()
    before = state()
    client = as_user(coordinator)
    for method, url, data in all_team_requests(municipality, foreign_member, foreign_invitation)[
        3:
    ]:
        assert getattr(client, method)(url, data).status_code == 404, url
    for method, url, data in all_team_requests(
        other_municipality, foreign_member, foreign_invitation
    ):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert state() == before
    assert "coordinator@amsterdam" not in client.get(team_url(municipality)).content.decode()


def test_anonymous_users_are_sent_to_login(client, coordinator, editor, municipality):
    invitation = invite(coordinator, municipality)
    for method, url, data in all_team_requests(municipality, editor.memberships.get(), invitation):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url
    response = client.get(reverse("questionsets:my-teams"))
    assert response.status_code == 302
