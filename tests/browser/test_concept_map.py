"""The concept map at "/" in a real browser: choosing a concept by keyboard highlights its
relations with their kind named and opens its panel; the address can be shared and Back
returns to the map at rest. Labels fit their boxes as the browser draws them."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from questionsets.catalogue.display import LABEL_WIDTH
from questionsets.models import Concept, ConceptRelation

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "polarisatie"


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--catalogue-only", verbosity=0)
    concept = Concept.objects.get(slug=SLUG)
    relations = ConceptRelation.objects.filter(source=concept) | ConceptRelation.objects.filter(
        target=concept
    )
    return concept, list(relations.select_related("source", "target"))


def ready(page):
    page.locator("[data-concept-map][data-ready]").wait_for()


def tab_to_node(page, slug, limit=60):
    """Press Tab from the top of the page until the concept's node has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.slug") == slug:
            return
    raise AssertionError(f"Tab never reached {slug}")


def test_choose_a_concept_by_keyboard_share_its_address_and_go_back(page, axe, seeded):
    concept, relations = seeded
    page.goto("/")
    ready(page)
    assert page.locator(".map-edge.is-active").count() == 0
    assert page.locator(".map-edge").first.is_hidden()  # at rest: no relation drawn
    assert axe(page) == []

    tab_to_node(page, SLUG)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/\?begrip={SLUG}$"))
    heading = page.locator("#concept-panel h2")
    expect(heading).to_have_text(concept.name_nl)
    expect(heading).to_be_focused()
    expect(page.locator("#map-status")).to_contain_text(f"{len(relations)}")

    # Its relations are drawn, and each related concept names the kind of relation.
    node = page.locator(f'.map-node[data-slug="{SLUG}"]')
    expect(node).to_have_attribute("aria-current", "true")
    expect(page.locator(".map-edge.is-active")).to_have_count(len(relations))
    for relation in relations:
        other = relation.target if relation.source == concept else relation.source
        tag = page.locator(f'.map-node[data-slug="{other.slug}"] .map-node__tag.is-active')
        expect(tag).to_be_visible()
        expect(tag).to_contain_text(relation.get_kind_display())
    panel = page.locator("#concept-panel")
    expect(panel.locator(".relation-kind")).to_have_count(len(relations))
    expect(panel.get_by_role("heading", name="Indicatoren")).to_be_visible()
    assert axe(page) == []

    # The address is shareable: opened on its own it shows the same view.
    shared = page.context.new_page()
    shared.goto(page.url)
    expect(shared.locator("#concept-panel h2")).to_have_text(concept.name_nl)
    expect(shared.locator(".map-edge.is-active")).to_have_count(len(relations))
    shared.close()

    # Choosing a related concept in the panel, then Back twice, walks the history.
    other = relations[0].target if relations[0].source == concept else relations[0].source
    panel.locator(f'[data-choose="{other.slug}"]').first.click()
    expect(page).to_have_url(re.compile(rf"\?begrip={other.slug}$"))
    expect(heading).to_have_text(other.name_nl)
    page.go_back()
    expect(page).to_have_url(re.compile(rf"\?begrip={SLUG}$"))
    expect(heading).to_have_text(concept.name_nl)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(heading).to_have_text("Kies een begrip")
    expect(page.locator(".map-edge.is-active")).to_have_count(0)
    assert page.locator(".map-node.is-focus").count() == 0


def test_closing_the_panel_returns_focus_to_the_concept(page, seeded):
    page.goto(f"/?begrip={SLUG}")
    ready(page)
    page.locator("#concept-panel [data-panel-close]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(f'.map-node[data-slug="{SLUG}"]')).to_be_focused()
    expect(page.locator(".map-edge.is-active")).to_have_count(0)


def test_every_label_fits_its_box_as_the_browser_draws_it(page, seeded):
    page.goto("/")
    ready(page)
    widths = page.evaluate(
        """() => Array.from(document.querySelectorAll('.map-node__label tspan'),
            t => t.getComputedTextLength())"""
    )
    assert widths and max(widths) <= LABEL_WIDTH
    outside = page.evaluate(
        """() => Array.from(document.querySelectorAll('.map-node')).filter(node => {
            const box = node.querySelector('.map-node__box').getBBox();
            const text = node.querySelector('.map-node__label').getBBox();
            return text.x < box.x || text.x + text.width > box.x + box.width
                || text.y < box.y || text.y + text.height > box.y + box.height;
        }).map(node => node.dataset.slug)"""
    )
    assert outside == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_map_with_a_panel_at_320_px_has_no_axe_violations(
    browser, live_server, axe, seeded, language
):
    context = browser.new_context(
        locale="nl-NL", base_url=live_server.url, viewport={"width": 320, "height": 640}
    )
    narrow = context.new_page()
    narrow.goto("/")
    if language == "en":
        narrow.get_by_label("Taal").select_option("en")
        narrow.get_by_role("button", name="Kies taal").click()
        narrow.wait_for_selector("html[lang=en]")
    narrow.goto(f"/?begrip={SLUG}")
    ready(narrow)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe(narrow) == []
    narrow.locator(f'.map-node[data-slug="{SLUG}"]').focus()
    narrow.keyboard.press("Enter")
    expect(narrow.locator("#concept-panel h2")).to_be_focused()
    assert axe(narrow) == []
    context.close()


def test_without_javascript_a_concept_is_a_link_to_its_page(browser, live_server, seeded):
    context = browser.new_context(
        locale="nl-NL", base_url=live_server.url, java_script_enabled=False
    )
    plain = context.new_page()
    plain.goto("/")
    plain.locator(f'.map-node[data-slug="{SLUG}"]').click()
    plain.wait_for_url(f"**/begrippen/{SLUG}/")
    expect(plain.locator("h1")).to_have_text(seeded[0].name_nl)
    plain.goto(f"/?begrip={SLUG}")  # a shared address works without the script too
    expect(plain.locator("#concept-panel h2")).to_have_text(seeded[0].name_nl)
    expect(plain.locator(".map-edge.is-active")).to_have_count(len(seeded[1]))
    context.close()
