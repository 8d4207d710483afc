from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from questionsets.exports import xlsx
from questionsets.exports.conformance import (
    ALTERED,
    COSMETIC,
    EXTRA,
    IDENTICAL,
    LOCAL,
    MISSING,
    check_workbook,
    word_diff,
)
from questionsets.exports.conformance_readers import ConformanceError

from .samples import big_questionnaire, full_reference, national_reference, sample_questionnaire


def _exported():
    q = sample_questionnaire()
    return q, xlsx.render(q).data


def _edit(data: bytes, change) -> bytes:
    wb = load_workbook(BytesIO(data))
    ws = wb["Vragenlijst"]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(row=r, column=2).value: r for r in range(2, ws.max_row + 1)}
    change(ws, lambda name: header.index(name) + 1, rows)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _verdicts(report):
    return {v.code: v.verdict for v in report.verdicts}


def _unchanged(report, codes=None) -> bool:
    """National items identical, local and adapted ones local (never identical)."""
    return all(
        v.verdict == (IDENTICAL if v.kind == "national" else LOCAL)
        for v in report.verdicts
        if codes is None or v.code in codes
    )


def test_round_trip_is_identical():
    q, data = _exported()
    report = check_workbook(data, full_reference(q))
    assert _unchanged(report)
    assert {v.verdict for v in report.verdicts if v.kind != "national"} == {LOCAL}
    assert report.counts()[LOCAL] == 3
    assert report.exit_code == 0
    assert report.source_format == "xlsx"


def test_round_trip_with_national_reference_lists_local_rows_without_counting_them():
    q, data = _exported()
    report = check_workbook(data, national_reference(q))
    verdicts = _verdicts(report)
    assert {verdicts[c] for c in national_reference(q)} == {IDENTICAL}
    assert {verdicts[c] for c in ("lokvei1", "lok1", "lok2")} == {LOCAL}
    assert report.exit_code == 0


def test_four_edits_give_exactly_four_verdicts():
    q, data = _exported()

    def change(ws, col, rows):
        # 1. one word of a national wording
        cell = ws.cell(row=rows["vert2"], column=col("vraagtekst"))
        cell.value = "De wijkagent"
        # 2. one answer label of a national item
        cell = ws.cell(row=rows["vei1"], column=col("antwoordcategorieën"))
        cell.value = cell.value.replace("2 = Mee eens", "2 = Eens")
        # 3. delete one row
        ws.delete_rows(rows["vei3"])
        # 4. add one row
        ws.append(["Extra", "nieuw1", "Een vraag die het bureau toevoegde", "", "open tekst"])

    edited = _edit(data, change)
    report = check_workbook(edited, full_reference(q))
    verdicts = _verdicts(report)
    assert verdicts.pop("vert2") == ALTERED
    assert verdicts.pop("vei1") == ALTERED
    assert verdicts.pop("vei3") == MISSING
    assert verdicts.pop("nieuw1") == EXTRA
    assert _unchanged(report, verdicts)
    assert report.exit_code == 3

    by_code = report.by_code()
    (wording,) = by_code["vert2"].differences
    assert wording.field == "vraagtekst"
    assert wording.segments == (("equal", "De "), ("delete", "politie"), ("insert", "wijkagent"))
    (label,) = by_code["vei1"].differences
    assert label.option_code == 2
    assert label.label_nl == "antwoord 2"
    assert (label.expected, label.found) == ("Mee eens", "Eens")
    assert label.segments == (("delete", "Mee eens"), ("insert", "Eens"))
    assert by_code["nieuw1"].row == 11


def test_reordered_rows_are_still_identical():
    q, data = _exported()

    def change(ws, col, rows):
        ws.move_range(f"A{rows['verb1']}:O{rows['verb1']}", rows=20)
        ws.delete_rows(rows["verb1"])

    report = check_workbook(_edit(data, change), full_reference(q))
    assert _unchanged(report)


def test_trailing_space_and_case_are_cosmetic():
    q, data = _exported()

    def change(ws, col, rows):
        ws.cell(row=rows["vert2"], column=col("vraagtekst")).value = "de politie "
        ws.cell(row=rows["vei2"], column=col("instructie")).value = " "

    report = check_workbook(_edit(data, change), full_reference(q))
    verdicts = _verdicts(report)
    assert verdicts.pop("vert2") == COSMETIC
    assert verdicts.pop("vei2") == COSMETIC
    assert _unchanged(report, verdicts)
    assert report.exit_code == 3


