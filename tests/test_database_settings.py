"""PostgreSQL plans with an SSD's page costs unless told otherwise (issue 20: its default
random_page_cost of 4 made the builder scan every question version, twice)."""

import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from monitor.settings import _planner_options

POSTGRES = "django.db.backends.postgresql"


def test_postgresql_connections_plan_with_an_ssds_page_cost():
    database = {"ENGINE": POSTGRES}
    _planner_options(database, "1.1")
    assert database["OPTIONS"] == {"options": "-c random_page_cost=1.1"}


@pytest.mark.parametrize("page_cost", ["", "  "])
def test_an_empty_setting_keeps_the_servers_own(page_cost):
    database = {"ENGINE": POSTGRES, "OPTIONS": {"sslmode": "require"}}
    _planner_options(database, page_cost)
    assert database["OPTIONS"] == {"sslmode": "require"}


def test_options_given_in_the_database_url_are_kept_and_win():
    database = {"ENGINE": POSTGRES, "OPTIONS": {"options": "-c statement_timeout=5000"}}
    _planner_options(database, "2")
    assert database["OPTIONS"]["options"] == "-c statement_timeout=5000 -c random_page_cost=2"
    given = {"ENGINE": POSTGRES, "OPTIONS": {"options": "-c random_page_cost=3"}}
    _planner_options(given, "1.1")
    assert given["OPTIONS"]["options"] == "-c random_page_cost=3"


def test_sqlite_gets_no_planner_options():
    database = {"ENGINE": "django.db.backends.sqlite3"}
    _planner_options(database, "1.1")
    assert "OPTIONS" not in database


@pytest.mark.parametrize("page_cost", ["abc", "0", "-1", "1e9", "nan"])
def test_a_wrong_page_cost_stops_the_start_with_its_name(page_cost):
    with pytest.raises(ImproperlyConfigured, match="DB_RANDOM_PAGE_COST"):
        _planner_options({"ENGINE": POSTGRES}, page_cost)


@pytest.mark.django_db
def test_the_live_postgresql_connection_uses_it():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    configured = os.environ.get("DB_RANDOM_PAGE_COST", "1.1").strip()
    if not configured:
        pytest.skip("DB_RANDOM_PAGE_COST is empty: the server's own setting applies")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == float(configured)
