"""A researcher downloads the workbook, prints the questionnaire and checks an edited copy."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests import factories
from tests.export_data import make_full_questionnaire
from tests.exports.test_views import edit_workbook, four_edits

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def page(browser, live_server):
    """As conftest's page, but axe-core may be injected although the CSP forbids inline
    script (bypass_csp affects only Playwright's own injection; the app's pages are still
    served with their Content-Security-Policy header)."""
    context = browser.new_context(locale="nl-NL", base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _file(name: str, data: bytes, mime: str = XLSX) -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def test_download_print_and_check_an_edited_workbook(page, axe, login):
    municipality = factories.make_municipality(code="GM0344", name="Utrecht")
    user = factories.make_user(username="onderzoeker", municipality=municipality)
    questionnaire = make_full_questionnaire(municipality, user)

    login("onderzoeker")
    page.goto(f"/vragenlijsten/{questionnaire.pk}/")
    exports = page.locator("#export-links")
    expect(exports).to_contain_text("Voor het veldwerkbureau")

    # Download the fieldwork workbook.
    with page.expect_download() as info:
        exports.get_by_role("link", name="Excel-werkmap (.xlsx)").click()
    download = info.value
    assert download.suggested_filename == "vragenlijst_utrecht_2026.xlsx"
    data = open(download.path(), "rb").read()
    assert "Vragenlijst" in load_workbook(io.BytesIO(data)).sheetnames

    # The print view: exact wording on screen, no navigation on paper.
    exports.get_by_role("link", name="Afdrukken of als pdf bewaren").click()
    expect(page.locator("h1")).to_have_text("Leefbaarheidsmonitor (2026)")
    expect(page.locator("#print-item-vert2 .print-wording")).to_have_text(
        'De politie & <de "wijkagent">'
    )
    expect(page.locator("#print-item-vert1")).to_contain_text(
        "Hoeveel vertrouwen heeft u in de volgende instanties?"
    )
    assert axe(page) == [], "print view"
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".print-actions")).to_be_hidden()
    expect(page.locator("#print-item-vei1")).to_be_visible()
    page.emulate_media(media="screen")

    # The conformance check: first a file that is no workbook at all.
    page.goto(f"/vragenlijsten/{questionnaire.pk}/")
    page.get_by_role("link", name="Een teruggekomen vragenlijst controleren").click()
    expect(page.locator("h1")).to_have_text("Controle op vergelijkbaarheid")
    page.get_by_label("Werkmap (.xlsx of XLSForm)").set_input_files(
        _file("notities.pdf", b"%PDF-1.7\n" + b"x" * 500, "application/pdf")
    )
    page.get_by_role("button", name="Controleren").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Het bestand is geen Excel-werkmap (.xlsx).")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Werkmap (.xlsx of XLSForm)")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert axe(page) == [], "conformance page with an error"

    # Then the workbook as the agency sent it back: four changes.
    edited = edit_workbook(data, four_edits)
    page.get_by_label("Werkmap (.xlsx of XLSForm)").set_input_files(_file("terug.xlsx", edited))
    page.get_by_role("button", name="Controleren").click()
    expect(page.locator("#conformance-verdict")).to_contain_text("Niet alles is gelijk")
    expect(page.locator("#result-title")).to_be_focused()
    expect(page.locator("#verdict-vert2")).to_contain_text("gewijzigd")
    expect(page.locator("#verdict-vert2 del")).to_contain_text("politie")
    expect(page.locator("#verdict-vert2 ins")).to_contain_text("marechaussee")
    expect(page.locator("#verdict-vei1")).to_contain_text("Antwoordcode 3")
    expect(page.locator("#verdict-vei2")).to_contain_text("ontbreekt")
    expect(page.locator("#verdict-nieuw1-8")).to_contain_text("extra")
    expect(page.locator("#verdict-vert1")).to_contain_text("identiek")
    expect(page.locator('#verdict-counts [data-verdict="altered"]')).to_contain_text("2")
    assert axe(page) == [], "conformance page with results"
