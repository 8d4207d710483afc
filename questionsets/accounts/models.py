"""Ways in: access requests decided by a coordinator or curator, and one-time invitations."""

from __future__ import annotations

import hashlib

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models.base import recorded_user
from ..questionnaires.models import Membership, Municipality

REQUESTABLE_ROLES = [
    (Membership.Role.READER.value, Membership.Role.READER.label),
    (Membership.Role.EDITOR.value, Membership.Role.EDITOR.label),
]


def token_digest(token: str) -> str:
    """Only this digest of an invitation token is stored; the token itself is in the link."""
    return hashlib.sha256(token.encode()).hexdigest()


class AccessRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op besluit")
        APPROVED = "approved", _("goedgekeurd")
        DECLINED = "declined", _("afgewezen")

    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="access_requests",
        verbose_name=_("gemeente"),
    )
    role = models.CharField(_("gewenste rol"), max_length=20, choices=REQUESTABLE_ROLES)
    reason = models.TextField(_("reden"), max_length=1000)
    language = models.CharField(_("taal"), max_length=10, default="nl")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = recorded_user(_("besloten door"))
    decision_reason = models.TextField(_("toelichting bij het besluit"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("toegangsaanvraag")
        verbose_name_plural = _("toegangsaanvragen")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "municipality"],
                condition=Q(status="pending"),
                name="questionsets_accessrequest_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["reader", "editor"]),
                name="questionsets_accessrequest_role",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="questionsets_accessrequest_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} @ {self.municipality} ({self.get_status_display()})"


class Invitation(models.Model):
    """A one-time link to join a municipality's team; the account is made on acceptance."""

    email = models.EmailField(_("e-mailadres"))
    name = models.CharField(_("naam"), max_length=150, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("gemeente"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Membership.Role.choices)
    token_digest = models.CharField(_("sleutel (hash)"), max_length=64, unique=True)
    language = models.CharField(_("taal"), max_length=10, default="nl")
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    created_by = recorded_user(_("uitgenodigd door"))
    access_request = models.OneToOneField(
        AccessRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("aanvraag"),
    )
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="questionsets_invitation_accepted_or_withdrawn",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="questionsets_invitation_expires_later",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} @ {self.municipality}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > timezone.now()
        )
