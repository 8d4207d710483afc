"""Shared fixtures: personas (healthchecks BaseTestCase style), fast hashing, Dutch locale."""

import pytest
from django.utils import translation

from questionsets.models import Membership

from . import factories


@pytest.fixture(scope="session", autouse=True)
def _no_stray_sessions_at_teardown(django_db_setup, django_db_blocker):
    """On PostgreSQL, end other sessions on the test database before it is dropped.

    The browser tests' live server answers each request in a daemon thread; a request the
    page fired as a test ended (an htmx load, a prefetch) can still hold its connection
    when the session ends, and then DROP DATABASE fails although every test passed. This
    runs after all tests (it is set up after django_db_setup, so torn down before it)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _fast_and_dutch(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    with translation.override("nl"):
        yield


@pytest.fixture
def municipality(db):
    return factories.make_municipality(code="GM0344", name="Utrecht")


@pytest.fixture
def other_municipality(db):
    return factories.make_municipality(code="GM0363", name="Amsterdam")


@pytest.fixture
def editor(municipality):
    """Edits the municipality's questionnaires."""
    return factories.make_user(username="editor", municipality=municipality)


@pytest.fixture
def colleague(municipality):
    """Same municipality, read-only role."""
    return factories.make_user(
        username="colleague", municipality=municipality, role=Membership.Role.READER
    )


@pytest.fixture
def outsider(other_municipality):
    """An editor of another municipality: must never see our work."""
    return factories.make_user(username="outsider", municipality=other_municipality)


@pytest.fixture
def curator(db):
    return factories.make_user(username="curator", is_staff=True, is_superuser=True)
