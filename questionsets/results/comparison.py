"""Local results against the national line: the comparison rows, the inline SVG chart
and the xlsx download."""

from __future__ import annotations

import math
from dataclasses import dataclass

import tablib
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..curation import workbook
from ..models import (
    LocalResult,
    NationalFigure,
    QuestionnaireItem,
    ResultUpload,
)
from . import stats
from .figures import latest_national_figures
from .tables import format_number

# --------------------------------------------------------------------------- comparison

VERDICT_LABELS = {
    stats.Verdict.HIGHER: gettext_lazy("significant hoger"),
    stats.Verdict.LOWER: gettext_lazy("significant lager"),
    stats.Verdict.NO_DIFFERENCE: gettext_lazy("geen aantoonbaar verschil"),
    stats.Verdict.UNKNOWN: gettext_lazy("niet te toetsen (geen standaardfout)"),
}
NATIONAL_SE_NOTES = {
    "given": gettext_lazy("landelijke standaardfout uit de bron"),
    "from_n": gettext_lazy("landelijke standaardfout afgeleid uit n"),
    "fixed": gettext_lazy("landelijk cijfer als vast behandeld (geen standaardfout of n bekend)"),
}


@dataclass
class Line:
    """Local estimate (municipality or one wijk) against the national figure."""

    local: LocalResult
    difference: stats.Difference | None

    @property
    def verdict(self) -> str:
        return self.difference.verdict if self.difference else ""

    @property
    def verdict_label(self) -> str:
        return str(VERDICT_LABELS[self.verdict]) if self.difference else ""


@dataclass
class ComparisonRow:
    kind: str  # "item" or "indicator"
    code: str
    label: str
    item_kind: str
    figure: NationalFigure | None
    total: Line | None
    wijken: list[Line]
    reason: str = ""  # why there is no comparison

    @property
    def compared(self) -> bool:
        return self.total is not None and self.total.difference is not None


@dataclass
class Comparison:
    upload: ResultUpload | None
    rows: list[ComparisonRow]
    small_wijken: list[tuple[str, int]]

    @property
    def chart(self) -> Chart:
        return build_chart([r for r in self.rows if r.compared])


def questionnaire_comparison(questionnaire) -> Comparison:
    """Every analysed item and indicator against the national line: 5 queries, any size."""
    upload = questionnaire.result_uploads.order_by("-created_at", "-pk").first()
    if upload is None:
        return Comparison(None, [], [])
    results = list(upload.results.select_related("indicator").order_by("wijk", "pk"))
    item_results, indicator_results = _split(results)
    items = list(  # only the items with results: a 500-item questionnaire may have a few
        QuestionnaireItem.objects.filter(questionnaire=questionnaire, pk__in=list(item_results))
        .select_related("question_version__question")
        .order_by("section__position", "position", "pk")
    )
    indicator_ids = {r.indicator_id for r in results if r.indicator_id}
    by_question, by_indicator = latest_national_figures(
        question_ids=[i.question_version.question_id for i in items if i.is_national],
        indicator_ids=indicator_ids,
    )
    rows = [_item_row(item, by_question, item_results[item.pk]) for item in items]
    indicators = {r.indicator_id: r.indicator for r in results if r.indicator_id}
    rows += [
        _indicator_row(indicators[pk], by_indicator.get(pk), indicator_results[pk])
        for pk in sorted(indicators, key=lambda pk: indicators[pk].code)
    ]
    small = [(w, n) for w, n in upload.wijk_counts.items() if n < upload.min_n_wijk]
    return Comparison(upload, rows, small)


def _split(results) -> tuple[dict, dict]:
    items: dict[int, list] = {}
    indicators: dict[int, list] = {}
    for result in results:
        if result.item_id:
            items.setdefault(result.item_id, []).append(result)
        else:
            indicators.setdefault(result.indicator_id, []).append(result)
    return items, indicators


def _item_row(item, figures, results) -> ComparisonRow:
    figure = figures.get(item.question_version.question_id) if item.is_national else None
    row = ComparisonRow(
        "item", item.code, item.display_wording(), item.get_kind_display(), figure, None, []
    )
    if not item.is_national:
        row.reason = _("eigen of aangepaste vraag: geen landelijke lijn")
    return _fill(row, results)


