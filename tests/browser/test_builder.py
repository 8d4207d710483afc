"""A municipal researcher builds a questionnaire in the browser, keyboard-first."""

import re

import pytest
from playwright.sync_api import expect

from questionsets.models import Questionnaire
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue():
    cohesion = factories.make_question_set(
        name_nl="Sociale cohesie",
        indivisible=True,
        order_locked=True,
        questions=[factories.make_question(code=f"coh{n}") for n in range(1, 4)],
        indicators=[factories.make_indicator(name_nl="Sociale cohesie in de buurt")],
    )
    trust = factories.make_question_set(
        name_nl="Vertrouwen in instituties",
        questions=[factories.make_question(code=f"vtr{n}") for n in range(1, 3)],
        indicators=[factories.make_indicator(name_nl="Institutioneel vertrouwen")],
    )
    return cohesion, trust


def _ready(page):
    """Wait until htmx has wired the builder: builder.js then sets data-ready on #builder.

    After a full page load the buttons post their plain forms until htmx has processed the
    page (deferred scripts, DOMContentLoaded): a key press in that window reloads the page,
    which leaves focus at the top and puts the message outside the live region. These
    tests are about the htmx builder, so they wait for it before they act.
    """
    expect(page.locator("#builder[data-ready]")).to_be_attached()


def _status(page, text):
    """The message in the live region, then the swapped-in builder wired and focused."""
    expect(page.locator("#builder-status")).to_contain_text(text)
    _ready(page)


def _dialog(page):
    """The confirmation dialog once builder.js has made it modal (Escape closes it)."""
    dialog = page.get_by_role("dialog")
    expect(dialog).to_have_attribute("data-modal", "")
    return dialog


