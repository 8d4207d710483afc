"""Password reset in the site's templates: reveals nothing, rate-limited, honest on failure."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from .. import factories

URL = reverse("questionsets:password-reset")
DONE = reverse("questionsets:password-reset-done")


@pytest.fixture
def member(municipality):
    return factories.make_user(
        username="sam", email="sam@utrecht.example.org", municipality=municipality
    )


def test_known_and_unknown_addresses_get_identical_responses(client, member):
    known = client.post(URL, {"email": "SAM@utrecht.example.org"})
    unknown = client.post(URL, {"email": "nobody@utrecht.example.org"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url) == (302, DONE)
    assert known.content == unknown.content
    assert [m.to for m in mail.outbox] == [["sam@utrecht.example.org"]]
    page = client.get(DONE).content.decode()
    assert "<h1>Controleer uw e-mail</h1>" in page
    assert "Als er een account bij dit e-mailadres hoort" in page


def test_the_whole_reset(client, member):
    client.post(URL, {"email": member.email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "<h1>Nieuw wachtwoord kiezen</h1>" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Nieuw-geheim-2026", "new_password2": "Nieuw-geheim-2026"},
    )
    assert response.status_code == 302
    assert response.url == reverse("questionsets:password-reset-complete")
    assert "<h1>Wachtwoord gewijzigd</h1>" in client.get(response.url).content.decode()
    member.refresh_from_db()
    assert member.check_password("Nieuw-geheim-2026")
    used = client.get(link, follow=True).content.decode()
    assert "Deze link werkt niet meer" in used


def test_titles_and_dutch_form(client):
    page = client.get(URL).content.decode()
    assert "<title>Wachtwoord vergeten ·" in page and "<h1>Wachtwoord vergeten</h1>" in page
    assert "admin" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_rate_limited_per_address(client, member, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 2
    for _n in range(2):
        assert client.post(URL, {"email": member.email}).status_code == 302
    response = client.post(URL, {"email": member.email}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert len(mail.outbox) == 2


def test_rate_limited_per_client_address(client, member, settings):
    settings.PASSWORD_RESETS_PER_IP = 3
    for n in range(3):
        assert client.post(URL, {"email": f"x{n}@x.nl"}).status_code == 302
    assert client.post(URL, {"email": member.email}).status_code == 429
    assert not mail.outbox
    assert client.post(URL, {"email": member.email}, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_unknown_addresses_count_too_so_the_limit_reveals_nothing(client, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 1
    assert client.post(URL, {"email": "nobody@x.nl"}).status_code == 302
    assert client.post(URL, {"email": "nobody@x.nl"}).status_code == 429


def test_a_mail_failure_is_told_and_logged(client, member, settings, caplog):
    settings.EMAIL_BACKEND = "tests.accounts.failing_backend.FailingBackend"
    response = client.post(URL, {"email": member.email})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Het e-mailbericht kon niet worden verzonden" in html and settings.CONTACT_EMAIL in html
    assert "could not be sent" in caplog.text


def test_bad_address_is_a_form_error(client, db):
    response = client.post(URL, {"email": "geen adres"})
    assert (
        response.status_code == 200
        and "Voer een geldig e-mailadres in." in response.content.decode()
    )


def test_inactive_accounts_get_no_mail(client, member):
    get_user_model().objects.filter(pk=member.pk).update(is_active=False)
    assert client.post(URL, {"email": member.email}).status_code == 302
    assert not mail.outbox


def test_django_admin_templated_reset_urls_are_gone(client, db):
    assert client.get("/accounts/password_reset/").status_code == 404
