"""Ways in, in the browser: request access, invitations, password reset; mail read from the
file outbox of a temporary directory (Django's file-based e-mail backend)."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from questionsets.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Sterk-wachtwoord-2026"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate-limit counters live in the cache table, which a flush between tests keeps."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")

    def link(to: str, path: str) -> str:
        """The link to `path` in the latest message to `to`."""
        files = sorted((tmp_path / "outbox").glob("*.log"), key=lambda p: p.stat().st_mtime_ns)
        for message in reversed([f.read_text(encoding="utf-8") for f in files]):
            if f"To: {to}" in message:
                return re.search(rf"https?://[^/\s]+({path}\S+)", message).group(1)
        raise AssertionError(f"no mail to {to}")

    return link


@pytest.fixture
def utrecht():
    municipality = factories.make_municipality(code="GM0344", name="Utrecht")
    factories.make_municipality(code="GM0363", name="Amsterdam")
    factories.make_user(
        username="coordinator",
        email="coordinator@utrecht.example.org",
        municipality=municipality,
        role=Membership.Role.COORDINATOR,
    )
    return municipality


def logout(page):
    page.get_by_role("button", name=re.compile("Uitloggen")).click()


def choose_password(page):
    page.get_by_label("Nieuw wachtwoord:", exact=True).fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(PASSWORD)


def test_access_request_approved_invitation_accepted_questionnaire_built(
    page, axe, login, outbox, utrecht
):
    factories.make_question_set(
        name_nl="Vertrouwen in instituties",
        questions=[factories.make_question(code=f"vtr{n}") for n in range(1, 3)],
    )
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Toegang aanvragen").click()
    expect(page.locator("h1")).to_have_text("Toegang aanvragen")
    assert axe(page) == [], "access request form"
    page.get_by_label("Naam").fill("Sam de Vries")
    page.get_by_label("E-mailadres op het werk").fill("sam@utrecht.example.org")
    page.get_by_label("Zoek in de lijst met gemeenten").fill("utre")
    expect(page.get_by_role("status").filter(has_text="1 gemeente gevonden")).to_be_visible()
    expect(page.locator("#id_municipality")).to_have_value("GM0344")
    page.get_by_label("redacteur").check()
    page.get_by_label("Korte toelichting").fill("Ik stel de monitor 2026 samen.")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.locator("h1")).to_have_text("Aanvraag verstuurd")
    assert axe(page) == [], "request sent"

    login("coordinator")
    page.goto("/team/")
    assert axe(page) == [], "my teams"
    page.get_by_role("link", name="Toegangsaanvragen beoordelen").click()
    expect(page).to_have_url(re.compile(r"/toegangsaanvragen/$"))
    assert axe(page) == [], "request list"
    page.get_by_role("link", name=re.compile("Sam de Vries")).click()
    expect(page).to_have_url(re.compile(r"/toegangsaanvragen/\d+/$"))
    assert axe(page) == [], "request detail"
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_role("status")).to_contain_text("is goedgekeurd")
    logout(page)

    page.goto(outbox("sam@utrecht.example.org", "/uitnodiging/"))
    expect(page.locator("h1")).to_have_text("Uitnodiging accepteren")
    assert axe(page) == [], "invitation"
    choose_password(page)
    page.get_by_role("button", name="Wachtwoord instellen en inloggen").click()
    expect(page.get_by_role("status")).to_contain_text("Welkom!")
    logout(page)

    login("sam@utrecht.example.org", PASSWORD)
    page.goto("/vragenlijsten/")
    page.get_by_role("link", name="Nieuwe vragenlijst").click()
    page.get_by_label("Titel").fill("Monitor Sam")
    page.get_by_label("Jaar").fill("2026")
    page.get_by_role("button", name="Vragenlijst aanmaken").click()
    expect(page.locator("h1")).to_contain_text("Monitor Sam")
    expect(page.locator("#builder[data-ready]")).to_be_attached()
    page.get_by_role("link", name="Set toevoegen").click()  # the picker loads on demand
    page.get_by_label("Vragenset", exact=True).select_option(label="Vertrouwen in instituties")
    page.get_by_role("button", name="Set toevoegen").click()
    expect(page.locator("#builder-status")).to_contain_text(
        "Vragenset Vertrouwen in instituties is toegevoegd."
    )


def test_password_reset_through_the_outbox(page, axe, login, outbox, utrecht):
    factories.make_user(username="sam", email="sam@utrecht.example.org", municipality=utrecht)
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page).to_have_title(re.compile("^Wachtwoord vergeten"))
    assert axe(page) == [], "reset form"
    page.get_by_label("E-mailadres").fill("sam@utrecht.example.org")
    page.get_by_role("button", name="Link versturen").click()
    expect(page.locator("h1")).to_have_text("Controleer uw e-mail")
    assert axe(page) == [], "reset done"
    page.goto(outbox("sam@utrecht.example.org", "/wachtwoord-vergeten/"))
    expect(page.locator("h1")).to_have_text("Nieuw wachtwoord kiezen")
    assert axe(page) == [], "reset confirm"
    choose_password(page)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.locator("h1")).to_have_text("Wachtwoord gewijzigd")
    assert axe(page) == [], "reset complete"
    login("sam", PASSWORD)
    expect(page.get_by_role("button", name=re.compile("Uitloggen"))).to_be_visible()


def test_coordinator_invites_a_colleague_who_accepts(page, axe, login, outbox, utrecht):
    login("coordinator")
    page.goto("/gemeenten/GM0344/team/")
    assert axe(page) == [], "team"
    page.get_by_role("link", name="Collega uitnodigen").click()
    expect(page).to_have_url(re.compile(r"/team/uitnodigen/$"))
    assert axe(page) == [], "invite form"
    page.get_by_label("E-mailadres").fill("nina@utrecht.example.org")
    page.get_by_label("Rol").select_option(label="lezer")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text("nina@utrecht.example.org is uitgenodigd")
    expect(page.get_by_role("table").filter(has_text="nina@utrecht.example.org")).to_be_visible()
    logout(page)

    page.goto(outbox("nina@utrecht.example.org", "/uitnodiging/"))
    choose_password(page)
    page.get_by_role("button", name="Wachtwoord instellen en inloggen").click()
    expect(page.get_by_role("status")).to_contain_text("lid van het team van Utrecht")
    logout(page)

    login("coordinator")
    page.goto("/gemeenten/GM0344/team/")
    row = page.get_by_role("row").filter(has_text="nina@utrecht.example.org")
    expect(row.get_by_label(re.compile("Rol van"))).to_have_value("reader")
    row.get_by_role("link", name=re.compile("Verwijderen")).click()
    expect(page.locator("h1")).to_have_text("Lid verwijderen")
    assert axe(page) == [], "remove member"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_new_page_passes_axe(page, axe, utrecht, live_server, settings, language):
    """The pages in Dutch and in English (the language switch's cookie)."""
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    from questionsets.accounts import services
    from questionsets.models import AccessRequest

    coordinator = Membership.objects.get(role="coordinator").user
    services.invite(
        municipality=utrecht,
        email="open@x.nl",
        role="reader",
        by=coordinator,
        language=language,
        site_url=live_server.url,
    )
    access_request = AccessRequest.objects.create(
        municipality=utrecht, name="Sam", email="sam@x.nl", role="reader", reason="r"
    )
    member = factories.make_user(municipality=utrecht).memberships.get()
    public = [
        "/accounts/login/",
        "/toegang-aanvragen/",
        "/toegang-aanvragen/verzonden/",
        "/uitnodiging/bestaat-niet/",
        "/wachtwoord-vergeten/",
        "/wachtwoord-vergeten/verzonden/",
        "/wachtwoord-vergeten/MQ/ongeldig/",
        "/wachtwoord-gewijzigd/",
    ]
    for url in public:
        page.goto(url)
        assert axe(page) == [], (language, url)
    settings.PASSWORD_RESETS_PER_IP = 0
    page.goto("/wachtwoord-vergeten/")
    page.locator("#id_email").fill("sam@x.nl")
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(
        "Te veel pogingen" if language == "nl" else "Too many attempts"
    )
    assert axe(page) == [], (language, "429")
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("coordinator")
    page.locator("#id_password").fill("s3cret-pass")
    page.locator("main button[type=submit]").click()
    expect(page.locator("header form button.link-button")).to_be_visible()
    for url in [
        "/team/",
        "/gemeenten/GM0344/team/",
        "/gemeenten/GM0344/team/uitnodigen/",
        f"/gemeenten/GM0344/team/leden/{member.pk}/verwijderen/",
        "/toegangsaanvragen/",
        f"/toegangsaanvragen/{access_request.pk}/",
    ]:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert axe(page) == [], (language, url)
    page.goto(f"/toegangsaanvragen/{access_request.pk}/")
    page.locator("input[value=decline] ~ button").click()
    expect(page.locator("main")).to_contain_text(
        "Geef een reden op" if language == "nl" else "Give a reason"
    )
    assert axe(page) == [], (language, "decline without reason")
