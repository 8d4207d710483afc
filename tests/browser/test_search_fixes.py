"""Search in a real browser: a facet clicked right after typing, and Back after a search."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--catalogue-only", verbosity=0)


def result_count(page) -> int:
    return int(page.locator("#results-heading").inner_text().split()[0])


def test_a_facet_clicked_right_after_typing_filters_by_both(page, seeded):
    page.goto("/zoeken/")
    page.locator("#search-q").press_sequentially("vertrouwen")
    page.locator("summary", has_text="Verificatie").click()
    page.locator("input[name=verification][value=verbatim]").click()
    page.wait_for_url(re.compile(r"q=vertrouwen.*verification=verbatim"))
    page.wait_for_load_state("networkidle")

    assert page.locator("input[name=verification][value=verbatim]").is_checked()
    shown = result_count(page)
    page.goto("/zoeken/?q=vertrouwen&verification=verbatim")
    assert shown == result_count(page)
    page.goto("/zoeken/?q=vertrouwen")
    assert shown < result_count(page)


def test_back_after_searching_and_leaving_shows_the_query_in_the_box(page, seeded):
    page.goto("/zoeken/")
    page.locator("#search-q").fill("vertrouwen")
    page.wait_for_url(re.compile(r"q=vertrouwen$"))
    page.locator("#search-q").fill("gemeente")
    page.wait_for_url(re.compile(r"q=gemeente$"))
    page.wait_for_load_state("networkidle")
    page.locator(".result__title a").first.click()
    page.wait_for_url(re.compile(r"/vragen/"))

    page.go_back()
    page.wait_for_url(re.compile(r"q=gemeente$"))
    assert page.locator("#search-q").input_value() == "gemeente"
    page.go_back()
    page.wait_for_url(re.compile(r"q=vertrouwen$"))
    expect(page.locator("#search-q")).to_have_value("vertrouwen")
    page.go_back()
    page.wait_for_url(re.compile(r"/zoeken/$"))
    expect(page.locator("#search-q")).to_have_value("")


def switch_to_english(page):
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Kies taal").click()
    page.wait_for_selector("html[lang=en]")


def test_english_search_and_set_pages_have_no_axe_violations(page, axe, seeded):
    page.goto("/")
    switch_to_english(page)
    found = {}
    for url in ("/zoeken/?q=vertrouwen", "/sets/c06i2ess/", "/sets/c01i1ess/", "/vragen/pbldmn/"):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "en"
        found[url] = axe(page)
    assert found == {url: [] for url in found}
    page.goto("/zoeken/?q=vertrouwen")
    assert page.locator("#sets-heading").inner_text().endswith("found")
    assert page.locator(".set-list [lang=nl]").count() > 0
