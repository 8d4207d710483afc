"""A local scale's missing code travels through every export exactly like a national one.

One questionnaire holds a national item and a local item with the same answers (1 = Ja,
2 = Nee, 9 = Weet niet, 9 missing). Each file is downloaded through the export view and read by
the real tool: PSPP runs the SPSS syntax, pyxform converts the XLSForm, the DDI file is
validated against the official schema, openpyxl and csv read the workbook and the codebook.
"""

from __future__ import annotations

import csv
import io

import pytest
import xmlschema
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from questionsets.models import AnswerType
from questionsets.questionnaires import items, services
from tests import factories

from ..basket import add_local, add_set
from .test_ddi import NS as DDI_NS
from .test_ddi import _validate, schema_path
from .test_spss import run_pspp
from .test_xlsform import NS as XFORM_NS
from .test_xlsform import _convert

pytestmark = pytest.mark.django_db

OPTIONS = [(1, "Ja"), (2, "Nee"), (9, "Weet niet")]
EXPECTED = [("1", "Ja", False), ("2", "Nee", False), ("9", "Weet niet", True)]


@pytest.fixture
def questionnaire(municipality, editor):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2026, user=editor
    )
    scale = factories.make_scale(code="janeewn", labels=("Ja", "Nee", "Weet niet"))
    national = factories.make_question(code="vert1", version_kw={"scale": scale})
    add_set(questionnaire, factories.make_question_set(questions=[national]))
    local_scale = items.NewScale(name="Ja/nee", options=OPTIONS, missing_codes=frozenset({9}))
    add_local(
        questionnaire,
        code="lok1",
        wording="Kent u de wijkagent?",
        answer_type=AnswerType.SINGLE,
        new_scale=local_scale,
    )
    return questionnaire


@pytest.fixture
def download(client, editor, questionnaire):
    client.force_login(editor)

    def get(fmt: str) -> bytes:
        response = client.get(
            reverse("questionsets:questionnaire-export", args=[questionnaire.pk, fmt])
        )
        assert response.status_code == 200
        return response.content

    return get


def test_spss_declares_the_local_missing_code_like_the_national_one(download, tmp_path):
    tables = run_pspp(download("spss"), tmp_path)
    header = tables["Variables"][0]
    missing = {row[0]: row[header.index("Missing Values")] for row in tables["Variables"][1:]}
    assert missing["lok1"] == missing["vert1"] == "9"


def test_xlsx_marks_the_local_missing_code_in_the_scales_sheet(download):
    sheet = load_workbook(io.BytesIO(download("xlsx")))["Antwoordschalen"]
    rows = list(sheet.iter_rows(values_only=True))
    column = {name: i for i, name in enumerate(rows[0])}

    def scale(key):
        return [
            (str(r[column["code"]]), r[column["label"]], r[column["ontbrekend"]] == "ja")
            for r in rows[1:]
            if r[column["schaal"]] == key
        ]

    assert scale("lok1_opties") == scale("janeewn") == EXPECTED


def test_csv_codebook_marks_the_local_missing_code(download):
    text = download("csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))

    def options(code):
        return [
            (r["antwoordcode"], r["antwoordlabel"], r["ontbrekend"] == "ja")
            for r in rows
            if r["code"] == code
        ]

    assert options("lok1") == options("vert1") == EXPECTED


def test_xlsform_flags_the_local_missing_code_in_the_converted_form(download):
    root = _convert(download("xlsform"))

    def choices(list_name):
        path = f"//x:instance[@id='{list_name}']/x:root/x:item"
        return [
            (i.findtext("{*}name"), i.findtext("{*}ontbrekend") == "ja")
            for i in root.xpath(path, namespaces=XFORM_NS)
        ]

    expected = [(code, missing) for code, _label, missing in EXPECTED]
    assert choices("lok1_opties") == choices("janeewn") == expected


def test_ddi_marks_the_local_missing_category_and_stays_valid(download):
    lxml_schema = etree.XMLSchema(etree.parse(str(schema_path())))
    xml_schema = xmlschema.XMLSchema(str(schema_path()), allow="local")
    root = _validate(download("ddi"), lxml_schema, xml_schema)

    def categories(name):
        (var,) = root.xpath(f".//d:dataDscr/d:var[@name='{name}']", namespaces=DDI_NS)
        return [
            (
                c.findtext("d:catValu", namespaces=DDI_NS),
                c.findtext("d:labl", namespaces=DDI_NS),
                c.get("missing") == "Y",
            )
            for c in var.iterfind("d:catgry", DDI_NS)
        ]

    assert categories("lok1") == categories("vert1") == EXPECTED


def test_limesurvey_carries_the_local_missing_code_like_the_national_one(download):
    """LimeSurvey's structure has no missing flag: national and local codes alike are
    answer options with their own code, so the 9 is kept as code 9 for the analysis."""
    text = download("limesurvey").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    answers: dict[str, list[tuple[str, str]]] = {}
    current = None
    for row in rows:
        if row["class"] == "Q":
            current = row["name"]
        elif row["class"] == "A":
            answers.setdefault(current, []).append((row["name"], row["text"]))
    assert answers["lok1"] == answers["vert1"] == [(c, label) for c, label, _m in EXPECTED]


def test_print_view_marks_the_local_missing_code(client, editor, questionnaire):
    client.force_login(editor)
    page = client.get(reverse("questionsets:questionnaire-print", args=[questionnaire.pk]))
    marked = 'Weet niet <span class="missing-marker">(ontbrekend)</span>'
    assert page.content.decode().count(marked) == 2  # the national item and the local one
