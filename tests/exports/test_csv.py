import csv
import io

from questionsets.exports import csv as csv_export

from .samples import big_questionnaire, sample_questionnaire


def _read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_one_row_per_option_with_exact_texts_after_unescaping():
    q = sample_questionnaire()
    exported = csv_export.render(q)
    assert exported.filename == "vragenlijst_utrecht_2025.csv"
    rows = _read(exported.data)
    assert list(rows[0]) == list(csv_export.HEADER)
    assert len(rows) == sum(max(1, len(i.options)) for i in q.items)
    by_code: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_code.setdefault(row["code"], []).append(row)
    for item in q.items:
        item_rows = by_code[item.code]
        for row in item_rows:
            assert csv_export.unescape(row["vraagtekst"]) == item.wording_nl
            assert csv_export.unescape(row["instructie"]) == item.instruction_nl
        options = [
            (
                int(r["antwoordcode"]),
                csv_export.unescape(r["antwoordlabel"]),
                r["ontbrekend"] == "ja",
            )
            for r in item_rows
            if r["antwoordcode"]
        ]
        assert options == [(o.code, o.label_nl, o.is_missing) for o in item.options]
        if item.kind == "national":
            assert item_rows[0]["vingerafdruk"] == item.fingerprint
            assert item_rows[0]["versie"] == str(item.version)


def test_formula_like_cells_are_escaped_and_others_untouched():
    rows = _read(csv_export.render(sample_questionnaire()).data)
    texts = {r["code"]: r for r in rows}
    assert texts["vei2"]["vraagtekst"] == "'=1+1 keer per week of vaker: hoe vaak ziet u overlast?"
    assert texts["lok2"]["vraagtekst"].startswith("'=HYPERLINK(")
    assert texts["lok2"]["instructie"] == "'\tMet een tab vooraan"
    assert "'=Geen van deze" in [r["antwoordlabel"] for r in rows]
    assert texts["lok1"]["vraagtekst"] == "Kent u het ĳsbaanproject van café 't Hoekje?"
    assert texts["vei3"]["vraagtekst"].startswith("  Hoe vaak")
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), value


def test_500_items():
    rows = _read(csv_export.render(big_questionnaire()).data)
    assert len({r["code"] for r in rows}) == 500