def _indicator_row(indicator, figure, results) -> ComparisonRow:
    row = ComparisonRow(
        "indicator", indicator.code, indicator.name_nl, _("indicator"), figure, None, []
    )
    return _fill(row, results)


def _fill(row: ComparisonRow, results) -> ComparisonRow:
    figure = row.figure
    if figure is not None:
        reason = _incomparable(figure, results[0])
        if reason:
            row.reason, figure = reason, None
    elif not row.reason:
        row.reason = _("geen landelijk cijfer in de catalogus")
    lines = [Line(r, _difference(r, figure) if figure else None) for r in results]
    row.total = next((line for line in lines if not line.local.wijk), None)
    row.wijken = [line for line in lines if line.local.wijk]
    return row


def _incomparable(figure: NationalFigure, local: LocalResult) -> str:
    if figure.statistic != local.statistic:
        return _("landelijk een ander soort cijfer (%(statistic)s)") % {
            "statistic": figure.get_statistic_display()
        }
    if figure.is_percentage and sorted(figure.categories) != sorted(local.categories):
        return _("landelijk andere antwoordcategorieën geteld")
    if (
        not figure.is_percentage
        and figure.scale_min is not None
        and ((figure.scale_min, figure.scale_max) != (local.scale_min, local.scale_max))
    ):
        return _(
            "niet vergelijkbaar: landelijk op een schaal van %(low)s tot %(high)s, "
            "lokaal antwoordcodes %(local_low)s tot %(local_high)s"
        ) % {
            "low": _short(figure.scale_min),
            "high": _short(figure.scale_max),
            "local_low": _short(local.scale_min),
            "local_high": _short(local.scale_max),
        }
    return ""


def _short(value) -> str:
    return "?" if value is None else format_number(value)


def _difference(local: LocalResult, figure: NationalFigure) -> stats.Difference:
    factor = 100.0 if figure.is_percentage else 1.0

    def unit(x):
        return None if x is None else x / factor

    return stats.difference_test(
        unit(local.value),
        unit(local.se),
        unit(figure.value),
        national_se=unit(figure.standard_error),
        national_n=figure.n,
        is_proportion=figure.is_percentage,
    )


# --------------------------------------------------------------------------- chart (inline SVG)

CHART_WIDTH = 640
CHART_LABEL_WIDTH = 170
CHART_PLOT_LEFT = 180
CHART_PLOT_RIGHT = 600
CHART_ROW_HEIGHT = 44
CHART_TOP = 10


@dataclass(frozen=True)
class ChartRow:
    y: int
    label: str
    title: str
    axis_low: str
    axis_high: str
    local_x: float
    local_low_x: float
    local_high_x: float
    national_x: float
    national_low_x: float | None
    national_high_x: float | None
    verdict: str

    @property
    def band_y(self) -> int:
        return self.y - CHART_ROW_HEIGHT // 2 + 2

    @property
    def text_y(self) -> int:
        return self.y + 4

    @property
    def verdict_y(self) -> int:
        return self.y + 16

    @property
    def local_y(self) -> int:
        return self.y - 6

    @property
    def national_y(self) -> int:
        return self.y + 8

    @property
    def diamond(self) -> str:
        x, y = self.national_x, self.national_y
        return f"{x:.1f},{y - 6} {x + 6:.1f},{y} {x:.1f},{y + 6} {x - 6:.1f},{y}"


@dataclass(frozen=True)
class Chart:
    rows: list[ChartRow]
    width: int = CHART_WIDTH
    label_width: int = CHART_LABEL_WIDTH
    plot_left: int = CHART_PLOT_LEFT
    plot_right: int = CHART_PLOT_RIGHT
    row_height: int = CHART_ROW_HEIGHT

    @property
    def height(self) -> int:
        return CHART_TOP + len(self.rows) * CHART_ROW_HEIGHT + 10

    @property
    def band_width(self) -> int:
        return self.width

    @property
    def band_height(self) -> int:
        return CHART_ROW_HEIGHT - 4


