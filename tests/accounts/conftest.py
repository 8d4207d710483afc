import pytest
from django.core.cache import cache

from questionsets.models import Membership

from .. import factories


@pytest.fixture(autouse=True)
def _empty_cache(db):
    """Rate-limit counters live in the shared cache: start every test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator(municipality):
    return factories.make_user(
        username="coordinator",
        email="coordinator@utrecht.example.org",
        municipality=municipality,
        role=Membership.Role.COORDINATOR,
    )


@pytest.fixture
def other_coordinator(other_municipality):
    """Coordinates another municipality: must never reach ours."""
    return factories.make_user(
        username="other-coordinator",
        email="coordinator@amsterdam.example.org",
        municipality=other_municipality,
        role=Membership.Role.COORDINATOR,
    )


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login
