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
* ``local``: a local or adapted item of the reference, or a row not in the reference that the
  file itself marks as lokaal/aangepast while the reference holds national items only. Listed
  for information (a local item's differences stay listed), never counted as a difference,
  and never called identical: only a national item can be. With local and adapted items in
  ``reference``, an unknown row marked lokaal is reported ``extra``.

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
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from questionsets.exports import xlsform as xlsform_export
from questionsets.exports import xlsx as xlsx_export
from questionsets.exports.base import (
    INTRO_SEPARATOR,
    ExportItem,
    options_text,
    strip_illegal_chars,
)
from questionsets.files.formulas import workbook_formulas

from .conformance_readers import (
    _TOKEN_RE,
    ConformanceError,
    FoundItem,
    _check_width,
    _header_index,
    _open,
    _read_our_workbook,
    _read_xlsform,
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


# --------------------------------------------------------------------------- reading files


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
    if got.options_raw is not None and got.options_raw == _clean(options_text(ref.options)):
        pass  # exactly as exported: a label may hold "; 3 = " itself, so it is not re-split
    elif got.options is not None:
        diffs.extend(_compare_options(ref, got.options))
    return diffs + _formula_differences(ref, got)


def _as_converted(item):
    """An item's texts as an XLSForm shows them (pyxform normalises quotes and spaces)."""
    convert = xlsform_export.as_converted
    if isinstance(item, ExportItem):
        return replace(
            item,
            wording_nl=convert(item.wording_nl),
            instruction_nl=convert(item.instruction_nl),
            options=tuple(replace(o, label_nl=convert(o.label_nl)) for o in item.options),
        )
    options = None if item.options is None else [(c, convert(t)) for c, t in item.options]
    return replace(
        item, wording=convert(item.wording), instruction=convert(item.instruction), options=options
    )


def _formula_differences(ref: ExportItem, got: FoundItem) -> list[Difference]:
    """A formula is never identical, whatever value it last computed."""
    expected = {
        "vraagtekst": _clean(ref.wording_nl),
        "instructie": _clean(ref.instruction_nl),
        "antwoorden": options_text(ref.options),
        "antwoordtype": ref.answer_type_nl,
    }
    return [
        Difference(
            name,
            ALTERED,
            expected.get(name, ""),
            formula,
            note=f"de cel bevat een formule ({formula}); een formule is nooit gelijk aan de tekst",
        )
        for name, formula in got.formulas.items()
    ]


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


LOCAL_MESSAGE = "Lokale of aangepaste vraag: telt niet mee voor de vergelijkbaarheid."


def _verdict(diffs: list[Difference], *, national: bool) -> Verdict:
    """A local or adapted row is local whatever it holds (its differences stay listed)."""
    if not national:
        return LOCAL
    if not diffs:
        return IDENTICAL
    return COSMETIC if all(d.verdict == COSMETIC for d in diffs) else ALTERED


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
        if source_format == "xlsform":
            ref, got = _as_converted(ref), _as_converted(got)
        diffs = _compare_item(ref, got, with_intro=source_format == "xlsx")
        verdict = _verdict(diffs, national=ref.is_national)
        message = "" if ref.is_national else LOCAL_MESSAGE
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
            found = _read_xlsform(wb, workbook_formulas(data))
            return compare(found, reference, source_format="xlsform", sheet="survey")
        sheet = xlsx_export.SHEET_QUESTIONS if xlsx_export.SHEET_QUESTIONS in names else None
        if sheet is None:
            for name in names:
                ws = wb[name]
                first = next(ws.iter_rows(max_row=1, values_only=True), ())
                _check_width(first)
                index = _header_index(first)
                if xlsx_export.COL_CODE in index and xlsx_export.COL_WORDING in index:
                    sheet = name
                    break
        if sheet is None:
            raise ConformanceError(
                "Geen blad 'Vragenlijst' (onze werkmap) of 'survey' (XLSForm) gevonden. "
                "Upload de werkmap die u uit de catalogus hebt geëxporteerd."
            )
        found = _read_our_workbook(wb[sheet], workbook_formulas(data).get(sheet, {}))
        if not found:
            raise ConformanceError(f"Het blad '{sheet}' bevat geen vragen.")
        return compare(found, reference, source_format="xlsx", sheet=sheet)
    finally:
        wb.close()
