"""Conformance check: does a questionnaire that came back from the field still ask the
national questions word for word? (PRODUCT.md, comparability contract point 5.)

``check_workbook(data, reference)`` reads an uploaded workbook, either our own fieldwork
workbook (sheet ``Vragenlijst``, possibly edited: rows deleted, added, reordered, cells
retyped) or an XLSForm (sheets ``survey`` + ``choices``), and gives a verdict per item:

* ``identical``: wording, instruction, answer type, answer codes and labels byte for byte equal;
* ``cosmetic``: only whitespace, punctuation or upper/lower case differ;
* ``altered``: anything else; each :class:`Difference` carries a word-level diff as
  ``(op, text)`` segments (``equal`` / ``delete`` / ``insert``) for ``<del>``/``<ins>``;
* ``missing``: a reference item that is not in the file;
* ``extra``: a row whose code is not in the reference (or a second row with the same code);
* ``local``: a row not in the reference that the file itself marks as lokaal/aangepast, while
  the reference holds national items only. Listed for information, never counted as a
  difference. Pass the questionnaire's local and adapted items in ``reference`` as well and
  such rows are compared (or reported ``extra``) like national ones.

Only national items and extra rows decide :attr:`ConformanceReport.exit_code`.

Where what is read:

* our workbook: code, vraagtekst, instructie, antwoordtype, antwoordcategorieën
  (``"1 = label; 2 = label"``) and versie of the Vragenlijst sheet, columns found by heading.
  The text of the first item of a matrix set includes the set's intro; the intro is checked
  once per set. The Antwoordschalen sheet is not read.
* XLSForm: ``type``, ``name``, ``label::Dutch (nl)`` (or ``label``), ``hint::Dutch (nl)`` (or
  ``hint``) and ``instance::versie`` of ``survey``; answer lists from ``choices``. Matrix intros
  are notes there and are not checked.
"""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from questionsets.exports import xlsx as xlsx_export
from questionsets.exports.base import (
    ANSWER_TYPE_LABELS_NL,
    CODE_RE,
    INTRO_SEPARATOR,
    KIND_LABELS_NL,
    ExportItem,
    options_text,
    strip_illegal_chars,
)

IDENTICAL = "identical"
COSMETIC = "cosmetic"
ALTERED = "altered"
MISSING = "missing"
EXTRA = "extra"
LOCAL = "local"

Verdict = Literal["identical", "cosmetic", "altered", "missing", "extra", "local"]
VERDICT_LABELS_NL = {
    IDENTICAL: "identiek",
    COSMETIC: "cosmetisch verschil",
    ALTERED: "gewijzigd",
    MISSING: "ontbreekt",
    EXTRA: "extra",
    LOCAL: "lokaal (niet vergeleken)",
}
EXIT_OK = 0
EXIT_DIFFERS = 3

MAX_ROWS = 20_000
MAX_PROBLEMS_SHOWN = 10

# Used only when questionsets.files.xlsx_safety is unavailable.
_FALLBACK_MAX_BYTES = 10 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"

_ANSWER_TYPES_BY_LABEL = {label: key for key, label in ANSWER_TYPE_LABELS_NL.items()}
_KINDS_BY_LABEL = {label: key for key, label in KIND_LABELS_NL.items()}
_XLSFORM_TYPES = {"integer": "numeric", "decimal": "numeric", "text": "text"}
_XLSFORM_SKIP_TYPES = {
    "begin_group",
    "end_group",
    "begin group",
    "end group",
    "begin_repeat",
    "end_repeat",
    "begin repeat",
    "end repeat",
    "note",
    "calculate",
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "audit",
}
_OPTION_START_RE = re.compile(r"(?:^|;\s*|\n\s*)([^\s;=]+)\s*=\s?")
_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")


