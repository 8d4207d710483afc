"""Writes of the accounts capability: keyword-only, each in one transaction.

A message that must go out (notification, decision, invitation) is sent inside the
transaction: when the mail server refuses it, MailNotSent rolls everything back, so the
user is told and nothing half-done stays behind.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ..questionnaires.models import Membership, Municipality
from . import emails
from .access import deciders
from .models import AccessRequest, Invitation, token_digest

Role = Membership.Role


class Refused(Exception):
    """A write that the rules do not allow; the message is for the user (Dutch)."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_with_email(email: str):
    return (
        get_user_model()
        .objects.filter(email__iexact=normalise_email(email), is_active=True)
        .order_by("pk")
        .first()
    )


# --------------------------------------------------------------------------- requests


@transaction.atomic
def request_access(
    *,
    name: str,
    email: str,
    municipality: Municipality,
    role: str,
    reason: str,
    language: str,
    site_url: str,
) -> AccessRequest:
    email = normalise_email(email)
    duplicate = _(
        "Er staat al een aanvraag voor dit e-mailadres bij deze gemeente open. "
        "U hoort van ons zodra erover is besloten."
    )
    if AccessRequest.objects.filter(
        email=email, municipality=municipality, status=AccessRequest.Status.PENDING
    ).exists():
        raise Refused(duplicate)
    try:
        with transaction.atomic():
            access_request = AccessRequest.objects.create(
                name=name,
                email=email,
                municipality=municipality,
                role=role,
                reason=reason,
                language=language,
            )
    except IntegrityError:  # a concurrent submission of the same request
        raise Refused(duplicate) from None
    decide_url = site_url + reverse("questionsets:access-request-detail", args=[access_request.pk])
    emails.access_requested(
        access_request=access_request,
        to=deciders(municipality),
        decide_url=decide_url,
        language=language,
    )
    return access_request


def _lock_pending(access_request: AccessRequest) -> AccessRequest:
    locked = (
        AccessRequest.objects.select_for_update()
        .select_related("municipality")
        .get(pk=access_request.pk)
    )
    if locked.status != AccessRequest.Status.PENDING:
        raise Refused(_("Over deze aanvraag is al besloten."))
    return locked


@transaction.atomic
def approve_request(*, access_request: AccessRequest, by, site_url: str) -> AccessRequest:
    """Existing account: membership now. New address: an invitation to choose a password."""
    access_request = _lock_pending(access_request)
    _decide(access_request, by=by, status=AccessRequest.Status.APPROVED, reason="")
    municipality = access_request.municipality
    user = user_with_email(access_request.email)
    if user is not None:
        _grant(user=user, municipality=municipality, role=access_request.role)
        emails.access_added(
            email=access_request.email,
            municipality=municipality,
            role_label=access_request.get_role_display(),
            login_url=site_url + reverse("login"),
            language=access_request.language,
        )
        return access_request
    invitation, token = _new_invitation(
        email=access_request.email,
        name=access_request.name,
        municipality=municipality,
        role=access_request.role,
        by=by,
        language=access_request.language,
        access_request=access_request,
    )
    emails.access_approved(
        access_request=access_request,
        link=invitation_link(site_url, token),
        expires_at=invitation.expires_at,
        language=access_request.language,
    )
    return access_request


@transaction.atomic
def decline_request(*, access_request: AccessRequest, by, reason: str) -> AccessRequest:
    access_request = _lock_pending(access_request)
    _decide(access_request, by=by, status=AccessRequest.Status.DECLINED, reason=reason)
    emails.access_declined(access_request=access_request, language=access_request.language)
    return access_request


def _decide(access_request: AccessRequest, *, by, status: str, reason: str) -> None:
    access_request.status = status
    access_request.decided_by = by
    access_request.decided_at = timezone.now()
    access_request.decision_reason = reason
    access_request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])


def _grant(*, user, municipality: Municipality, role: str) -> Membership:
    """Add the membership; an existing one keeps the stronger of the two roles."""
    membership, created = Membership.objects.get_or_create(
        user=user, municipality=municipality, defaults={"role": role}
    )
    order = [Role.READER, Role.EDITOR, Role.COORDINATOR]
    if not created and order.index(role) > order.index(membership.role):
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


# --------------------------------------------------------------------------- invitations


def invitation_link(site_url: str, token: str) -> str:
    return site_url + reverse("questionsets:invitation-accept", args=[token])


def _new_invitation(*, email, name, municipality, role, by, language, access_request=None):
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        email=email,
        name=name,
        municipality=municipality,
        role=role,
        token_digest=token_digest(token),
        language=language,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        created_by=by,
        access_request=access_request,
    )
    return invitation, token