def test_researcher_builds_a_comparable_questionnaire(page, axe, login, catalogue):
    municipality = factories.make_municipality(code="GM0344", name="Utrecht")
    factories.make_user(username="onderzoeker", municipality=municipality)

    login("onderzoeker")
    page.goto("/vragenlijsten/")
    page.get_by_role("link", name="Nieuwe vragenlijst").click()
    page.get_by_label("Titel").fill("Leefbaarheidsmonitor")
    page.get_by_label("Jaar").fill("2026")
    page.get_by_role("button", name="Vragenlijst aanmaken").click()
    expect(page.locator("h1")).to_contain_text("Leefbaarheidsmonitor")
    _ready(page)
    assert axe(page) == [], "empty builder"

    # Two sets, one indivisible; the keyboard is enough to add them. The set picker is
    # loaded when it is opened, puts focus in its search field and filters as one types.
    page.get_by_role("link", name="Set toevoegen").press("Enter")
    search = page.get_by_label("Zoek op naam van de set of het begrip")
    expect(search).to_be_focused()
    assert axe(page) == [], "builder with the set picker open"
    page.keyboard.type("cohesie")
    expect(page.locator("#add-set-select option")).to_have_count(1)
    expect(search).to_be_focused()
    page.get_by_label("Vragenset", exact=True).select_option(
        label="Sociale cohesie · ondeelbaar · vaste volgorde"
    )
    page.get_by_role("button", name="Set toevoegen").press("Enter")
    _status(page, "Vragenset Sociale cohesie is toegevoegd.")
    page.get_by_role("link", name="Set toevoegen").click()
    page.get_by_label("Vragenset", exact=True).select_option(label="Vertrouwen in instituties")
    page.get_by_role("button", name="Set toevoegen").click()
    _status(page, "Vragenset Vertrouwen in instituties is toegevoegd.")
    summary = page.locator(".builder-summary")
    expect(summary).to_contain_text("Sociale cohesie in de buurt")
    expect(page.locator("#count-national")).to_have_text("5")

    # An own question with an own answer scale; first a code that breaks the rule.
    page.get_by_role("link", name="Eigen vraag toevoegen").click()
    expect(page.get_by_label("Code")).to_have_value("lok1")
    page.get_by_label("Code").fill("coh1")
    page.get_by_label("Vraagtekst").fill("Hoe vaak bezoekt u het buurthuis?")
    page.get_by_label("Antwoordtype").select_option("single")
    page.get_by_label("Antwoorden van de nieuwe lokale schaal").fill(
        "Nooit\nSoms\nVaak\n9 = Weet niet"
    )
    page.get_by_role("button", name="Vraag toevoegen").click()
    expect(page.locator("#form-errors")).to_contain_text("is een landelijke vraagcode")
    # "Weet niet" is not silently counted as an answer: mark it, or confirm it is real.
    expect(page.locator("#form-errors")).to_contain_text(
        "Het antwoord '9 = Weet niet' lijkt geen echt antwoord."
    )
    expect(page.get_by_label("'Weet niet' is een echt antwoord")).not_to_be_checked()
    assert axe(page) == [], "validation error"
    page.get_by_label("Code").fill("lok1")
    page.get_by_label("Antwoorden van de nieuwe lokale schaal").fill(
        "Nooit\nSoms\nVaak\n9 = Weet niet (ontbrekend)"
    )
    page.get_by_role("button", name="Vraag toevoegen").click()
    expect(page.locator("#count-local")).to_have_text("1")
    _ready(page)
    expect(page.locator("#item-" + _item_id("lok1"))).to_contain_text("9. Weet niet (ontbrekend)")

    # Adapt a national item: a local copy, not comparable.
    page.get_by_role("link", name="Vraag vtr1 aanpassen").click()
    page.get_by_label("Vraagtekst").fill("Hoeveel vertrouwen heeft u in de gemeente Utrecht?")
    page.get_by_role("button", name="Aanpassen als lokale vraag").click()
    expect(page.locator("#count-adapted")).to_have_text("1")
    expect(summary).to_contain_text("niet vergelijkbaar")
    _ready(page)

    # Reorder with the keyboard: the local question moves down into the next section.
    page.get_by_role("button", name="Vraag lok1 omlaag").focus()
    page.keyboard.press("Enter")
    _status(page, "De volgorde is opgeslagen.")
    expect(page.get_by_role("button", name="Vraag lok1 omlaag")).to_be_focused()
    cohesion_section = page.locator(".section", has_text="Sociale cohesie").first
    expect(cohesion_section.locator(".item").first).to_contain_text("lok1")

    # Removing from the indivisible set asks first, in a keyboard-reachable dialog.
    page.get_by_role("button", name="Vraag coh2 verwijderen").focus()
    page.keyboard.press("Enter")
    dialog = _dialog(page)
    expect(dialog).to_contain_text("ondeelbare set niet compleet")
    assert axe(page) == [], "confirmation dialog"
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    page.get_by_role("button", name="Vraag coh2 verwijderen").click()
    _dialog(page).get_by_role("button", name="Ja, toch doorgaan").click()
    _status(page, "Vraag coh2 is verwijderd.")
    cohesion_row = summary.locator(".indicator", has_text="Sociale cohesie in de buurt")
    expect(cohesion_row).to_contain_text("niet vergelijkbaar")
    expect(cohesion_row).to_contain_text("ontbreekt: coh2")
    expect(page.locator("#local-budget")).to_contain_text("van de 5 minuten")
    assert axe(page) == [], "filled builder"

    # The removed question can be put back, by keyboard, in its place in the set order.
    page.get_by_role("button", name="Vraag coh2 terugzetten").focus()
    page.keyboard.press("Enter")
    _status(page, "Vraag coh2 is teruggezet.")
    expect(page.get_by_role("button", name="Vraag coh2 omhoog")).to_be_focused()
    codes = cohesion_section.locator(".item-code").all_inner_texts()
    assert codes[codes.index("coh1") + 1] == "coh2"
    expect(cohesion_row).not_to_contain_text("ontbreekt: coh2")

    page.get_by_role("button", name=re.compile("Uitloggen")).click()
    page.goto("/vragenlijsten/")
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()


def _item_id(code: str) -> str:
    return str(Questionnaire.objects.get().items.get(code=code).pk)


def test_drag_and_drop_saves_the_new_order(page, login):
    from questionsets.questionnaires import items, services

    municipality = factories.make_municipality(code="GM0344", name="Utrecht")
    editor = factories.make_user(username="onderzoeker", municipality=municipality)
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2026, user=editor
    )
    for n, code in enumerate(("lokeigen1", "lokeigen2", "lokeigen3"), start=2):
        items.questionnaire_add_local_item(
            questionnaire=questionnaire,
            section=questionnaire.sections.get(),
            data={
                "code": code,
                "wording": f"Vraag {code}?",
                "instruction": "",
                "answer_type": "text",
            },
            expected_version=n - 1,
        )
    login("onderzoeker")
    page.goto(f"/vragenlijsten/{questionnaire.pk}/")
    _ready(page)
    items = page.locator(".items li.item")
    items.nth(2).drag_to(items.nth(0), target_position={"x": 10, "y": 2})
    _status(page, "De volgorde is opgeslagen.")
    codes = list(questionnaire.items.order_by("position").values_list("code", flat=True))
    assert codes == ["lokeigen3", "lokeigen1", "lokeigen2"]


