"""XLSForm export, checked with pyxform (and ODK Validate when Java is installed)."""

import shutil
from io import BytesIO

from lxml import etree
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from questionsets.exports import xlsform
from questionsets.exports.conformance import ALTERED, IDENTICAL, check_workbook

from .samples import big_questionnaire, full_reference, sample_questionnaire

NS = {"x": "http://www.w3.org/2002/xforms", "h": "http://www.w3.org/1999/xhtml"}


def _convert(data: bytes, validate: bool | None = None):
    warnings: list[str] = []
    if validate is None:
        validate = shutil.which("java") is not None  # ODK Validate (JavaRosa) needs Java 8+
    result = convert(xlsform=data, file_type=".xlsx", warnings=warnings, validate=validate)
    assert warnings == []
    return etree.fromstring(result.xform.encode())


def _itext(root, lang: str) -> dict[str, str]:
    (translation,) = root.xpath(f"//x:itext/x:translation[@lang='{lang}']", namespaces=NS)
    return {
        t.get("id"): "".join(t.xpath("x:value//text()", namespaces=NS))
        for t in translation.xpath("x:text", namespaces=NS)
    }


def test_pyxform_converts_without_warnings_and_keeps_national_text():
    q = sample_questionnaire()
    exported = xlsform.render(q)
    assert exported.filename == "vragenlijst_utrecht_2025.xlsform.xlsx"
    root = _convert(exported.data)
    dutch = _itext(root, "Dutch (nl)")
    english = _itext(root, "English (en)")
    assert root.xpath("//x:itext/x:translation[@default='true()']/@lang", namespaces=NS) == [
        "Dutch (nl)"
    ]
    labels = {key.rsplit("/", 1)[-1]: value for key, value in dutch.items() if "/" in key}
    for item in q.items:
        # pyxform strips outer whitespace of every cell; the rest is byte for byte.
        assert labels[f"{item.code}:label"] == item.wording_nl.strip().replace("\x07", "")
        if item.instruction_nl:
            assert labels[f"{item.code}:hint"] == item.instruction_nl.strip()
        for n, option in enumerate(item.options):
            assert dutch[f"{item.scale_code}-{n}"] == option.label_nl
            if option.label_en:
                assert english[f"{item.scale_code}-{n}"] == option.label_en
        node = root.xpath(f"//x:instance/x:data//x:{item.code}", namespaces=NS)[0]
        assert node.get("soort") == item.kind
        if item.kind == "national":
            assert node.get("versie") == str(item.version)
            assert node.get("vingerafdruk") == item.fingerprint
    assert labels["intro_vert1:label"] == "Hoeveel vertrouwen heeft u in de volgende instanties?"
    # Answer codes are the stored values; missing codes are flagged.
    trust = root.xpath("//x:instance[@id='vertrouwen5']/x:root/x:item", namespaces=NS)
    assert [i.findtext("{*}name") for i in trust] == ["1", "2", "3", "4", "5", "9"]
    assert trust[-1].findtext("{*}ontbrekend") == "ja"
    # Groups per section, select types, integer for numeric.
    body = root.find("h:body", NS)
    assert len(body.findall("x:group", NS)) == 5
    assert root.xpath("//x:bind[contains(@nodeset, '/vei3')]/@type", namespaces=NS) == ["int"]
    assert body.xpath(".//x:select/@ref", namespaces=NS)[0].endswith("/voorz1")


def test_sheets_settings_and_formula_like_labels_stay_text():
    wb = load_workbook(BytesIO(xlsform.render(sample_questionnaire()).data))
    assert wb.sheetnames == ["survey", "choices", "settings"]
    settings = dict(zip(*wb["settings"].iter_rows(values_only=True), strict=True))
    assert settings["default_language"] == "Dutch (nl)"
    assert settings["form_id"] == "gm0344_2025_veiligheidsmonitor_utrecht_2025"
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_xlsform_round_trip_and_one_edit():
    q = sample_questionnaire()
    data = xlsform.render(q).data
    report = check_workbook(data, full_reference(q))
    assert report.source_format == "xlsform"
    assert {v.verdict for v in report.verdicts if v.kind == "national"} == {IDENTICAL}
    assert {v.verdict for v in report.verdicts if v.kind != "national"} == {"local"}

    wb = load_workbook(BytesIO(data))
    ws = wb["survey"]
    for row in ws.iter_rows(min_row=2):
        if row[1].value == "vei1":
            row[2].value = 'Voelt u zich \'s nachts "veilig" in uw buurt & <straat>?'
    ws = wb["choices"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "janee" and row[1].value == "2":
            row[2].value = "Neen"
    out = BytesIO()
    wb.save(out)
    verdicts = check_workbook(out.getvalue(), full_reference(q)).by_code()
    assert verdicts["vei1"].verdict == ALTERED
    # A local item stays local (it never decides comparability), its differences listed.
    assert verdicts["lok1"].verdict == "local"
    assert verdicts["lok1"].differences[0].option_code == 2
    others = [v for c, v in verdicts.items() if c not in ("vei1", "lok1")]
    assert {v.verdict for v in others if v.kind == "national"} == {IDENTICAL}
    assert {v.verdict for v in others if v.kind != "national"} == {"local"}


def test_500_items_convert():
    root = _convert(xlsform.render(big_questionnaire()).data, validate=False)
    assert len(root.xpath("//x:instance/x:data//*[@soort]", namespaces=NS)) == 500
