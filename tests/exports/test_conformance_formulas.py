"""A formula is never identical: a cell whose cached value equals the national text is
reported as altered, naming the formula (also an external link)."""

import re
import zipfile
from io import BytesIO
from xml.sax.saxutils import escape

from openpyxl import load_workbook

from questionsets.exports import xlsform, xlsx
from questionsets.exports.conformance import ALTERED, IDENTICAL, check_workbook

from .samples import full_reference, sample_questionnaire


def with_cached_formula(data: bytes, sheet: str, find, formula: str) -> bytes:
    """Put `formula` in the cell that `find(ws)` returns, with the cell's text as its
    cached value, the way Excel saves it: data_only readers see the unchanged text."""
    wb = load_workbook(BytesIO(data))
    ws = wb[sheet]
    cell = find(ws)
    text = cell.value
    cell.value = formula
    out = BytesIO()
    wb.save(out)
    return _set_cached_value(out.getvalue(), wb.sheetnames.index(sheet), formula, text)


def _set_cached_value(data: bytes, index: int, formula: str, text: str) -> bytes:
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    part = f"xl/worksheets/sheet{index + 1}.xml"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == part:
                f = escape(formula[1:]).encode()
                pattern = rb"<c ([^>]*?)><f>" + re.escape(f) + rb"</f><v>\s*</v></c>"
                replacement = rb'<c \1 t="str"><f>' + f + b"</f><v>" + escape(text).encode()
                content, count = re.subn(pattern, replacement + b"</v></c>", content)
                assert count == 1, content[:2000]
            archive.writestr(item, content)
    return out.getvalue()


def _row_of(ws, code, code_column=2):
    return next(r for r in ws.iter_rows(min_row=2) if r[code_column - 1].value == code)


def test_a_formula_with_the_national_text_as_value_is_altered_in_our_workbook():
    q = sample_questionnaire()
    data = xlsx.render(q).data
    header = [c.value for c in load_workbook(BytesIO(data))["Vragenlijst"][1]]
    wording = header.index(xlsx.COL_WORDING)
    for formula in ('=Bron!A1&""', "='[1]Landelijk'!$C$5"):
        edited = with_cached_formula(
            data, "Vragenlijst", lambda ws: _row_of(ws, "vei1")[wording], formula
        )
        verdicts = check_workbook(edited, full_reference(q)).by_code()
        assert verdicts["vei1"].verdict == ALTERED, formula
        note = " ".join(d.note for d in verdicts["vei1"].differences)
        assert formula in note, note
        others = {v.verdict for c, v in verdicts.items() if c != "vei1" and v.kind == "national"}
        assert others == {IDENTICAL}


def test_a_formula_in_an_xlsform_label_is_altered():
    q = sample_questionnaire()
    data = xlsform.render(q).data
    edited = with_cached_formula(data, "survey", lambda ws: _row_of(ws, "vei1")[2], '=C1&""')
    verdict = check_workbook(edited, full_reference(q)).by_code()["vei1"]
    assert verdict.verdict == ALTERED
    assert '=C1&""' in " ".join(d.note for d in verdict.differences)
