"""Side by side: the results of every municipality that shares one questionnaire, each
against the national line (the comparison machinery of questionsets.results, like with
like only). A fixed number of queries, whatever the number of municipalities."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import LocalResult, ResultUpload
from ..results import like_with_like
from ..results.comparison import ComparisonRow, Line, comparison_rows


@dataclass
class Cell:
    line: Line | None
    reason: str = ""


@dataclass
class SideRow:
    code: str
    label: str
    kind: str
    variant: str
    figure: object | None
    reason: str
    caveat: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class SideBySide:
    municipalities: list
    rows: list[SideRow]


def side_by_side(questionnaire) -> SideBySide:
    uploads = list(
        ResultUpload.objects.filter(questionnaire=questionnaire)
        .select_related("municipality")
        .order_by("municipality__name", "-created_at")
    )
    uploads = _owner_first(questionnaire, uploads)
    if not uploads:
        return SideBySide([], [])
    results = list(
        LocalResult.objects.filter(upload__in=uploads, wijk="")
        .select_related("indicator", "rule")
        .prefetch_related("rule__items__question")
        .order_by("pk")
    )
    context = like_with_like.Context.load(questionnaire, results)
    per_upload = {u.pk: [r for r in results if r.upload_id == u.pk] for u in uploads}
    tables = [comparison_rows(questionnaire, per_upload[u.pk], context) for u in uploads]
    municipalities = [u.municipality or questionnaire.municipality for u in uploads]
    return SideBySide(municipalities, _pivot(tables))


def _owner_first(questionnaire, uploads) -> list[ResultUpload]:
    """The newest upload per municipality, the owner's first."""
    seen, result = set(), []
    for upload in sorted(uploads, key=lambda u: u.municipality_id is not None):
        if upload.municipality_id not in seen:
            seen.add(upload.municipality_id)
            result.append(upload)
    return result


def _key(row: ComparisonRow) -> tuple:
    return (row.kind, row.code, row.variant)


def _pivot(tables: list[list[ComparisonRow]]) -> list[SideRow]:
    order, by_key = [], {}
    for index, rows in enumerate(tables):
        for row in rows:
            if row.total is None:
                continue
            key = _key(row)
            if key not in by_key:
                order.append(key)
                by_key[key] = SideRow(
                    row.code, row.label, row.kind, row.variant, row.figure, row.reason, row.caveat
                )
                by_key[key].cells = [Cell(None) for _table in tables]
            by_key[key].cells[index] = Cell(row.total)
    for key in order:
        _mark_unlike(by_key[key])
    return [by_key[key] for key in order]


def _mark_unlike(row: SideRow) -> None:
    """Cells on other question versions, another rule or another statistic than the first
    are not put next to the others: "niet vergelijkbaar"."""
    present = [c for c in row.cells if c.line is not None]
    reference = _signature(present[0].line.local)
    for cell in present[1:]:
        if _signature(cell.line.local) != reference:
            cell.reason = _("niet vergelijkbaar: andere vraagversies of rekenregel")


def _signature(local: LocalResult) -> tuple:
    return (
        tuple(sorted(local.version_fingerprints)),
        local.rule_signature,
        local.statistic,
        tuple(sorted(local.categories or [])),
        local.scale_min,
        local.scale_max,
    )
