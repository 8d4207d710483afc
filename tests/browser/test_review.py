"""Four eyes in the browser: curator A proposes, curator B reviews and approves, a municipality is told."""

import io

import pytest
from playwright.sync_api import expect

from questionsets.curation.review.models import Proposal
from questionsets.curation.workbook import export_catalogue_workbook
from tests import factories
from tests.curation.review.helpers import propose_version, use_question

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def new_page(browser, live_server):
    """A page in a browser context of its own: one per person, each with its own session."""
    contexts = []

    def make(username: str, password: str = "s3cret-pass"):
        context = browser.new_context(locale="nl-NL", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto("/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("button", name=f"Uitloggen ({username})")).to_be_visible()
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def world():
    question = factories.make_question(
        code="c05i1brel", version_kw={"wording_nl": "Hoe veilig voelt u zich in uw buurt?"}
    )
    factories.make_question_set(code="veiligheid", questions=[question])
    utrecht = factories.make_municipality(code="GM0344", name="Utrecht")
    amsterdam = factories.make_municipality(code="GM0363", name="Amsterdam")
    questionnaire = use_question(question, municipality=utrecht)
    use_question(question, municipality=amsterdam)
    factories.make_user(username="utrecht-redacteur", municipality=utrecht)
    factories.make_user(username="anna", first_name="Anna", last_name="de Vries", is_staff=True)
    factories.make_user(username="pieter", first_name="Pieter", last_name="Jansen", is_staff=True)
    return question, questionnaire


def test_a_proposes_b_approves_and_the_municipality_sees_the_notice(new_page, axe, world):
    question, questionnaire = world

    anna = new_page("anna")
    anna.goto("/curatie/versies/?q=c05i1brel")
    anna.get_by_role("link", name="Nieuwe versie voorstellen c05i1brel").click()
    anna.get_by_label("vraagtekst (Nederlands)").fill("Hoe veilig voelt u zich in uw eigen buurt?")
    anna.get_by_label("reden van wijziging").fill("Aansluiten bij de Veiligheidsmonitor 2025")
    anna.get_by_role("button", name="Ter beoordeling aanbieden").click()
    expect(anna.get_by_role("status")).to_contain_text("Ter beoordeling aangeboden.")
    affected = anna.locator("#affected-municipalities li")
    expect(affected).to_have_text(["Amsterdam", "Utrecht"])
    expect(
        anna.get_by_text("Er is een nieuwere landelijke versie: versie 2.", exact=False)
    ).to_be_visible()
    assert axe(anna) == [], "review page, author"

    # Anna cannot approve her own proposal: the server refuses it.
    anna.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(anna.get_by_role("status")).to_contain_text("U kunt uw eigen voorstel niet goedkeuren")
    assert question.versions.count() == 1

    pieter = new_page("pieter")
    pieter.goto("/curatie/voorstellen/?status=ter_beoordeling")
    assert axe(pieter) == [], "proposal list"
    pieter.get_by_role("link", name="c05i1brel v2").click()
    inserted = pieter.locator("td.diff ins").first
    expect(inserted).to_contain_text("toegevoegd: eigen")
    assert axe(pieter) == [], "review page, reviewer"
    pieter.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(pieter.get_by_role("status")).to_contain_text("Goedgekeurd en gepubliceerd.")
    expect(pieter.locator(".facts")).to_contain_text("2 gemeenten kregen een melding")
    assert question.latest_version().number == 2

    editor = new_page("utrecht-redacteur")
    editor.goto(f"/vragenlijsten/{questionnaire.pk}/")
    expect(editor.get_by_text("Er is een nieuwere landelijke versie: versie 2.")).to_be_visible()


def _curation_pages(question, proposal):
    version = question.latest_version()
    return {
        "proposals": "/curatie/voorstellen/",
        "review": f"/curatie/voorstellen/{proposal.pk}/",
        "edit": f"/curatie/voorstellen/{proposal.pk}/bewerken/",
        "new version": f"/curatie/vragen/{question.code}/nieuwe-versie/",
        "new set": "/curatie/sets/nieuw/",
        "change set": "/curatie/sets/veiligheid/wijzigen/",
        "retire set": "/curatie/sets/veiligheid/laten-vervallen/",
        "retire question": f"/curatie/vragen/{question.code}/laten-vervallen/",
        "new scale": "/curatie/schalen/nieuw/",
        "change scale": f"/curatie/schalen/{version.scale.code}/wijzigen/",
        "versions": "/curatie/versies/?status=unverified",
        "verify": f"/curatie/versies/{version.pk}/verificatie/",
        "import": "/curatie/werkmap-importeren/",
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_curation_page_has_no_axe_violations(new_page, axe, world, language):
    question, _questionnaire = world
    from django.contrib.auth import get_user_model

    anna = get_user_model().objects.get(username="anna")
    proposal = propose_version(question, anna, wording="Hoe  veilig\nvoelt u zich?", submit=False)
    page = new_page("anna")
    if language == "en":
        page.get_by_label("Taal").select_option("en")
        page.get_by_role("button", name="Kies taal").click()
    retirement = Proposal.objects.create(
        kind=Proposal.Kind.RETIRE_QUESTION,
        author=anna,
        question=question,
        payload={"code": question.code},
        reason="Niet meer gemeten",
    )
    found = {}
    pages = {
        **_curation_pages(question, proposal),
        "review retirement": f"/curatie/voorstellen/{retirement.pk}/",
    }
    for name, url in pages.items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        found[name] = axe(page)
    # A form with errors, and the import preview.
    page.goto("/curatie/sets/nieuw/")
    page.locator("form[method=post] button[name=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    found["set form with errors"] = axe(page)
    page.goto("/curatie/werkmap-importeren/")
    page.locator("input[type=file]").set_input_files(
        {"name": "catalogus.xlsx", "mimeType": XLSX, "buffer": _edited_export()}
    )
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator(".changed-cells")).to_have_count(1)
    found["import preview"] = axe(page)
    assert found == {name: [] for name in found}
    assert Proposal.objects.count() == 2  # the version draft and the retirement


def _edited_export() -> bytes:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(export_catalogue_workbook()))
    sheet = workbook["vragen"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("toelichting") + 1).value = "Nagekeken"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
