"""The formula cells of an uploaded workbook, read from its XML.

Readers open workbooks with cached values (``data_only=True``): a formula then reads as
its last computed value, or as nothing when it was never computed, so an edited cell that
Excel turned into a formula looked empty, or identical to the text it computes. This module
finds every cell that holds a formula (`<f>` in the sheet's XML), so an import can name it
and the conformance check can report it. Call it after ``check_xlsx_upload``: the sizes
are bounded by then. A sheet without any `<f` is only scanned, never searched.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from html import unescape

from defusedxml import ElementTree
from django.utils.translation import gettext as _

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FORMULA_CELL_RE = re.compile(
    rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})(\d+)\"[^>]*>"  # the cell and its reference
    rb"(?:(?!</(?:\w+:)?c>).)*?"  # anything but the end of this cell
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)",  # its formula (empty when shared)
    re.DOTALL,
)
_CHUNK = 64 * 1024


def formula_message(formula: str) -> str:

    shown = formula if len(formula) <= 60 else formula[:59] + "…"
    return _("cel bevat een formule (%(formula)s): typ de tekst zonder = of zet er een ' voor") % {
        "formula": shown
    }


def workbook_formulas(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet title: {(row, column): "=formula"}} for the sheets that hold formulas."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found = {}
            for title, path in _sheet_paths(archive).items():
                formulas = _sheet_formulas(archive, path)
                if formulas:
                    found[title] = formulas
            return found
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return {}  # the readers report an unreadable file themselves


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PKG_REL}Relationship")}
    paths = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(f"{REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        paths[sheet.get("name")] = posixpath.normpath(path)
    return paths


def _sheet_formulas(archive: zipfile.ZipFile, path: str) -> dict[tuple[int, int], str]:
    if path not in archive.namelist() or not _has_formula(archive, path):
        return {}
    xml = archive.read(path)
    return {
        (int(row), _column(letters)): "=" + (unescape(text.decode("utf-8", "replace")) or "…")
        for letters, row, text in _FORMULA_CELL_RE.findall(xml)
    }


def _has_formula(archive: zipfile.ZipFile, path: str) -> bool:
    tail = b""
    with archive.open(path) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if b"<f>" in window or b"<f " in window or b":f>" in window or b":f " in window:
                return True
            tail = window[-8:]
    return False


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
