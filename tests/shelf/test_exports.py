"""Every export marks a shared item with its origin and still passes its outside tool:
PSPP runs the SPSS syntax, pyxform converts the XLSForm, the DDI file is validated against
the official schema, openpyxl and csv read the workbook, the codebook and LimeSurvey's file."""

from __future__ import annotations

import csv
import io

import pytest
import xmlschema
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from questionsets.shelf import services
from tests import factories
from tests.basket import add_set
from tests.exports.test_ddi import _validate, schema_path
from tests.exports.test_spss import run_pspp
from tests.exports.test_xlsform import _convert


@pytest.fixture
def export(client, shelf):
    shared = services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)
    add_set(
        shelf.questionnaire_b,
        factories.make_question_set(questions=[factories.make_question(code="vert1")]),
    )
    shelf.questionnaire_b.refresh_from_db()
    services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b,
        version=shared,
        expected_version=shelf.questionnaire_b.lock_version,
    )
    client.force_login(shelf.editor_b)
    origin = f"gedeelde vraag {shared.shared_question_id} van Utrecht (GM0344) v1"

    def get(fmt: str) -> str | bytes:
        url = reverse("questionsets:questionnaire-export", args=[shelf.questionnaire_b.pk, fmt])
        response = client.get(url)
        assert response.status_code == 200
        return response.content

    get.origin = origin
    return get


def test_xlsx_marks_the_shared_item(export):
    workbook = load_workbook(io.BytesIO(export("xlsx")))
    cells = [str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row]
    assert any(export.origin in c for c in cells)
    assert "gelijk aan gedeelde vraag van Utrecht" in cells


def test_csv_codebook_marks_the_shared_item(export):
    text = export("csv").decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text), delimiter=";") if r["code"] == "lok1"]
    assert rows
    assert all(export.origin in r.values() for r in rows)
    assert [r["ontbrekend"] == "ja" for r in rows] == [False, False, True]


def test_spss_marks_the_shared_item_and_runs_in_pspp(export, tmp_path):
    data = export("spss")
    assert export.origin in data.decode("utf-8")
    run_pspp(data, tmp_path)


def test_ddi_marks_the_shared_item_and_stays_valid(export):
    lxml_schema = etree.XMLSchema(etree.parse(str(schema_path())))
    xml_schema = xmlschema.XMLSchema(str(schema_path()), allow="local")
    data = export("ddi")
    _validate(data, lxml_schema, xml_schema)
    assert export.origin in data.decode("utf-8")


def test_xlsform_marks_the_shared_item_and_converts(export):
    root = _convert(export("xlsform"))
    text = etree.tostring(root, encoding="unicode")
    assert "gelijk aan gedeelde vraag van Utrecht" in text


def test_limesurvey_carries_the_shared_item(export):
    text = export("limesurvey").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    assert "lok1" in [r["name"] for r in rows if r["class"] == "Q"]
