"""The national catalogue (concepts -> indicators -> question sets -> questions)
and the municipal side (municipalities, memberships, questionnaires).

The comparability contract lives here as far as one row can enforce it:
published question versions and the answer scales they use never change in
place, and question codes follow the code rule of every target survey tool.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CODE_PATTERN = r"^[a-z][a-z0-9]{0,19}$"
CODE_MAX_LENGTH = 20
code_validator = RegexValidator(
    CODE_PATTERN,
    _(
        "Een code begint met een kleine letter, gevolgd door kleine letters en cijfers, "
        "en is hoogstens 20 tekens lang."
    ),
    code="invalid_code",
)


class ImmutableError(ValidationError):
    """Raised when code tries to change something the comparability contract freezes."""


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


def code_field(verbose_name=None, **kwargs) -> models.CharField:
    return models.CharField(
        verbose_name or _("code"),
        max_length=CODE_MAX_LENGTH,
        unique=True,
        validators=[code_validator],
        help_text=_("kleine letter, dan kleine letters en cijfers; hoogstens 20 tekens"),
        **kwargs,
    )


def code_rule_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(code__regex=CODE_PATTERN), name=name)


# --------------------------------------------------------------------------- sources


class Source(TimeStampedModel):
    """An instrument in a given edition, e.g. CBS Veiligheidsmonitor 2023."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    instrument = models.CharField(_("instrument"), max_length=200)
    publisher = models.CharField(_("uitgever"), max_length=200, blank=True)
    edition = models.CharField(_("editie"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("jaar"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["instrument", "edition"]
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")

    def __str__(self) -> str:
        return f"{self.instrument} {self.edition}".strip()


# --------------------------------------------------------------------------- concepts


class Concept(TimeStampedModel):
    class Domain(models.TextChoices):
        SOCIAL = "sociaal", _("sociaal domein")
        SAFETY = "oov", _("openbare orde en veiligheid")
        BOTH = "beide", _("beide")

    class Framing(models.TextChoices):
        POSITIVE = "positief", _("positief")
        NEGATIVE = "negatief", _("negatief")
        AMBIVALENT = "ambivalent", _("ambivalent")

    class Scope(models.TextChoices):
        SOCIETAL = "maatschappelijk", _("maatschappelijk")
        PERSONAL = "persoonsgericht", _("persoonsgericht")

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("bijv. C01"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    domain = models.CharField(_("domein"), max_length=20, choices=Domain.choices)
    framing = models.CharField(_("framing"), max_length=20, choices=Framing.choices)
    scope = models.CharField(
        _("reikwijdte"), max_length=20, choices=Scope.choices, default=Scope.SOCIETAL
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("begrip")
        verbose_name_plural = _("begrippen")

    def __str__(self) -> str:
        return self.name_nl


class Definition(TimeStampedModel):
    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="definitions", verbose_name=_("begrip")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("definitie"))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("bron")
    )
    source_note = models.CharField(_("bronvermelding"), max_length=300, blank=True)
    is_verbatim = models.BooleanField(_("letterlijk uit de bron"), default=False)

    class Meta:
        ordering = ["concept", "position", "pk"]
        verbose_name = _("definitie")
        verbose_name_plural = _("definities")

    def __str__(self) -> str:
        return self.text[:80]


class ConceptRelation(TimeStampedModel):
    class Kind(models.TextChoices):
        CAN_LEAD_TO = "kan_leiden_tot", _("kan leiden tot")
        BREEDING_GROUND = "voedingsbodem_voor", _("voedingsbodem voor")
        COUNTERPART = "tegenhanger_van", _("tegenhanger van")
        RELATED = "hangt_samen_met", _("hangt samen met")
        ARISES_FROM = "komt_voort_uit", _("komt voort uit")
        FED_BY = "gevoed_door", _("gevoed door")
        CAN_TURN_INTO = "kan_overgaan_in", _("kan overgaan in")
        PROTECTS_AGAINST = "beschermt_tegen", _("beschermt tegen")
        PART_OF = "onderdeel_van", _("onderdeel van")
        CATALYST_FOR = "katalysator_voor", _("katalysator voor")
        UNDERMINES = "ondermijnt", _("ondermijnt")

    source = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("van")
    )
    target = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("naar")
    )
    kind = models.CharField(_("soort relatie"), max_length=30, choices=Kind.choices)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        ordering = ["source", "kind", "target"]
        verbose_name = _("relatie tussen begrippen")
        verbose_name_plural = _("relaties tussen begrippen")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="questionsets_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="questionsets_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class Indicator(TimeStampedModel):
    class Kind(models.TextChoices):
        SURVEY = "enquete", _("enquête")
        REGISTRATION = "registratie", _("registratie")
        COMPOSITE = "samengesteld", _("samengesteld")

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("bijv. C01-I1"))
    concept = models.ForeignKey(
        Concept, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("begrip")
    )
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=300)
    name_en = models.CharField(_("naam (Engels)"), max_length=300, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.SURVEY)
    computation = models.CharField(
        _("berekening"),
        max_length=300,
        blank=True,
        help_text=_("bijv. gemiddelde schaalscore 0-10, % (helemaal) mee eens"),
    )
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")

    def __str__(self) -> str:
        return self.name_nl


