"""A proposed change to the published catalogue, waiting for a second curator.

Nothing of a proposal is in the catalogue tables until it is approved: the proposed state is
the ``payload`` (JSON), so a draft cannot reach a public page, the search or an export.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Proposal(models.Model):
    class Kind(models.TextChoices):
        VERSION = "version", _("nieuwe versie van een vraag")
        SET = "set", _("nieuwe of gewijzigde set")
        RETIRE_SET = "retire_set", _("set laten vervallen")
        RETIRE_QUESTION = "retire_question", _("vraag laten vervallen")
        SCALE = "scale", _("antwoordschaal")
        QUESTION = "question", _("nieuwe vraag uit een gemeente")

    class Status(models.TextChoices):
        DRAFT = "concept", _("concept")
        SUBMITTED = "ter_beoordeling", _("ter beoordeling")
        RETURNED = "teruggestuurd", _("teruggestuurd")
        APPROVED = "goedgekeurd", _("goedgekeurd")
        WITHDRAWN = "ingetrokken", _("ingetrokken")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    question = models.ForeignKey(
        "questionsets.Question",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("vraag"),
    )
    question_set = models.ForeignKey(
        "questionsets.QuestionSet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("vragenset"),
    )
    scale = models.ForeignKey(
        "questionsets.AnswerScale",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("antwoordschaal"),
    )
    # The proposed state: version fields, a set's fields and items, a scale's options.
    payload = models.JSONField(_("voorgestelde inhoud"), default=dict, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reden"), blank=True)
    # Each step: {"step": ..., "user": ..., "at": ..., "comment": ...}, oldest first.
    comments = models.JSONField(_("opmerkingen"), default=list, encoder=DjangoJSONEncoder)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voorgesteld door"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    notified_count = models.PositiveIntegerField(_("gemeenten met een melding"), default=0)
    result = models.CharField(_("resultaat"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target_code}"

    @property
    def target_code(self) -> str:
        target = self.question or self.question_set or self.scale
        if target is not None:
            return target.code
        return str(self.payload.get("code", ""))

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED, self.Status.SUBMITTED)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)
