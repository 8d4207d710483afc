"""Reading uploaded tables (xlsx or csv) defensively, and the small parsing helpers
that the results upload and the planner share."""

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

MAX_ROWS = 200_000
MAX_ERRORS = 50
QUOTE_LENGTH = 20


# --------------------------------------------------------------------------- tables


@dataclass
class Table:
    """Header names and rows keyed by header, each with its spreadsheet row number."""

    headers: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)


def read_table(data: bytes) -> Table:
    """An .xlsx (first sheet) or CSV (`;`, `,` or tab separated) upload as a Table.

    The kind is told by the file's first bytes (READERS), never by its name; text
    without a known signature is read as CSV. Raises ValidationError with a Dutch message
    for empty, oversized, unsafe, binary or unreadable files.
    """
    if not data:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    for magic, reader in READERS:
        if data.startswith(magic):
            return reader(data)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    if not _looks_like_text(data):
        raise not_a_table()
    return _read_csv(data)


def not_a_table() -> ValidationError:
    return ValidationError(
        _(
            "Dit is geen Excel- of CSV-bestand. Upload een Excel-werkmap (.xlsx) of een CSV-bestand."
        ),
        code="not_a_table",
    )


# Signatures of binary files that are not tables; anything else must decode as text.
NOT_TABLES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\x0c")


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith(NOT_TABLES):
        return False
    return len(head.translate(None, _CONTROL)) == len(head)


def _read_xlsx(data: bytes) -> Table:
    check_xlsx_upload(data)
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
                raise _too_many_rows()
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
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        dialect = type("UploadDialect", (csv.excel,), {"delimiter": delimiter})
    reader = csv.reader(io.StringIO(text), dialect)
    headers = [h.strip() for h in next(reader, [])]
    table = Table(headers=headers)
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        table.rows.append((number, _row_dict(headers, values)))
        if len(table.rows) > MAX_ROWS:
            raise _too_many_rows()
    return table


def _too_many_rows() -> ValidationError:
    return ValidationError(
        _("Het bestand heeft meer dan %(max)s rijen.") % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
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


def find_column(headers: list[str], aliases: tuple[str, ...]) -> str | None:
    lowered = {h.lower(): h for h in headers if h}
    return next((lowered[a] for a in aliases if a in lowered), None)


def format_number(value: float) -> str:
    """A short Dutch number: 5 -> '5', 2.5 -> '2,5'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
