"""LimeSurvey tab-separated survey structure (.txt), FORMATS.md §2.

LimeSurvey imports this with "Import survey" (``TSVImportSurvey`` in
``application/helpers/admin/import_helper.php``): columns are matched by header name, rows are
read with ``fgetcsv($tmp, 0, "\\t", '"')`` and relationships follow from row order, so no ids
are needed. Row classes written here:

* ``S``: survey settings (``language``, ``additional_languages``, ``format``);
* ``SL``: per language, ``surveyls_title`` and ``surveyls_description``;
* ``G``: one question group per section;
* ``Q``: one question per item (``L`` list/radio for single choice, ``M`` multiple choice,
  ``N`` numerical input, ``T`` long free text) plus an ``X`` (text display) question before the
  first item of a matrix set for the set's intro;
* ``SQ``: the options of a multiple-choice item (code = answer code);
* ``A``: the options of a single-choice item (code = answer code).

With English texts, the Dutch block is followed by an English block with exactly the same rows
in the same order (missing English falls back to the Dutch text).

LimeSurvey texts are HTML, so ``&``, ``<`` and ``>`` are written as entities and a newline as
``<br />``: on screen the respondent sees the wording exactly. Quotes and apostrophes are kept.
The file is UTF-8 with a BOM, like LimeSurvey's own export; it is a machine file, not meant to be
opened in Excel, so nothing is formula-escaped (FORMATS.md §5).

LimeSurvey has no per-question field that respondents do not see, so version, fingerprint and
each item's comparability state are not in this file; the workbook, CSV, SPSS, XLSForm and DDI
exports carry them. Answer codes longer than five
digits cannot be represented and raise :class:`ExportError`.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterator

from .base import (
    ExportError,
    ExportFile,
    ExportItem,
    ExportQuestionnaire,
    intro_starts,
    strip_illegal_chars,
)

CONTENT_TYPE = "text/tab-separated-values; charset=utf-8"

#: The leading columns of LimeSurvey's own TSV export, in its order.
HEADER = (
    "id",
    "related_id",
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "encrypted",
    "other",
    "default",
    "same_default",
    "same_script",
)
QUESTION_TYPES = {"single": "L", "multiple": "M", "numeric": "N", "text": "T"}
TEXT_DISPLAY = "X"
DUTCH = "nl"
ENGLISH = "en"


def html_text(text: str) -> str:
    """Plain text as LimeSurvey HTML that displays exactly that text."""
    text = strip_illegal_chars(text).replace("\r\n", "\n")
    return html.escape(text, quote=False).replace("\n", "<br />")


def _has_english(q: ExportQuestionnaire) -> bool:
    return any(
        i.wording_en or i.intro_en or i.instruction_en or any(o.label_en for o in i.options)
        for i in q.items
    )


def _intro_codes(q: ExportQuestionnaire) -> dict[str, str]:
    """A question code for each intro display, never equal to an item code (any case)."""
    taken = {item.code.lower() for item in q.items}
    codes: dict[str, str] = {}
    n = 0
    for item, starts in intro_starts(q.items):
        if not starts:
            continue
        while True:
            n += 1
            candidate = f"intro{n}"
            if candidate not in taken:
                break
        taken.add(candidate)
        codes[item.code] = candidate
    return codes


_KEYWORDS = {"class": "class_", "type/scale": "type_scale"}


def _row(**values) -> tuple:
    """A full-width row; ``class_`` and ``type_scale`` stand for ``class`` and ``type/scale``."""
    return tuple(values.get(_KEYWORDS.get(column, column), "") for column in HEADER)


def _check_codes(item: ExportItem) -> None:
    for option in item.options:
        if len(str(option.code)) > 5:
            raise ExportError(
                f"Antwoordcode {option.code} van vraag {item.code} is langer dan 5 tekens; "
                "LimeSurvey accepteert dat niet."
            )


def language_rows(q: ExportQuestionnaire, language: str) -> Iterator[tuple]:
    english = language == ENGLISH

    def t(en: str, nl: str) -> str:
        return html_text(en or nl) if english else html_text(nl)

    yield _row(class_="SL", name="surveyls_title", text=html_text(q.title), language=language)
    yield _row(
        class_="SL",
        name="surveyls_description",
        text=html_text(f"{q.municipality_name} ({q.municipality_code}), {q.year}"),
        language=language,
    )
    intro_codes = _intro_codes(q)
    starts = {item.code: s for item, s in intro_starts(q.items)}
    question_id = 0
    for group_id, section in enumerate(q.sections(), start=1):
        yield _row(
            id=group_id,
            class_="G",
            type_scale=group_id,
            name=html_text(section.title),
            relevance="1",
            language=language,
        )
        for item in section.items:
            if starts[item.code]:
                question_id += 1
                yield _row(
                    id=question_id,
                    class_="Q",
                    type_scale=TEXT_DISPLAY,
                    name=intro_codes[item.code],
                    relevance="1",
                    text=t(item.intro_en, item.intro_nl),
                    language=language,
                    mandatory="N",
                    other="N",
                )
            question_id += 1
            _check_codes(item)
            yield _row(
                id=question_id,
                class_="Q",
                type_scale=QUESTION_TYPES[item.answer_type],
                name=item.code,
                relevance="1",
                text=t(item.wording_en, item.wording_nl),
                help=t(item.instruction_en, item.instruction_nl),
                language=language,
                mandatory="N",
                other="N",
            )
            if item.answer_type == "multiple":
                for option in item.options:
                    yield _row(
                        class_="SQ",
                        type_scale=0,
                        name=str(option.code),
                        relevance="1",
                        text=t(option.label_en, option.label_nl),
                        language=language,
                    )
            elif item.answer_type == "single":
                for option in item.options:
                    yield _row(
                        class_="A",
                        type_scale=0,
                        name=str(option.code),
                        text=t(option.label_en, option.label_nl),
                        language=language,
                    )


def rows(q: ExportQuestionnaire) -> Iterator[tuple]:
    languages = [DUTCH, ENGLISH] if _has_english(q) else [DUTCH]
    yield HEADER
    yield _row(class_="S", name="language", text=DUTCH)
    yield _row(class_="S", name="additional_languages", text=" ".join(languages[1:]))
    yield _row(class_="S", name="format", text="G")
    for language in languages:
        yield from language_rows(q, language)


def render(q: ExportQuestionnaire) -> ExportFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", quotechar='"', lineterminator="\r\n")
    writer.writerows(rows(q))
    data = "\ufeff" + buffer.getvalue()
    return ExportFile(q.filename("limesurvey.txt"), CONTENT_TYPE, data.encode("utf-8"))
