import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_interface_is_dutch_even_when_the_browser_prefers_english(client):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl"' in response.text


def test_english_on_request_through_the_language_switch(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get("/")
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en"' in response.text


def test_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert client.get("/").headers["Content-Language"] == "nl"
