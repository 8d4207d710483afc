"""Defensive checks for uploaded Excel workbooks, run before openpyxl sees the bytes.

An .xlsx file is a zip of XML parts. openpyxl opens it with a plain ``zipfile.ZipFile``
and no size, ratio or member-count limits (QUALITY.md §4.5), so a small upload can
expand to gigabytes. ``check_xlsx_upload`` looks only at the zip directory
(``infolist``), which costs no decompression, and refuses anything suspicious with a
Dutch message. XML parsing itself is made safe by defusedxml, which openpyxl picks up
when it is installed.

Python's zipfile never yields more bytes for a member than its declared
``file_size``, so bounding the declared sizes also bounds what a reader can inflate.

A workbook can also be small and well compressed yet hold millions of cells (16,384 columns
by a few hundred rows), which openpyxl needs tens of seconds of CPU to read. Each worksheet
is therefore limited to MAX_COLUMNS columns and MAX_CELLS cells, far above real use (the
largest real upload, respondent-level results, has a few hundred columns): the sheet's
`<dimension>` is read first, then its cells are counted in the raw XML (about a tenth of a
second per 10 MB, no parsing), and readers refuse a row wider than MAX_COLUMNS as they go
(`check_row_width`), for files whose `<dimension>` is missing or wrong.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
# Compound File Binary (OLE2): legacy .xls, and every password-protected .xlsx.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_MEMBERS = 1_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Real workbooks compress 3-30x; a bomb compresses by orders of magnitude more.
MAX_RATIO = 100
# Tiny members may compress well without being dangerous.
RATIO_FLOOR_BYTES = 1024 * 1024
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
MAX_COLUMNS = 1_000
MAX_CELLS = 2_000_000
_DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")
_CELL_RE = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CHUNK = 64 * 1024  # small: the import's peak memory is measured (make bench)


def check_xlsx_upload(data: bytes, *, max_bytes: int | None = None) -> None:
    """Raise ValidationError (Dutch message) unless `data` looks like a safe .xlsx."""
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if not data:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    if len(data) > limit:
        raise ValidationError(
            _("Het bestand is te groot (%(size)s); het mag hoogstens %(limit)s zijn."),
            code="too_large",
            params={"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
        )
    if data.startswith(OLE_MAGIC):
        raise ValidationError(
            _(
                "Het bestand is met een wachtwoord beveiligd of is een oud Excel-bestand "
                "(.xls). Sla het op als Excel-werkmap (.xlsx) zonder wachtwoord."
            ),
            code="encrypted_or_xls",
        )
    if not data.startswith(ZIP_MAGIC):
        raise ValidationError(_("Het bestand is geen Excel-werkmap (.xlsx)."), code="not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_members(members)
            _check_sheet_sizes(archive)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        EOFError,
        OSError,
        zlib.error,
    ) as exc:
        raise ValidationError(
            _("Het bestand is geen geldige Excel-werkmap (.xlsx)."), code="bad_zip"
        ) from exc


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    bomb = ValidationError(
        _(
            "Het bestand pakt uit tot een verdacht grote hoeveelheid gegevens en wordt "
            "daarom geweigerd."
        ),
        code="zip_bomb",
    )
    if len(members) > MAX_MEMBERS:
        raise bomb
    total = sum(m.file_size for m in members)
    compressed = sum(m.compress_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise bomb
    if total > RATIO_FLOOR_BYTES and total > MAX_RATIO * max(compressed, 1):
        raise bomb
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise bomb
        if member.flag_bits & 0x1:
            raise ValidationError(
                _("Het bestand is met een wachtwoord beveiligd; sla het op zonder wachtwoord."),
                code="encrypted",
            )
    names = {m.filename for m in members}
    if not all(name in names for name in REQUIRED_MEMBERS):
        raise ValidationError(_("Het bestand is geen Excel-werkmap (.xlsx)."), code="not_xlsx")


def _is_worksheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml") and name.count("/") == 2


def _check_sheet_sizes(archive: zipfile.ZipFile) -> None:
    """Refuse a worksheet with too many columns or cells, by its dimension or its cells."""
    for member in archive.infolist():
        if _is_worksheet(member.filename):
            with archive.open(member) as stream:
                _check_sheet_stream(stream)


def _check_sheet_stream(stream) -> None:
    head = stream.read(_CHUNK)
    match = _DIMENSION_RE.search(head[:4096])
    if match:
        first_col, first_row, last_col, last_row = match.groups()
        columns = _column_number(last_col or first_col) - _column_number(first_col) + 1
        rows = int(last_row or first_row) - int(first_row) + 1
        _check_size(columns, columns * rows)
    cells, tail, chunk = 0, b"", head
    while chunk:
        window = tail + chunk
        cells += _count(window) - _count(tail)
        if cells > MAX_CELLS:
            _check_size(0, cells)
        tail, chunk = window[-16:], stream.read(_CHUNK)


def _count(data: bytes) -> int:
    return sum(1 for _ in _CELL_RE.finditer(data))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_size(columns: int, cells: int) -> None:
    if columns > MAX_COLUMNS or cells > MAX_CELLS:
        raise sheet_too_large()


def sheet_too_large() -> ValidationError:
    return ValidationError(
        _(
            "Een werkblad in het bestand is te groot. Een blad mag hoogstens %(columns)s "
            "kolommen en %(cells)s cellen hebben; verwijder lege of overbodige kolommen."
        ),
        code="sheet_too_large",
        params={"columns": _dutch(MAX_COLUMNS), "cells": _dutch(MAX_CELLS)},
    )


def _dutch(number: int) -> str:
    """10000 -> '10.000' in Dutch, '10,000' in English: a limit shown in a message."""
    return formats.number_format(number, force_grouping=True)


def check_row_width(row) -> None:
    """For readers: refuse a row wider than MAX_COLUMNS (a file without a true dimension)."""
    if len(row) > MAX_COLUMNS:
        raise sheet_too_large()


def open_workbook(data: bytes):
    """Check `data`, then open it read-only with cached values instead of formulas."""
    import openpyxl

    check_xlsx_upload(data)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken parts
        raise ValidationError(
            _("Het bestand kon niet als Excel-werkmap worden gelezen."), code="unreadable"
        ) from exc
