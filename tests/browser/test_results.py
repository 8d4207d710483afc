"""Benchmark in a real browser: upload respondent data, read the comparison, download it."""

import io
import json

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests import factories
from tests.results.conftest import build_benchmark, respondent_rows, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def bench():
    municipality = factories.make_municipality(code="GM0344", name="Utrecht")
    factories.make_user(username="redacteur", municipality=municipality)
    return build_benchmark(municipality)


def test_upload_compare_and_download(page, login, axe, bench):
    login("redacteur")
    page.goto(f"/vragenlijsten/{bench.questionnaire.pk}/resultaten/uploaden/")
    page.get_by_label("gegevens per respondent").check()
    data = xlsx_bytes(respondent_rows(bench.codes, 120))
    page.get_by_label("Bestand (.xlsx, .csv of SPSS .sav)").set_input_files(
        files=[{"name": "antwoorden.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.get_by_role("button", name="Uploaden en vergelijken").click()
    page.wait_for_url(f"**/vragenlijsten/{bench.questionnaire.pk}/resultaten/")
    assert "alleen de uitkomsten zijn bewaard" in page.locator(".messages").inner_text()
    table = page.locator("table.comparison-table")
    assert "significant hoger" in table.inner_text()
    assert "wijk Noord" in table.inner_text()
    assert page.locator("svg.chart title#chart-title").count() == 1
    assert axe(page) == []

    with page.expect_download() as info:
        page.get_by_role("link", name="Download de vergelijking (Excel)").click()
    download = info.value
    assert download.suggested_filename.startswith("vergelijking-")
    workbook = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    assert workbook.active["A1"].value == "soort"


def test_upload_errors_are_readable_and_accessible(page, login, axe, bench):
    login("redacteur")
    page.goto(f"/vragenlijsten/{bench.questionnaire.pk}/resultaten/uploaden/")
    rows = respondent_rows(bench.codes, 5)
    rows[3][0] = 8
    page.get_by_label("Bestand (.xlsx, .csv of SPSS .sav)").set_input_files(
        files=[{"name": "fout.xlsx", "mimeType": XLSX, "buffer": xlsx_bytes(rows)}]
    )
    page.get_by_role("button", name="Uploaden en vergelijken").click()
    alert = page.get_by_role("alert")
    assert "rij 4" in alert.inner_text() and "geen antwoordcode" in alert.inner_text()
    assert axe(page) == []


def test_planner_with_htmx_in_place_and_without_javascript(
    page, login, axe, bench, browser, live_server
):
    login("redacteur")
    page.goto("/planner/")
    page.get_by_label("Wijken en aantal inwoners").fill("Noord; 1000\nZuid; 100")
    with page.expect_response("**/planner/") as info:
        page.get_by_role("button", name="Bereken de steekproef").click()
    assert info.value.request.headers.get("hx-request") == "true"  # swapped in place
    result = page.locator("#planner-result table")
    result.wait_for()
    assert "278" in result.inner_text() and "927" in result.inner_text()
    assert axe(page) == []

    context = browser.new_context(
        java_script_enabled=False,
        locale="nl-NL",
        base_url=live_server.url,
        storage_state=page.context.storage_state(),  # the same logged-in session
    )
    plain = context.new_page()
    plain.goto("/planner/")
    plain.get_by_label("Wijken en aantal inwoners").fill("Oost; 10000")
    plain.get_by_role("button", name="Bereken de steekproef").click()
    expect(plain.locator("#planner-result table")).to_contain_text("370")
    context.close()


def test_questionnaire_planner_reads_dutch_numbers_and_keeps_the_saved_plan(
    page, login, axe, bench
):
    login("redacteur")
    url = f"/vragenlijsten/{bench.questionnaire.pk}/resultaten/planner/"
    page.goto(url)
    page.get_by_label("Wijken en aantal inwoners").fill("Noord; 1.000\nZuid; 55,000")
    page.get_by_role("button", name="Bereken de steekproef").click()
    alert = page.get_by_role("alert")
    assert "niet eenduidig" in alert.inner_text() and "55.000" in alert.inner_text()
    page.get_by_label("Wijken en aantal inwoners").fill("Noord; 1.000\nZuid; 55.000")
    page.get_by_label("Gewenste foutmarge (procentpunten)").fill("4,5")
    page.get_by_role("button", name="Bereken en sla op bij de vragenlijst").click()
    page.wait_for_selector(".messages")
    assert "opgeslagen" in page.locator(".messages").inner_text()
    assert "nog geen resultaten" in page.locator("#planner-result").inner_text()
    page.goto(url)
    assert page.get_by_label("Gewenste foutmarge (procentpunten)").input_value() == "4,5"
    assert "55000" in page.locator("#planner-result table").inner_text()
    assert axe(page) == []


def test_template_sav_and_xlsx_uploads_reasons_and_json(page, login, axe, bench, tmp_path):
    """The issue's walk: download the template, upload a .sav and an xlsx, read the
    comparison and the reason of a row that is not comparable, download the JSON."""
    from tests.results.test_spss import fieldwork_rows, item_labels, sav_bytes

    login("redacteur")
    results_url = f"/vragenlijsten/{bench.questionnaire.pk}/resultaten/"
    page.goto(results_url)
    with page.expect_download() as info:
        page.get_by_role("link", name="Sjabloon voor het resultatenbestand (Excel)").click()
    template = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    header = [c.value for c in next(template["gegevens"].iter_rows(max_row=1))]
    assert set(bench.codes) | {"lokeigen1", "wijk", "gewicht"} == set(header)

    sav = sav_bytes(tmp_path, fieldwork_rows(bench, 90), labels=item_labels(bench))
    for name, mime, data in (
        ("antwoorden.sav", "application/x-spss-sav", sav),
        ("antwoorden.xlsx", XLSX, xlsx_bytes(respondent_rows(bench.codes, 120))),
    ):
        page.goto(results_url + "uploaden/")
        page.get_by_label("gegevens per respondent").check()
        page.get_by_label("Bestand (.xlsx, .csv of SPSS .sav)").set_input_files(
            files=[{"name": name, "mimeType": mime, "buffer": data}]
        )
        page.get_by_role("button", name="Uploaden en vergelijken").click()
        page.wait_for_url(f"**{results_url}")
        expected = "90 respondenten" if name.endswith(".sav") else "120 respondenten"
        assert expected in page.locator("p.lead").inner_text()

    local_row = page.locator("tr.total-row", has_text="lokeigen1")
    assert "eigen vraag: geen landelijke lijn" in local_row.inner_text()
    assert "niet vergelijkbaar" in local_row.inner_text()
    assert axe(page) == []

    with page.expect_download() as info:
        page.get_by_role("link", name="Download de vergelijking als data (JSON)").click()
    rows = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert {r["code"]: r["comparable"] for r in rows}[bench.codes[0]] is True
    local = next(r for r in rows if r["code"] == "lokeigen1")
    assert local["reason"] == "eigen vraag: geen landelijke lijn" and local["national"] is None
