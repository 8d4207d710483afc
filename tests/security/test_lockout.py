"""Brute force: username + IP address locked after AXES_FAILURE_LIMIT failures, for a while."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from .. import factories as f

pytestmark = pytest.mark.django_db
LOGIN_URLS = ["/accounts/login/", "/admin/login/"]


def attempt(client, url, username, password, ip="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_lockout_answers_429_in_dutch_and_lifts_after_the_cool_off(client, url):
    f.make_user(username="ambtenaar", password="juist-wachtwoord-1", is_staff=True)
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5 and settings.AXES_COOLOFF_TIME == dt.timedelta(minutes=15)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(limit - 1):
            assert attempt(client, url, "ambtenaar", "fout").status_code == 200
        locked = attempt(client, url, "ambtenaar", "fout")
        assert locked.status_code == 429
        assert "Inloggen tijdelijk geblokkeerd" in locked.content.decode()
        assert "15 minuten" in locked.content.decode()
        assert "Content-Security-Policy" in locked.headers
        # Even the right password is refused while locked...
        assert attempt(client, url, "ambtenaar", "juist-wachtwoord-1").status_code == 429
        # ...but only for this user name from this address.
        other = attempt(client, url, "ambtenaar", "juist-wachtwoord-1", ip="10.0.0.2")
        assert other.status_code == 302
    client.logout()
    # (An attempt while locked counts as a failure and restarts the cool-off.)
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert attempt(client, url, "ambtenaar", "juist-wachtwoord-1").status_code == 302


def test_one_colleague_behind_the_same_address_does_not_lock_out_another(client):
    f.make_user(username="collega", password="goed-wachtwoord-2")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "/accounts/login/", "iemand-anders", "fout")
    response = attempt(client, "/accounts/login/", "collega", "goed-wachtwoord-2")
    assert response.status_code == 302
