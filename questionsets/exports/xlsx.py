"""The fieldwork workbook: what a municipality sends to its fieldwork agency.

Sheets:

* ``Vragenlijst``: one row per item, Dutch headings. National rows are locked (the sheet is
  protected without a password, so anyone *can* lift it, but nobody edits national wording by
  accident); local and adapted rows are unlocked. Four hidden columns headed ``machine: ...``
  carry code, kind, version and fingerprint for :mod:`questionsets.exports.conformance`.
  The column ``vergelijkbaarheid`` gives each item's state in the builder's words
  (identical and verified, identical but not verified, or not comparable).
* ``Antwoordschalen``: every answer scale used, one row per option.
* ``Verantwoording``: the summary (national items per state, what the states mean, each
  indicator's status), catalogue version, export date and how to read it.

No cell ever holds a formula: every text cell is stored as a string (``data_type = "s"``), so
a wording such as ``=1+1`` stays text (FORMATS.md §5). Control characters that xlsx cannot hold
are dropped instead of crashing the export.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from copy import copy
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING, Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from .base import (
    ExportFile,
    ExportQuestionnaire,
    intro_starts,
    looks_like_formula,
    options_text,
    strip_illegal_chars,
    wording_with_intro,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SHEET_QUESTIONS = "Vragenlijst"
SHEET_SCALES = "Antwoordschalen"
SHEET_ACCOUNT = "Verantwoording"

# Column headings of the Vragenlijst sheet; the conformance check finds columns by these names.
COL_SECTION = "sectie"
COL_CODE = "code"
COL_WORDING = "vraagtekst"
COL_INSTRUCTION = "instructie"
COL_ANSWER_TYPE = "antwoordtype"
COL_OPTIONS = "antwoordcategorieën"
COL_KIND = "soort"
COL_SOURCE = "bron en editie"
COL_VERSION = "versie"
COL_FINGERPRINT = "vingerafdruk"
COL_NOTE = "opmerking"
COL_COMPARABILITY = "vergelijkbaarheid"
MACHINE_CODE = "machine: code"
MACHINE_KIND = "machine: soort"
MACHINE_VERSION = "machine: versie"
MACHINE_FINGERPRINT = "machine: vingerafdruk"

QUESTION_HEADER = (
    COL_SECTION,
    COL_CODE,
    COL_WORDING,
    COL_INSTRUCTION,
    COL_ANSWER_TYPE,
    COL_OPTIONS,
    COL_KIND,
    COL_SOURCE,
    COL_VERSION,
    COL_FINGERPRINT,
    COL_NOTE,
    COL_COMPARABILITY,
    MACHINE_CODE,
    MACHINE_KIND,
    MACHINE_VERSION,
    MACHINE_FINGERPRINT,
)
QUESTION_WIDTHS = (18, 10, 60, 30, 16, 45, 11, 24, 7, 20, 30, 30, 12, 12, 8, 66)
MACHINE_COLUMNS = frozenset({MACHINE_CODE, MACHINE_KIND, MACHINE_VERSION, MACHINE_FINGERPRINT})

SCALE_HEADER = ("schaal", "code", "label", "ontbrekend", "label (Engels)")
SCALE_WIDTHS = (22, 7, 45, 12, 45)

FINGERPRINT_EXPLANATION = (
    "De vingerafdruk is een SHA-256-hash over vraagtekst, instructie, antwoordtype en "
    "antwoordcodes met labels van de gepubliceerde versie. Dezelfde vingerafdruk betekent "
    "woordelijk dezelfde vraag; elk verschil, ook één spatie, geeft een andere vingerafdruk. "
    "Upload de ingevulde of bewerkte werkmap in de catalogus om per landelijke vraag te zien "
    "of hij identiek, cosmetisch anders, gewijzigd, ontbrekend of extra is."
)
PROTECTION_EXPLANATION = (
    "Het blad Vragenlijst is beveiligd (zonder wachtwoord): de rijen van landelijke vragen "
    "zijn vergrendeld, lokale en aangepaste vragen zijn bewerkbaar. Wijzig landelijke vragen "
    "niet: dan zijn de uitkomsten niet meer vergelijkbaar met de landelijke cijfers."
)
MACHINE_EXPLANATION = (
    "De verborgen kolommen 'machine: ...' zijn bedoeld voor de controle bij het terugzetten; "
    "laat ze staan."
)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
NATIONAL_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)


# --------------------------------------------------------------------------- row generators


def question_rows(q: ExportQuestionnaire) -> Iterator[tuple]:
    """Header, then one row per item in questionnaire order."""
    yield QUESTION_HEADER
    for item, starts in intro_starts(q.items):
        note = ""
        if item.derived_from:
            note = f"afgeleid van {item.derived_from}"
        if item.not_comparable_reason:
            note = "; ".join(filter(None, (note, item.not_comparable_reason)))
        yield (
            item.section,
            item.code,
            wording_with_intro(item, starts),
            item.instruction_nl,
            item.answer_type_nl,
            options_text(item.options),
            item.kind_nl,
            item.source_label,
            item.version,
            item.fingerprint,
            note,
            item.comparability,
            item.code,
            item.kind,
            item.version,
            item.fingerprint,
        )


def scale_rows(q: ExportQuestionnaire) -> Iterator[tuple]:
    yield SCALE_HEADER
    for scale in q.scales():
        for option in scale.options:
            yield (
                scale.code,
                option.code,
                option.label_nl,
                "ja" if option.is_missing else "",
                option.label_en,
            )


def account_rows(q: ExportQuestionnaire) -> Iterator[tuple]:
    yield ("onderdeel", "waarde")
    yield ("Titel", q.title)
    yield ("Gemeente", f"{q.municipality_name} ({q.municipality_code})")
    yield ("Jaar", q.year)
    yield ("Catalogusversie", q.catalogue_version)
    yield ("Geëxporteerd op", q.exported_at.strftime("%Y-%m-%d %H:%M"))
    for label, value in q.summary.items():
        yield (str(label), value)
    yield ("Beveiliging", PROTECTION_EXPLANATION)
    yield ("Vingerafdruk", FINGERPRINT_EXPLANATION)
    yield ("Verborgen kolommen", MACHINE_EXPLANATION)


# --------------------------------------------------------------------------- renderer


def _cell_value(value: object) -> object:
    if value is None or isinstance(value, bool):
        return "" if value is None else ("ja" if value else "nee")
    if isinstance(value, int | float):
        return value
    return strip_illegal_chars(str(value))


class _StyledCell(Cell):
    """A cell whose style id in the workbook is known in advance (openpyxl looks it up by
    hashing the style on every cell it writes)."""

    __slots__ = ("style_id",)


class CellRowSheet(WriteOnlyWorksheet):
    """A write-only sheet that takes `(values, style name)` rows and writes each value as a
    number or as text, never as a formula, in the row's style.

    openpyxl's write-only `append()` takes styled cells only through an exception per cell
    (it tries the cell as a value first) and hashes each cell's style to find its id. Like
    openpyxl does for unstyled values, one cell per row style is reused: the writer turns
    it into XML before the next value is bound."""

    def __init__(self, parent: Workbook, title: str):
        super().__init__(parent, title)
        self._styles: dict[str, _StyledCell] = {}

    def style(self, name: str, **styles) -> None:
        """Register a named combination of styles (once per sheet)."""
        cell = _StyledCell(self)
        for attribute, style in styles.items():
            setattr(cell, attribute, style)
        cell.style_id = self.parent._cell_styles.add(cell._style)
        self._styles[name] = cell
        quoted = _StyledCell(self)
        quoted._style = copy(cell._style)
        quoted.quotePrefix = True  # formula-like text stays text when edited in Excel
        quoted.style_id = self.parent._cell_styles.add(quoted._style)
        self._styles[f"{name}/quoted"] = quoted

    def _values_to_row(self, row, row_idx):
        values, style = row
        plain, quoted = self._styles[style], self._styles[f"{style}/quoted"]
        for column, raw in enumerate(values, start=1):
            value = _cell_value(raw)
            cell = quoted if isinstance(value, str) and looks_like_formula(value) else plain
            cell.row = row_idx
            cell.value = value
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # "=1+1" stays text
            cell.column = column
            yield cell


def add_sheet(wb: Workbook, title: str) -> CellRowSheet:
    sheet = CellRowSheet(parent=wb, title=title)
    wb._add_sheet(sheet)
    return sheet


HEADER_STYLE = {"alignment": WRAP, "font": HEADER_FONT, "fill": HEADER_FILL}
ROW_STYLES = {
    "plain": {"alignment": WRAP},
    "national": {"alignment": WRAP, "protection": LOCKED, "fill": NATIONAL_FILL},
    "local": {"alignment": WRAP, "protection": UNLOCKED},
    "locked": {"alignment": WRAP, "protection": LOCKED},
    "unlocked": {"alignment": WRAP, "protection": UNLOCKED},
}


def start_sheet(ws: CellRowSheet, widths: Sequence[int], hidden: Sequence[int] = ()) -> None:
    """What a write-only sheet must know before its first row: widths, hidden columns,
    frozen header, print setup (landscape A4, one page wide, header row on every page)."""
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    for c in hidden:
        ws.column_dimensions[get_column_letter(c)].hidden = True
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_rows(ws: CellRowSheet, rows, row_style=None) -> int:
    """Append the header and the data rows, every text stored as a string and wrapped;
    `row_style(row)` names the ROW_STYLES entry of a data row. Returns the row count."""
    ws.style("header", **HEADER_STYLE)
    for name, styles in ROW_STYLES.items():
        ws.style(name, **styles)
    count = 0
    for count, row in enumerate(rows, start=1):
        if count == 1:
            ws.append((row, "header"))
        else:
            ws.append((row, row_style(row) if row_style is not None else "plain"))
    return count


def _protect(ws: CellRowSheet) -> None:
    """Sheet protection without a password; resizing and filtering stay allowed."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = True