class ConformanceError(ValueError):
    """The upload cannot be checked; ``message`` is Dutch and meant for the user."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass(frozen=True)
class Difference:
    """One field of one item that differs; ``segments`` is a word-level diff."""

    field: str  # vraagtekst, inleiding, instructie, antwoordtype, antwoord
    verdict: Verdict  # cosmetic or altered
    expected: str
    found: str
    segments: tuple[tuple[str, str], ...] = ()
    option_code: int | None = None
    note: str = ""

    @property
    def label_nl(self) -> str:
        if self.option_code is not None:
            return f"antwoord {self.option_code}"
        return self.field


@dataclass(frozen=True)
class ItemVerdict:
    code: str
    verdict: Verdict
    kind: str = ""  # the reference kind; empty for rows not in the reference
    row: int | None = None  # 1-based row in the uploaded sheet
    expected_version: int | None = None
    found_version: int | None = None
    expected_fingerprint: str = ""
    differences: tuple[Difference, ...] = ()
    message: str = ""

    @property
    def verdict_nl(self) -> str:
        return VERDICT_LABELS_NL[self.verdict]

    @property
    def counts(self) -> bool:
        """Whether this verdict bears on comparability (national item or extra row)."""
        return self.kind == "national" or self.verdict == EXTRA


@dataclass(frozen=True)
class ConformanceReport:
    source_format: Literal["xlsx", "xlsform"]
    verdicts: tuple[ItemVerdict, ...]
    sheet: str = ""
    warnings: tuple[str, ...] = field(default=())

    @property
    def national(self) -> tuple[ItemVerdict, ...]:
        return tuple(v for v in self.verdicts if v.kind == "national")

    def by_code(self) -> dict[str, ItemVerdict]:
        """First verdict per code (an extra duplicate row does not hide the original)."""
        result: dict[str, ItemVerdict] = {}
        for v in self.verdicts:
            result.setdefault(v.code, v)
        return result

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(VERDICT_LABELS_NL, 0)
        for v in self.verdicts:
            totals[v.verdict] += 1
        return totals

    @property
    def is_conform(self) -> bool:
        return all(v.verdict == IDENTICAL for v in self.national) and not any(
            v.verdict == EXTRA for v in self.verdicts
        )

    @property
    def exit_code(self) -> int:
        """0 when every national item is identical and nothing was added, else 3."""
        return EXIT_OK if self.is_conform else EXIT_DIFFERS


# --------------------------------------------------------------------------- text comparison


def normalise(text: str) -> str:
    """Fold case, drop punctuation, collapse whitespace: what 'cosmetic' ignores."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    return " ".join(text.split())