def test_rename_a_section_with_the_keyboard_and_remove_a_set(page, axe, login, catalogue):
    from questionsets.questionnaires import services

    cohesion, trust = catalogue
    municipality = factories.make_municipality(code="GM0344", name="Utrecht")
    editor = factories.make_user(username="onderzoeker", municipality=municipality)
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2026, user=editor
    )
    for version, qset in enumerate((cohesion, trust), start=1):
        services.questionnaire_add_set(
            questionnaire=questionnaire, question_set=qset, expected_version=version
        )
    section = questionnaire.sections.get(title=trust.name_nl)
    login("onderzoeker")
    page.goto(f"/vragenlijsten/{questionnaire.pk}/")
    _ready(page)

    # Rename with the keyboard: open the section's tools, type the name, press Enter.
    page.locator(f"#section-tools-{section.pk}").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    name = page.get_by_label("Naam van het onderdeel").and_(page.locator(":focus"))
    expect(name).to_have_value(trust.name_nl)
    name.fill("Vertrouwen in de gemeente")
    page.keyboard.press("Enter")
    _status(page, "Het onderdeel heet nu Vertrouwen in de gemeente.")
    expect(page.locator(f"#section-title-{section.pk}")).to_have_text("Vertrouwen in de gemeente")
    expect(page.locator(f"#section-name-{section.pk}")).to_be_focused()
    assert axe(page) == [], "builder with an open section form"

    # Removing a whole set asks first, in a dialog that says what happens.
    page.get_by_role("button", name="Set verwijderen: Vertrouwen in instituties").focus()
    page.keyboard.press("Enter")
    dialog = _dialog(page)
    expect(dialog).to_contain_text("Deze 2 vragen gaan uit de vragenlijst: vtr1, vtr2")
    expect(dialog).to_contain_text("Institutioneel vertrouwen")
    expect(dialog).to_contain_text("Vertrouwen in de gemeente")  # the emptied section goes too
    assert axe(page) == [], "set removal confirmation"
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(
        page.get_by_role("button", name="Set verwijderen: Vertrouwen in instituties")
    ).to_be_focused()

    page.keyboard.press("Enter")
    _dialog(page).get_by_role("button", name="Ja, verwijderen").focus()
    page.keyboard.press("Enter")
    _status(page, "Vragenset Vertrouwen in instituties is uit de vragenlijst verwijderd")
    expect(page.locator("#summary-title")).to_be_focused()
    expect(page.locator(".builder-summary")).not_to_contain_text("Institutioneel vertrouwen")
    expect(page.locator(f"#section-{section.pk}")).to_have_count(0)
    assert questionnaire.basket_sets.get().question_set == cohesion
    assert not questionnaire.items.filter(code__startswith="vtr").exists()

    # Deleting the section that holds the indivisible set lists what it costs.
    cohesion_section = questionnaire.sections.get(title=cohesion.name_nl)
    page.locator(f"#section-tools-{cohesion_section.pk}").click()
    page.get_by_role("button", name=f"Onderdeel verwijderen: {cohesion.name_nl}").click()
    _dialog(page)
    expect(dialog).to_contain_text("Deze 3 vragen gaan uit de vragenlijst")
    expect(dialog).to_contain_text("Sociale cohesie in de buurt: niet vergelijkbaar")
    assert axe(page) == [], "section deletion confirmation"
    dialog.get_by_role("button", name="Ja, verwijderen").click()
    _status(page, "Onderdeel Sociale cohesie is verwijderd, met 3 vragen.")
    expect(page.locator(".indicator")).to_contain_text("niet vergelijkbaar")
    assert questionnaire.items.count() == 0


def test_the_builder_shows_a_wording_with_its_spaces_tabs_and_line_breaks(page, login):
    from questionsets.questionnaires import items, services

    municipality = factories.make_municipality(code="GM0344", name="Utrecht")
    editor = factories.make_user(username="onderzoeker", municipality=municipality)
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2026, user=editor
    )
    wording = "Eerste  regel\tmet tab\nTweede regel?"
    items.questionnaire_add_local_item(
        questionnaire=questionnaire,
        section=questionnaire.sections.get(),
        data={
            "code": "lok1",
            "wording": wording,
            "instruction": "Kies  één\nantwoord.",
            "answer_type": "text",
        },
        expected_version=1,
    )
    login("onderzoeker")
    page.goto(f"/vragenlijsten/{questionnaire.pk}/")
    for selector in (".item-wording", ".item-instruction"):
        element = page.locator(selector).first
        assert element.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-wrap", selector
    shown = page.locator(".item-wording").first.inner_text()
    assert shown == wording  # innerText keeps what is rendered: nothing collapsed
