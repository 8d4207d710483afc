"""What municipalities share: their settings, shared questionnaires, public questionnaires."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models.base import recorded_user
from ..questionnaires.models import Municipality, Questionnaire


class MunicipalitySharing(models.Model):
    """A municipality's choices; a municipality without a row has the defaults."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="sharing", verbose_name=_("gemeente")
    )
    hide_name = models.BooleanField(
        _("niet bij naam tonen"),
        default=False,
        help_text=_("Andere gemeenten zien dan alleen dat een gemeente iets gebruikt, niet welke."),
    )
    share_aggregates = models.BooleanField(
        _("uitkomsten delen voor vergelijking met vergelijkbare gemeenten"),
        default=False,
        help_text=_(
            "Alleen uitkomsten (percentages, gemiddelden, aantallen), nooit gegevens van "
            "respondenten, tellen mee in de cijfers van gemeenten van dezelfde grootte en "
            "dezelfde veiligheidsregio."
        ),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("deelinstelling van een gemeente")
        verbose_name_plural = _("deelinstellingen van gemeenten")

    def __str__(self) -> str:
        return str(self.municipality)


class QuestionnaireShare(models.Model):
    """A questionnaire shared by its owner with another municipality."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("mederedacteur")
        READER = "reader", _("lezer")

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name=_("vragenlijst"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="received_shares",
        verbose_name=_("gemeente"),
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.READER)
    created_at = models.DateTimeField(_("gedeeld op"), auto_now_add=True)
    created_by = recorded_user(_("gedeeld door"))

    class Meta:
        ordering = ["questionnaire", "municipality__name"]
        verbose_name = _("gedeelde vragenlijst")
        verbose_name_plural = _("gedeelde vragenlijsten")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "municipality"], name="questionsets_share_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} → {self.municipality} ({self.get_role_display()})"


class PublicQuestionnaire(models.Model):
    """A questionnaire its editors made public: its title and questions, never results."""

    questionnaire = models.OneToOneField(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="publication",
        verbose_name=_("vragenlijst"),
    )
    published_at = models.DateTimeField(_("openbaar sinds"), auto_now_add=True)
    published_by = recorded_user(_("openbaar gemaakt door"))

    class Meta:
        verbose_name = _("openbare vragenlijst")
        verbose_name_plural = _("openbare vragenlijsten")

    def __str__(self) -> str:
        return str(self.questionnaire)