def word_diff(expected: str, found: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff as (op, text) segments, op in equal/delete/insert."""
    a = _TOKEN_RE.findall(expected)
    b = _TOKEN_RE.findall(found)
    segments: list[tuple[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return tuple(segments)


def compare_text(name: str, expected: str, found: str, **extra) -> Difference | None:
    if found == expected:
        return None
    verdict = COSMETIC if normalise(found) == normalise(expected) else ALTERED
    return Difference(name, verdict, expected, found, word_diff(expected, found), **extra)


def _best_candidate(candidates: list[str], found: str) -> str:
    if len(candidates) == 1:
        return candidates[0]
    for candidate in candidates:
        if normalise(candidate) == normalise(found):
            return candidate
    tokens = _TOKEN_RE.findall(found)
    return max(
        candidates,
        key=lambda c: difflib.SequenceMatcher(
            None, _TOKEN_RE.findall(c), tokens, autojunk=False
        ).ratio(),
    )


# --------------------------------------------------------------------------- parsed rows


@dataclass
class FoundItem:
    code: str
    row: int
    wording: str
    instruction: str
    answer_type: str  # internal key if recognised, else the raw text
    answer_type_raw: str
    options: list[tuple[int, str]] | None  # None when the file has no option column
    version: int | None = None
    declared_kind: str = ""  # national/adapted/local as the file says, if it says


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_int(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    text = str(value).strip()
    if not text:
        return None
    if not re.fullmatch(r"\d+", text):
        raise ValueError(value)
    return int(text)


def parse_options_text(text: str) -> list[tuple[str, str]]:
    """Split ``"1 = Eens; 2 = Oneens"`` into [("1", "Eens"), ("2", "Oneens")]."""
    matches = list(_OPTION_START_RE.finditer(text))
    if not matches and text.strip():
        return [("", text)]
    parsed = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        parsed.append((match.group(1), text[match.end() : end]))
    return parsed


# --------------------------------------------------------------------------- reading files


def _safety_check(data: bytes) -> None:
    try:
        from questionsets.files.xlsx_safety import check_xlsx_upload
    except ImportError:  # pragma: no cover - the module exists in this project
        _fallback_safety_check(data)
        return
    try:
        check_xlsx_upload(data)
    except Exception as exc:
        messages = getattr(exc, "messages", None) or [str(exc)]
        raise ConformanceError(" ".join(str(m) for m in messages)) from exc


def _fallback_safety_check(data: bytes) -> None:  # pragma: no cover
    import zipfile

    if not data:
        raise ConformanceError("Het bestand is leeg.")
    if len(data) > _FALLBACK_MAX_BYTES:
        raise ConformanceError("Het bestand is te groot; het mag hoogstens 10 MB zijn.")
    if data.startswith(_OLE_MAGIC):
        raise ConformanceError(
            "Het bestand is met een wachtwoord beveiligd of is een oud Excel-bestand (.xls). "
            "Sla het op als Excel-werkmap (.xlsx) zonder wachtwoord."
        )
    if not data.startswith(_ZIP_MAGIC):
        raise ConformanceError("Het bestand is geen Excel-werkmap (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ConformanceError("Het bestand is geen geldige Excel-werkmap (.xlsx).") from exc
    if len(members) > 1000 or sum(m.file_size for m in members) > 200 * 1024 * 1024:
        raise ConformanceError("Het bestand pakt uit tot een verdacht grote hoeveelheid gegevens.")


def _open(data: bytes):
    import openpyxl

    _safety_check(data)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken parts
        raise ConformanceError(
            "Het bestand kon niet als Excel-werkmap worden gelezen. Is het beschadigd?"
        ) from exc


def _sheet_rows(ws) -> list[tuple]:
    rows = []
    for row in ws.iter_rows(values_only=True):
        rows.append(tuple(row))
        if len(rows) > MAX_ROWS:
            raise ConformanceError(
                f"Het blad '{ws.title}' heeft meer dan {MAX_ROWS} rijen; dat is geen vragenlijst."
            )
    return rows


def _header_index(header: tuple) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, value in enumerate(header):
        name = _text(value).strip().lower()
        if name and name not in index:
            index[name] = i
    return index


def _cell(row: tuple, index: dict[str, int], *names: str) -> object:
    for name in names:
        i = index.get(name.lower())
        if i is not None and i < len(row):
            return row[i]
    return None


def _is_blank(row: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _raise_problems(problems: list[str]) -> None:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    message = "Het bestand kan niet worden gecontroleerd: " + " ".join(shown)
    if more:
        message += f" (en nog {more} andere problemen)"
    raise ConformanceError(message, problems)


def _read_our_workbook(ws) -> list[FoundItem]:
    rows = _sheet_rows(ws)
    header_at = None
    for i, row in enumerate(rows[:10]):
        index = _header_index(row)
        if xlsx_export.COL_CODE in index and xlsx_export.COL_WORDING in index:
            header_at = i
            break
    if header_at is None:
        raise ConformanceError(
            f"Het blad '{ws.title}' heeft geen kopregel met de kolommen 'code' en 'vraagtekst'."
        )
    index = _header_index(rows[header_at])
    has_options = xlsx_export.COL_OPTIONS in index
    problems: list[str] = []
    found: list[FoundItem] = []
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if _is_blank(row):
            continue
        code = _text(_cell(row, index, xlsx_export.COL_CODE)).strip()
        if not code:
            problems.append(f"Rij {offset} heeft geen vraagcode.")
            continue
        if not CODE_RE.fullmatch(code):
            problems.append(
                f"Rij {offset}: vraagcode '{code}' is ongeldig (een kleine letter, dan kleine "
                "letters of cijfers, hoogstens 20 tekens)."
            )
            continue
        version = None
        raw_version = _cell(row, index, xlsx_export.COL_VERSION, xlsx_export.MACHINE_VERSION)
        try:
            version = _as_int(raw_version)
        except ValueError:
            problems.append(
                f"Rij {offset} ({code}): versie '{_text(raw_version)}' is geen geheel getal."
            )
        options = None
        if has_options:
            options = []
            raw = _text(_cell(row, index, xlsx_export.COL_OPTIONS))
            for raw_code, label in parse_options_text(raw):
                try:
                    option_code = _as_int(raw_code)
                except ValueError:
                    option_code = None
                if option_code is None:
                    problems.append(
                        f"Rij {offset} ({code}): antwoordcode '{raw_code or raw}' is geen "
                        "geheel getal; schrijf antwoorden als '1 = label; 2 = label'."
                    )
                    continue
                options.append((option_code, label))
        answer_raw = _text(_cell(row, index, xlsx_export.COL_ANSWER_TYPE))
        kind_raw = _text(_cell(row, index, xlsx_export.COL_KIND)).strip().lower()
        found.append(
            FoundItem(
                code=code,
                row=offset,
                wording=_text(_cell(row, index, xlsx_export.COL_WORDING)),
                instruction=_text(_cell(row, index, xlsx_export.COL_INSTRUCTION)),
                answer_type=_ANSWER_TYPES_BY_LABEL.get(answer_raw.strip().lower(), answer_raw),
                answer_type_raw=answer_raw,
                options=options,
                version=version,
                declared_kind=_KINDS_BY_LABEL.get(kind_raw, ""),
            )
        )
    if problems:
        _raise_problems(problems)
    return found


def _label_column(index: dict[str, int], base: str) -> str | None:
    preferred = f"{base}::dutch (nl)"
    if preferred in index:
        return preferred
    if base in index:
        return base
    for name in index:
        if name.startswith(f"{base}::") and "(nl)" in name:
            return name
    return None


def _read_xlsform(wb) -> list[FoundItem]:
    survey = _sheet_rows(wb["survey"])
    if not survey:
        raise ConformanceError("Het blad 'survey' is leeg.")
    index = _header_index(survey[0])
    if "type" not in index or "name" not in index:
        raise ConformanceError("Het blad 'survey' mist de kolommen 'type' en 'name'.")
    label_col = _label_column(index, "label")
    hint_col = _label_column(index, "hint")
    problems: list[str] = []
    lists: dict[str, list[tuple[int, str]]] = {}
    if "choices" in wb.sheetnames:
        choices = _sheet_rows(wb["choices"])
        if choices:
            cindex = _header_index(choices[0])
            clabel = _label_column(cindex, "label")
            for offset, row in enumerate(choices[1:], start=2):
                if _is_blank(row):
                    continue
                list_name = _text(_cell(row, cindex, "list_name", "list name")).strip()
                raw_code = _cell(row, cindex, "name")
                try:
                    option_code = _as_int(raw_code)
                except ValueError:
                    option_code = None
                if option_code is None:
                    problems.append(
                        f"Blad choices, rij {offset}: antwoordcode '{_text(raw_code)}' "
                        "is geen geheel getal."
                    )
                    continue
                label = _text(_cell(row, cindex, clabel)) if clabel else ""
                lists.setdefault(list_name, []).append((option_code, label))
    found: list[FoundItem] = []
    for offset, row in enumerate(survey[1:], start=2):
        if _is_blank(row):
            continue
        type_raw = " ".join(_text(_cell(row, index, "type")).split())
        type_key = type_raw.lower()
        if not type_key or type_key in _XLSFORM_SKIP_TYPES:
            continue
        code = _text(_cell(row, index, "name")).strip()
        if not CODE_RE.fullmatch(code):
            problems.append(
                f"Blad survey, rij {offset}: vraagcode '{code}' is ongeldig (een kleine letter, "
                "dan kleine letters of cijfers, hoogstens 20 tekens)."
            )
            continue
        options = None
        if type_key.startswith(("select_one ", "select_multiple ")):
            answer_type = "single" if type_key.startswith("select_one") else "multiple"
            list_name = type_raw.split(" ", 1)[1].strip()
            options = list(lists.get(list_name, []))
        else:
            answer_type = _XLSFORM_TYPES.get(type_key, type_raw)
            options = []
        raw_version = _cell(row, index, "instance::versie")
        try:
            version = _as_int(raw_version)
        except ValueError:
            problems.append(
                f"Blad survey, rij {offset} ({code}): versie '{_text(raw_version)}' is geen "
                "geheel getal."
            )
            version = None
        found.append(
            FoundItem(
                code=code,
                row=offset,
                wording=_text(_cell(row, index, label_col)) if label_col else "",
                instruction=_text(_cell(row, index, hint_col)) if hint_col else "",
                answer_type=answer_type,
                answer_type_raw=type_raw,
                options=options,
                version=version,
                declared_kind=_text(_cell(row, index, "instance::soort")).strip(),
            )
        )
    if problems:
        _raise_problems(problems)
    return found


# --------------------------------------------------------------------------- comparing


def _clean(text: str) -> str:
    return strip_illegal_chars(text)


def _compare_item(ref: ExportItem, got: FoundItem, with_intro: bool) -> list[Difference]:
    diffs: list[Difference] = []
    wording = _clean(ref.wording_nl)
    candidates = [wording]
    if with_intro and ref.intro_nl:
        candidates.append(f"{_clean(ref.intro_nl)}{INTRO_SEPARATOR}{wording}")
    if got.wording not in candidates:
        diff = compare_text("vraagtekst", _best_candidate(candidates, got.wording), got.wording)
        if diff:
            diffs.append(diff)
    diff = compare_text("instructie", _clean(ref.instruction_nl), got.instruction)
    if diff:
        diffs.append(diff)
    if got.answer_type != ref.answer_type:
        diffs.append(
            Difference(
                "antwoordtype",
                ALTERED,
                ref.answer_type_nl,
                got.answer_type_raw,
                word_diff(ref.answer_type_nl, got.answer_type_raw),
            )
        )
    if got.options is not None:
        diffs.extend(_compare_options(ref, got.options))
    return diffs


def _compare_options(ref: ExportItem, found: list[tuple[int, str]]) -> list[Difference]:
    diffs: list[Difference] = []
    expected = [(o.code, _clean(o.label_nl)) for o in ref.options]
    got_by_code: dict[int, str] = {}
    for code, label in found:
        got_by_code.setdefault(code, label)
    expected_codes = {code for code, _ in expected}
    for code, label in expected:
        if code not in got_by_code:
            diffs.append(
                Difference(
                    "antwoord",
                    ALTERED,
                    label,
                    "",
                    (("delete", label),),
                    option_code=code,
                    note=f"antwoordcode {code} ontbreekt",
                )
            )
            continue
        diff = compare_text("antwoord", label, got_by_code[code], option_code=code)
        if diff:
            diffs.append(diff)
    for code, label in found:
        if code not in expected_codes:
            diffs.append(
                Difference(
                    "antwoord",
                    ALTERED,
                    "",
                    label,
                    (("insert", label),),
                    option_code=code,
                    note=f"antwoordcode {code} hoort niet bij deze vraag",
                )
            )
    if len(found) != len(got_by_code):
        diffs.append(
            Difference(
                "antwoorden",
                ALTERED,
                options_text(ref.options),
                "; ".join(f"{c} = {lab}" for c, lab in found),
                note="een antwoordcode komt meer dan eens voor",
            )
        )
    got_order = [c for c, _ in found if c in expected_codes]
    want_order = [c for c, _ in expected if c in got_by_code]
    if not diffs and got_order != want_order:
        diffs.append(
            Difference(
                "antwoorden",
                ALTERED,
                " ".join(map(str, want_order)),
                " ".join(map(str, got_order)),
                note="de volgorde van de antwoorden is veranderd",
            )
        )
    return diffs


def _check_intros(
    reference: Mapping[str, ExportItem], found: list[FoundItem], verdicts: dict[str, ItemVerdict]
) -> None:
    """Each national matrix intro must still head one of its items' text.

    A changed intro already shows as a difference in that item's vraagtekst; this catches an
    intro that was removed altogether.
    """
    by_intro: dict[str, list[FoundItem]] = {}
    for got in found:
        ref = reference.get(got.code)
        if ref and ref.is_national and ref.intro_nl and got.code in verdicts:
            if verdicts[got.code].row == got.row:
                by_intro.setdefault(_clean(ref.intro_nl), []).append(got)
    for intro, rows in by_intro.items():
        if any(r.wording.startswith(intro + INTRO_SEPARATOR) for r in rows):
            continue
        if any(d.field == "vraagtekst" for r in rows for d in verdicts[r.code].differences):
            continue
        first = verdicts[rows[0].code]
        missing = Difference(
            "inleiding", ALTERED, intro, "", (("delete", intro),), note="inleiding ontbreekt"
        )
        verdicts[first.code] = replace(
            first, verdict=ALTERED, differences=first.differences + (missing,)
        )


def compare(
    found: list[FoundItem],
    reference: Mapping[str, ExportItem],
    *,
    source_format: Literal["xlsx", "xlsform"],
    sheet: str = "",
) -> ConformanceReport:
    reference_has_local = any(not ref.is_national for ref in reference.values())
    verdicts: dict[str, ItemVerdict] = {}
    extra: list[ItemVerdict] = []
    for got in found:
        ref = reference.get(got.code)
        if ref is None or got.code in verdicts:
            declared_local = got.declared_kind in ("local", "adapted")
            if ref is None and declared_local and not reference_has_local:
                extra.append(
                    ItemVerdict(
                        got.code,
                        LOCAL,
                        row=got.row,
                        found_version=got.version,
                        message="Lokale of aangepaste vraag; niet vergeleken.",
                    )
                )
                continue
            message = (
                "Deze vraagcode staat al eerder in het bestand."
                if ref is not None
                else "Deze vraagcode hoort niet bij de vragenlijst."
            )
            if ref is None and got.declared_kind == "national":
                message = "Het bestand noemt dit een landelijke vraag, maar de code is onbekend."
            extra.append(
                ItemVerdict(
                    got.code, EXTRA, row=got.row, found_version=got.version, message=message
                )
            )
            continue
        diffs = _compare_item(ref, got, with_intro=source_format == "xlsx")
        if not diffs:
            verdict = IDENTICAL
        elif all(d.verdict == COSMETIC for d in diffs):
            verdict = COSMETIC
        else:
            verdict = ALTERED
        message = ""
        if got.version is not None and ref.version is not None and got.version != ref.version:
            message = (
                f"Het bestand noemt versie {got.version}; de vragenlijst gebruikt {ref.version}."
            )
        verdicts[got.code] = ItemVerdict(
            got.code,
            verdict,
            kind=ref.kind,
            row=got.row,
            expected_version=ref.version,
            found_version=got.version,
            expected_fingerprint=ref.fingerprint,
            differences=tuple(diffs),
            message=message,
        )
    if source_format == "xlsx":
        _check_intros(reference, found, verdicts)
    ordered: list[ItemVerdict] = []
    for code, ref in reference.items():
        if code in verdicts:
            ordered.append(verdicts[code])
        else:
            ordered.append(
                ItemVerdict(
                    code,
                    MISSING,
                    kind=ref.kind,
                    expected_version=ref.version,
                    expected_fingerprint=ref.fingerprint,
                    message="Deze vraag staat niet in het bestand.",
                )
            )
    ordered.extend(extra)
    return ConformanceReport(source_format, tuple(ordered), sheet=sheet)


def check_workbook(data: bytes, reference: Mapping[str, ExportItem]) -> ConformanceReport:
    """Check an uploaded workbook against the reference items, keyed by code.

    Raises :class:`ConformanceError` (Dutch message) when the file cannot be checked.
    """
    wb = _open(data)
    try:
        names = wb.sheetnames
        if "survey" in names:
            found = _read_xlsform(wb)
            return compare(found, reference, source_format="xlsform", sheet="survey")
        sheet = xlsx_export.SHEET_QUESTIONS if xlsx_export.SHEET_QUESTIONS in names else None
        if sheet is None:
            for name in names:
                ws = wb[name]
                first = next(ws.iter_rows(max_row=1, values_only=True), ())
                index = _header_index(first)
                if xlsx_export.COL_CODE in index and xlsx_export.COL_WORDING in index:
                    sheet = name
                    break
        if sheet is None:
            raise ConformanceError(
                "Geen blad 'Vragenlijst' (onze werkmap) of 'survey' (XLSForm) gevonden. "
                "Upload de werkmap die u uit de catalogus hebt geëxporteerd."
            )
        found = _read_our_workbook(wb[sheet])
        if not found:
            raise ConformanceError(f"Het blad '{sheet}' bevat geen vragen.")
        return compare(found, reference, source_format="xlsx", sheet=sheet)
    finally:
        wb.close()