@transaction.atomic
def invite(
    *,
    municipality: Municipality,
    email: str,
    role: str,
    by,
    language: str,
    site_url: str,
    name: str = "",
) -> Invitation | None:
    """Invite a colleague; an existing account is added at once (returns None then)."""
    email = normalise_email(email)
    user = user_with_email(email)
    if user is not None:
        if Membership.objects.filter(user=user, municipality=municipality).exists():
            raise Refused(_("%(email)s is al lid van dit team.") % {"email": email})
        membership = _grant(user=user, municipality=municipality, role=role)
        emails.access_added(
            email=email,
            municipality=municipality,
            role_label=membership.get_role_display(),
            login_url=site_url + reverse("login"),
            language=language,
        )
        return None
    if open_invitations(municipality).filter(email=email).exists():
        raise Refused(_("Er staat al een uitnodiging voor %(email)s open.") % {"email": email})
    invitation, token = _new_invitation(
        email=email, name=name, municipality=municipality, role=role, by=by, language=language
    )
    emails.invited(
        invitation=invitation,
        inviter_name=by.get_full_name() or by.get_username(),
        link=invitation_link(site_url, token),
        language=language,
    )
    return invitation


def open_invitations(municipality: Municipality):
    return Invitation.objects.filter(
        municipality=municipality,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, by) -> None:
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    if not updated:
        raise Refused(_("Deze uitnodiging is al gebruikt of ingetrokken."))


def find_open_invitation(token: str) -> Invitation | None:
    """The open invitation of a link's token, or None (unknown, used, withdrawn, expired)."""
    invitation = (
        Invitation.objects.select_related("municipality")
        .filter(token_digest=token_digest(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_open else None


@transaction.atomic
def accept_invitation(*, token: str, password: str | None):
    """Use the link once: create the account with the chosen password (or, when an account
    with this address exists by now, add the membership to it). Returns (user, created)."""
    invitation = (
        Invitation.objects.select_for_update().filter(token_digest=token_digest(token)).first()
    )
    if invitation is None or not invitation.is_open:
        raise Refused(_("Deze uitnodiging is niet (meer) geldig."))
    user = user_with_email(invitation.email)
    created = user is None
    if created:
        user = new_account(invitation)
        user.set_password(password)
        user.save()
    _grant(user=user, municipality=invitation.municipality, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user, created


def new_account(invitation: Invitation):
    """The (unsaved) account an invitation creates: the e-mail address is the user name."""
    first, _sep, last = invitation.name.partition(" ")
    return get_user_model()(
        username=free_username(invitation.email),
        email=invitation.email,
        first_name=first[:150],
        last_name=last[:150],
    )


def free_username(email: str) -> str:
    """The e-mail address, or with -2, -3, ... when an (inactive) account already holds it."""
    model = get_user_model()
    taken = set(
        model.objects.filter(username__istartswith=email[:140]).values_list("username", flat=True)
    )
    taken = {name.lower() for name in taken}
    candidate, n = email[:150], 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{email[:140]}-{n}"
    return candidate


# --------------------------------------------------------------------------- team


def _coordinator_count(municipality: Municipality) -> int:
    return len(
        Membership.objects.select_for_update()
        .filter(municipality=municipality, role=Role.COORDINATOR)
        .values_list("pk", flat=True)
    )


def _refuse_last_coordinator(membership: Membership) -> None:
    if membership.role == Role.COORDINATOR and _coordinator_count(membership.municipality) <= 1:
        raise Refused(
            _(
                "%(name)s is de laatste coördinator van %(municipality)s. Maak eerst een "
                "collega coördinator; daarna kan deze rol worden gewijzigd of dit lid worden "
                "verwijderd."
            )
            % {"name": membership.user.get_username(), "municipality": membership.municipality}
        )


@transaction.atomic
def change_role(*, membership: Membership, role: str, by) -> Membership:
    if role == membership.role:
        return membership
    if role != Role.COORDINATOR:
        _refuse_last_coordinator(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by) -> None:
    _refuse_last_coordinator(membership)
    membership.delete()


# --------------------------------------------------------------------------- password reset


def send_password_reset(*, email: str, site_url: str, language: str) -> None:
    """Mail a reset link to every active account with this address; silent when none."""
    users = get_user_model().objects.filter(email__iexact=normalise_email(email), is_active=True)
    for user in users:
        if not user.has_usable_password():
            continue
        link = site_url + reverse(
            "questionsets:password-reset-confirm",
            args=[
                urlsafe_base64_encode(force_bytes(user.pk)),
                default_token_generator.make_token(user),
            ],
        )
        emails.password_reset(
            email=user.email, username=user.get_username(), link=link, language=language
        )