# --------------------------------------------------------------------------- answer scales


class AnswerScaleQuerySet(models.QuerySet):
    def with_options(self):
        return self.prefetch_related("options")


class AnswerScale(TimeStampedModel):
    """A reusable, ordered list of answer options.

    Once a question version uses a scale, its options are frozen: a different
    scale is a new AnswerScale with its own code.
    """

    code = code_field()
    name = models.CharField(_("naam"), max_length=200)
    note = models.TextField(_("toelichting"), blank=True)

    objects = AnswerScaleQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("antwoordschaal")
        verbose_name_plural = _("antwoordschalen")
        constraints = [code_rule_constraint("questionsets_scale_code_rule")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def is_in_use(self) -> bool:
        return self.pk is not None and self.question_versions.exists()

    def options_signature(self) -> list[list]:
        return [[o.code, o.label_nl, o.label_en, o.is_missing] for o in self.options.all()]


class AnswerOption(models.Model):
    scale = models.ForeignKey(
        AnswerScale, on_delete=models.CASCADE, related_name="options", verbose_name=_("schaal")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    code = models.PositiveIntegerField(_("antwoordcode"))
    label_nl = models.CharField(_("label (Nederlands)"), max_length=300)
    label_en = models.CharField(_("label (Engels)"), max_length=300, blank=True)
    is_missing = models.BooleanField(
        _("ontbrekend antwoord"), default=False, help_text=_("bijv. 'weet niet', 'geen oordeel'")
    )

    class Meta:
        ordering = ["scale", "position"]
        verbose_name = _("antwoordoptie")
        verbose_name_plural = _("antwoordopties")
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "position"], name="questionsets_option_unique_position"
            ),
            models.UniqueConstraint(
                fields=["scale", "code"], name="questionsets_option_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_nl}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            old = (
                AnswerOption.objects.filter(pk=self.pk)
                .values("scale_id", "position", "code", "label_nl", "label_en", "is_missing")
                .first()
            )
            new = {
                "scale_id": self.scale_id,
                "position": self.position,
                "code": self.code,
                "label_nl": self.label_nl,
                "label_en": self.label_en,
                "is_missing": self.is_missing,
            }
            if old != new:
                self._guard_frozen_scale()
        else:
            self._guard_frozen_scale()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard_frozen_scale()
        return super().delete(*args, **kwargs)

    def _guard_frozen_scale(self) -> None:
        if AnswerScale.objects.filter(pk=self.scale_id, question_versions__isnull=False).exists():
            raise ImmutableError(
                _(
                    "Schaal %(code)s wordt gebruikt door een gepubliceerde vraagversie; "
                    "maak een nieuwe schaal in plaats van deze te wijzigen."
                ),
                code="scale_frozen",
                params={"code": self.scale.code},
            )


# --------------------------------------------------------------------------- questions


