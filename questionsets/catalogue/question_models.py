"""Questions, their immutable published versions, and the national question sets that group them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models.base import (
    LOCAL_CODE_PREFIX,
    ImmutableError,
    TimeStampedModel,
    code_field,
    code_rule_constraint,
    fingerprint,
    recorded_user,
    validate_not_local_namespace,
)
from .models import AnswerOption, AnswerScale, Concept, Indicator, Source


class Question(TimeStampedModel):
    """A national question: a stable code with immutable published versions."""

    code = code_field(extra_validators=[validate_not_local_namespace])
    concept = models.ForeignKey(
        Concept,
        on_delete=models.PROTECT,
        related_name="questions",
        null=True,
        blank=True,
        verbose_name=_("begrip"),
    )
    note = models.TextField(_("toelichting voor curatoren"), blank=True)
    # Set when a second curator approves a retirement (review workflow): the question stays
    # readable for comparison with earlier years but can no longer be added to a questionnaire.
    retired_at = models.DateTimeField(_("vervallen op"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        constraints = [
            code_rule_constraint("questionsets_question_code_rule"),
            models.CheckConstraint(
                condition=~Q(code__startswith=LOCAL_CODE_PREFIX),
                name="questionsets_question_not_local_namespace",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def latest_version(self) -> QuestionVersion | None:
        return self.versions.order_by("-number").first()

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class AnswerType(models.TextChoices):
    SINGLE = "single", _("enkelvoudige keuze")
    MULTIPLE = "multiple", _("meervoudige keuze")
    NUMERIC = "numeric", _("getal")
    TEXT = "text", _("open tekst")


CHOICE_TYPES = {AnswerType.SINGLE, AnswerType.MULTIPLE}


class Verification(models.TextChoices):
    """How closely a wording was checked against its source (catalogue-reference §0)."""

    VERBATIM = "verbatim", _("letterlijk gecontroleerd in de bron")
    VERBATIM_LABEL = "verbatim_label", _("alleen label of antwoordcategorieën letterlijk")
    VERBATIM_EN = "verbatim_en", _("letterlijk, Engelse bronvragenlijst")
    VERBATIM_3P = "verbatim_3p", _("letterlijk via derde partij")
    VERBATIM_VL = "verbatim_vl", _("letterlijk, Vlaamse bron")
    PARAPHRASE = "paraphrase", _("parafrase")
    RECONSTRUCTION = "reconstruction", _("reconstructie, niet in bron gezien")
    # A new wording or scale that nobody has checked yet (curation/services.py).
    UNVERIFIED = "unverified", _("niet gecontroleerd")


class QuestionVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        frozen = set(kwargs) & set(QuestionVersion.CONTENT_FIELDS)
        if frozen:
            raise ImmutableError(
                _("Gepubliceerde vraagversies kunnen niet worden gewijzigd (%(fields)s)."),
                params={"fields": ", ".join(sorted(frozen))},
            )
        return super().update(**kwargs)

    def with_scale(self):
        return self.select_related("question", "scale", "source").prefetch_related("scale__options")


class QuestionVersion(models.Model):
    """One published wording of a question. Never changed after it is created."""

    CONTENT_FIELDS = (
        "question_id",
        "number",
        "wording_nl",
        "wording_en",
        "instruction_nl",
        "instruction_en",
        "answer_type",
        "scale_id",
        "source_id",
        "source_reference",
        "source_variable",
        "change_reason",
        "fingerprint",
    )
    # Verification may be upgraded after a curator checked the wording against its source;
    # that changes what we know about the wording, not the wording itself.
    MUTABLE_FIELDS = ("verification", "verification_note")

    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="versions", verbose_name=_("vraag")
    )
    number = models.PositiveSmallIntegerField(_("versie"))
    wording_nl = models.TextField(_("vraagtekst (Nederlands)"))
    wording_en = models.TextField(_("vraagtekst (Engels)"), blank=True)
    instruction_nl = models.TextField(_("instructie (Nederlands)"), blank=True)
    instruction_en = models.TextField(_("instructie (Engels)"), blank=True)
    answer_type = models.CharField(
        _("antwoordtype"), max_length=20, choices=AnswerType.choices, default=AnswerType.SINGLE
    )
    scale = models.ForeignKey(
        AnswerScale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="question_versions",
        verbose_name=_("antwoordschaal"),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="question_versions", verbose_name=_("bron")
    )
    source_reference = models.CharField(
        _("vraagnummer in bron"), max_length=100, blank=True, help_text=_("bijv. A32")
    )
    source_variable = models.CharField(
        _("variabele in bron"), max_length=100, blank=True, help_text=_("bijv. pbldmn")
    )
    verification = models.CharField(_("verificatie"), max_length=20, choices=Verification.choices)
    verification_note = models.TextField(_("verificatie: vindplaats"), blank=True)
    change_reason = models.TextField(_("reden van wijziging"), blank=True)
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("gepubliceerd op"), auto_now_add=True)
    created_by = recorded_user(_("gepubliceerd door"))

    objects = QuestionVersionQuerySet.as_manager()

    class Meta:
        ordering = ["question", "number"]
        verbose_name = _("vraagversie")
        verbose_name_plural = _("vraagversies")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="questionsets_version_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="questionsets_version_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code} v{self.number}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.fingerprint = self.compute_fingerprint()
            return super().save(*args, **kwargs)
        stored = QuestionVersion.objects.filter(pk=self.pk).values(*self.CONTENT_FIELDS).first()
        if stored is not None and stored != self.content():
            raise ImmutableError(
                _(
                    "Vraagversie %(version)s is gepubliceerd en kan niet worden gewijzigd; "
                    "maak een nieuwe versie met een reden."
                ),
                code="version_frozen",
                params={"version": str(self)},
            )
        kwargs.setdefault("update_fields", list(self.MUTABLE_FIELDS))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(
            _("Gepubliceerde vraagversies worden nooit verwijderd."), code="version_delete"
        )

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERBATIM

    def clean(self) -> None:
        if self.answer_type in CHOICE_TYPES and self.scale_id is None:
            raise ValidationError(
                {"scale": _("Een keuzevraag heeft een antwoordschaal nodig.")}, code="no_scale"
            )
        if self.answer_type not in CHOICE_TYPES and self.scale_id is not None:
            raise ValidationError(
                {"scale": _("Alleen keuzevragen hebben een antwoordschaal.")}, code="scale"
            )

    def answer_options(self) -> list[AnswerOption]:
        return list(self.scale.options.all()) if self.scale_id else []

    def compute_fingerprint(self) -> str:
        return fingerprint(
            wording=self.wording_nl,
            instruction=self.instruction_nl,
            answer_type=self.answer_type,
            options=[(o.code, o.label_nl) for o in self.answer_options()],
        )

    def content(self) -> dict:
        return {field: getattr(self, field) for field in self.CONTENT_FIELDS}


class QuestionSetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=QuestionSet.Status.PUBLISHED)

    def with_items(self):
        return self.prefetch_related(
            models.Prefetch(
                "items",
                queryset=QuestionSetItem.objects.select_related(
                    "question_version__question",
                    "question_version__scale",
                    "question_version__source",
                ).prefetch_related("question_version__scale__options"),
            ),
            "indicators",
        )


class QuestionSet(TimeStampedModel):
    """A national question set (vragenset / module) measuring one or more indicators."""

    class Status(models.TextChoices):
        DRAFT = "concept", _("concept")
        PUBLISHED = "gepubliceerd", _("gepubliceerd")
        RETIRED = "vervallen", _("vervallen")

    code = code_field()
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=300)
    name_en = models.CharField(_("naam (Engels)"), max_length=300, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    intro_nl = models.TextField(
        _("gedeelde inleiding (Nederlands)"),
        blank=True,
        help_text=_("de stam van een matrixvraag; hoort bij de vergelijkbare formulering"),
    )
    intro_en = models.TextField(_("gedeelde inleiding (Engels)"), blank=True)
    indivisible = models.BooleanField(
        _("ondeelbaar"), default=False, help_text=_("de set komt altijd in zijn geheel mee")
    )
    order_locked = models.BooleanField(
        _("vaste volgorde"), default=False, help_text=_("de volgorde binnen de set ligt vast")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    indicators = models.ManyToManyField(
        Indicator, related_name="question_sets", blank=True, verbose_name=_("indicatoren")
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="question_sets",
        verbose_name=_("bron"),
    )

    objects = QuestionSetQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("vragenset")
        verbose_name_plural = _("vragensets")
        constraints = [code_rule_constraint("questionsets_set_code_rule")]

    def __str__(self) -> str:
        return self.name_nl


class QuestionSetItem(models.Model):
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="items", verbose_name=_("vragenset")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    question_version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.PROTECT,
        related_name="set_items",
        verbose_name=_("vraagversie"),
    )

    class Meta:
        ordering = ["question_set", "position"]
        verbose_name = _("vraag in set")
        verbose_name_plural = _("vragen in set")
        constraints = [
            models.UniqueConstraint(
                fields=["question_set", "question_version"], name="questionsets_item_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_set.code} #{self.position}"
