"""The public access request form: stored, routed by e-mail, duplicates and spam refused."""

import pytest
from django.core import mail
from django.urls import reverse

from questionsets.models import AccessRequest

URL = reverse("questionsets:access-request")


def form(place, **kw):
    data = {
        "name": "Sam de Vries",
        "email": "Sam@Utrecht.example.org",
        "municipality": place.code,
        "role": "editor",
        "reason": "Ik stel de monitor 2026 samen.",
    }
    return {**data, **kw}


def test_form_page_lists_every_municipality(client, municipality, other_municipality):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Toegang aanvragen</h1>" in html
    assert f'value="{municipality.code}"' in html and f'value="{other_municipality.code}"' in html
    assert "data-filterable" in html


def test_request_goes_to_the_coordinators(client, municipality, coordinator, curator):
    response = client.post(URL, form(municipality))
    assert response.status_code == 302
    assert response.url == reverse("questionsets:access-request-sent")
    stored = AccessRequest.objects.get()
    assert (stored.email, stored.role, stored.status) == (
        "sam@utrecht.example.org",
        "editor",
        "pending",
    )
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    body = mail.outbox[0].body
    assert "Sam de Vries" in body and "Ik stel de monitor 2026 samen." in body
    assert f"/toegangsaanvragen/{stored.pk}/" in body


def test_without_a_coordinator_the_request_goes_to_the_curators(client, municipality, curator):
    curator.email = "curator@example.org"
    curator.save()
    client.post(URL, form(municipality))
    assert [m.to for m in mail.outbox] == [["curator@example.org"]]


def test_a_second_pending_request_is_refused_politely(client, municipality, coordinator):
    client.post(URL, form(municipality))
    response = client.post(URL, form(municipality, email="sam@utrecht.example.org "))
    assert response.status_code == 200
    assert "Er staat al een aanvraag voor dit e-mailadres bij deze gemeente open" in (
        response.content.decode()
    )
    assert AccessRequest.objects.count() == 1 and len(mail.outbox) == 1


def test_the_database_allows_one_pending_request_per_address_and_municipality(municipality):
    from django.db import IntegrityError, transaction

    AccessRequest.objects.create(
        name="a", email="a@x.nl", municipality=municipality, role="reader", reason="r"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessRequest.objects.create(
            name="b", email="a@x.nl", municipality=municipality, role="editor", reason="r"
        )


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("municipality", "GM9999", "Kies een gemeente uit de lijst."),
        ("email", "geen-adres", "Voer een geldig e-mailadres in."),
        ("role", "coordinator", "Selecteer een geldige keuze."),
        ("reason", "x" * 1001, "niet meer dan 1000 tekens"),
        ("name", "", "Dit veld is verplicht."),
    ],
)
def test_bad_input_gets_a_dutch_message(client, municipality, field, value, message):
    response = client.post(URL, form(municipality, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_the_form_is_rate_limited_per_address(client, municipality, settings):
    settings.ACCESS_REQUESTS_PER_IP = 2
    for n in range(2):
        assert client.post(URL, form(municipality, email=f"p{n}@x.nl")).status_code == 302
    response = client.post(URL, form(municipality, email="p9@x.nl"))
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert AccessRequest.objects.count() == 2
    other = client.post(URL, form(municipality, email="q@x.nl"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_a_mail_failure_is_reported_and_nothing_is_stored(client, municipality, settings):
    settings.EMAIL_BACKEND = "tests.accounts.failing_backend.FailingBackend"
    response = client.post(URL, form(municipality))
    assert response.status_code == 503
    html = response.content.decode()
    assert "kon niet worden verzonden" in html and settings.CONTACT_EMAIL in html
    assert not AccessRequest.objects.exists()


def test_sent_page(client):
    response = client.get(reverse("questionsets:access-request-sent"))
    assert response.status_code == 200 and "Aanvraag verstuurd" in response.content.decode()


def test_login_page_links_to_request_and_reset(client):
    html = client.get("/accounts/login/").content.decode()
    assert f'href="{URL}">Toegang aanvragen</a>' in html
    assert f'href="{reverse("questionsets:password-reset")}">Wachtwoord vergeten?</a>' in html
