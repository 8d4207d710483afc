"""DDI Codebook 2.5 export, validated against the official 2.5.1 schema.

The schema is an unmodified copy kept in the repository (``schemas/ddi-codebook-2.5.1`` beside
this file, LGPL, see its README), with every file it imports, so validation works offline.
"""

from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from questionsets.exports import ddi

from .samples import TRUST_INTRO, big_questionnaire, sample_questionnaire

NS = {"d": "ddi:codebook:2_5"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


SCHEMA = Path(__file__).resolve().parent / "schemas" / "ddi-codebook-2.5.1" / "codebook.xsd"


def schema_path() -> Path:
    assert SCHEMA.is_file(), f"DDI Codebook 2.5.1 schema missing from the repository: {SCHEMA}"
    return SCHEMA


@pytest.fixture(scope="module")
def lxml_schema():
    return etree.XMLSchema(etree.parse(str(schema_path())))


@pytest.fixture(scope="module")
def xml_schema():
    return xmlschema.XMLSchema(str(schema_path()), allow="local")


def _validate(data: bytes, lxml_schema, xml_schema) -> etree._Element:
    root = etree.fromstring(data)
    assert lxml_schema.validate(root), lxml_schema.error_log
    errors = [e.reason for e in xml_schema.iter_errors(data.decode("utf-8"))]
    assert errors == []
    return root


def test_valid_against_the_official_schema_with_exact_texts(lxml_schema, xml_schema):
    q = sample_questionnaire()
    exported = ddi.render(q)
    assert exported.filename == "vragenlijst_utrecht_2025.ddi.xml"
    assert exported.data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = _validate(exported.data, lxml_schema, xml_schema)
    variables = {v.get("name"): v for v in root.iterfind(".//d:dataDscr/d:var", NS)}
    assert list(variables) == [i.code for i in q.items]
    for item in q.items:
        var = variables[item.code]
        lit = [e for e in var.iterfind("d:qstn/d:qstnLit", NS) if e.get(LANG) == "nl"][0]
        assert lit.text == item.wording_nl.replace("\x07", "")
        instr = var.find("d:qstn/d:ivuInstr", NS)
        assert (instr.text if instr is not None else "") == item.instruction_nl
        categories = [
            (
                int(c.findtext("d:catValu", namespaces=NS)),
                c.findtext("d:labl", namespaces=NS),
                c.get("missing") == "Y",
            )
            for c in var.iterfind("d:catgry", NS)
        ]
        assert categories == [(o.code, o.label_nl, o.is_missing) for o in item.options]
        notes = {n.get("type"): n.text for n in var.iterfind("d:notes", NS)}
        assert notes["soort"] == item.kind
        if item.kind == "national":
            assert notes["versie"] == str(item.version)
            assert notes["vingerafdruk"] == item.fingerprint
    assert variables["vert2"].findtext("d:qstn/d:preQTxt", namespaces=NS) == TRUST_INTRO
    assert variables["lokvei1"].find("d:notes[@type='afgeleid-van']", NS).text == ("vei1 v1")
    groups = root.findall(".//d:dataDscr/d:varGrp", NS)
    assert [g.findtext("d:labl", namespaces=NS) for g in groups][:2] == [
        "Vertrouwen in instituties",
        "Leefbaarheid & veiligheid",
    ]


def test_schema_rejects_a_broken_document(lxml_schema):
    root = etree.fromstring(ddi.render(sample_questionnaire()).data)
    var = root.find(".//d:var", NS)
    var.insert(0, etree.Element("{ddi:codebook:2_5}varFormat"))  # wrong position
    assert not lxml_schema.validate(root)


def test_500_items(lxml_schema, xml_schema):
    root = _validate(ddi.render(big_questionnaire()).data, lxml_schema, xml_schema)
    assert len(root.findall(".//d:var", NS)) == 500