def test_removed_matrix_intro_is_altered():
    q, data = _exported()

    def change(ws, col, rows):
        ws.cell(row=rows["vert1"], column=col("vraagtekst")).value = "De gemeente"

    verdict = check_workbook(_edit(data, change), full_reference(q)).by_code()["vert1"]
    assert verdict.verdict == ALTERED
    assert verdict.differences[0].field == "inleiding"


def test_changed_answer_code_and_type_are_altered():
    q, data = _exported()

    def change(ws, col, rows):
        cell = ws.cell(row=rows["vert1"], column=col("antwoordcategorieën"))
        cell.value = cell.value.replace("9 = Weet niet", "8 = Weet niet")
        ws.cell(row=rows["vei3"], column=col("antwoordtype")).value = "open tekst"

    report = check_workbook(_edit(data, change), full_reference(q)).by_code()
    notes = {d.note for d in report["vert1"].differences}
    assert notes == {"antwoordcode 9 ontbreekt", "antwoordcode 8 hoort niet bij deze vraag"}
    assert report["vei3"].verdict == ALTERED
    assert report["vei3"].differences[0].field == "antwoordtype"


def test_word_diff_segments():
    assert word_diff("Voelt u zich veilig?", "Voelt u zich onveilig?") == (
        ("equal", "Voelt u zich "),
        ("delete", "veilig"),
        ("insert", "onveilig"),
        ("equal", "?"),
    )


def test_500_item_round_trip():
    q = big_questionnaire()
    report = check_workbook(xlsx.render(q).data, full_reference(q))
    assert len(report.verdicts) == 500
    assert report.exit_code == 0


# --------------------------------------------------------------------------- bad uploads


def _workbook_bytes(rows, title="Vragenlijst") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _error(data: bytes) -> str:
    q = sample_questionnaire()
    with pytest.raises(ConformanceError) as exc:
        check_workbook(data, full_reference(q))
    return exc.value.message


def test_wrong_codes_are_refused_in_dutch():
    q, data = _exported()

    def change(ws, col, rows):
        ws.cell(row=rows["vert1"], column=col("code")).value = "Vert 1"
        ws.cell(row=rows["vert2"], column=col("code")).value = "vert_2"

    message = _error(_edit(data, change))
    assert "vraagcode 'Vert 1' is ongeldig" in message
    assert "vraagcode 'vert_2' is ongeldig" in message
    assert message.startswith("Het bestand kan niet worden gecontroleerd")


def test_text_in_numeric_columns_is_refused_in_dutch():
    q, data = _exported()

    def change(ws, col, rows):
        ws.cell(row=rows["vert1"], column=col("versie")).value = "twee"
        cell = ws.cell(row=rows["vei1"], column=col("antwoordcategorieën"))
        cell.value = cell.value.replace("1 = Helemaal", "een = Helemaal")

    message = _error(_edit(data, change))
    assert "Rij 2 (vert1): versie 'twee' is geen geheel getal." in message
    assert "antwoordcode 'een' is geen geheel getal" in message


def test_empty_file():
    assert _error(b"") == "Het bestand is leeg."


def test_empty_workbook():
    assert "geen blad 'vragenlijst'" in _error(_workbook_bytes([], title="Blad1")).lower()
    assert "bevat geen vragen" in _error(_workbook_bytes([["code", "vraagtekst"]]))


def test_fifty_megabytes():
    assert "te groot" in _error(b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024))


def test_not_excel():
    assert "geen Excel-werkmap" in _error(b"sectie;code;vraagtekst\n")
    assert "geen geldige Excel-werkmap" in _error(b"PK\x03\x04 not really a zip")


def test_password_protected_or_old_xls():
    assert "wachtwoord" in _error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)


def test_unknown_national_looking_row_is_extra():
    q, data = _exported()

    def change(ws, col, rows):
        ws.append(["X", "vert9", "Nieuwe landelijke vraag?", "", "open tekst", "", "landelijk"])
        ws.append(["X", "lok99", "Nieuwe lokale vraag?", "", "open tekst", "", "lokaal"])

    report = check_workbook(_edit(data, change), national_reference(q))
    verdicts = _verdicts(report)
    assert verdicts["vert9"] == EXTRA
    assert verdicts["lok99"] == LOCAL
    assert report.exit_code == 3
    # With the full reference, an unknown local row is extra too.
    assert _verdicts(check_workbook(_edit(data, change), full_reference(q)))["lok99"] == EXTRA
