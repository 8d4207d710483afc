"""The national trend of an indicator: its figures over the years, as a small chart and a table.

Figures form one series per subject (the indicator in one variant, or one question) and
statistic; a series is drawn as dots with their 95% interval where the source gave one.
Coordinates are computed here (plain, unit-tested) so the template only places them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import get_object_or_404

from ..models import Indicator, NationalFigure, QuestionSet, ScoringRule
from ..results.tables import format_number

WIDTH, HEIGHT = 480, 160
LEFT, RIGHT, TOP, BOTTOM = 48, 464, 16, 128


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    low_y: float | None
    high_y: float | None
    figure: NationalFigure

    @property
    def label(self) -> str:
        return f"{self.figure.year}: {self.figure.display_value()}"


@dataclass
class Series:
    title: str
    figures: list[NationalFigure]
    points: list[Point]
    axis_low: str
    axis_high: str
    years: list[tuple[float, int]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


@dataclass
class IndicatorPage:
    indicator: Indicator
    rules: list[ScoringRule]
    series: list[Series]
    sets: list[QuestionSet]


def indicator_page(code: str) -> IndicatorPage:
    """Queries: 1 indicator + concept, 2 rules, 3 their items with questions, 4 figures
    (with source and subject) of the indicator and of the rules' questions, 5 its sets."""
    indicator = get_object_or_404(Indicator.objects.select_related("concept"), code=code)
    rules = list(ScoringRule.objects.with_items().filter(indicator=indicator))
    question_ids = {item.question_id for rule in rules for item in rule.items.all()}
    figures = NationalFigure.objects.select_related("source", "question", "indicator").filter(
        Q(indicator=indicator) | Q(question_id__in=question_ids)
    )
    sets = QuestionSet.objects.published().filter(indicators=indicator).order_by("code")
    return IndicatorPage(indicator, rules, trend_series(list(figures)), list(sets))


def trend_series(figures: list[NationalFigure]) -> list[Series]:
    groups: dict[tuple, list[NationalFigure]] = {}
    for figure in figures:
        subject = figure.question.code if figure.question_id else figure.variant
        key = (figure.question_id is not None, subject, figure.statistic, tuple(figure.categories))
        groups.setdefault(key, []).append(figure)
    return [_series(_title(group[0]), group) for _key, group in sorted(groups.items())]


def _title(figure: NationalFigure) -> str:
    if figure.question_id:
        return f"{figure.question.code}: {figure.display_statistic()}"
    variant = f" ({figure.variant})" if figure.variant else ""
    return f"{figure.indicator.code}{variant}: {figure.display_statistic()}"


def _series(title: str, figures: list[NationalFigure]) -> Series:
    figures = sorted(figures, key=lambda f: (f.year, f.pk))
    low, high = _value_range(figures)
    first, last = figures[0].year, figures[-1].year

    def x(year: int) -> float:
        span = (last - first) or 1
        share = (year - first) / span if last != first else 0.5
        return round(LEFT + share * (RIGHT - LEFT), 1)

    def y(value: float | None) -> float | None:
        if value is None:
            return None
        share = (value - low) / ((high - low) or 1.0)
        return round(BOTTOM - share * (BOTTOM - TOP), 1)

    points = [Point(x(f.year), y(f.value), y(f.ci_low), y(f.ci_high), f) for f in figures]
    years = sorted({(x(f.year), f.year) for f in figures})
    unit = "%" if figures[0].is_percentage else ""
    return Series(
        title, figures, points, f"{format_number(low)}{unit}", f"{format_number(high)}{unit}", years
    )


def _value_range(figures: list[NationalFigure]) -> tuple[float, float]:
    first = figures[0]
    if first.is_percentage:
        return 0.0, 100.0
    if first.scale_min is not None:
        return first.scale_min, first.scale_max
    values = [v for f in figures for v in (f.value, f.ci_low, f.ci_high) if v is not None]
    return min(values), max(values)
