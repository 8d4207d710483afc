"""The whole-catalogue workbook, imported in the browser: a preview of exactly what would change.

The preview compares every uploaded sheet cell by cell with the catalogue as it is exported
today (same reader on both sides), so it lists only new and changed rows and, per changed
cell, the old and the new value. The import itself is the existing one (all or nothing),
except that a changed wording of a published question becomes a proposal "ter beoordeling".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..resource_questions import QuestionResource
from ..resource_widgets import BoolWidget, _plain
from ..workbook import SHEETS, export_catalogue_workbook, import_catalogue_workbook, read_workbook
from .models import Proposal
from .services import proposal_create

# Columns that identify a row, per sheet (the rest are compared).
KEYS = {
    "schalen": ("schaal", "volgorde"),
    "berekeningen": ("indicator", "variant", "volgorde"),
}
# Columns that are not content: a read-only version number, a reason for this change.
NOT_COMPARED = {"versie", "reden_wijziging"}
KNOWN = [cls.sheet_name for cls in SHEETS]


def _bool_columns(cls) -> set[str]:
    fields = cls().fields.values()
    return {f.column_name for f in fields if isinstance(f.widget, BoolWidget)}


# Yes/no columns are written in the interface language and read in any: compared as booleans.
BOOL_COLUMNS = {cls.sheet_name: _bool_columns(cls) for cls in SHEETS}


@dataclass
class CellChange:
    row: int
    key: str
    column: str
    old: str
    new: str


@dataclass
class SheetPreview:
    sheet: str
    new: list[tuple[int, str]] = field(default_factory=list)  # (row, key)
    changed: list[CellChange] = field(default_factory=list)
    changed_rows: int = 0
    unchanged: int = 0


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _plain(value) if isinstance(value, str) else str(value)


def _cell(sheet: str, column: str, value) -> str:
    if column in BOOL_COLUMNS.get(sheet, ()):
        try:
            return _("ja") if BoolWidget().clean(value) else _("nee")
        except ValueError:
            pass
    return _text(value)


def _key(sheet: str, row: dict) -> str:
    names = KEYS.get(sheet) or (next(iter(row)),)
    return " ".join(_text(row.get(n)).strip() for n in names)


def preview(data: bytes) -> list[SheetPreview]:
    """Per known sheet of ``data``: its new rows and its changed cells against the catalogue."""
    uploaded = read_workbook(data)
    current = read_workbook(export_catalogue_workbook())
    return [
        _sheet_preview(name, uploaded[name], current.get(name))
        for name in KNOWN
        if name in uploaded
    ]


def _sheet_preview(name: str, dataset, stored) -> SheetPreview:
    result = SheetPreview(name)
    before = {_key(name, row): row for row in (stored.dict if stored is not None else [])}
    for number, row in zip(dataset.row_numbers, dataset.dict, strict=True):
        key = _key(name, row)
        old = before.get(key)
        if old is None:
            result.new.append((number, key))
            continue
        cells = [
            CellChange(number, key, column, _cell(name, column, old.get(column)), new)
            for column, value in row.items()
            if column not in NOT_COMPARED
            and (new := _cell(name, column, value)) != _cell(name, column, old.get(column))
        ]
        result.changed += cells
        result.changed_rows += bool(cells)
        result.unchanged += not cells
    return result


def propose_from_import(*, question, data: dict, change_reason: str, user) -> Proposal:
    latest = question.latest
    version = {k: v for k, v in data.items()}
    version["scale"] = version["scale"].pk if version.get("scale") else None
    version["source"] = version["source"].pk if version.get("source") else None
    payload = {"version": version, "number": latest.number + 1, "base_number": latest.number}
    return proposal_create(
        kind=Proposal.Kind.VERSION,
        author=user,
        payload=payload,
        reason=change_reason.strip(),
        submit=True,
        question_id=question.pk,
    )


def run_import(data: bytes, *, user, dry_run: bool):
    return import_catalogue_workbook(
        data, dry_run=dry_run, user=user, propose_version=propose_from_import
    )


class ProposingQuestionResource(QuestionResource):
    """The questions sheet in the admin: a changed published wording becomes a proposal."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.propose_version = propose_from_import
