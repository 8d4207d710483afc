"""Styled error pages for 400, 403, 404, 429 and 500 in Dutch and English."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questionsets.models import Membership

from .. import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.guide.error_urls")]

HEADINGS = {
    (400, "nl"): "Ongeldig verzoek",
    (400, "en"): "Bad request",
    (403, "nl"): "Geen toegang",
    (403, "en"): "No access",
    (404, "nl"): "Pagina niet gevonden",
    (404, "en"): "Page not found",
    (500, "nl"): "Er ging iets mis",
    (500, "en"): "Something went wrong",
}


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False
    settings.CONTACT_EMAIL = "team@vragen.example"


def get(status: int, language: str, client: Client | None = None):
    client = client or Client(raise_request_exception=False)
    client.raise_request_exception = False
    client.cookies["django_language"] = language
    return client.get(f"/__fout__/{status}/", HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_each_status_renders_the_styled_page(status, language):
    response = get(status, language)
    assert response.status_code == status
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert f"<h1>{HEADINGS[(status, language)]}</h1>" in content
    assert "/static/css/app.css" in content
    assert 'href="mailto:team@vragen.example"' in content
    assert 'href="/"' in content
    assert 'href="/zoeken/"' in content
    assert "bad on purpose" not in content and "broken on purpose" not in content


def test_the_404_of_an_unknown_address_is_styled():
    response = Client().get("/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert "<h1>Pagina niet gevonden</h1>" in response.content.decode()


def test_anonymous_visitors_get_a_login_link_on_403_and_404():
    for status in (403, 404):
        content = get(status, "nl").content.decode()
        assert f'href="{reverse("login")}?next=/__fout__/{status}/"' in content


def test_logged_in_users_get_no_login_link(editor):
    client = Client()
    client.force_login(editor)
    content = get(403, "nl", client).content.decode()
    assert reverse("login") + "?" not in content


def test_the_500_page_needs_no_database():
    client = Client(raise_request_exception=False)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/__fout__/500/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 500
    assert len(queries) == 0
    content = response.content.decode()
    assert "csrfmiddlewaretoken" not in content


def test_the_500_template_renders_without_a_request():
    from monitor.errors import render_server_error

    content = render_server_error().decode()
    assert "<h1>Er ging iets mis</h1>" in content


def test_permission_denied_in_a_real_view_is_the_styled_403(municipality, editor):
    questionnaire = factories.make_questionnaire(municipality=municipality)
    reader = factories.make_user(
        username="lezer", municipality=municipality, role=Membership.Role.READER
    )
    client = Client()
    client.force_login(reader)
    response = client.get(reverse("questionsets:questionnaire-settings", args=[questionnaire.pk]))
    assert response.status_code == 403
    content = response.content.decode()
    assert "<h1>Geen toegang</h1>" in content
    assert "mailto:team@vragen.example" in content


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nl", "Inloggen tijdelijk geblokkeerd"), ("en", "Login temporarily blocked")],
)
def test_the_lockout_429_uses_the_same_look(settings, editor, language, heading):
    settings.AXES_FAILURE_LIMIT = 1
    client = Client()
    client.cookies["django_language"] = language
    for _ in range(2):
        response = client.post(
            reverse("login"),
            {"username": "editor", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.status_code == 429
    content = response.content.decode()
    assert f"<h1>{heading}</h1>" in content
    assert 'class="error-page"' in content
    assert "mailto:team@vragen.example" in content
    assert 'href="/zoeken/"' in content


def test_bad_request_page_of_a_view_uses_the_same_look(editor):
    client = Client()
    client.force_login(editor)
    response = client.post(reverse("questionsets:questionnaire-add-set"), {"question_set": "x"})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="error-page"' in content
    assert "Deze vragenset bestaat niet of is niet gepubliceerd." in content
    assert "mailto:team@vragen.example" in content


def test_favicon_is_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"


def test_pages_link_the_icon(client):
    content = client.get("/").content.decode()
    assert 'rel="icon"' in content
