"""A shares a local question; B finds it in the search and uses it; A changes it; B sees
the notice with the word diff and upgrades; A proposes it for the national catalogue and
a curator accepts it; A withdraws it. Every new page passes axe (in Dutch and English)."""

import re

import pytest
from playwright.sync_api import expect

from questionsets.models import QuestionnaireItem
from tests import factories
from tests.browser.test_catalogue import switch_to_english
from tests.shelf.conftest import (
    add_local,
    shelf,  # noqa: F401 (fixture)
)

pytestmark = pytest.mark.django_db(transaction=True)


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_share_find_use_change_upgrade_propose_accept_withdraw(page, login, axe, shelf):  # noqa: F811
    a, b = shelf.questionnaire_a, shelf.questionnaire_b
    factories.make_user(username="curator", first_name="Anna", last_name="de Vries", is_staff=True)
    factories.make_source(instrument="Lokale monitor Utrecht")
    login("editor-a")
    page.goto(f"/vragenlijsten/{a.pk}/lokale-vragen-delen/")
    assert axe(page) == []
    page.get_by_role("link", name="lok1 delen").click()
    expect(page).to_have_url(re.compile(r"/lokale-vragen-delen/\d+/$"))
    assert axe(page) == []
    page.get_by_label("Toelichting voor andere gemeenten").fill("Meet hoe veilig het park is.")
    page.get_by_role("button", name="Delen met andere gemeenten").click()
    expect(page.get_by_text("lokaal, gedeeld door gemeente Utrecht").first).to_be_visible()
    assert axe(page) == []

    switch_user(page, login, "editor-b")
    page.goto("/zoeken/?q=park")
    shared = page.locator("section.shared-results")
    expect(shared.get_by_text("lokaal, gedeeld door gemeente Utrecht")).to_be_visible()
    assert axe(page) == []
    shared.get_by_role("link", name=re.compile("Gedeelde vraag van Utrecht")).click()
    page.get_by_label("Vragenlijst", exact=True).select_option(label="Monitor B (2025)")
    page.get_by_role("button", name="Toevoegen aan vragenlijst").click()
    expect(page.get_by_text("gelijk aan gedeelde vraag van Utrecht").first).to_be_visible()

    switch_user(page, login, "editor-a")
    QuestionnaireItem.objects.filter(pk=shelf.item_a.pk).update(
        wording="Hoe veilig voelt u zich in het stadspark?"
    )
    page.goto(f"/vragenlijsten/{a.pk}/lokale-vragen-delen/")
    page.get_by_role("link", name="Nieuwe versie van lok1 delen").click()
    page.get_by_label("Toelichting voor andere gemeenten").fill("Nu het stadspark.")
    page.get_by_role("button", name="Delen met andere gemeenten").click()
    expect(page.get_by_role("heading", name=re.compile("Versie 2"))).to_be_visible()

    switch_user(page, login, "editor-b")
    page.goto(f"/vragenlijsten/{b.pk}/")
    expect(page.get_by_text(re.compile("nieuwere versie 2 beschikbaar"))).to_be_visible()
    page.goto(f"/vragenlijsten/{b.pk}/lokale-vragen-delen/")
    expect(page.locator("ins", has_text="stadspark?")).to_be_visible()
    assert axe(page) == []
    page.get_by_role("button", name="lok1 bijwerken naar versie 2").click()
    expect(page.get_by_text("lok1 gebruikt nu versie 2.")).to_be_visible()

    switch_user(page, login, "editor-a")
    page.goto(page.url.split("/vragenlijsten/")[0] + "/zoeken/?q=stadspark")
    page.locator("section.shared-results").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/gedeelde-vragen/\d+/$"))
    shared_url = page.url
    assert axe(page) == []
    page.get_by_label("Motivatie voor de curatoren").fill("Veel gemeenten hebben een stadspark.")
    page.get_by_role("button", name="Voorstellen voor de nationale catalogus").click()
    expect(page.get_by_text("De curatoren beoordelen uw voorstel.")).to_be_visible()
    assert axe(page) == []

    switch_user(page, login, "curator")
    page.goto("/curatie/gemeentevoorstellen/")
    assert axe(page) == []
    page.get_by_role("link", name="Hoe veilig voelt u zich in het stadspark?").click()
    expect(page.locator("#usage-count")).to_have_text(
        "1 andere gemeente gebruikt deze vraag in een actieve vragenlijst."
    )
    assert axe(page) == []
    page.get_by_label("Code van de nieuwe landelijke vraag").fill("stadspark")
    page.get_by_label("Bron").select_option(label="Lokale monitor Utrecht 2023")
    page.get_by_role("button", name="Accepteren als concept").click()
    expect(
        page.get_by_text(re.compile("Geaccepteerd. Dit is het concept voor vraag stadspark"))
    ).to_be_visible()
    expect(page.get_by_text(re.compile("Voorgesteld door gemeente Utrecht"))).to_be_visible()
    assert axe(page) == []

    switch_user(page, login, "editor-a")
    page.goto(shared_url)
    expect(page.locator("#national-status")).to_contain_text("geaccepteerd")
    page.get_by_role("button", name="Gedeelde vraag intrekken").click()
    expect(page.get_by_text("De gedeelde vraag is ingetrokken.")).to_be_visible()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_shelf_pages_have_no_axe_violations(page, login, axe, shelf, language):  # noqa: F811
    from questionsets.shelf import services

    version = services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)
    item = services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=version, expected_version=1
    )
    QuestionnaireItem.objects.filter(pk=shelf.item_a.pk).update(wording="Stadspark?")
    shelf.item_a.refresh_from_db()
    services.shared_question_publish(item=shelf.item_a, rationale="Nieuw.", user=None)
    login("editor-b")
    if language == "en":
        page.goto("/")
        switch_to_english(page)
    b = shelf.questionnaire_b.pk
    for url in (
        f"/vragenlijsten/{b}/lokale-vragen-delen/",
        f"/vragenlijsten/{b}/lokale-vragen-delen/{add_local(shelf.questionnaire_b, code='lok9').pk}/",
        f"/vragenlijsten/{b}/",
        f"/gedeelde-vragen/{version.shared_question_id}/",
        "/zoeken/?q=park",
    ):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert axe(page) == [], url
    assert item.pk