def build_chart(rows: list[ComparisonRow]) -> Chart:
    """One line per compared item or indicator: local interval and dot, national diamond.

    Percentages run 0-100; means run over the figure's scale (or the answer codes).
    """
    chart_rows = []
    for index, row in enumerate(rows):
        local, figure = row.total.local, row.figure
        low, high = _axis(local, figure)

        def x(value, low=low, high=high):
            span = (high - low) or 1.0
            share = min(max((value - low) / span, 0.0), 1.0)
            return round(CHART_PLOT_LEFT + share * (CHART_PLOT_RIGHT - CHART_PLOT_LEFT), 1)

        local_low = local.ci_low if local.ci_low is not None else local.value
        local_high = local.ci_high if local.ci_high is not None else local.value
        chart_rows.append(
            ChartRow(
                y=CHART_TOP + index * CHART_ROW_HEIGHT + CHART_ROW_HEIGHT // 2,
                label=row.code,
                title=row.label,
                axis_low=_axis_label(low, figure),
                axis_high=_axis_label(high, figure),
                local_x=x(local.value),
                local_low_x=x(local_low),
                local_high_x=x(local_high),
                national_x=x(figure.value),
                national_low_x=x(figure.ci_low) if figure.ci_low is not None else None,
                national_high_x=x(figure.ci_high) if figure.ci_high is not None else None,
                verdict=row.total.verdict_label,
            )
        )
    return Chart(chart_rows)


def _axis(local: LocalResult, figure: NationalFigure) -> tuple[float, float]:
    if figure.is_percentage:
        return 0.0, 100.0
    if figure.scale_min is not None:
        return figure.scale_min, figure.scale_max
    if local.scale_min is not None:
        return local.scale_min, local.scale_max
    values = [v for v in (local.ci_low, local.ci_high, local.value, figure.value) if v is not None]
    return math.floor(min(values)), math.ceil(max(values))


def _axis_label(value: float, figure: NationalFigure) -> str:
    return f"{format_number(value)}%" if figure.is_percentage else format_number(value)


# --------------------------------------------------------------------------- xlsx download


def comparison_workbook(questionnaire, comparison: Comparison) -> tuple[str, str, bytes]:
    """(filename, content type, bytes): one row per item/indicator and wijk; text cells only
    as plain strings, never formulas."""
    headers = [
        _("soort"),
        _("code"),
        _("omschrijving"),
        _("wijk"),
        _("statistiek"),
        _("lokaal"),
        _("lokaal 95%-interval van"),
        _("lokaal 95%-interval tot"),
        _("n"),
        _("effectieve n"),
        _("landelijk"),
        _("landelijk jaar"),
        _("landelijke bron"),
        _("verschil"),
        _("z"),
        _("oordeel"),
        _("toelichting"),
    ]
    dataset = tablib.Dataset(headers=headers)
    for row in comparison.rows:
        lines = ([row.total] if row.total else []) + row.wijken
        for line in lines:
            dataset.append(_workbook_line(row, line))
    name = slugify(f"{questionnaire.title}-{questionnaire.year}") or "vragenlijst"
    data = workbook.write_workbook([(_("vergelijking"), dataset)])
    return f"vergelijking-{name}.xlsx", workbook.XLSX_CONTENT_TYPE, data


def _workbook_line(row: ComparisonRow, line: Line) -> list:
    local, figure, diff = line.local, row.figure, line.difference
    factor = 100.0 if figure is not None and figure.is_percentage else 1.0
    return [
        row.kind,
        row.code,
        row.label,
        local.wijk or _("gemeente"),
        local.get_statistic_display(),
        _round(local.value),
        _round(local.ci_low),
        _round(local.ci_high),
        local.n,
        _round(local.n_effective),
        _round(figure.value) if figure else None,
        figure.year if figure else None,
        str(figure.source) if figure else "",
        _round(diff.difference * factor) if diff else None,
        _round(diff.z) if diff and diff.z is not None and math.isfinite(diff.z) else None,
        line.verdict_label,
        row.reason or (str(NATIONAL_SE_NOTES[diff.national_se_source]) if diff else ""),
    ]


def _round(value, digits: int = 2):
    return None if value is None else round(value, digits)