class Question(TimeStampedModel):
    """A national question: a stable code with immutable published versions."""

    code = code_field()
    concept = models.ForeignKey(
        Concept,
        on_delete=models.PROTECT,
        related_name="questions",
        null=True,
        blank=True,
        verbose_name=_("begrip"),
    )
    note = models.TextField(_("toelichting voor curatoren"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        constraints = [code_rule_constraint("questionsets_question_code_rule")]

    def __str__(self) -> str:
        return self.code

    def latest_version(self) -> QuestionVersion | None:
        return self.versions.order_by("-number").first()


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gepubliceerd door"),
    )

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


def fingerprint(*, wording: str, instruction: str, answer_type: str, options) -> str:
    """A hash over exactly what a respondent sees; any byte of difference changes it."""
    payload = json.dumps(
        {
            "wording": wording,
            "instruction": instruction,
            "answer_type": str(answer_type),
            "options": [[int(code), label] for code, label in options],
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- question sets


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


# --------------------------------------------------------------------------- municipalities


class Municipality(models.Model):
    code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^GM\d{4}$", _("Een CBS-gemeentecode is GM gevolgd door vier cijfers."))
        ],
    )
    name = models.CharField(_("naam"), max_length=200)
    province = models.CharField(_("provincie"), max_length=100)
    safety_region_code = models.CharField(_("code veiligheidsregio"), max_length=4)
    safety_region_name = models.CharField(_("veiligheidsregio"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        EDITOR = "editor", _("redacteur")
        READER = "reader", _("lezer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gebruiker"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gemeente"),
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.READER)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="questionsets_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.municipality} ({self.get_role_display()})"

    @property
    def can_edit(self) -> bool:
        return self.role == self.Role.EDITOR


class Questionnaire(TimeStampedModel):
    """A municipality's questionnaire (the basket). Always belongs to one municipality."""

    class Status(models.TextChoices):
        ACTIVE = "actief", _("actief")
        ARCHIVED = "gearchiveerd", _("gearchiveerd")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="questionnaires",
        verbose_name=_("gemeente"),
    )
    title = models.CharField(_("titel"), max_length=200)
    year = models.PositiveSmallIntegerField(_("jaar"))
    description = models.TextField(_("beschrijving"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    local_time_budget_minutes = models.PositiveSmallIntegerField(
        _("tijdsbudget lokale vragen (minuten)"), default=5
    )
    lock_version = models.PositiveIntegerField(_("versie voor gelijktijdig bewerken"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )

    class Meta:
        ordering = ["municipality", "-year", "title"]
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "title", "year"], name="questionsets_questionnaire_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


# =========================================================================== questionnaire builder
# The basket: what a municipality puts in its questionnaire. Everything below hangs off
# one Questionnaire, so tenancy follows from the questionnaire's municipality.
#
# Local answer scales are owned by the questionnaire (LocalScale/LocalOption) rather than
# being AnswerScale rows with a municipality owner: AnswerScale codes are one national
# namespace and a scale freezes once a published version uses it, while a local scale
# stays editable, is private to one questionnaire and is copied along with it.


class QuestionnaireSection(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("vragenlijst"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=200)

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")

    def __str__(self) -> str:
        return self.title


class QuestionnaireSet(models.Model):
    """A national set that was put in the basket; its indicators are tracked from here."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="basket_sets",
        verbose_name=_("vragenlijst"),
    )
    question_set = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vragenset"),
    )
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        ordering = ["questionnaire", "added_at", "pk"]
        verbose_name = _("vragenset in vragenlijst")
        verbose_name_plural = _("vragensets in vragenlijst")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "question_set"],
                name="questionsets_basketset_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} / {self.question_set.code}"


class LocalScale(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="local_scales",
        verbose_name=_("vragenlijst"),
    )
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        ordering = ["questionnaire", "name", "pk"]
        verbose_name = _("lokale antwoordschaal")
        verbose_name_plural = _("lokale antwoordschalen")

    def __str__(self) -> str:
        return self.name


class LocalOption(models.Model):
    scale = models.ForeignKey(
        LocalScale, on_delete=models.CASCADE, related_name="options", verbose_name=_("schaal")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    code = models.PositiveIntegerField(_("antwoordcode"))
    label_nl = models.CharField(_("label"), max_length=300)

    class Meta:
        ordering = ["scale", "position"]
        verbose_name = _("lokale antwoordoptie")
        verbose_name_plural = _("lokale antwoordopties")
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "code"], name="questionsets_localoption_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_nl}"


class QuestionnaireItemQuerySet(models.QuerySet):
    def for_builder(self):
        """Everything the builder shows per item, plus the newest published version id."""
        latest = QuestionVersion.objects.filter(
            question=models.OuterRef("question_version__question")
        ).order_by("-number")
        return (
            self.select_related(
                "question_version__question",
                "question_version__scale",
                "scale",
                "local_scale",
                "derived_from__question",
                "from_set",
            )
            .prefetch_related(
                "question_version__scale__options", "scale__options", "local_scale__options"
            )
            .annotate(latest_version_id=models.Subquery(latest.values("pk")[:1]))
        )


class QuestionnaireItem(models.Model):
    """One question in a municipal questionnaire.

    National items point at an immutable QuestionVersion and show exactly that; adapted
    and local items carry their own wording under a local code.
    """

    class Kind(models.TextChoices):
        NATIONAL = "national", _("landelijk")
        ADAPTED = "adapted", _("aangepast")
        LOCAL = "local", _("lokaal")

    # Denormalised from section so that codes are unique per questionnaire in the database.
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("vragenlijst"),
    )
    section = models.ForeignKey(
        QuestionnaireSection,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("onderdeel"),
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[code_validator])
    question_version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaire_items",
        verbose_name=_("vraagversie"),
    )
    declined_version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bewust niet bijgewerkt naar"),
    )
    from_set = models.ForeignKey(
        QuestionSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uit vragenset"),
    )
    wording = models.TextField(_("vraagtekst"), blank=True)
    instruction = models.TextField(_("instructie"), blank=True)
    answer_type = models.CharField(
        _("antwoordtype"), max_length=20, choices=AnswerType.choices, blank=True
    )
    scale = models.ForeignKey(
        AnswerScale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("antwoordschaal uit de catalogus"),
    )
    local_scale = models.ForeignKey(
        LocalScale,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("lokale antwoordschaal"),
    )
    derived_from = models.ForeignKey(
        QuestionVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgeleid van"),
    )
    not_comparable_reason = models.TextField(_("reden niet vergelijkbaar"), blank=True)

    objects = QuestionnaireItemQuerySet.as_manager()

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("vraag in vragenlijst")
        verbose_name_plural = _("vragen in vragenlijst")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="questionsets_qitem_unique_code"
            ),
            code_rule_constraint("questionsets_qitem_code_rule"),
            models.CheckConstraint(
                condition=(
                    Q(kind="national", question_version__isnull=False)
                    | Q(~Q(kind="national"), question_version__isnull=True)
                ),
                name="questionsets_qitem_national_has_version",
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(local_scale__isnull=True),
                name="questionsets_qitem_one_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.kind == self.Kind.NATIONAL:
            return
        has_scale = self.scale_id is not None or self.local_scale_id is not None
        if self.answer_type in CHOICE_TYPES and not has_scale:
            raise ValidationError(
                {"scale": _("Een keuzevraag heeft een antwoordschaal nodig.")}, code="no_scale"
            )
        if self.answer_type not in CHOICE_TYPES and has_scale:
            raise ValidationError(
                {"scale": _("Alleen keuzevragen hebben een antwoordschaal.")}, code="scale"
            )

    @property
    def is_national(self) -> bool:
        return self.kind == self.Kind.NATIONAL

    def display_wording(self) -> str:
        return self.question_version.wording_nl if self.is_national else self.wording

    def display_instruction(self) -> str:
        return self.question_version.instruction_nl if self.is_national else self.instruction

    def display_answer_type(self) -> str:
        return self.question_version.answer_type if self.is_national else self.answer_type

    def display_scale_name(self) -> str:
        scale = self.question_version.scale if self.is_national else self.scale or self.local_scale
        return scale.name if scale is not None else ""

    def display_options(self) -> list:
        """(code, label) pairs from whichever scale applies; uses prefetched options."""
        if self.is_national:
            scale = self.question_version.scale
        else:
            scale = self.scale or self.local_scale
        return [(o.code, o.label_nl) for o in scale.options.all()] if scale is not None else []


# =========================================================================== results (benchmark)
# National reference figures per question or indicator, and a municipality's local results.
# Only aggregates are stored: respondent-level uploads are parsed in memory
# (questionsets/results.py) and never reach the database.


class Statistic(models.TextChoices):
    PERCENTAGE = "percentage", _("percentage in antwoordcategorieën")
    MEAN = "mean", _("gemiddelde")


class NationalFigureQuerySet(models.QuerySet):
    def newest_first(self):
        return self.select_related("source").order_by("-year", "-pk")


class NationalFigure(TimeStampedModel):
    """A published national value for one question or one indicator in one year.

    A percentage counts the substantive answers in `categories` (answer codes); a mean is
    expressed on `scale_min`..`scale_max` (the answer codes unless the source rescaled).
    """

    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_figures",
        verbose_name=_("vraag"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_figures",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    statistic = models.CharField(_("statistiek"), max_length=20, choices=Statistic.choices)
    categories = models.JSONField(
        _("antwoordcategorieën"),
        default=list,
        blank=True,
        help_text=_("de antwoordcodes die het percentage telt, bijv. [1, 2]"),
    )
    scale_min = models.FloatField(_("schaal van"), null=True, blank=True)
    scale_max = models.FloatField(_("schaal tot"), null=True, blank=True)
    value = models.FloatField(_("waarde"), help_text=_("percentage (0-100) of gemiddelde"))
    n = models.PositiveIntegerField(_("aantal respondenten"), null=True, blank=True)
    standard_error = models.FloatField(_("standaardfout"), null=True, blank=True)
    ci_low = models.FloatField(_("95%-interval van"), null=True, blank=True)
    ci_high = models.FloatField(_("95%-interval tot"), null=True, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="national_figures", verbose_name=_("bron")
    )
    note = models.TextField(_("toelichting"), blank=True)

    objects = NationalFigureQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("landelijk cijfer")
        verbose_name_plural = _("landelijke cijfers")
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, indicator__isnull=True)
                | Q(question__isnull=True, indicator__isnull=False),
                name="questionsets_figure_question_xor_indicator",
            ),
            models.CheckConstraint(
                condition=~Q(statistic="percentage") | Q(value__gte=0, value__lte=100),
                name="questionsets_figure_percentage_range",
            ),
            models.CheckConstraint(
                condition=Q(standard_error__isnull=True) | Q(standard_error__gte=0),
                name="questionsets_figure_se_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(ci_low__isnull=True)
                | Q(ci_high__isnull=True)
                | Q(ci_low__lte=models.F("ci_high")),
                name="questionsets_figure_ci_ordered",
            ),
            models.UniqueConstraint(
                fields=["question", "year", "source", "statistic"],
                condition=Q(question__isnull=False),
                name="questionsets_figure_unique_question",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "source", "statistic"],
                condition=Q(indicator__isnull=False),
                name="questionsets_figure_unique_indicator",
            ),
        ]

    def __str__(self) -> str:
        subject = self.question.code if self.question_id else self.indicator.code
        return f"{subject} {self.year}: {self.display_value()}"

    def clean(self) -> None:
        errors = {}
        if (self.question_id is None) == (self.indicator_id is None):
            errors["question"] = _("Kies een vraag of een indicator (precies één van beide).")
        if self.statistic == Statistic.PERCENTAGE:
            if not self.categories:
                errors["categories"] = _("Een percentage heeft antwoordcategorieën nodig.")
            elif not all(isinstance(c, int) and not isinstance(c, bool) for c in self.categories):
                errors["categories"] = _("Antwoordcategorieën zijn gehele getallen.")
            if self.value is not None and not 0 <= self.value <= 100:
                errors["value"] = _("Een percentage ligt tussen 0 en 100.")
        if (self.scale_min is None) != (self.scale_max is None) or (
            self.scale_min is not None and self.scale_min >= self.scale_max
        ):
            errors["scale_max"] = _("Vul beide schaalgrenzen in, de eerste kleiner dan de tweede.")
        if self.standard_error is not None and self.standard_error < 0:
            errors["standard_error"] = _("Een standaardfout is niet negatief.")
        if None not in (self.ci_low, self.ci_high) and self.ci_low > self.ci_high:
            errors["ci_high"] = _("De bovengrens ligt onder de ondergrens.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_percentage(self) -> bool:
        return self.statistic == Statistic.PERCENTAGE

    def display_value(self) -> str:
        text = f"{self.value:.1f}".replace(".", ",")
        return f"{text}%" if self.is_percentage else text

    def categories_text(self) -> str:
        return "|".join(str(c) for c in self.categories)


class ResultUpload(TimeStampedModel):
    """One upload of local results for a questionnaire; a new upload replaces the old one."""

    class Kind(models.TextChoices):
        AGGREGATED = "aggregated", _("geaggregeerd per vraag")
        RESPONDENTS = "respondents", _("gegevens per respondent")

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="result_uploads",
        verbose_name=_("vragenlijst"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    respondents = models.PositiveIntegerField(_("aantal respondenten"), null=True, blank=True)
    weighted = models.BooleanField(_("gewogen"), default=False)
    design_effect = models.FloatField(_("design-effect (Kish)"), null=True, blank=True)
    min_n_wijk = models.PositiveSmallIntegerField(_("minimum n per wijk"), default=30)
    wijk_counts = models.JSONField(
        _("respondenten per wijk"), default=dict, blank=True, help_text=_("alleen aantallen")
    )

    class Meta:
        ordering = ["questionnaire", "-created_at", "-pk"]
        verbose_name = _("upload van lokale resultaten")
        verbose_name_plural = _("uploads van lokale resultaten")

    def __str__(self) -> str:
        return f"{self.questionnaire} ({self.get_kind_display()})"


class LocalResult(models.Model):
    """A local estimate for one item or indicator, for the municipality or one wijk."""

    upload = models.ForeignKey(
        ResultUpload, on_delete=models.CASCADE, related_name="results", verbose_name=_("upload")
    )
    item = models.ForeignKey(
        QuestionnaireItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="local_results",
        verbose_name=_("vraag in vragenlijst"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_results",
        verbose_name=_("indicator"),
    )
    wijk = models.CharField(_("wijk"), max_length=100, blank=True, help_text=_("leeg: gemeente"))
    statistic = models.CharField(_("statistiek"), max_length=20, choices=Statistic.choices)
    categories = models.JSONField(_("antwoordcategorieën"), default=list, blank=True)
    value = models.FloatField(_("waarde"))
    se = models.FloatField(_("standaardfout"), null=True, blank=True)
    ci_low = models.FloatField(_("95%-interval van"), null=True, blank=True)
    ci_high = models.FloatField(_("95%-interval tot"), null=True, blank=True)
    n = models.PositiveIntegerField(_("aantal antwoorden"))
    n_effective = models.FloatField(_("effectieve n"), null=True, blank=True)
    design_effect = models.FloatField(_("design-effect"), null=True, blank=True)
    scale_min = models.FloatField(_("laagste antwoordcode"), null=True, blank=True)
    scale_max = models.FloatField(_("hoogste antwoordcode"), null=True, blank=True)

    class Meta:
        ordering = ["upload", "wijk", "pk"]
        verbose_name = _("lokaal resultaat")
        verbose_name_plural = _("lokale resultaten")
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, indicator__isnull=True)
                | Q(item__isnull=True, indicator__isnull=False),
                name="questionsets_localresult_item_xor_indicator",
            ),
            models.UniqueConstraint(
                fields=["upload", "item", "wijk"],
                condition=Q(item__isnull=False),
                name="questionsets_localresult_unique_item",
            ),
            models.UniqueConstraint(
                fields=["upload", "indicator", "wijk"],
                condition=Q(indicator__isnull=False),
                name="questionsets_localresult_unique_indicator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id or self.indicator_id} {self.wijk or '-'}: {self.value}"

    @property
    def is_percentage(self) -> bool:
        return self.statistic == Statistic.PERCENTAGE


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

    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
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
