import pytest

from tests import factories


@pytest.fixture
def curator_b(db):
    """The second curator: reviews what `curator` proposes."""
    return factories.make_user(
        username="curator-b", first_name="Pieter", last_name="Jansen", is_staff=True
    )
