"""XLSForm for ODK, KoboToolbox and Enketo (FORMATS.md §1).

* ``survey``: one ``begin_group``/``end_group`` per section (names ``sectie_<n>_<slug>``, which
  can never clash with an item code because those have no underscore), a ``note`` named
  ``intro_<code>`` before the first item of a matrix set, then the items with their code as
  ``name``; ``select_one``/``select_multiple`` with one list per answer scale, ``integer`` for
  numeric and ``text`` for open items.
* Labels and hints in ``label::Dutch (nl)`` / ``hint::Dutch (nl)``, plus ``English (en)``
  columns when any English text exists; where one item has no English, its English cell repeats
  the Dutch text (pyxform would otherwise show "-"). ``default_language`` is ``Dutch (nl)``.
* pyxform strips leading and trailing whitespace from every cell: the workbook keeps the exact
  text, the converted XForm carries it without outer whitespace.
* ``instance::soort``, ``instance::versie``, ``instance::vingerafdruk`` and
  ``instance::vergelijkbaarheid`` put the item's kind, version, fingerprint and comparability
  state (in the builder's words) on its instance node, so every submission carries them.
* ``choices``: ``list_name``, ``name`` (the answer code), labels, and ``ontbrekend``
  (``ja`` for missing codes), which pyxform keeps as an element in the secondary instance.

Every text cell is stored as a string so ``=1+1`` stays a label, not a formula (FORMATS.md §5).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

from openpyxl import Workbook

from . import xlsx
from .base import ExportFile, ExportItem, ExportQuestionnaire, intro_starts, slugify

CONTENT_TYPE = xlsx.CONTENT_TYPE
DUTCH = "Dutch (nl)"
ENGLISH = "English (en)"


def list_name(item: ExportItem) -> str:
    """An XML-name-safe list name per scale."""
    name = slugify(item.scale_key())
    return name if name[:1].isalpha() else f"schaal_{name}"


def group_name(index: int, title: str) -> str:
    return f"sectie_{index}_{slugify(title)}"[:40].rstrip("_")


def _has_english(q: ExportQuestionnaire) -> bool:
    return any(
        i.wording_en or i.intro_en or i.instruction_en or any(o.label_en for o in i.options)
        for i in q.items
    )


def _en(english: str, dutch: str) -> str:
    """English text, or the Dutch text where no translation exists (never pyxform's "-")."""
    return english or dutch


def _xlsform_type(item: ExportItem) -> str:
    if item.answer_type == "single":
        return f"select_one {list_name(item)}"
    if item.answer_type == "multiple":
        return f"select_multiple {list_name(item)}"
    if item.answer_type == "numeric":
        return "integer"
    return "text"


def survey_rows(q: ExportQuestionnaire) -> Iterator[tuple]:
    english = _has_english(q)
    header = ["type", "name", f"label::{DUTCH}"]
    if english:
        header.append(f"label::{ENGLISH}")
    header.append(f"hint::{DUTCH}")
    if english:
        header.append(f"hint::{ENGLISH}")
    header += [
        "instance::soort",
        "instance::versie",
        "instance::vingerafdruk",
        "instance::vergelijkbaarheid",
    ]
    yield tuple(header)

    def row(type_, name, label="", label_en="", hint="", hint_en="", item=None):
        values = [type_, name, label]
        if english:
            values.append(_en(label_en, label))
        values.append(hint)
        if english:
            values.append(_en(hint_en, hint))
        values += _instance_values(item)
        return tuple(values)

    starts = {item.code: s for item, s in intro_starts(q.items)}
    for index, section in enumerate(q.sections(), start=1):
        yield row("begin_group", group_name(index, section.title), section.title)
        for item in section.items:
            if starts[item.code]:
                yield row("note", f"intro_{item.code}", item.intro_nl, item.intro_en)
            yield row(
                _xlsform_type(item),
                item.code,
                item.wording_nl,
                item.wording_en,
                item.instruction_nl,
                item.instruction_en,
                item,
            )
        yield row("end_group", "")


def _instance_values(item: ExportItem | None) -> list[str]:
    if item is None:
        return ["", "", "", ""]
    version = "" if item.version is None else str(item.version)
    return [item.kind, version, item.fingerprint, item.comparability]


def choice_rows(q: ExportQuestionnaire) -> Iterator[tuple]:
    english = _has_english(q)
    header = ["list_name", "name", f"label::{DUTCH}"]
    if english:
        header.append(f"label::{ENGLISH}")
    header.append("ontbrekend")
    yield tuple(header)
    seen: set[str] = set()
    for item in q.items:
        if not item.is_choice or list_name(item) in seen:
            continue
        seen.add(list_name(item))
        for option in item.options:
            values = [list_name(item), str(option.code), option.label_nl]
            if english:
                values.append(_en(option.label_en, option.label_nl))
            values.append("ja" if option.is_missing else "")
            yield tuple(values)


def settings_rows(q: ExportQuestionnaire) -> Iterator[tuple]:
    yield ("form_title", "form_id", "version", "default_language")
    yield (
        q.title,
        slugify(f"{q.municipality_code} {q.year} {q.title}"),
        q.exported_at.strftime("%Y%m%d%H"),
        DUTCH,
    )


SMART_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_SPACES = re.compile(" +")


def as_converted(text: str) -> str:
    """The text as pyxform puts it in the form (pinned against pyxform by a test): curly
    quotes become straight, a non-breaking space a space, a run of spaces one space, and
    leading and trailing whitespace goes. Tabs and line breaks stay."""
    text = _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
    return text.translate(SMART_QUOTES)


def build_workbook(q: ExportQuestionnaire) -> Workbook:
    wb = Workbook(write_only=True)
    for title, rows, widths in (
        ("survey", survey_rows(q), (22, 22, 60, 60, 40)),
        ("choices", choice_rows(q), (22, 8, 45, 45, 12)),
        ("settings", settings_rows(q), (40, 40, 14, 16)),
    ):
        sheet = xlsx.add_sheet(wb, title)
        xlsx.start_sheet(sheet, widths)
        xlsx.write_rows(sheet, rows)
    return wb


def render(q: ExportQuestionnaire) -> ExportFile:
    buffer = BytesIO()
    build_workbook(q).save(buffer)
    return ExportFile(q.filename("xlsform.xlsx"), CONTENT_TYPE, buffer.getvalue())
