"""Who may manage which team and decide which access request.

A team page is only for the municipality's coordinators; anyone else (another
municipality's coordinator included) gets the same 404 as for a code that does not exist.
Curators (staff) decide access requests of every municipality; coordinators those of their
own municipalities.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..questionnaires.access import parse_id
from ..questionnaires.models import Membership, Municipality
from .models import AccessRequest, Invitation

COORDINATOR = Membership.Role.COORDINATOR


def is_curator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def coordinated_municipalities(user) -> QuerySet[Municipality]:
    if not user.is_authenticated:
        return Municipality.objects.none()
    return Municipality.objects.filter(memberships__user=user, memberships__role=COORDINATOR)


def get_team_municipality(user, code: str) -> Municipality:
    return get_object_or_404(coordinated_municipalities(user), code=code)


def get_member(municipality: Municipality, membership_id) -> Membership:
    members = Membership.objects.select_related("user").filter(municipality=municipality)
    member = get_object_or_404(members, pk=parse_id(str(membership_id)))
    member.municipality = municipality
    return member


def get_open_invitation(municipality: Municipality, invitation_id) -> Invitation:
    return get_object_or_404(
        Invitation,
        pk=parse_id(str(invitation_id)),
        municipality=municipality,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
    )


def decidable_requests(user) -> QuerySet[AccessRequest]:
    """Access requests this user may see and decide (pending and decided alike)."""
    requests = AccessRequest.objects.select_related("municipality")
    if is_curator(user):
        return requests
    return requests.filter(municipality__in=coordinated_municipalities(user).values("pk"))


def get_decidable_request(user, request_id) -> AccessRequest:
    return get_object_or_404(decidable_requests(user), pk=parse_id(str(request_id)))


def deciders(municipality: Municipality) -> list[str]:
    """Addresses the request goes to: the coordinators, else the curators, else the team."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    coordinators = users.filter(
        memberships__municipality=municipality, memberships__role=COORDINATOR
    )
    for group in (coordinators, users.filter(is_staff=True)):
        addresses = sorted(set(group.values_list("email", flat=True)))
        if addresses:
            return addresses
    return [settings.CONTACT_EMAIL]
