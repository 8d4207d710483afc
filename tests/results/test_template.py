"""The results template per questionnaire: its columns and codes, access and query counts."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from questionsets.models import QuestionnaireItem, ResultUpload
from questionsets.results import services as results

from .conftest import TRUST, build_benchmark, respondent_rows

pytestmark = pytest.mark.django_db


def template_url(bench):
    return reverse("questionsets:results-template", args=[bench.questionnaire.pk])


def sheets(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return workbook, {s.title: list(s.iter_rows(values_only=True)) for s in workbook.worksheets}


def add_text_and_number_items(bench):
    section = bench.local.section
    QuestionnaireItem.objects.create(
        questionnaire=bench.questionnaire,
        section=section,
        kind="local",
        code="lokopen",
        wording="Wat wilt u nog kwijt?",
        answer_type="text",
    )
    QuestionnaireItem.objects.create(
        questionnaire=bench.questionnaire,
        section=section,
        kind="local",
        code="lokjaren",
        wording='=HYPERLINK("http://x")',
        answer_type="numeric",
    )


def test_template_has_one_column_per_analysable_item_and_the_codes_with_labels(
    client, colleague, bench
):
    add_text_and_number_items(bench)
    client.force_login(colleague)
    response = client.get(template_url(bench))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sjabloon-monitor-2025.xlsx"'
    workbook, content = sheets(response)
    assert list(content) == ["gegevens", "codes"]
    [header] = content["gegevens"]  # in questionnaire order, no data rows
    assert sorted(header[:-2]) == sorted([*bench.codes, "lokeigen1", "lokjaren"])
    assert header[-2:] == ("wijk", "gewicht")
    codes = content["codes"]
    assert codes[0] == ("kolom", "vraag", "code", "label", "ontbrekend")
    first = [row for row in codes if row[0] == bench.codes[0]]
    assert [(r[2], r[3], r[4]) for r in first] == [
        *((i, label, "nee") for i, label in enumerate(TRUST, start=1)),
        (9, "Weet niet", "ja"),
    ]
    local = [(r[2], r[3]) for r in codes if r[0] == "lokeigen1"]
    assert local == [(1, "ja"), (2, "nee")]
    number = next(r for r in codes if r[0] == "lokjaren")
    assert number[1] == '=HYPERLINK("http://x")' and number[2] is None
    assert {r[0] for r in codes[1:]} >= {"wijk", "gewicht"}
    assert "lokopen" not in {r[0] for r in codes}
    formulas = [c for s in workbook.worksheets for row in s.iter_rows() for c in row]
    assert [c for c in formulas if c.data_type == "f"] == []


def test_a_filled_in_template_uploads_without_problems(client, editor, bench):
    client.force_login(editor)
    workbook = load_workbook(io.BytesIO(client.get(template_url(bench)).content))
    sheet = workbook["gegevens"]
    header = [c.value for c in sheet[1]]
    for row in respondent_rows(bench.codes, 40)[1:]:
        by_column = dict(zip([*bench.codes, "lokeigen1", "wijk"], row, strict=True))
        sheet.append([by_column.get(h, 1.0 if h == "gewicht" else None) for h in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = results.results_import(
        questionnaire=bench.questionnaire, user=None, kind="respondents", data=buffer.getvalue()
    )
    assert upload.respondents == 40 and upload.ignored_columns == []


def test_upload_and_comparison_pages_link_to_the_template(client, editor, bench):
    client.force_login(editor)
    upload_page = reverse("questionsets:results-upload", args=[bench.questionnaire.pk])
    comparison = reverse("questionsets:results-comparison", args=[bench.questionnaire.pk])
    assert template_url(bench) in client.get(upload_page).content.decode()
    assert template_url(bench) in client.get(comparison).content.decode()


def test_template_access(client, colleague, editor, outsider, bench):
    url = template_url(bench)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    missing = reverse("questionsets:results-template", args=[bench.questionnaire.pk + 999])
    assert client.get(missing).status_code == 404
    for user in (colleague, editor):
        client.force_login(user)
        assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    assert not ResultUpload.objects.exists()


@pytest.mark.parametrize("n_questions", [10, 500])
def test_template_query_count_stays_constant(
    client, municipality, colleague, django_assert_num_queries, n_questions
):
    bench = build_benchmark(municipality, n_questions)
    client.force_login(colleague)
    # session, user, questionnaire + role; items (+ versions, scales), catalogue options,
    # local options, set-indicator links, national figures, scoring rules + their items.
    with django_assert_num_queries(10, info=f"template, {n_questions} items"):
        response = client.get(template_url(bench))
    assert len(sheets(response)[1]["gegevens"][0]) == n_questions + 3
