"""The audit trail of the national catalogue."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models.base import recorded_user

# =========================================================================== audit trail
# Who changed what in the national catalogue, and when. Written by questionsets/audit.py
# from the places that write (admin, services, Excel import, seed loading); never by
# signals. Rows are only ever added.


class CatalogueChange(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("aangemaakt")
        CHANGED = "changed", _("gewijzigd")
        DELETED = "deleted", _("verwijderd")

    class Via(models.TextChoices):
        ADMIN = "admin", _("beheer")
        IMPORT = "import", _("Excel-import")
        SERVICE = "service", _("nieuwe versie")
        SEED = "seed", _("catalogus laden")
        REVIEW = "review", _("beoordeling")

    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = recorded_user(_("gebruiker"))
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    model_label = models.CharField(_("soort"), max_length=100)
    object_pk = models.CharField(_("id"), max_length=40)
    object_key = models.CharField(_("sleutel"), max_length=300, blank=True)
    # The catalogue object whose history this belongs to, e.g. a version's question or an
    # item's set: "questionsets.question:12".
    subject = models.CharField(_("onderwerp"), max_length=120)
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    changes = models.JSONField(
        _("wijzigingen"),
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_("per veld [oud, nieuw]"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("wijziging in de catalogus")
        verbose_name_plural = _("wijzigingen in de catalogus")
        indexes = [
            models.Index(fields=["subject", "-created_at"], name="questionsets_change_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.object_key or self.object_pk} {self.get_action_display()}"
