"""Every export says, per item, which of the three honest states it is in, in the same words."""

import csv
import io
from io import BytesIO

import pytest
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from questionsets.exports import csv as csv_export
from questionsets.exports import ddi, spss, xlsform, xlsx
from questionsets.exports.build import build_export
from questionsets.models import QuestionVersion, Verification
from questionsets.questionnaires import items, ordering, services
from tests import factories

from ..basket import add_set, fresh
from ..export_data import make_full_questionnaire
from .test_ddi import NS as DDI_NS
from .test_ddi import _validate, lxml_schema, xml_schema  # noqa: F401 - fixtures
from .test_spss import _by_variable, run_pspp
from .test_xlsform import NS as XFORM_NS
from .test_xlsform import _convert

pytestmark = pytest.mark.django_db

VERIFIED = "landelijk, identiek en gecontroleerd"
UNVERIFIED = "landelijk, identiek aan de catalogus; landelijke tekst niet gecontroleerd"
NOT_COMPARABLE = "niet vergelijkbaar"
EXPECTED = {
    "lok1": NOT_COMPARABLE,
    "lok2": NOT_COMPARABLE,
    "vert1": VERIFIED,
    "vert2": UNVERIFIED,
    "vei1": VERIFIED,
    "vei2": VERIFIED,
    "lok3": NOT_COMPARABLE,
}


@pytest.fixture
def export(municipality, editor):
    """The full questionnaire, with vert2 a wording of which only the labels were seen."""
    questionnaire = make_full_questionnaire(municipality, editor)
    QuestionVersion.objects.filter(question__code="vert2").update(
        verification=Verification.VERBATIM_LABEL
    )
    return build_export(questionnaire)


def test_each_item_carries_its_state(export):
    assert {item.code: item.comparability for item in export.items} == EXPECTED


def test_the_summary_counts_national_items_per_state_and_explains_them(export):
    summary = export.summary
    assert summary["Landelijk, identiek en gecontroleerd"] == 3
    assert summary[UNVERIFIED[0].upper() + UNVERIFIED[1:]] == 1
    assert "Landelijk, niet vergelijkbaar (set onderbroken of onvolledig)" not in summary
    assert summary["Aangepaste vragen (niet vergelijkbaar)"] == 1
    assert summary["Lokale vragen"] == 2
    assert summary["Indicator Vertrouwen in instituties (C01-I1)"] == (
        "vergelijkbaar onder voorbehoud: landelijke tekst niet gecontroleerd "
        "(niet gecontroleerd: vert2)"
    )
    explanation = summary["Vergelijkbaarheid per vraag"]
    for label in (VERIFIED, UNVERIFIED, NOT_COMPARABLE):
        assert f"'{label}'" in explanation


def test_a_national_item_of_an_interrupted_locked_set_is_not_comparable_and_says_why(
    municipality, editor
):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )
    questions = [factories.make_question(code=f"span{n}") for n in (1, 2)]
    locked = factories.make_question_set(questions=questions, order_locked=True)
    section, _skipped = add_set(questionnaire, locked)
    local = items.questionnaire_add_local_item(
        questionnaire=fresh(questionnaire),
        section=section,
        data={"code": "lok1", "wording": "Eigen?", "instruction": "", "answer_type": "text"},
        expected_version=2,
    )
    ordering.questionnaire_move(
        questionnaire=fresh(questionnaire),
        expected_version=3,
        direction="up",
        item_id=local.pk,
        confirmed=True,
    )
    by_code = {i.code: i for i in build_export(fresh(questionnaire)).items}
    for code in ("span1", "span2"):
        assert by_code[code].comparability == NOT_COMPARABLE
        assert by_code[code].not_comparable_reason == (
            "vaste volgorde van de set onderbroken door lok1"
        )
    summary = build_export(fresh(questionnaire)).summary
    assert summary["Landelijk, niet vergelijkbaar (set onderbroken of onvolledig)"] == 2


# --------------------------------------------------------------------------- each format


def test_workbook_has_a_comparability_column_and_the_account_sheet_explains_it(export):
    wb = load_workbook(BytesIO(xlsx.render(export).data))
    sheet = wb["Vragenlijst"]
    header = [c.value for c in sheet[1]]
    column = header.index("vergelijkbaarheid")
    codes = header.index("code")
    rows = {row[codes].value: row[column].value for row in sheet.iter_rows(min_row=2)}
    assert rows == EXPECTED
    assert not sheet.column_dimensions[chr(ord("A") + column)].hidden
    account = {row[0].value: row[1].value for row in wb["Verantwoording"].iter_rows(min_row=2)}
    assert account["Landelijk, identiek en gecontroleerd"] == 3
    assert VERIFIED in account["Vergelijkbaarheid per vraag"]


def test_csv_codebook_has_a_comparability_column(export):
    text = csv_export.render(export).data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert {r["code"]: r["vergelijkbaarheid"] for r in rows} == EXPECTED


def test_spss_variables_carry_the_state_as_an_attribute(export, tmp_path):
    tables = run_pspp(spss.render(export).data, tmp_path)
    attributes = {
        var: dict((name, value) for name, value in rows)
        for var, rows in _by_variable(tables["Variable and Dataset Attributes"]).items()
    }
    assert {code: attributes[code]["vergelijkbaarheid"] for code in EXPECTED} == EXPECTED


def test_ddi_variables_carry_the_state_as_a_note(export, lxml_schema, xml_schema):  # noqa: F811
    root = _validate(ddi.render(export).data, lxml_schema, xml_schema)
    notes = {
        var.get("name"): var.find("d:notes[@type='vergelijkbaarheid']", DDI_NS).text
        for var in root.iterfind(".//d:dataDscr/d:var", DDI_NS)
    }
    assert notes == EXPECTED


def test_xlsform_instance_nodes_carry_the_state(export):
    root = _convert(xlsform.render(export).data, validate=False)
    found = {
        code: root.xpath(f"//x:instance/x:data//x:{code}", namespaces=XFORM_NS)[0].get(
            "vergelijkbaarheid"
        )
        for code in EXPECTED
    }
    assert found == EXPECTED
    assert etree.tostring(root)  # converted without warnings (checked in _convert)


def test_print_view_shows_the_state_of_each_national_item(client, editor, municipality):
    questionnaire = make_full_questionnaire(municipality, editor)
    QuestionVersion.objects.filter(question__code="vert2").update(
        verification=Verification.PARAPHRASE
    )
    client.force_login(editor)
    response = client.get(reverse("questionsets:questionnaire-print", args=[questionnaire.pk]))
    content = response.content.decode()
    for code in ("vert1", "vert2"):
        start = content.index("print-item-head", content.index(f'id="print-item-{code}"'))
        head = content[start : content.index("</p>", start)]
        assert EXPECTED[code] in head
