"""Scoring rules as data: how an indicator's figure is computed from which questions.

A rule belongs to one indicator and one variant of it (the spanningsschaal has a variant
"in de samenleving" and one "in uw buurt", each over its own questions). Three kinds:

- ``item_percentage``: the percentage of valid answers in given categories of one item;
- ``any_percentage``: the percentage of respondents with at least ``min_matches`` of the
  items answered in the categories (e.g. "at least one group pair 'veel' or 'heel veel'");
- ``scale_score``: per item a recode and whether it is reversed, a minimum number of valid
  answers, the sum or mean, and a linear transform to a range such as 0-10.

Missing codes never count: an answer with a missing code is no answer. The same rule
computes the local figure and is the rule the national figure was computed with
(``NationalFigure.rule`` and its ``rule_signature``, a hash of the rule's definition, so a
later change to the rule makes old figures "another rule").

The scoring itself works on plain values (``RuleSpec``), so it is tested without a
database: ``respondent_score`` gives one respondent's score, or None when they do not
count (too few valid answers).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from ..models.base import TimeStampedModel
from .models import Indicator
from .question_models import Question


class ScoringKind(models.TextChoices):
    ITEM_PERCENTAGE = "item_percentage", _("percentage geldige antwoorden in categorieën")
    ANY_PERCENTAGE = "any_percentage", _("percentage respondenten dat aan een voorwaarde voldoet")
    SCALE_SCORE = "scale_score", _("schaalscore")


class Aggregate(models.TextChoices):
    MEAN = "mean", _("gemiddelde")
    SUM = "sum", _("som")


class ScoringRuleQuerySet(models.QuerySet):
    def with_items(self):
        return self.select_related("indicator").prefetch_related(
            models.Prefetch("items", queryset=ScoringItem.objects.select_related("question"))
        )


class ScoringRule(TimeStampedModel):
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="scoring_rules",
        verbose_name=_("indicator"),
    )
    variant = models.CharField(
        _("variant"), max_length=100, help_text=_("bijv. 'in de samenleving' of 'in uw buurt'")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ScoringKind.choices)
    categories = models.JSONField(
        _("antwoordcategorieën"), default=list, blank=True, help_text=_("codes die meetellen")
    )
    min_matches = models.PositiveSmallIntegerField(
        _("minimaal aantal vragen in de categorieën"), default=1
    )
    min_valid = models.PositiveSmallIntegerField(_("minimaal aantal geldige antwoorden"), default=1)
    aggregate = models.CharField(
        _("samenvatting"), max_length=10, choices=Aggregate.choices, default=Aggregate.MEAN
    )
    target_min = models.FloatField(_("schaal van"), null=True, blank=True)
    target_max = models.FloatField(_("schaal tot"), null=True, blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    objects = ScoringRuleQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__code", "variant"]
        verbose_name = _("rekenregel")
        verbose_name_plural = _("rekenregels")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "variant"], name="questionsets_scoringrule_unique_variant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} ({self.variant})"

    @property
    def is_percentage(self) -> bool:
        return self.kind != ScoringKind.SCALE_SCORE

    def spec(self) -> RuleSpec:
        """The rule as plain values (items in order): what the scoring functions take."""
        return RuleSpec(
            kind=self.kind,
            items=tuple(
                ItemRule(i.question.code, i.reversed, _int_keys(i.recode)) for i in self.items.all()
            ),
            categories=frozenset(self.categories),
            min_matches=self.min_matches,
            min_valid=self.min_valid,
            aggregate=self.aggregate,
            target=None if self.target_min is None else (self.target_min, self.target_max),
        )

    def signature(self) -> str:
        return self.spec().signature()

    def describe(self, language: str | None = None) -> str:
        """The rule in plain words, in the active language unless one is named."""
        if language is None:
            return describe(self.spec())
        with override(language):
            return describe(self.spec())

    def clean(self) -> None:
        errors = {}
        codes = self.categories if isinstance(self.categories, list) else None
        if codes is None or not all(isinstance(c, int) and not isinstance(c, bool) for c in codes):
            errors["categories"] = _("Antwoordcategorieën zijn een lijst van gehele getallen.")
        elif self.kind != ScoringKind.SCALE_SCORE and not codes:
            errors["categories"] = _("Een percentage heeft antwoordcategorieën nodig.")
        if (self.target_min is None) != (self.target_max is None) or (
            self.target_min is not None and self.target_min >= self.target_max
        ):
            errors["target_max"] = _("Vul beide schaalgrenzen in, de eerste kleiner dan de tweede.")
        if errors:
            raise ValidationError(errors)


class ScoringItem(models.Model):
    rule = models.ForeignKey(
        ScoringRule, on_delete=models.CASCADE, related_name="items", verbose_name=_("rekenregel")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="scoring_items", verbose_name=_("vraag")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    reversed = models.BooleanField(_("omgepoold"), default=False)
    recode = models.JSONField(
        _("hercodering"),
        default=dict,
        blank=True,
        help_text=_('antwoordcode -> waarde, bijv. {"1": 0, "2": 1}; leeg: de code zelf'),
    )

    class Meta:
        ordering = ["rule", "position", "pk"]
        verbose_name = _("vraag in rekenregel")
        verbose_name_plural = _("vragen in rekenregel")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "question"], name="questionsets_scoringitem_unique_question"
            )
        ]

    def __str__(self) -> str:
        return self.question.code

    def clean(self) -> None:
        recode = self.recode
        valid = isinstance(recode, dict) and all(
            str(k).lstrip("-").isdigit() and isinstance(v, int | float) and not isinstance(v, bool)
            for k, v in recode.items()
        )
        if not valid:
            raise ValidationError(
                {"recode": _('Een hercodering is bijv. {"1": 0, "2": 1}: antwoordcode -> getal.')}
            )


def _int_keys(recode: dict) -> dict[int, float]:
    return {int(k): float(v) for k, v in (recode or {}).items()}


# --------------------------------------------------------------------------- plain scoring


@dataclass(frozen=True)
class ItemRule:
    code: str
    reversed: bool = False
    recode: dict[int, float] = field(default_factory=dict)

    def value(self, answer: float) -> float:
        return self.recode.get(int(answer), answer) if self.recode else answer


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    items: tuple[ItemRule, ...]
    categories: frozenset[int] = frozenset()
    min_matches: int = 1
    min_valid: int = 1
    aggregate: str = Aggregate.MEAN
    target: tuple[float, float] | None = None

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.items]

    def signature(self) -> str:
        data = {
            "kind": self.kind,
            "items": [[i.code, i.reversed, sorted(i.recode.items())] for i in self.items],
            "categories": sorted(self.categories),
            "min_matches": self.min_matches,
            "min_valid": self.min_valid,
            "aggregate": self.aggregate,
            "target": list(self.target) if self.target else None,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def respondent_score(
    rule: RuleSpec, answers: dict[str, float | None], codes: dict[str, set[int]]
) -> float | None:
    """One respondent's score: 0/1 for the percentage kinds, the scale score otherwise.

    `answers` holds each item's answer with missing codes already taken out (None);
    `codes` the substantive answer codes per item (for reversing and the scale's range).
    """
    given = [(item, answers.get(item.code)) for item in rule.items]
    valid = [(item, a) for item, a in given if a is not None]
    if len(valid) < max(rule.min_valid, 1):
        return None
    if rule.kind != ScoringKind.SCALE_SCORE:
        matches = sum(1 for _item, a in valid if int(a) in rule.categories)
        return 1.0 if matches >= rule.min_matches else 0.0
    values = [_item_value(item, a, codes[item.code]) for item, a in valid]
    return _transform(rule, _aggregate(rule, values), codes)


def _item_range(item: ItemRule, codes: set[int]) -> tuple[float, float]:
    values = [item.value(c) for c in codes]
    return min(values), max(values)


def _item_value(item: ItemRule, answer: float, codes: set[int]) -> float:
    value = item.value(answer)
    if item.reversed:
        low, high = _item_range(item, codes)
        value = low + high - value
    return value


def _aggregate(rule: RuleSpec, values: list[float]) -> float:
    mean = sum(values) / len(values)
    return mean * len(rule.items) if rule.aggregate == Aggregate.SUM else mean


def score_range(rule: RuleSpec, codes: dict[str, set[int]]) -> tuple[float, float]:
    """The lowest and highest score before the transform (sum: prorated to all items)."""
    ranges = [_item_range(item, codes[item.code]) for item in rule.items]
    low = sum(r[0] for r in ranges) / len(ranges)
    high = sum(r[1] for r in ranges) / len(ranges)
    if rule.aggregate == Aggregate.SUM:
        return low * len(ranges), high * len(ranges)
    return low, high


def _transform(rule: RuleSpec, score: float, codes: dict[str, set[int]]) -> float:
    if rule.target is None:
        return score
    low, high = score_range(rule, codes)
    if high == low:
        return rule.target[0]
    share = (score - low) / (high - low)
    return rule.target[0] + share * (rule.target[1] - rule.target[0])


def output_range(rule: RuleSpec, codes: dict[str, set[int]]) -> tuple[float, float]:
    """The range the figure is expressed on: 0-100 for percentages, else the score's."""
    if rule.kind != ScoringKind.SCALE_SCORE:
        return 0.0, 100.0
    return rule.target if rule.target is not None else score_range(rule, codes)


# --------------------------------------------------------------------------- in plain words


def describe(rule: RuleSpec) -> str:
    codes = ", ".join(rule.codes)
    categories = ", ".join(str(c) for c in sorted(rule.categories))
    if rule.kind == ScoringKind.ITEM_PERCENTAGE:
        return gettext(
            "Percentage van de geldige antwoorden op %(codes)s met antwoordcode %(categories)s."
        ) % {"codes": codes, "categories": categories}
    if rule.kind == ScoringKind.ANY_PERCENTAGE:
        return gettext(
            "Percentage respondenten dat op minstens %(k)s van de vragen %(codes)s antwoordcode "
            "%(categories)s geeft (minstens %(valid)s geldige antwoorden)."
        ) % {
            "k": rule.min_matches,
            "codes": codes,
            "categories": categories,
            "valid": rule.min_valid,
        }
    return _describe_scale(rule, codes)


def _describe_scale(rule: RuleSpec, codes: str) -> str:
    reversed_codes = [i.code for i in rule.items if i.reversed]
    parts = [
        gettext("Schaalscore over %(codes)s: %(aggregate)s van de geldige antwoorden")
        % {
            "codes": codes,
            "aggregate": gettext("de som")
            if rule.aggregate == Aggregate.SUM
            else gettext("het gemiddelde"),
        }
    ]
    if any(i.recode for i in rule.items):
        parts.append(gettext("na hercodering"))
    if reversed_codes:
        parts.append(gettext("met %(codes)s omgepoold") % {"codes": ", ".join(reversed_codes)})
    parts.append(gettext("bij minstens %(n)s geldige antwoorden") % {"n": rule.min_valid})
    if rule.target:
        parts.append(
            gettext("omgerekend naar een schaal van %(low)s tot %(high)s")
            % {"low": _number(rule.target[0]), "high": _number(rule.target[1])}
        )
    return ", ".join(parts) + "."


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
