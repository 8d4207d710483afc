"""The national catalogue: sources, concepts, indicators, answer scales, questions with
immutable published versions, and question sets.

The comparability contract lives here as far as one row can enforce it: published question
versions and the answer scales they use never change in place, and question codes follow
the code rule of every target survey tool.
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models.base import (
    ImmutableError,
    TimeStampedModel,
    code_field,
    code_rule_constraint,
)

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


_INTERNAL_REMARK = re.compile(r"\s*\(in de referentie:[^)]*\)", re.IGNORECASE)


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

    # Notes that record how the reference catalogue phrased a relation are for curators only.
    INTERNAL_NOTE_PREFIX = "in de referentie"

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

    @property
    def public_note(self) -> str:
        """The note as readers may see it, without a curator's internal reference remark
        (a whole note "in de referentie: ..." or a trailing "(in de referentie: ...)")."""
        note = _INTERNAL_REMARK.sub("", self.note).strip()
        return "" if note.casefold().startswith(self.INTERNAL_NOTE_PREFIX) else note


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


# --------------------------------------------------------------------------- question sets
