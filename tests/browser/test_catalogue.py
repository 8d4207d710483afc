"""The public catalogue in a real browser: a visitor's walk, search with htmx,
axe-core in Dutch and English, keyboard focus and narrow screens."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from questionsets.models import Indicator, QuestionSet

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--catalogue-only", verbosity=0)
    indicator = (
        Indicator.objects.filter(question_sets__status=QuestionSet.Status.PUBLISHED)
        .select_related("concept")
        .order_by("code")
        .first()
    )
    qset = indicator.question_sets.filter(status=QuestionSet.Status.PUBLISHED).first()
    return {"indicator": indicator, "concept": indicator.concept, "set": qset}


def switch_to_english(page):
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Kies taal").click()
    page.wait_for_selector("html[lang=en]")


def test_visitor_walks_from_the_map_to_a_question(page, seeded):
    concept, indicator, qset = seeded["concept"], seeded["indicator"], seeded["set"]
    page.goto("/")
    page.locator("[data-concept-map][data-ready]").wait_for()
    page.locator(f'svg a[href="/begrippen/{concept.slug}/"]').click()
    page.wait_for_url(f"**/?begrip={concept.slug}")
    page.locator("#concept-panel").get_by_role("link", name=f"Alles over {concept.name_nl}").click()
    page.wait_for_url(f"**/begrippen/{concept.slug}/")
    assert page.locator("h1").inner_text() == concept.name_nl

    page.get_by_role("link", name=indicator.name_nl, exact=True).first.click()
    page.wait_for_url(re.compile(r"#indicator-"))
    section = page.locator(f"#indicator-{indicator.code.lower()}")
    section.get_by_role("link", name=qset.name_nl, exact=True).click()
    page.wait_for_url(f"**/sets/{qset.code}/")
    assert qset.name_nl in page.locator("h1").inner_text()

    first_question = page.locator(".item h3 a").first
    code = first_question.inner_text()
    first_question.click()
    page.wait_for_url(f"**/vragen/{code}/")
    assert code in page.locator("h1").inner_text()
    assert page.locator(".fingerprint").first.inner_text()


def test_search_with_two_facets_updates_in_place_and_in_the_url(page, seeded):
    page.goto("/zoeken/?q=vertrouwen")
    page.evaluate("window.notReloaded = true")
    heading = page.locator("#results-heading")
    before = heading.inner_text()
    page.locator("summary", has_text="Domein").click()
    page.locator("input[name=domain]").first.check()
    page.wait_for_url(re.compile(r"domain="))
    after_one = heading.inner_text()
    page.locator("summary", has_text="Verificatie").click()
    page.locator("input[name=verification][value=verbatim]").check()
    page.wait_for_url(re.compile(r"verification=verbatim"))
    after_two = heading.inner_text()

    assert "q=vertrouwen" in page.url and "domain=" in page.url
    counts = [int(text.split()[0]) for text in (before, after_one, after_two)]
    assert counts[0] >= counts[1] >= counts[2] and counts[0] > counts[2]
    assert page.locator("input[name=domain]:checked").count() == 1
    # the page was updated in place by htmx, not reloaded
    assert page.evaluate("window.notReloaded === true")


def pages(seeded):
    return {
        "concept map": "/",
        "concept": f"/begrippen/{seeded['concept'].slug}/",
        "set": f"/sets/{seeded['set'].code}/",
        "search with results": "/zoeken/?q=vertrouwen&domain=beide",
        "search without results": "/zoeken/?q=xyzzyx",
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_key_pages_have_no_axe_violations(page, axe, seeded, language):
    page.goto("/")
    if language == "en":
        switch_to_english(page)
    found = {}
    for name, url in pages(seeded).items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        found[name] = axe(page)
    assert found == {name: [] for name in found}


def test_search_after_an_htmx_update_has_no_axe_violations(page, axe, seeded):
    page.goto("/zoeken/?q=vertrouwen")
    page.locator("summary", has_text="Bron").click()
    page.locator("input[name=source]").first.check()
    page.wait_for_url(re.compile(r"source="))
    assert axe(page) == []


def focus_outline(page):
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; }"
    )


def tab_until(page, predicate_js, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return True
    return False


def test_keyboard_reaches_the_search_box_and_a_concept_with_visible_focus(page, seeded):
    page.goto("/zoeken/")
    assert tab_until(page, "document.activeElement.id === 'search-q'")
    assert focus_outline(page) == ["solid", "3px"]
    page.goto("/")
    assert tab_until(page, "!!document.activeElement.closest('.concept-list')")
    focused = focus_outline(page)
    page.evaluate("document.activeElement.blur()")
    assert focused == ["solid", "3px"]
    unfocused = page.evaluate(
        "getComputedStyle(document.querySelector('.concept-list a')).outlineStyle"
    )
    assert unfocused == "none"


def test_first_tab_shows_the_skip_link(page, seeded):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


@pytest.mark.parametrize("width", [320, 640])
def test_pages_do_not_scroll_sideways_on_narrow_screens(browser, live_server, seeded, width):
    # 640 CSS pixels is what a 1280-pixel window shows at 200% zoom.
    context = browser.new_context(
        locale="nl-NL", base_url=live_server.url, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    try:
        widths = {}
        for url in [
            *pages(seeded).values(),
            "/vragen/" + seeded["set"].items.first().question_version.question.code + "/",
        ]:
            page.goto(url)
            widths[url] = page.evaluate("document.documentElement.scrollWidth")
        assert widths == {url: width for url in widths}
    finally:
        context.close()
