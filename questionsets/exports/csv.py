"""A plain codebook CSV for people who open it in Excel.

Layout: one row per answer option ("long" format), with the item's columns repeated on each of
its option rows; numeric and open items get one row with empty option columns. That keeps every
answer code and label in a cell of its own, so nobody has to split ``1 = ...; 2 = ...``.

Encoding and dialect: UTF-8 with a BOM and ``;`` as separator, which is what Dutch Excel expects
when it opens a .csv; fields are quoted where needed (RFC 4180).

Formula escaping (FORMATS.md §5): this is a *human* file, so any text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab, CR or LF gets a leading apostrophe (OWASP, CWE-1236), which
Excel shows literally. That changes the text by one character: :func:`unescape` strips it again.
The exact, machine-readable texts are in the workbook, XLSForm, SPSS and DDI exports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from .base import ExportFile, ExportQuestionnaire, intro_starts

CONTENT_TYPE = "text/csv; charset=utf-8"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

HEADER = (
    "sectie",
    "code",
    "soort",
    "versie",
    "vingerafdruk",
    "inleiding",
    "vraagtekst",
    "instructie",
    "antwoordtype",
    "schaal",
    "antwoordcode",
    "antwoordlabel",
    "ontbrekend",
    "bron en editie",
    "indicatoren",
    "vergelijkbaarheid",
    "afgeleid van",
    "reden niet vergelijkbaar",
)


def escape(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def unescape(value: str) -> str:
    """Undo :func:`escape` (texts that really start with an apostrophe plus one of the
    formula characters are the one ambiguous case)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def rows(q: ExportQuestionnaire) -> Iterator[tuple]:
    yield HEADER
    for item, _starts in intro_starts(q.items):
        base = (
            item.section,
            item.code,
            item.kind_nl,
            "" if item.version is None else str(item.version),
            item.fingerprint,
            item.intro_nl,
            item.wording_nl,
            item.instruction_nl,
            item.answer_type_nl,
            item.scale_code,
        )
        tail = (
            item.source_label,
            " ".join(item.indicator_codes),
            item.comparability,
            item.derived_from,
            item.not_comparable_reason,
        )
        if not item.options:
            yield (*base, "", "", "", *tail)
        for option in item.options:
            yield (
                *base,
                str(option.code),
                option.label_nl,
                "ja" if option.is_missing else "",
                *tail,
            )


def render(q: ExportQuestionnaire) -> ExportFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    for row in rows(q):
        writer.writerow([escape(value) for value in row])
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return ExportFile(q.filename("csv"), CONTENT_TYPE, data)
