"""The comparison page and its download: content, access, and constant query counts."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from questionsets.models import LocalResult
from questionsets.results import services as results
from questionsets.results.comparison import questionnaire_comparison

from .conftest import build_benchmark, respondent_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def comparison_url(bench):
    return reverse("questionsets:results-comparison", args=[bench.questionnaire.pk])


def export_url(bench):
    return reverse("questionsets:results-export", args=[bench.questionnaire.pk])


def with_results(bench, n=100):
    results.results_import(
        questionnaire=bench.questionnaire,
        user=None,
        kind="respondents",
        data=xlsx_bytes(respondent_rows(bench.codes, n)),
    )
    return bench


def test_comparison_shows_local_against_national_with_verdicts(client, colleague, bench):
    with_results(bench)
    client.force_login(colleague)
    response = client.get(comparison_url(bench))
    body = response.content.decode()
    assert response.status_code == 200
    # 70% local (ci about 60-78) against 60% national (fixed): significant higher
    assert "significant hoger" in body
    assert "eigen vraag: geen landelijke lijn" in body
    assert '<svg class="chart"' in body and '<title id="chart-title">' in body
    # coordinates are never localised (a Dutch decimal comma would break the SVG)
    assert re.findall(r'<circle class="dot-local" cx="\d+(?:\.\d+)?"', body)
    assert not re.search(r'(?:cx|x1|x2)="\d+,\d', body)
    assert "style=" not in body and "<script>" not in body
    assert "wijk Noord" in body
    assert "Resultaten uploaden" not in body  # a reader sees no upload link


def test_comparison_without_results_invites_an_upload(client, editor, bench):
    client.force_login(editor)
    body = client.get(comparison_url(bench)).content.decode()
    assert "Er zijn nog geen resultaten geüpload" in body
    assert "Resultaten uploaden" in body


def test_comparison_flags_a_mean_figure_on_another_scale(bench):
    figure = bench.figures[0]
    figure.statistic, figure.categories = "mean", []
    figure.scale_min, figure.scale_max, figure.value = 0, 10, 6.4
    figure.save()
    with_results(bench)
    comparison = questionnaire_comparison(bench.questionnaire)
    row = next(r for r in comparison.rows if r.code == bench.codes[0])
    assert not row.compared
    assert row.reason == (
        "niet vergelijkbaar: landelijk op een schaal van 0 tot 10, lokaal antwoordcodes 1 tot 4"
    )


def test_outsider_gets_404_everywhere(client, outsider, bench):
    with_results(bench)
    client.force_login(outsider)
    assert client.get(comparison_url(bench)).status_code == 404
    assert client.get(export_url(bench)).status_code == 404


def test_export_xlsx_has_one_row_per_line_and_no_formulas(client, colleague, bench):
    with_results(bench)
    item = bench.local
    item.wording = '=HYPERLINK("http://x")'
    item.save(update_fields=["wording"])
    client.force_login(colleague)
    response = client.get(export_url(bench))
    assert response["Content-Disposition"].startswith('attachment; filename="vergelijking-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("soort", "code", "omschrijving", "wijk", "statistiek", "lokaal")
    # 3 national items + 1 local item + 1 indicator, each for the municipality and 2 wijken
    assert len(rows) == 1 + 5 * 3
    formula_cells = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []
    assert any(r[2] == '=HYPERLINK("http://x")' for r in rows)
    assert any(r[15] == "significant hoger" for r in rows)


@pytest.mark.parametrize("n_questions", [10, 500])
def test_comparison_and_export_query_counts_stay_constant(
    client, municipality, editor, django_assert_num_queries, n_questions
):
    bench = with_results(build_benchmark(municipality, n_questions), n=60)
    client.force_login(editor)
    # 1 session, 2 user, 3 questionnaire + role (access helper), 4 latest upload,
    # 5 local results (+ indicator, rule), 6-7 the rules' items and questions,
    # 8 questionnaire items (+ version + question), 9 national figures (+ source),
    # 10 question versions by fingerprint, 11-12 basket sets with their set items, and
    # their indicators, 13 every item in questionnaire order (for broken sets), 14-15 peer
    # pools: the opted-in municipalities' results and their municipalities (sharing).
    with django_assert_num_queries(15, info=f"comparison, {n_questions} items"):
        response = client.get(comparison_url(bench))
    assert response.status_code == 200
    with django_assert_num_queries(13, info=f"export, {n_questions} items"):
        client.get(export_url(bench))


def test_without_basket_sets_the_comparison_reads_no_items_for_broken_sets(
    client, municipality, editor, django_assert_num_queries
):
    bench = with_results(build_benchmark(municipality, 10), n=60)
    bench.questionnaire.basket_sets.all().delete()  # items kept, as after removing a set
    client.force_login(editor)
    # as with basket sets (above) but 11 the basket is empty: no indicators to read, and
    # no set whose order or completeness the items could break
    with django_assert_num_queries(13):
        response = client.get(comparison_url(bench))
    assert response.status_code == 200
    assert "significant hoger" in response.content.decode()


@pytest.mark.parametrize("n_questions", [10, 500])
def test_upload_query_count_stays_constant(client, municipality, editor, n_questions):
    """Reads are constant; the results are inserted in as few batches as the backend allows
    (SQLite binds at most 999 parameters per statement, so 16 columns make 62 rows a batch)."""
    bench = build_benchmark(municipality, n_questions)
    client.force_login(editor)
    url = reverse("questionsets:results-upload", args=[bench.questionnaire.pk])
    upload = SimpleUploadedFile("r.xlsx", xlsx_bytes(respondent_rows(bench.codes, 40)))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"kind": "respondents", "file": upload})
    assert response.status_code == 302
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "questionsets_localresult"')]
    others = [q["sql"].split(" ")[0] for q in queries if q not in inserts]
    # session, user, questionnaire + role; items (+ versions, scales), catalogue options,
    # local options, set-indicator links, national figures, scoring rules + their items,
    # all item codes; savepoint, previous uploads (none to delete), insert upload, ...,
    # release savepoint.
    assert others == ["SELECT"] * 11 + ["SAVEPOINT", "SELECT", "INSERT", "RELEASE"]
    rows = LocalResult.objects.count()  # items + 1 indicator, no wijk has 30 respondents
    assert rows == n_questions + 2
    batch = (
        connection.ops.bulk_batch_size(
            [f for f in LocalResult._meta.concrete_fields if not f.primary_key], []
        )
        if connection.vendor == "sqlite"
        else rows
    )
    assert len(inserts) == -(-rows // max(batch, 1))


def json_url(bench):
    return reverse("questionsets:results-json", args=[bench.questionnaire.pk])


def test_the_comparison_downloads_as_json(client, municipality, editor):
    bench = with_results(build_benchmark(municipality), n=60)
    client.force_login(editor)
    response = client.get(json_url(bench))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert (
        response["Content-Disposition"] == 'attachment; filename="vergelijking-monitor-2025.json"'
    )
    data = response.json()
    assert [r["code"] for r in data] == ["lokeigen1", *bench.codes, bench.indicator.code]
    assert data[1]["local"]["n"] + data[1]["local"]["n_missing"] == 60
    assert data[1]["comparable"] and data[-1]["comparable"] and not data[0]["comparable"]
    page = client.get(comparison_url(bench)).content.decode()
    assert json_url(bench) in page


def test_the_json_download_is_a_404_for_another_municipality_and_needs_a_login(
    client, municipality, outsider
):
    bench = with_results(build_benchmark(municipality), n=60)
    assert client.get(json_url(bench)).status_code == 302
    client.force_login(outsider)
    assert client.get(json_url(bench)).status_code == 404


@pytest.mark.parametrize("n_questions", [10, 500])
def test_the_json_download_query_count_stays_constant(
    client, municipality, editor, django_assert_num_queries, n_questions
):
    bench = with_results(build_benchmark(municipality, n_questions), n=60)
    client.force_login(editor)
    with django_assert_num_queries(13, info=f"json, {n_questions} items"):
        assert client.get(json_url(bench)).status_code == 200
