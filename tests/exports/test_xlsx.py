from io import BytesIO

from openpyxl import load_workbook

from questionsets.exports import xlsx
from questionsets.exports.base import options_text, strip_illegal_chars

from .samples import TRUST_INTRO, big_questionnaire, sample_questionnaire


def _load(data: bytes):
    return load_workbook(BytesIO(data))


def _rows(ws):
    header = [c.value for c in ws[1]]
    return header, [dict(zip(header, row, strict=False)) for row in ws.iter_rows(min_row=2)]


def test_workbook_has_the_three_dutch_sheets():
    exported = xlsx.render(sample_questionnaire())
    assert exported.filename == "vragenlijst_utrecht_2025.xlsx"
    assert exported.content_type == xlsx.CONTENT_TYPE
    wb = _load(exported.data)
    assert wb.sheetnames == ["Vragenlijst", "Antwoordschalen", "Verantwoording"]
    header = [c.value for c in wb["Vragenlijst"][1]]
    assert header[:10] == [
        "sectie",
        "code",
        "vraagtekst",
        "instructie",
        "antwoordtype",
        "antwoordcategorieën",
        "soort",
        "bron en editie",
        "versie",
        "vingerafdruk",
    ]


def test_national_texts_codes_and_labels_are_byte_for_byte():
    q = sample_questionnaire()
    wb = _load(xlsx.render(q).data)
    _, rows = _rows(wb["Vragenlijst"])
    assert [r["code"].value for r in rows] == [i.code for i in q.items]
    for item, row in zip(q.items, rows, strict=True):
        expected = item.wording_nl
        if item.code == "vert1":
            expected = f"{TRUST_INTRO}\n\n{item.wording_nl}"
        assert row["vraagtekst"].value == strip_illegal_chars(expected)
        assert (row["instructie"].value or "") == item.instruction_nl
        assert (row["antwoordcategorieën"].value or "") == options_text(item.options)
        assert row["machine: code"].value == item.code
        assert row["machine: vingerafdruk"].value == (item.fingerprint or None)
        if item.kind == "national":
            assert row["versie"].value == item.version
            assert row["vingerafdruk"].value == item.fingerprint
            assert row["soort"].value == "landelijk"
    scales = list(wb["Antwoordschalen"].iter_rows(min_row=2, values_only=True))
    assert ("vertrouwen5", 9, "Weet niet", "ja", "Don't know") in scales
    assert ("voorzieningen", 98, "=Geen van deze", None, None) in scales


def test_no_formulas_anywhere_and_every_text_is_a_string():
    wb = _load(xlsx.render(sample_questionnaire()).data)
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    texts.append(cell.value)
    assert "=1+1 keer per week of vaker: hoe vaak ziet u overlast?" in texts
    assert '=HYPERLINK("http://example.org") @mention -min +plusbel' in texts
    assert "  Hoe vaak bent u in de afgelopen 12 maanden slachtoffer geworden?  " in texts


def test_national_rows_are_locked_and_the_sheet_is_protected():
    q = sample_questionnaire()
    wb = _load(xlsx.render(q).data)
    ws = wb["Vragenlijst"]
    assert ws.protection.sheet is True
    assert ws.protection.password is None
    for item, row in zip(q.items, ws.iter_rows(min_row=2), strict=True):
        locked = {cell.protection.locked for cell in row}
        assert locked == {item.kind == "national"}, item.code
        shaded = {cell.fill.fgColor.rgb.endswith("F2F2F2") for cell in row}
        assert shaded == {item.kind == "national"}, item.code
        assert all(cell.alignment.wrap_text for cell in row)
    assert all(cell.font.bold and cell.alignment.wrap_text for cell in ws[1])
    scales = wb["Antwoordschalen"]
    assert scales.protection.sheet is True
    assert {cell.protection.locked for cell in scales[2]} == {True}
    account = dict(wb["Verantwoording"].iter_rows(min_row=2, values_only=True))
    assert "beveiligd" in account["Beveiliging"]
    assert account["Catalogusversie"] == "2025.1"
    assert account["Landelijke vragen"] == 7
    assert "SHA-256" in account["Vingerafdruk"]


def test_layout_freeze_print_widths_and_hidden_machine_columns():
    ws = _load(xlsx.render(sample_questionnaire()).data)["Vragenlijst"]
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.column_dimensions["C"].width == 60
    assert ws["C2"].alignment.wrap_text is True
    hidden = [
        ws.cell(row=1, column=c).value
        for c in range(1, ws.max_column + 1)
        if ws.column_dimensions[ws.cell(row=1, column=c).column_letter].hidden
    ]
    assert hidden == [
        "machine: code",
        "machine: soort",
        "machine: versie",
        "machine: vingerafdruk",
    ]


def test_500_items():
    q = big_questionnaire()
    wb = _load(xlsx.render(q).data)
    assert wb["Vragenlijst"].max_row == 501
