"""The guide, the error pages and the "?" links to the guide in chromium, with axe-core,
in Dutch and English."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from questionsets.models import Membership, Municipality, QuestionSet
from questionsets.questionnaires import services
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.guide.error_urls")]

GUIDE = [
    "/handleiding/",
    "/handleiding/vergelijkbaarheid/",
    "/handleiding/bestanden/",
    "/handleiding/samenwerken/",
    "/handleiding/contact/",
]
HEADINGS = {
    "nl": {
        400: "Ongeldig verzoek",
        403: "Geen toegang",
        404: "Pagina niet gevonden",
        500: "Er ging iets mis",
        429: "Inloggen tijdelijk geblokkeerd",
    },
    "en": {
        400: "Bad request",
        403: "No access",
        404: "Page not found",
        500: "Something went wrong",
        429: "Login temporarily blocked",
    },
}
NAME_IN_LABEL = """async () => (await axe.run(document, {runOnly: {type: 'rule',
    values: ['label-content-name-mismatch']}})).violations.map(v => v.id)"""


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--catalogue-only", verbosity=0)


def choose(page, live_server, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_guide_pages_have_no_axe_violations(page, axe, live_server, seeded, language):
    choose(page, live_server, language)
    for url in GUIDE:
        page.goto(url)
        page.wait_for_selector(f"html[lang={language}] article.guide h1")
        assert axe(page) == [], url


def test_guide_is_usable_at_320_pixels(page, seeded):
    page.set_viewport_size({"width": 320, "height": 640})
    for url in GUIDE:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, url


@pytest.mark.parametrize("language", ["nl", "en"])
def test_error_pages_have_no_axe_violations(page, axe, live_server, language):
    choose(page, live_server, language)
    for status in (400, 403, 404, 500):
        response = page.goto(f"/__fout__/{status}/")
        assert response.status == status
        assert page.locator("h1").inner_text() == HEADINGS[language][status]
        assert axe(page) == [], status


@pytest.mark.parametrize("language", ["nl", "en"])
def test_lockout_page_has_no_axe_violations(page, axe, live_server, settings, language):
    settings.AXES_FAILURE_LIMIT = 1
    factories.make_user(username="iemand")
    choose(page, live_server, language)
    for _ in range(2):
        page.goto("/accounts/login/")
        page.locator("#id_username").fill("iemand")
        page.locator("#id_password").fill("fout")
        page.locator("form.stacked-form button[type=submit]").click()
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == HEADINGS[language][429]
    assert axe(page) == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_help_links_hold_their_visible_text_and_lead_to_the_guide(
    page, axe, login, live_server, seeded, language
):
    municipality = Municipality.objects.get(code="GM0344")
    editor = factories.make_user(username="redacteur", municipality=municipality)
    factories.make_user(username="lezer", municipality=municipality, role=Membership.Role.READER)
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2026, user=editor
    )
    qset = QuestionSet.objects.published().order_by("code").first()
    services.questionnaire_add_set(
        questionnaire=questionnaire, question_set=qset, expected_version=questionnaire.lock_version
    )
    login("redacteur")
    page.wait_for_url("**/vragenlijsten/")
    choose(page, live_server, language)
    pk = questionnaire.pk
    pages = [
        reverse("questionsets:questionnaire-detail", args=[pk]),
        reverse("questionsets:questionnaire-conformance", args=[pk]),
        reverse("questionsets:results-upload", args=[pk]),
        reverse("questionsets:results-comparison", args=[pk]),
        reverse("questionsets:results-planner", args=[pk]),
    ]
    for url in pages:
        page.goto(url)
        links = page.locator("a.help-link")
        assert links.count() >= 1, url
        assert axe(page) == [], url
        assert page.evaluate(NAME_IN_LABEL) == [], url
        name = links.first.evaluate("a => a.textContent.replace(/\\s+/g, ' ').trim()")
        assert name.endswith("?")
        assert name.startswith("Uitleg:" if language == "nl" else "Explanation:")
    page.locator("a.help-link").first.click()
    page.wait_for_url("**/handleiding/**")
