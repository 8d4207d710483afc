"""Shared local questions: a municipality's local question on the shared shelf, in
immutable versions with a fingerprint, like national ones. Never national: they live in
their own tables, so no national count, facet or export can mistake them for one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..catalogue.question_models import AnswerType
from ..models.base import ImmutableError, TimeStampedModel, recorded_user
from ..questionnaires.models import Municipality, QuestionnaireItem


class SharedQuestion(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "actief", _("gedeeld")
        WITHDRAWN = "ingetrokken", _("ingetrokken")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="shared_questions",
        verbose_name=_("gedeeld door"),
    )
    source_item = models.ForeignKey(
        QuestionnaireItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lokale vraag waaruit gedeeld"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        ordering = ["municipality", "pk"]
        verbose_name = _("gedeelde lokale vraag")
        verbose_name_plural = _("gedeelde lokale vragen")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.pk}"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN


class SharedQuestionVersion(models.Model):
    """What respondents see, frozen: a new wording or scale is a new version."""

    shared_question = models.ForeignKey(
        SharedQuestion,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("gedeelde vraag"),
    )
    number = models.PositiveSmallIntegerField(_("versie"))
    wording = models.TextField(_("vraagtekst"))
    instruction = models.TextField(_("instructie"), blank=True)
    answer_type = models.CharField(_("antwoordtype"), max_length=20, choices=AnswerType.choices)
    rationale = models.TextField(_("toelichting"))
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64)
    published_by = recorded_user(_("gedeeld door"))
    published_at = models.DateTimeField(_("gedeeld op"), auto_now_add=True)

    class Meta:
        ordering = ["shared_question", "number"]
        verbose_name = _("versie van een gedeelde vraag")
        verbose_name_plural = _("versies van gedeelde vragen")
        constraints = [
            models.UniqueConstraint(
                fields=["shared_question", "number"], name="questionsets_sharedversion_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shared_question} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError(_("Een gedeelde vraagversie wordt nooit gewijzigd."))
        super().save(*args, **kwargs)


class SharedOption(models.Model):
    version = models.ForeignKey(
        SharedQuestionVersion,
        on_delete=models.CASCADE,
        related_name="options",
        verbose_name=_("versie"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    code = models.PositiveIntegerField(_("antwoordcode"))
    label_nl = models.CharField(_("label"), max_length=300)
    is_missing = models.BooleanField(_("ontbrekend antwoord"), default=False)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("antwoordoptie van een gedeelde vraag")
        verbose_name_plural = _("antwoordopties van gedeelde vragen")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="questionsets_sharedoption_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_nl}"


class NationalProposal(models.Model):
    """A municipality proposes its shared question for the national catalogue.

    Provenance is recorded as it was proposed: the exact shared version, the municipality
    and the proposer. Accepting it makes a draft ``Proposal`` (curation/review) for a new
    national question; nothing enters the catalogue until a second curator approves that.
    """

    class Status(models.TextChoices):
        SUBMITTED = "ingediend", _("ingediend")
        CHANGES = "wijzigen", _("wijzigingen gevraagd")
        ACCEPTED = "geaccepteerd", _("geaccepteerd")
        DECLINED = "afgewezen", _("afgewezen")

    shared_question = models.ForeignKey(
        SharedQuestion,
        on_delete=models.PROTECT,
        related_name="national_proposals",
        verbose_name=_("gedeelde vraag"),
    )
    shared_version = models.ForeignKey(
        SharedQuestionVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voorgestelde versie"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voorgesteld door"),
    )
    motivation = models.TextField(_("motivatie"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    decision_note = models.TextField(_("toelichting bij het besluit"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    draft = models.OneToOneField(
        "questionsets.Proposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_proposal",
        verbose_name=_("concept voor de catalogus"),
    )
    created_at = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("voorstel voor de nationale catalogus")
        verbose_name_plural = _("voorstellen voor de nationale catalogus")
        constraints = [
            models.UniqueConstraint(
                fields=["shared_question"],
                condition=models.Q(status="ingediend"),
                name="questionsets_nationalproposal_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.shared_version}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SUBMITTED
