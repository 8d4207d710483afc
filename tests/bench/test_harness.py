"""The `make bench` harness on a tiny page: capture, replay and the ratio logic.

No benchmark runs here; these only check that the measuring tools measure what they say.
"""

import time

import pytest

from bench.harness import (
    BenchClient,
    Figure,
    capture,
    median_pair,
    replay,
    seconds,
    use_clock,
)

from ..catalogue_builders import make_catalogue

pytestmark = pytest.mark.django_db


def test_capture_records_the_sql_and_template_that_replay_runs_again(
    django_assert_num_queries,
):
    make_catalogue()
    client = BenchClient()
    captured = capture(lambda: client.get("/"))
    assert captured.status == 200
    assert captured.query_count == 2  # concepts and relations (concept_map docstring)
    assert captured.template.template.name == "questionsets/home.html"
    with django_assert_num_queries(2):
        replay(captured)  # the same statements, raw, plus the same template


def test_replay_skips_transaction_control_statements(django_assert_num_queries):
    from bench.harness import Captured

    captured = Captured([("BEGIN", None, False), ("SELECT 1", None, False)], None, None, 200)
    with django_assert_num_queries(1):
        replay(captured)


def test_ratio_and_target_of_a_figure():
    assert Figure("page", value=0.3, floor=0.1, target=2.0).ratio == pytest.approx(3.0)
    assert not Figure("page", value=0.3, floor=0.1, target=2.0).met
    assert Figure("page", value=0.2, floor=0.1, target=2.0).met
    faster = Figure("import", value=1.0, floor=4.0, target=3.0, higher_is_better=True)
    assert faster.ratio == pytest.approx(4.0) and faster.met
    assert not Figure("import", 2.0, 4.0, 3.0, higher_is_better=True).met
    assert Figure("info", value=5.0, floor=1.0, target=0.0).met  # reported, no target


def test_median_pair_alternates_and_returns_both_medians():
    calls = []
    use_clock("cpu")
    try:
        value, floor = median_pair(lambda: calls.append("a"), lambda: calls.append("b"), 3)
    finally:
        use_clock("wall")
    assert calls == ["a", "b"] * 4  # one warm-up round, then three alternating rounds
    assert value >= 0 and floor >= 0

    calls.clear()
    median_pair(lambda: calls.append("a"), lambda: calls.append("b"), 2, warm=False)
    assert calls == ["b"] + ["a", "b"] * 2  # the page has just run: only the floor warms up


def test_median_pair_stops_a_slow_figure_after_the_least_rounds():
    calls = []

    def slow():
        calls.append("a")
        time.sleep(0.02)

    median_pair(slow, lambda: None, 9, least=3, budget=0.01)
    assert len(calls) == 1 + 3  # warm-up, then the three rounds it must do
    calls.clear()
    median_pair(slow, lambda: None, 4, least=3, budget=60)
    assert len(calls) == 1 + 4  # within the budget: every round


def test_seconds_uses_the_clock_the_bench_chose():
    use_clock("cpu")
    try:
        slept = seconds(lambda: time.sleep(0.05))  # sleeping uses no CPU
    finally:
        use_clock("wall")
    assert slept < 0.03
    assert seconds(lambda: time.sleep(0.05)) >= 0.05


def test_the_server_clock_counts_the_database_server_on_postgresql_only():
    from django.db import connection

    from bench.harness import clock, server_clock_available

    if connection.vendor != "postgresql":
        assert not server_clock_available()  # SQLite runs in this process: "cpu" covers it
        return
    if not server_clock_available():
        pytest.skip("PostgreSQL runs on another machine: its CPU time cannot be read")

    def server_work():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM generate_series(1, 2000000)")

    with clock("cpu+server"):
        busy = seconds(server_work)
        slept = seconds(lambda: time.sleep(0.05))
    with clock("cpu"):
        client_only = seconds(server_work)

    assert busy > 0.05 and busy > 5 * client_only  # the server's work is what counts
    assert slept < 0.03
    assert seconds(lambda: time.sleep(0.05)) >= 0.05  # the wall clock is back


def test_the_server_clock_refuses_a_figure_across_a_reconnect(monkeypatch):
    from bench import harness

    if not harness.server_clock_available():
        pytest.skip("only on a PostgreSQL server on this machine")
    pid = harness._backend_pid()

    def reconnect():  # a new connection is served by another backend process
        monkeypatch.setattr(harness, "_backend_pid", lambda: pid + 1)

    with harness.clock("cpu+server"), pytest.raises(RuntimeError, match="connection changed"):
        seconds(reconnect)


def test_a_replay_figure_within_its_slack_is_met_whatever_its_ratio():
    tiny = Figure("page", value=0.008, floor=0.003, target=2.0, slack=0.005)
    assert tiny.ratio > 2 and tiny.met
    assert not Figure("page", value=0.0081, floor=0.003, target=2.0, slack=0.005).met
    assert not Figure("page", value=0.008, floor=0.003, target=2.0).met  # no slack: ratio