@pytest.mark.parametrize("language", ["nl", "en"])
def test_national_proposal_pages_have_no_axe_violations(page, login, axe, shelf, language):  # noqa: F811
    from questionsets.shelf import proposals, services

    curator = factories.make_user(username="curator", is_staff=True)
    factories.make_question(
        code="parkveilig", version_kw={"wording_nl": "Hoe veilig voelt u zich in het park?"}
    )
    version = services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)
    services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=version, expected_version=1
    )
    shared = version.shared_question
    declined = proposals.national_proposal_create(
        shared=shared, user=shelf.editor_a, motivation="M"
    )
    proposals.national_proposal_decline(proposal=declined, user=curator, reason="Bestaat al.")
    third = add_local(shelf.questionnaire_a, code="lok3", wording="Is het park schoon?")
    third_shared = services.shared_question_publish(item=third, rationale="r", user=None)
    open_one = proposals.national_proposal_create(
        shared=third_shared.shared_question, user=shelf.editor_a, motivation="M"
    )
    other = add_local(shelf.questionnaire_a, code="lok2", wording="Hoe vaak bent u in het park?")
    other_shared = services.shared_question_publish(item=other, rationale="r", user=None)
    accepted = proposals.national_proposal_create(
        shared=other_shared.shared_question, user=shelf.editor_a, motivation="M"
    )
    draft = proposals.national_proposal_accept(
        proposal=accepted, user=curator, code="parkvaak", source=factories.make_source()
    )
    pages = {
        "editor-a": [
            f"/gedeelde-vragen/{shared.pk}/",
            f"/gedeelde-vragen/{other_shared.shared_question_id}/",
            f"/gedeelde-vragen/{third_shared.shared_question_id}/",
        ],
        "curator": [
            "/curatie/gemeentevoorstellen/",
            "/curatie/gemeentevoorstellen/?status=afgewezen",
            f"/curatie/gemeentevoorstellen/{open_one.pk}/",
            f"/curatie/gemeentevoorstellen/{declined.pk}/",
            f"/curatie/voorstellen/{draft.pk}/",
            f"/curatie/voorstellen/{draft.pk}/bewerken/",
        ],
    }
    for username, urls in pages.items():
        switch_user(page, login, username)
        expect(page.get_by_role("button", name=f"Uitloggen ({username})")).to_be_visible()
        if language == "en":
            switch_to_english(page)
        for url in urls:
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language
            assert axe(page) == [], url


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_co_editor_reaches_the_overview_from_the_builder_and_upgrades(
    page,
    login,
    axe,
    shelf,  # noqa: F811
    language,
):
    from questionsets.models import QuestionnaireShare
    from questionsets.shelf import services
    from tests import factories

    version = services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)
    services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=version, expected_version=1
    )
    QuestionnaireItem.objects.filter(pk=shelf.item_a.pk).update(wording="Stadspark?")
    shelf.item_a.refresh_from_db()
    services.shared_question_publish(item=shelf.item_a, rationale="Nieuw.", user=None)
    d = factories.make_municipality(code="GM0345", name="Veenendaal")
    QuestionnaireShare.objects.create(
        questionnaire=shelf.questionnaire_b, municipality=d, role=QuestionnaireShare.Role.EDITOR
    )
    factories.make_user(username="editor-d", municipality=d)
    login("editor-d")
    if language == "en":
        page.goto("/")
        switch_to_english(page)
    b = shelf.questionnaire_b.pk
    page.goto(f"/vragenlijsten/{b}/")
    link = {"nl": "Gedeelde vragen bijwerken", "en": "Update shared questions"}[language]
    page.get_by_role("link", name=link).click()
    expect(page).to_have_url(re.compile(rf"/vragenlijsten/{b}/lokale-vragen-delen/$"))
    button = {"nl": "lok1 bijwerken naar versie 2", "en": "Upgrade lok1 to version 2"}[language]
    expect(page.get_by_role("button", name=button)).to_be_visible()
    assert axe(page) == []
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("button", name=button)).to_have_count(0)
    assert axe(page) == []
