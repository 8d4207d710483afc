"""Text that looks like a formula (= + - @) is written with quotePrefix in every xlsx, so
editing the cell in Excel keeps it text; an import that meets a formula names it."""

from io import BytesIO

import openpyxl
import pytest
import tablib

from questionsets.curation.resource_questions import QuestionResource
from questionsets.curation.workbook import import_catalogue_workbook, write_workbook
from questionsets.exports import xlsform, xlsx

from .samples import sample_questionnaire

FORMULA_LIKE = ("=", "+", "-", "@")


def text_cells(data: bytes):
    workbook = openpyxl.load_workbook(BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value:
                    yield sheet.title, cell


def assert_quote_prefix_exactly_on_formula_like_text(data: bytes) -> int:
    quoted = 0
    for title, cell in text_cells(data):
        expected = cell.value.startswith(FORMULA_LIKE)
        assert bool(cell.quotePrefix) == expected, (title, cell.coordinate, cell.value)
        quoted += expected
    return quoted


def test_questionnaire_xlsx_and_xlsform_set_quote_prefix():
    for renderer in (xlsx, xlsform):
        data = renderer.render(sample_questionnaire()).data
        assert assert_quote_prefix_exactly_on_formula_like_text(data) >= 2, renderer


def test_catalogue_workbook_sets_quote_prefix():
    dataset = tablib.Dataset(["q1", "=1+1 keer"], ["q2", "-min"], ["q3", "gewoon"])
    dataset.headers = ["code", "vraagtekst_nl"]
    data = write_workbook([("vragen", dataset)])
    assert assert_quote_prefix_exactly_on_formula_like_text(data) == 2


def _catalogue_with_a_formula(formula: str) -> bytes:
    headers = QuestionResource().get_export_headers()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "vragen"
    sheet.append(headers)
    row = {"code": "q1", "vraagtekst_nl": formula, "antwoordtype": "text"}
    sheet.append([row.get(h, "") for h in headers])  # openpyxl stores "=..." as a formula
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_import_names_a_formula_cell():
    report = import_catalogue_workbook(_catalogue_with_a_formula('=A1&"x"'), dry_run=True)
    errors = " ".join(report.all_errors())
    assert 'cel bevat een formule (=A1&"x")' in errors, errors
    assert "typ de tekst zonder = of zet er een ' voor" in errors
    assert "kan niet leeg zijn" not in errors
