"""Sharing in a real browser: the owner shares with its region and withdraws, and every
new page (sharing, confirmation, municipality page and settings, side by side, peer pools,
usage panel) has no axe violations in Dutch and English."""

import pytest

from questionsets.models import PublicQuestionnaire
from tests import factories
from tests.results.conftest import build_benchmark
from tests.sharing.conftest import make_peer, peer_results, upload_results

from .test_catalogue import switch_to_english

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def regional():
    owner = factories.make_municipality(
        code="GM0344", name="Utrecht", safety_region_code="VR09", inhabitants=70_000
    )
    factories.make_municipality(code="GM0310", name="De Bilt")
    factories.make_municipality(code="GM0321", name="Houten")
    factories.make_user(username="redacteur", municipality=owner)
    bench = build_benchmark(owner)
    upload_results(bench)
    PublicQuestionnaire.objects.create(questionnaire=bench.questionnaire)
    for i in range(5):
        peer_results(bench, make_peer(name=f"Buur {i}", hidden=i == 4))
    return bench


def test_the_owner_shares_with_the_region_and_withdraws(page, login, axe, regional):
    pk = regional.questionnaire.pk
    login("redacteur")
    page.goto(f"/vragenlijsten/{pk}/")
    page.get_by_role("link", name="Delen met andere gemeenten").click()
    page.wait_for_url(f"**/vragenlijsten/{pk}/delen/")
    assert axe(page) == []
    region = page.locator("section", has=page.get_by_role("heading", name="Delen met de hele"))
    region.get_by_label("mederedacteur").check()
    region.get_by_role("button", name="Delen met de regio").click()
    page.wait_for_url(f"**/vragenlijsten/{pk}/delen/")
    assert "Gedeeld met" in page.locator(".messages").inner_text()
    table = page.locator("section", has=page.get_by_role("heading", name="Gedeeld met")).locator(
        "table"
    )
    assert "De Bilt" in table.inner_text() and "Houten" in table.inner_text()
    page.get_by_role("link", name="Intrekken voor De Bilt").click()
    page.wait_for_selector("h1:has-text('Delen met De Bilt intrekken?')")
    assert axe(page) == []
    page.get_by_role("button", name="Ja, intrekken").click()
    page.wait_for_url(f"**/vragenlijsten/{pk}/delen/")
    assert "De Bilt" not in table.inner_text() and "Houten" in table.inner_text()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_new_pages_have_no_axe_violations(page, login, axe, regional, language):
    pk = regional.questionnaire.pk
    qset = regional.questionnaire.basket_sets.get().question_set
    login("redacteur")
    if language == "en":
        page.goto("/")
        switch_to_english(page)
    pages = [
        f"/vragenlijsten/{pk}/delen/",
        f"/vragenlijsten/{pk}/resultaten/",
        f"/vragenlijsten/{pk}/resultaten/gemeenten/",
        "/gemeenten/GM0344/",
        "/gemeenten/GM0344/instellingen/",
        f"/sets/{qset.code}/",
        f"/vragen/{regional.codes[0]}/",
        "/vragenlijsten/",
    ]
    for url in pages:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert axe(page) == [], url
    page.goto(f"/vragenlijsten/{pk}/resultaten/")
    assert page.locator("#peers-heading").count() == 1