def build_workbook(q: ExportQuestionnaire) -> Workbook:
    """A write-only workbook: rows go straight to the file, no cell grid is kept."""
    wb = Workbook(write_only=True)
    ws = add_sheet(wb, SHEET_QUESTIONS)
    kind_index = QUESTION_HEADER.index(MACHINE_KIND)
    hidden = [c for c, h in enumerate(QUESTION_HEADER, start=1) if h in MACHINE_COLUMNS]
    start_sheet(ws, QUESTION_WIDTHS, hidden)
    rows = write_rows(
        ws,
        question_rows(q),
        lambda row: "national" if _cell_value(row[kind_index]) == "national" else "local",
    )
    ws.auto_filter.ref = f"A1:{get_column_letter(len(QUESTION_HEADER))}{rows}"
    _protect(ws)

    scales_ws = add_sheet(wb, SHEET_SCALES)
    national_scales = {i.scale_key() for i in q.items if i.is_national and i.is_choice}
    start_sheet(scales_ws, SCALE_WIDTHS)
    write_rows(
        scales_ws,
        scale_rows(q),
        lambda row: "locked" if _cell_value(row[0]) in national_scales else "unlocked",
    )
    _protect(scales_ws)

    account_ws = add_sheet(wb, SHEET_ACCOUNT)
    start_sheet(account_ws, (28, 100))
    write_rows(account_ws, account_rows(q))
    return wb


def render(q: ExportQuestionnaire) -> ExportFile:
    buffer = BytesIO()
    build_workbook(q).save(buffer)
    return ExportFile(q.filename("xlsx"), CONTENT_TYPE, buffer.getvalue())
