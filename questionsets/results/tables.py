"""Reading uploaded tables (xlsx, csv or SPSS .sav) defensively, and the small parsing
helpers that the results upload and the planner share."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..files.uploads import too_large_message
from ..files.xlsx_safety import (
    OLE_MAGIC,
    ZIP_MAGIC,
    check_row_width,
    check_xlsx_upload,
    open_workbook,
)
from .numbers import format_count, format_shown

MAX_ROWS = 200_000
MAX_ERRORS = 50
QUOTE_LENGTH = 20


# --------------------------------------------------------------------------- tables


@dataclass
class Table:
    """Header names and rows keyed by header, each with its spreadsheet row number.

    An SPSS file also brings its value labels ({column: {code: label}}) and its
    user-missing ranges ({column: [(low, high), ...]}); its user-missing values are
    already blank in the rows.
    """

    headers: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)
    value_labels: dict[str, dict[float, str]] = field(default_factory=dict)
    user_missing: dict[str, list[tuple[float, float]]] = field(default_factory=dict)


# Files that are certainly not a table; anything else without NUL bytes is tried as CSV.
OTHER_MAGICS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"{\\rtf", b"\x1f\x8b")


def not_a_table() -> ValidationError:
    return ValidationError(
        _("Dit is geen Excel-, CSV- of SPSS-bestand (.xlsx, .csv of .sav)."), code="not_a_table"
    )


def read_table(data: bytes) -> Table:
    """An .xlsx (first sheet), SPSS .sav/.zsav or CSV (`;`, `,` or tab) upload as a Table.

    Raises ValidationError with a Dutch message for empty, oversized, unsafe or unreadable
    files, and one single message for a file that is none of these kinds.
    """
    from .spss import SAV_MAGICS, read_sav

    if not data:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    for magic, reader in READERS:
        if data.startswith(magic):
            return reader(data)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    if data.startswith(SAV_MAGICS):
        return read_sav(data)
    if data.startswith(OTHER_MAGICS) or not _looks_like_text(data):
        raise not_a_table()
    return _read_csv(data)


# Signatures of binary files that are not tables; anything else must decode as text.
NOT_TABLES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\x0c")


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith(NOT_TABLES):
        return False
    return len(head.translate(None, _CONTROL)) == len(head)


def _read_xlsx(data: bytes) -> Table:
    try:
        check_xlsx_upload(data)
    except ValidationError as exc:
        if exc.code == "not_xlsx":  # a zip, but no workbook (.docx, .zip, ...)
            raise not_a_table() from None
        raise
    workbook = open_workbook(data)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        check_row_width(header)
        headers = [cell_text(h).strip() for h in header]
        table = Table(headers=headers)
        for number, values in enumerate(rows, start=2):
            check_row_width(values)
            if all(v is None or v == "" for v in values):
                continue
            table.rows.append((number, _row_dict(headers, values)))
            if len(table.rows) > MAX_ROWS:
                raise too_many_rows()
        return table
    finally:
        workbook.close()


# (first bytes, reader): add a format here (e.g. SPSS .sav, b"$FL2") with its reader.
READERS = ((ZIP_MAGIC, _read_xlsx), (OLE_MAGIC, _read_xlsx))


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text[:4096]):
        raise not_a_table()
    dialect = type("UploadDialect", (csv.excel,), {"delimiter": guess_delimiter(text)})
    reader = csv.reader(io.StringIO(text), dialect)
    headers = [h.strip() for h in next(reader, [])]
    table = Table(headers=headers)
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        table.rows.append((number, _row_dict(headers, values)))
        if len(table.rows) > MAX_ROWS:
            raise too_many_rows()
    return table


def guess_delimiter(text: str) -> str:
    """The separator of the header line: `;`, tab or `,` (the most frequent; `;` on a tie).

    The header decides because data lines may hold decimal commas (`1,5;2`).
    """
    header = text.lstrip("\ufeff").partition("\n")[0]
    counts = {d: header.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])  # first of equals: ';' before tab before ','
    return best if counts[best] else ","


def too_many_rows() -> ValidationError:
    return ValidationError(
        _("Het bestand heeft meer dan %(max)s rijen.") % {"max": format_count(MAX_ROWS)},
        code="too_many_rows",
    )


def _row_dict(headers: list[str], values) -> dict:
    return {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h}


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def quote(value) -> str:
    text = cell_text(value).strip()
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…"


def parse_number(value) -> float | None:
    """A cell as a number (None when blank); accepts a decimal comma. ValueError otherwise."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return float(number)


class ErrorList(list):
    """Dutch error lines, capped so a broken file cannot produce a megabyte of messages."""

    def add(self, row: int | None, column: str | None, message: str) -> None:
        if len(self) >= MAX_ERRORS:
            return
        if row is not None and column:
            line = _("rij %(row)s, kolom '%(column)s': %(message)s")
        elif row is not None:
            line = _("rij %(row)s: %(message)s")
        elif column:
            line = _("kolom '%(column)s': %(message)s")
        else:
            line = "%(message)s"
        self.append(line % {"row": row, "column": column, "message": message})

    def add_line(self, line: int, message: str) -> None:
        """A problem on a line of pasted text (not a spreadsheet row)."""
        if len(self) < MAX_ERRORS:
            self.append(_("regel %(line)s: %(message)s") % {"line": line, "message": message})


def fold(text) -> str:
    """A header or code as compared: case and surrounding or doubled whitespace ignored."""
    return " ".join(str(text).split()).casefold()


def find_column(headers: list[str], aliases: tuple[str, ...]) -> str | None:
    lowered = {fold(h): h for h in reversed(headers) if h}
    return next((lowered[a] for a in aliases if a in lowered), None)


def duplicate_headers(headers: list[str]) -> list[str]:
    """Headers that occur more than once (case and whitespace ignored), in file order."""
    seen: dict[str, int] = {}
    for header in headers:
        if header:
            seen[fold(header)] = seen.get(fold(header), 0) + 1
    reported, result = set(), []
    for header in headers:
        if header and seen[fold(header)] > 1 and fold(header) not in reported:
            reported.add(fold(header))
            result.append(header)
    return result


def canonical_columns(table: Table, known: tuple[str, ...]) -> tuple[Table, list[str]]:
    """The table with its known columns renamed to their canonical (lower case) names, and
    the other columns, which are dropped, in file order. Duplicates raise ValidationError."""
    errors = ErrorList()
    for header in duplicate_headers(table.headers):
        errors.add(None, quote(header), _("deze kolom komt meer dan eens voor"))
    if errors:
        raise ValidationError(errors)
    names = {h: fold(h) for h in table.headers if h and fold(h) in known}
    ignored = [h for h in table.headers if h and h not in names]
    rows = [(n, {names[h]: v for h, v in row.items() if h in names}) for n, row in table.rows]
    return Table(headers=list(names.values()), rows=rows), ignored


def columns_text(columns: list[str], limit: int = 20) -> str:
    """'a, b, c' for a message; past `limit` names the rest is counted."""
    shown = ", ".join(quote(c) for c in columns[:limit])
    if len(columns) > limit:
        shown += " " + _("en nog %(count)s") % {"count": len(columns) - limit}
    return shown


def format_number(value: float) -> str:
    """A short number in the active language: 5 -> '5', 2.5 -> '2,5' (Dutch) or '2.5'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return format_shown(Decimal(text))
