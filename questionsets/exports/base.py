"""The plain, framework-free data every export writer reads.

The writers never touch the ORM: a caller builds an :class:`ExportQuestionnaire` from the
models (national items carry their published version's wording, codes and fingerprint) and
hands it to a writer from :data:`questionsets.exports.FORMATS`.

Every writer follows STYLE.md §3.4: generator functions yield a header row and then data rows,
a small renderer writes them, and ``render()`` returns an :class:`ExportFile`.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, NamedTuple

Kind = Literal["national", "adapted", "local"]
AnswerType = Literal["single", "multiple", "numeric", "text"]

CODE_RE = re.compile(r"^[a-z][a-z0-9]{0,19}$")
CHOICE_TYPES = frozenset({"single", "multiple"})

#: Dutch names used in the human-facing exports (workbook, CSV) and read back by the checker.
KIND_LABELS_NL: dict[str, str] = {
    "national": "landelijk",
    "adapted": "aangepast",
    "local": "lokaal",
    "shared": "gedeeld",
}
ANSWER_TYPE_LABELS_NL: dict[str, str] = {
    "single": "enkelvoudige keuze",
    "multiple": "meervoudige keuze",
    "numeric": "getal",
    "text": "open tekst",
}

# Characters that XML 1.0 and openpyxl refuse (tab, LF and CR are fine).
_ILLEGAL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def strip_illegal_chars(text: str) -> str:
    """Drop control characters that xlsx and XML cannot hold (they are never visible text)."""
    return _ILLEGAL_CHARS_RE.sub("", text)


FORMULA_PREFIXES = ("=", "+", "-", "@")


def looks_like_formula(text: str) -> bool:
    """Text that Excel turns into a formula once the cell is edited, unless the cell has
    quotePrefix (the "'" that Excel shows in front of it)."""
    return text.startswith(FORMULA_PREFIXES)


def fingerprint(*, wording: str, instruction: str, answer_type: str, options) -> str:
    """The catalogue fingerprint; must stay byte-identical to ``questionsets.models.fingerprint``.

    Duplicated here so the export layer stays free of Django; a test pins the two together.
    """
    payload = json.dumps(
        {
            "wording": wording,
            "instruction": instruction,
            "answer_type": str(answer_type),
            "options": [[int(code), label] for code, label in options],
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ExportOption:
    code: int
    label_nl: str
    label_en: str = ""
    is_missing: bool = False


@dataclass(frozen=True)
class ExportItem:
    code: str
    kind: Kind
    section: str
    wording_nl: str
    wording_en: str = ""
    instruction_nl: str = ""
    instruction_en: str = ""
    #: The shared stem of the national set the item came from (part of the comparable wording).
    intro_nl: str = ""
    intro_en: str = ""
    answer_type: AnswerType = "single"
    scale_code: str = ""
    options: tuple[ExportOption, ...] = ()
    source: str = ""
    source_edition: str = ""
    version: int | None = None
    fingerprint: str = ""
    #: For adapted items, what they were copied from, e.g. ``"vert1 v2"``.
    derived_from: str = ""
    indicator_codes: tuple[str, ...] = ()
    not_comparable_reason: str = ""
    #: How the item compares with the national figures, in the words of the builder
    #: (``comparability.ITEM_STATE_LABELS``, Dutch). Not part of the item's content, so two
    #: items that differ only here are equal (the conformance reference leaves it empty).
    comparability: str = field(default="", compare=False)

    @property
    def is_national(self) -> bool:
        return self.kind == "national"

    @property
    def is_choice(self) -> bool:
        return self.answer_type in CHOICE_TYPES

    @property
    def kind_nl(self) -> str:
        return KIND_LABELS_NL[self.kind]

    @property
    def answer_type_nl(self) -> str:
        return ANSWER_TYPE_LABELS_NL[self.answer_type]

    @property
    def missing_codes(self) -> tuple[int, ...]:
        return tuple(o.code for o in self.options if o.is_missing)

    @property
    def source_label(self) -> str:
        return ", ".join(part for part in (self.source, self.source_edition) if part)

    def computed_fingerprint(self) -> str:
        return fingerprint(
            wording=self.wording_nl,
            instruction=self.instruction_nl,
            answer_type=self.answer_type,
            options=[(o.code, o.label_nl) for o in self.options],
        )

    def scale_key(self) -> str:
        """The list/scale name used by writers: the scale code, or one derived from the item."""
        return self.scale_code or f"{self.code}_opties"


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[ExportItem, ...]


@dataclass(frozen=True)
class Scale:
    code: str
    options: tuple[ExportOption, ...]
    first_item: str


@dataclass(frozen=True)
class ExportQuestionnaire:
    title: str
    year: int
    municipality_code: str
    municipality_name: str
    catalogue_version: str
    exported_at: datetime
    items: tuple[ExportItem, ...]
    #: Free-form label -> value pairs (counts, indicator status, minutes vs budget), rendered as is.
    summary: dict[str, object] = field(default_factory=dict)

    def sections(self) -> list[Section]:
        """Consecutive runs of items with the same section title, in questionnaire order.

        A title that comes back later starts a new run, so the order is never changed.
        """
        runs: list[Section] = []
        for item in self.items:
            if runs and runs[-1].title == item.section:
                runs[-1] = Section(runs[-1].title, runs[-1].items + (item,))
            else:
                runs.append(Section(item.section, (item,)))
        return runs

    def scales(self) -> list[Scale]:
        """Distinct answer scales of the choice items, in order of first use.

        Items without a scale code get a scale of their own (``<code>_opties``).
        """
        seen: dict[str, Scale] = {}
        for item in self.items:
            if not item.is_choice or not item.options:
                continue
            key = item.scale_key()
            if key not in seen:
                seen[key] = Scale(key, item.options, item.code)
        return list(seen.values())

    def slug(self) -> str:
        return slugify(f"vragenlijst {self.municipality_name} {self.year}") or "vragenlijst"

    def filename(self, extension: str) -> str:
        return f"{self.slug()}.{extension}"


class ExportError(ValueError):
    """The questionnaire cannot be written in this format; the message is Dutch."""


class ExportFile(NamedTuple):
    filename: str
    content_type: str
    data: bytes


def intro_starts(items: Iterable[ExportItem]) -> Iterator[tuple[ExportItem, bool]]:
    """Yield (item, starts_set): True where an item's intro differs from the previous item's.

    That is where a matrix set begins and its shared stem must be shown once.
    """
    previous = None
    for item in items:
        starts = bool(item.intro_nl) and (
            previous is None
            or previous.intro_nl != item.intro_nl
            or previous.section != item.section
        )
        yield item, starts
        previous = item


def slugify(text: str, sep: str = "_") -> str:
    """ASCII, lower case, runs of other characters collapsed to ``sep``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", sep, ascii_text.lower()).strip(sep)


def options_text(options: Iterable[ExportOption]) -> str:
    """``1 = Helemaal mee eens; 2 = Mee eens`` as shown in the workbook and CSV."""
    return "; ".join(f"{o.code} = {o.label_nl}" for o in options)


#: Separates a set's shared stem from the first item's wording in a single text cell.
INTRO_SEPARATOR = "\n\n"


def wording_with_intro(item: ExportItem, starts_set: bool) -> str:
    """The question text as printed: the set's intro before the first item of the set."""
    if starts_set and item.intro_nl:
        return f"{item.intro_nl}{INTRO_SEPARATOR}{item.wording_nl}"
    return item.wording_nl
