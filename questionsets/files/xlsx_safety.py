"""Defensive checks for uploaded Excel workbooks, run before openpyxl sees the bytes.

An .xlsx file is a zip of XML parts. openpyxl opens it with a plain ``zipfile.ZipFile``
and no size, ratio or member-count limits (QUALITY.md §4.5), so a small upload can
expand to gigabytes. ``check_xlsx_upload`` looks only at the zip directory
(``infolist``), which costs no decompression, and refuses anything suspicious with a
Dutch message. XML parsing itself is made safe by defusedxml, which openpyxl picks up
when it is installed.

Python's zipfile never yields more bytes for a member than its declared
``file_size``, so bounding the declared sizes also bounds what a reader can inflate.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
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
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ValidationError(
            _("Het bestand is geen geldige Excel-werkmap (.xlsx)."), code="bad_zip"
        ) from exc
    _check_members(members)


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
