"""The whole catalogue as one workbook: written without formulas, read safely, imported all or nothing in batches."""

from __future__ import annotations

import dataclasses
import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ..exports.base import looks_like_formula
from ..files.formulas import formula_message, workbook_formulas
from ..files.xlsx_safety import check_row_width, open_workbook
from ..models import (
    QuestionVersion,
)
from .resource_questions import QuestionResource
from .resource_scales import ScaleResource
from .resource_scoring import ScoringResource
from .resource_sets import QuestionSetResource
from .resource_widgets import _plain
from .resources import (
    CatalogueResource,
    ConceptResource,
    IndicatorResource,
    SourceResource,
)

# Dependency order: every sheet only refers to sheets before it.
SHEETS: list[type[CatalogueResource]] = [
    SourceResource,
    ConceptResource,
    IndicatorResource,
    ScaleResource,
    QuestionResource,
    QuestionSetResource,
    ScoringResource,
]


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _write_cell(cell, value) -> None:
    """Fill a cell that can never become a formula: every text is a plain string cell."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        cell.data_type = "s"  # after assignment: openpyxl made "=..." a formula
        if looks_like_formula(value):
            cell.quotePrefix = True  # and stays text when edited in Excel
    elif value is None or isinstance(value, bool | int | float | Decimal):
        cell.value = value
    else:
        _write_cell(cell, str(value))


def write_workbook(sheets: list[tuple[str, tablib.Dataset]]) -> bytes:
    """A normal (not write-only) workbook, so readers find the sheet dimensions up front."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for title, dataset in sheets:
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        for column, name in enumerate(dataset.headers or [], start=1):
            cell = sheet.cell(row=1, column=column)
            _write_cell(cell, name)
            cell.font = bold
        for row_number, row in enumerate(dataset, start=2):
            for column, value in enumerate(row, start=1):
                _write_cell(sheet.cell(row=row_number, column=column), value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class UnreadableWorkbook(Exception):
    """openpyxl failed while parsing a sheet (read-only sheets are parsed lazily)."""


def unreadable_error() -> ValidationError:
    return ValidationError(
        _("Het bestand kon niet als Excel-werkmap worden gelezen."), code="unreadable"
    )


class SheetRows:
    """A read-only worksheet as header names and (Excel row number, cells) pairs.

    Row 1 is the header; columns without a name and blank rows are dropped, Excel row
    numbers are kept. Each iteration parses the sheet again and keeps nothing, so a
    sheet of any length costs the memory of one row.

    The first iteration goes on from the parse that read the header. An abandoned
    parse is not freed when it is dropped: the standard library's incremental XML
    parser holds itself in a reference cycle, with the part of the sheet it had read,
    until the garbage collector's next full collection.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        with _parsing():
            self._pending = sheet.iter_rows(values_only=True)
            header = next(self._pending, None) or ()
        check_row_width(header)
        names = [_plain(h).strip() for h in header]
        self.keep = [i for i, name in enumerate(names) if name]
        self.headers = [names[i] for i in self.keep]

    def __iter__(self) -> Iterator[tuple[int, list]]:
        keep = self.keep
        with _parsing():
            rows, self._pending = self._pending, None
            if rows is None:
                rows = self.sheet.iter_rows(min_row=2, values_only=True)
            for excel_row, values in enumerate(rows, start=2):
                check_row_width(values)
                cells = [values[i] if i < len(values) else None for i in keep]
                if all(v is None or v == "" for v in cells):
                    continue
                yield excel_row, cells

    def dicts(self) -> Iterator[tuple[int, dict]]:
        headers = self.headers
        for excel_row, cells in self:
            yield excel_row, dict(zip(headers, cells, strict=True))

    def batches(self, size: int) -> Iterator[tablib.Dataset]:
        """Datasets of at most `size` rows, each with its Excel ``row_numbers``."""
        dataset = None
        for excel_row, cells in self:
            if dataset is None:
                dataset = tablib.Dataset(headers=self.headers)
                dataset.row_numbers = []
            dataset.append(cells)
            dataset.row_numbers.append(excel_row)
            if len(dataset) >= size:
                yield dataset
                dataset = None
        if dataset is not None:
            yield dataset


@contextmanager
def _parsing():
    try:
        yield
    except (GeneratorExit, ValidationError):
        raise
    except Exception as exc:
        raise UnreadableWorkbook from exc


def sheet_to_dataset(sheet) -> tablib.Dataset:
    """The whole sheet in memory (the admin's preview); see ``SheetRows``."""
    rows = SheetRows(sheet)
    dataset = tablib.Dataset(headers=rows.headers)
    dataset.row_numbers = []
    for excel_row, cells in rows:
        dataset.append(cells)
        dataset.row_numbers.append(excel_row)
    return dataset


def formula_errors(workbook, data: bytes) -> list[str]:
    """One Dutch line per formula cell (sheet, row, column name, the formula)."""
    errors = []
    for title, cells in workbook_formulas(data).items():
        if title in IGNORED_SHEETS:
            continue
        header = next(workbook[title].iter_rows(max_row=1, values_only=True), ())
        for (row, column), formula in sorted(cells.items()):
            name = _plain(header[column - 1]) if column <= len(header) else ""
            errors.append(
                _("blad '%(sheet)s', rij %(row)s, kolom '%(column)s': %(message)s")
                % {"sheet": title, "row": row, "column": name, "message": formula_message(formula)}
            )
    return errors


def read_workbook(data: bytes) -> dict[str, tablib.Dataset]:
    workbook = open_workbook(data)
    try:
        if errors := formula_errors(workbook, data):
            raise ValidationError(errors)
        return {sheet.title: sheet_to_dataset(sheet) for sheet in workbook.worksheets}
    except UnreadableWorkbook as exc:
        raise unreadable_error() from exc.__cause__
    finally:
        workbook.close()


class SafeXLSX(base_formats.XLSX):
    """XLSX for the admin: upload checks before parsing, and formula-proof writing.

    `sheet_name` picks the sheet on import (falling back to the first sheet) and names
    it on export, so an admin can import the matching sheet of a full catalogue workbook.
    """

    sheet_name = ""

    @classmethod
    def for_sheet(cls, name: str) -> type[SafeXLSX]:
        return type(f"SafeXLSX_{name}", (cls,), {"sheet_name": name})

    def create_dataset(self, in_stream):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.read()
        sheets = read_workbook(data)
        if self.sheet_name in sheets:
            return sheets[self.sheet_name]
        return next(iter(sheets.values()))

    def export_data(self, dataset, **kwargs):
        return write_workbook([(self.sheet_name or "blad1", dataset)])


# Sheets a workbook may carry for people; the import ignores them.
IGNORED_SHEETS = {"toelichting"}


@dataclass
class SheetReport:
    sheet: str
    totals: dict = dataclasses.field(default_factory=dict)
    new_versions: int = 0
    proposals: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)


@dataclass
class ImportReport:
    sheets: list[SheetReport] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not any(s.errors for s in self.sheets)

    def all_errors(self) -> list[str]:
        return self.errors + [e for s in self.sheets for e in s.errors]


def result_errors(sheet: str, result) -> list[str]:
    """Every problem of one sheet as `blad 'x', rij n, kolom 'y': message`."""
    lines = [
        _("blad '%(sheet)s': %(message)s") % {"sheet": sheet, "message": e.error}
        for e in result.base_errors
    ]
    for number, errors in result.row_errors():
        lines += [
            _("blad '%(sheet)s', rij %(row)s: %(message)s")
            % {"sheet": sheet, "row": number, "message": e.error}
            for e in errors
        ]
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            for message in messages:
                params = {
                    "sheet": sheet,
                    "row": invalid.number,
                    "column": column,
                    "message": message,
                }
                if column == NON_FIELD_ERRORS:
                    lines.append(_("blad '%(sheet)s', rij %(row)s: %(message)s") % params)
                else:
                    lines.append(
                        _("blad '%(sheet)s', rij %(row)s, kolom '%(column)s': %(message)s") % params
                    )
    return lines


def export_catalogue_workbook() -> bytes:
    return write_workbook([(cls.sheet_name, cls().export()) for cls in SHEETS])


# Rows per import batch. Memory is bounded by one batch (plus the keys seen so far),
# whatever the length of the file; tests set it small.
BATCH_SIZE = 250


def import_catalogue_workbook(
    data: bytes, *, dry_run: bool = False, user=None, propose_version=None
) -> ImportReport:
    """Import every known sheet in dependency order, all or nothing, in one transaction.

    Each sheet is read row by row from the read-only workbook and imported in batches
    of ``BATCH_SIZE`` rows; every batch is validated and written inside the one outer
    transaction, which is rolled back if any row of any sheet had an error (all errors
    are still collected) or on a dry run. With `propose_version`, a changed wording of a
    published question is handed to it (a proposal for review) instead of being published.
    """
    report = ImportReport()
    with _collector_sees_only_the_import():
        try:
            workbook = open_workbook(data)
        except ValidationError as exc:
            report.errors.extend(exc.messages)
            return report
        try:
            report.errors.extend(formula_errors(workbook, data))
            if not report.errors:
                _import_workbook(
                    workbook, report, dry_run=dry_run, user=user, propose=propose_version
                )
        except UnreadableWorkbook:
            report.sheets = []
            report.errors = unreadable_error().messages
        except ValidationError as exc:  # a sheet too wide for its dimension
            report.sheets = []
            report.errors = exc.messages
        finally:
            workbook.close()
    return report


@contextmanager
def _collector_sees_only_the_import():
    """Make the full garbage collection after each batch cheap (see ``_import_sheet``).

    A full collection traverses every object of the process; in an app server worker
    that is some 90,000 objects and about 50 ms, four times per 1,000 rows. The objects
    that existed before the import are neither made nor freed by it, so they are moved
    out of the collector's view (``gc.freeze``) until the import ends, and are looked
    at again from then on. Nothing is lost: garbage among them waits for the next
    collection after the import. A process that froze objects itself keeps them frozen.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _import_workbook(workbook, report: ImportReport, *, dry_run: bool, user, propose=None) -> None:
    names = [sheet.title for sheet in workbook.worksheets]
    known = {cls.sheet_name for cls in SHEETS}
    for name in names:
        if name not in known | IGNORED_SHEETS:
            report.errors.append(
                _("onbekend blad '%(sheet)s'; bekende bladen: %(known)s")
                % {"sheet": name, "known": ", ".join(cls.sheet_name for cls in SHEETS)}
            )
    if not known & set(names):
        report.errors.append(_("de werkmap bevat geen enkel bekend blad"))
    if report.errors:
        return
    with transaction.atomic():
        for cls in SHEETS:
            if cls.sheet_name in names:
                rows = SheetRows(workbook[cls.sheet_name])
                report.sheets.append(_import_sheet(cls, rows, user, propose))
        if dry_run or not report.ok:
            transaction.set_rollback(True)


def _import_sheet(cls, rows: SheetRows, user, propose=None) -> SheetReport:
    resource = cls(with_diff=False) if cls is QuestionResource else cls()
    if cls is QuestionResource:
        resource.propose_version = propose
    report = SheetReport(cls.sheet_name, dict(resource.get_result_class()().totals))
    problems = resource.header_problems(rows.headers)
    if problems:
        report.errors = [
            _("blad '%(sheet)s': %(message)s") % {"sheet": cls.sheet_name, "message": problem}
            for problem in problems
        ]
        return report
    versions_before = QuestionVersion.objects.count() if cls is QuestionResource else 0
    resource.begin_sheet(rows.dicts, user=user)
    for dataset in rows.batches(BATCH_SIZE):
        result = resource.import_data(dataset, dry_run=False, use_transactions=True, user=user)
        for kind, count in result.totals.items():
            report.totals[kind] = report.totals.get(kind, 0) + count
        report.errors += result_errors(cls.sheet_name, result)
        del result, dataset  # before the next batch is read
        # A batch leaves short-lived objects in the interpreter's free lists and
        # reference cycles; a full collection empties both, so memory stays bounded
        # by one batch (make bench, 5,000 rows in a fresh process: peak 2.75x
        # openpyxl's iteration with it, 3.02x without).
        gc.collect()
    if cls is QuestionResource and not report.errors:
        report.new_versions = QuestionVersion.objects.count() - versions_before
        report.proposals = resource.proposed
    return report
