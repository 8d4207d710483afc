"""The curators' workbench in the browser: every page passes axe-core (WCAG 2.1 A/AA) in
Dutch and in English, without CSP violations, and a curator edits a source by keyboard."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories
from tests.curation.area.conftest import grow
from tests.curation.area.test_pages import page_urls

pytestmark = pytest.mark.django_db(transaction=True)

VIOLATIONS = """() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation",
    (e) => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
}"""


def _switch_to_english(page):
    page.goto(reverse("questionsets:curation"))
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Kies taal").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_every_workbench_page_passes_axe_in_both_languages(page, login, axe):
    factories.make_user(username="curator", is_staff=True, is_superuser=True)
    made = grow(3)
    urls = page_urls(made) + [reverse("questionsets:curation-log") + "?since=2030-01-01"]
    page.add_init_script(f"({VIOLATIONS})()")
    login("curator")
    for language in ("nl", "en"):
        if language == "en":
            _switch_to_english(page)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, url
            expect(page.locator("main h1")).to_be_visible()
            assert axe(page) == [], (language, url)
            assert page.evaluate("window.__csp") == [], (language, url)


def test_a_form_error_page_passes_axe(page, login, axe):
    factories.make_user(username="curator", is_staff=True, is_superuser=True)
    login("curator")
    page.goto(reverse("questionsets:curation-source-new"))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Controleer het formulier")
    assert axe(page) == []


def test_a_curator_edits_a_source_by_keyboard_and_finds_it_in_the_log(page, login):
    factories.make_user(
        username="curator",
        first_name="Anna",
        last_name="de Vries",
        is_staff=True,
        is_superuser=True,
    )
    factories.make_source(code="cbs-vm", instrument="Veiligheidsmonitor")
    login("curator")
    page.goto("/")
    page.get_by_role("link", name="Curatie", exact=True).first.click()
    page.get_by_role("navigation", name="Curatie").get_by_role("link", name="Bronnen").click()
    page.get_by_label("Zoeken", exact=True).fill("cbs")
    page.get_by_label("Zoeken", exact=True).press("Enter")
    page.get_by_role("link", name="cbs-vm wijzigen").click()
    page.get_by_label("Jaar").fill("2024")
    page.get_by_label("Jaar").press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Bron cbs-vm is opgeslagen.")
    page.get_by_role("link", name="Wijzigingslog").click()
    expect(page.locator(".log-list")).to_contain_text("Anna de Vries wijzigde bron cbs-vm (jaar)")


def test_every_page_fits_a_320_pixel_screen(page, login):
    """Reflow (WCAG 1.4.10): wide tables scroll in their own region, never the page."""
    factories.make_user(username="curator", is_staff=True, is_superuser=True)
    made = grow(2)
    login("curator")
    page.set_viewport_size({"width": 320, "height": 640})
    for url in page_urls(made):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
