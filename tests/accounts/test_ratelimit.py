"""The one rate limiter (password reset, access requests, community posts): a fixed window
counted in the shared database cache, so every gunicorn worker sees the same count."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from questionsets.accounts import ratelimit

from .. import factories

RESET = reverse("questionsets:password-reset")
HOUR = 3600


def _cache_rows() -> list[tuple[str, object]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, expires FROM monitor_cache")
        return cursor.fetchall()


@pytest.fixture
def start():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_the_count_lives_in_the_shared_database_cache_not_in_process_memory(start):
    assert ratelimit.allow("probe", limit=2, window=HOUR)
    rows = _cache_rows()
    assert len(rows) == 1
    assert "probe" not in rows[0][0]  # the key is hashed: no e-mail address in the cache table
    assert ratelimit.allow("probe", limit=2, window=HOUR)
    assert not ratelimit.allow("probe", limit=2, window=HOUR)


def test_the_limit_holds_for_the_whole_window_not_just_the_cache_default(start):
    for _ in range(3):
        assert ratelimit.allow("k", limit=3, window=HOUR)
    start.shift(timedelta(minutes=10))
    assert not ratelimit.allow("k", limit=3, window=HOUR)
    start.shift(timedelta(minutes=49))
    assert not ratelimit.allow("k", limit=3, window=HOUR)


def test_the_count_expires_with_the_window(start):
    for _ in range(3):
        ratelimit.allow("k", limit=2, window=HOUR)
    assert len(_cache_rows()) == 1
    start.shift(timedelta(seconds=HOUR + 1))
    assert ratelimit.allow("k", limit=2, window=HOUR)
    assert ratelimit.allow("k", limit=2, window=HOUR)
    assert not ratelimit.allow("k", limit=2, window=HOUR)


def test_keys_are_counted_apart(start):
    assert ratelimit.allow("a", limit=1, window=HOUR)
    assert not ratelimit.allow("a", limit=1, window=HOUR)
    assert ratelimit.allow("b", limit=1, window=HOUR)


def test_a_zero_limit_refuses_everything(start):
    assert not ratelimit.allow("z", limit=0, window=HOUR)
    assert not ratelimit.allow("z", limit=0, window=HOUR)


def test_password_resets_stay_limited_across_requests_for_the_hour(
    client, municipality, start, settings
):
    settings.PASSWORD_RESETS_PER_ADDRESS = 3
    settings.RATE_LIMIT_WINDOW_SECONDS = HOUR
    factories.make_user(username="sam", email="sam@utrecht.example.org", municipality=municipality)
    data = {"email": "sam@utrecht.example.org"}
    for _ in range(3):
        assert client.post(RESET, data).status_code == 302
    start.shift(timedelta(minutes=30))
    assert client.post(RESET, data).status_code == 429
    start.shift(timedelta(minutes=31))
    assert client.post(RESET, data).status_code == 302
