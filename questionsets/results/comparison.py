"""Local results against the national line: the comparison rows, the inline SVG chart
and the xlsx download."""

from __future__ import annotations

import json
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
    ResultUpload,
)
from ..questionnaires.access import upload_municipality_id
from . import like_with_like, stats
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


CAVEAT_UNVERIFIED = gettext_lazy(
    "onder voorbehoud: de landelijke tekst is niet letterlijk gecontroleerd in de bron"
)


@dataclass
class Line:
    """Local estimate (municipality or one wijk) against the national figure."""

    local: LocalResult
    difference: stats.Difference | None
    caveat: bool = False

    @property
    def verdict(self) -> str:
        return self.difference.verdict if self.difference else ""

    @property
    def verdict_label(self) -> str:
        if not self.difference:
            return ""
        label = str(VERDICT_LABELS[self.verdict])
        return _("onder voorbehoud: %(verdict)s") % {"verdict": label} if self.caveat else label


@dataclass
class ComparisonRow:
    kind: str  # "item" or "indicator"
    code: str
    label: str
    item_kind: str
    figure: NationalFigure | None  # only when like meets like
    total: Line | None
    wijken: list[Line]
    reason: str = ""  # why there is no comparison ("niet vergelijkbaar: ...")
    caveat: str = ""  # compared, but with this caveat
    variant: str = ""
    rule_text: str = ""

    @property
    def compared(self) -> bool:
        return self.total is not None and self.total.difference is not None

    @property
    def comparable(self) -> bool:
        return self.figure is not None and not self.reason


@dataclass
class Comparison:
    upload: ResultUpload | None
    rows: list[ComparisonRow]
    small_wijken: list[tuple[str, int]]

    @property
    def chart(self) -> Chart:
        return build_chart([r for r in self.rows if r.compared])


def questionnaire_comparison(questionnaire) -> Comparison:
    """Every analysed item and indicator against the national line, drawn only where like
    meets like: a fixed number of queries, whatever the number of items or respondents.

    The results are the viewer's own: the owner's, or those of the municipality the
    questionnaire was shared with (``upload_municipality_id``)."""
    uploads = questionnaire.result_uploads.filter(
        municipality_id=upload_municipality_id(questionnaire)
    )
    upload = uploads.order_by("-created_at", "-pk").first()
    if upload is None:
        return Comparison(None, [], [])
    results = list(
        upload.results.select_related("indicator", "rule")
        .prefetch_related("rule__items__question")
        .order_by("wijk", "pk")
    )
    small = [(w, n) for w, n in upload.wijk_counts.items() if n < upload.min_n_wijk]
    return Comparison(upload, comparison_rows(questionnaire, results), small)


def comparison_rows(questionnaire, results: list[LocalResult], context=None) -> list[ComparisonRow]:
    """The rows for stored or freshly computed results (``compare_results`` uses the latter);
    a ``context`` loaded once can serve the results of several uploads."""
    context = context or like_with_like.Context.load(questionnaire, results)
    item_results, indicator_results = _split(results)
    rows = [_item_row(context, item, item_results[item.pk]) for item in context.items]
    keys = sorted(indicator_results, key=lambda k: (context.indicator_code(k), k[1] or 0))
    rows += [_indicator_row(context, indicator_results[key]) for key in keys]
    return rows


def _split(results) -> tuple[dict, dict]:
    items: dict[int, list] = {}
    indicators: dict[tuple, list] = {}
    for result in results:
        if result.item_id:
            items.setdefault(result.item_id, []).append(result)
        else:
            indicators.setdefault((result.indicator_id, result.rule_id), []).append(result)
    return items, indicators


def _item_row(context, item, results) -> ComparisonRow:
    row = ComparisonRow(
        "item", item.code, item.display_wording(), item.get_kind_display(), None, None, []
    )
    figure, row.reason = context.item_figure(item, results[0])
    if figure is not None and not item.question_version.is_verified:
        row.caveat = str(CAVEAT_UNVERIFIED)
    return _fill(row, figure, results)


def _indicator_row(context, results) -> ComparisonRow:
    local = results[0]
    indicator, rule = local.indicator, local.rule
    row = ComparisonRow(
        "indicator", indicator.code, indicator.name_nl, _("indicator"), None, None, []
    )
    row.variant = rule.variant if rule else ""
    row.rule_text = rule.describe() if rule else ""
    figure, row.reason = context.indicator_figure(local)
    if figure is not None and context.unverified(local.version_fingerprints):
        row.caveat = str(CAVEAT_UNVERIFIED)
    return _fill(row, figure, results)


def _fill(row: ComparisonRow, figure, results) -> ComparisonRow:
    if figure is not None and not row.reason:
        row.figure = figure
    caveat = bool(row.caveat)
    lines = [Line(r, _difference(r, row.figure) if row.figure else None, caveat) for r in results]
    row.total = next((line for line in lines if not line.local.wijk), None)
    row.wijken = [line for line in lines if line.local.wijk]
    return row


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


# --------------------------------------------------------------------------- as data


def comparison_data(rows: list[ComparisonRow]) -> list[dict]:
    """One object per item or indicator (the municipality's line; wijken are in the xlsx).

    Values are percentages (0-100) or on the rule's range; ``n`` counts valid answers
    (unweighted) and ``n_missing`` the answers with a missing code or left empty.
    """
    return [_row_data(row) for row in rows if row.total is not None]


def _row_data(row: ComparisonRow) -> dict:
    local, figure = row.total.local, row.figure
    return {
        "kind": row.kind,
        "code": row.code,
        "variant": row.variant or None,
        "statistic": local.statistic,
        "categories": list(local.categories) if local.is_percentage else None,
        "local": {
            "value": _round(local.value),
            "low": _round(local.ci_low),
            "high": _round(local.ci_high),
            "n": local.n,
            "n_missing": local.n_missing,
        },
        "national": None
        if figure is None
        else {
            "value": figure.value,
            "low": figure.ci_low,
            "high": figure.ci_high,
            "year": figure.year,
            "source": str(figure.source),
        },
        "comparable": row.comparable,
        "reason": row.reason,
        "caveat": row.caveat,
        "verdict": row.total.verdict or None,
    }


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
    data = workbook.write_workbook([(_("vergelijking"), dataset)])
    return f"vergelijking-{file_stem(questionnaire)}.xlsx", workbook.XLSX_CONTENT_TYPE, data


def comparison_json(questionnaire, comparison: Comparison) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of ``comparison_data`` as a JSON download."""
    data = json.dumps(comparison_data(comparison.rows), ensure_ascii=False, indent=1)
    return f"vergelijking-{file_stem(questionnaire)}.json", "application/json", data.encode()


def file_stem(questionnaire) -> str:
    """The part of a download's name that says which questionnaire it is about."""
    return slugify(f"{questionnaire.title}-{questionnaire.year}") or "vragenlijst"


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
        row.reason
        or row.caveat
        or (str(NATIONAL_SE_NOTES[diff.national_se_source]) if diff else ""),
    ]


def _round(value, digits: int = 2):
    return None if value is None else round(value, digits)
