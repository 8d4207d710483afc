"""The pure parts of `make bench`'s load figure: reading wrk's result, the error rule, the
pages and the session cookie, gunicorn's environment. No gunicorn and no wrk run here."""

import pytest
from django.test import Client

from bench import load
from bench.harness import Figure
from bench.load import LoadResult, load_figure, parse_wrk, percentile
from bench.load_urls import urlpatterns as bench_urlpatterns
from questionsets.models import Questionnaire
from tests import factories

from ..catalogue_builders import make_catalogue

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:40000/
  1 threads and 20 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    36.70ms    7.65ms 124.80ms   72.38%
  1077 requests in 5.00s, 578.47KB read
Requests/sec:    215.40
wrk-result requests=1077 duration_us=5000000 connect=1 read=2 write=3 timeout=4 non200=5 \
p50_us=36417 p95_us=48220
"""


def test_parse_wrk_reads_the_result_line_and_adds_up_every_kind_of_error():
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests == 1077
    assert result.errors == 1 + 2 + 3 + 4 + 5
    assert result.seconds == pytest.approx(5.0)
    assert result.per_second == pytest.approx(215.4)
    assert (result.p50, result.p95) == (pytest.approx(0.036417), pytest.approx(0.048220))
    assert result.line("pages") == (
        "load pages: 1077 requests, 15 errors, 215.4 req/s, p50 36.4 ms, p95 48.2 ms"
    )


def test_parse_wrk_refuses_output_without_the_result_line():
    with pytest.raises(RuntimeError, match="no wrk-result line"):
        parse_wrk("unable to connect to 127.0.0.1:40000 Connection refused\n")


def test_the_wrk_script_counts_every_answer_other_than_200():
    # wrk itself only counts answers outside 2xx and 3xx: a redirect to the login page
    # would pass as a page.
    assert "if status ~= 200 then non200 = non200 + 1 end" in load.WRK_SCRIPT
    assert 'thread:get("non200")' in load.WRK_SCRIPT


def test_the_load_figure_is_informational_but_any_error_misses_it():
    pages = LoadResult(requests=100, errors=0, seconds=5, p50=0.5, p95=1.2)
    hello = LoadResult(requests=5000, errors=0, seconds=5, p50=0.01, p95=0.02)
    figure = load_figure(pages, hello)
    assert (figure.value, figure.floor, figure.target) == (1.2, 0.02, 0.0)
    assert figure.met
    assert not load_figure(pages, LoadResult(5000, 1, 5, 0.01, 0.02)).met
    failing = load_figure(LoadResult(100, 3, 5, 0.5, 1.2), hello)
    assert not failing.met and "3 errors" in failing.note


def test_a_run_without_a_single_answer_misses_the_load_figure():
    nothing = LoadResult(requests=0, errors=0, seconds=5, p50=0.0, p95=0.0)
    hello = LoadResult(requests=5000, errors=0, seconds=5, p50=0.01, p95=0.02)
    assert not load_figure(nothing, hello).met


def test_errors_miss_any_figure_whatever_its_ratio():
    assert Figure("page", 0.1, 0.1, 2.0).met
    assert not Figure("page", 0.1, 0.1, 2.0, errors=1).met


def test_percentile_is_the_nearest_rank():
    values = [i / 100 for i in range(1, 101)]  # 0.01 .. 1.00
    assert percentile(values, 50) == 0.50
    assert percentile(values, 95) == 0.95
    assert percentile([0.3], 95) == 0.3
    assert percentile([], 95) == 0.0


def test_summarize_counts_answers_and_their_percentiles():
    result = load.summarize([0.3, 0.1, 0.2, 0.4], errors=2, seconds=2.0)
    assert (result.requests, result.errors, result.per_second) == (4, 2, 2.0)
    assert (result.p50, result.p95) == (0.2, 0.4)


@pytest.mark.django_db
def test_the_pages_answer_200_with_the_session_cookie_and_redirect_without(municipality):
    catalogue = make_catalogue()
    catalogue.published.code = "bs1"
    catalogue.published.save()
    factories.make_questionnaire(municipality=municipality, title="Bench 1")
    user = factories.make_user(username="bench", municipality=municipality)
    logged_in = Client()
    logged_in.force_login(user)

    paths = load.page_paths()
    cookie = load.session_cookie(logged_in)
    assert cookie.startswith("sessionid=")
    big = Questionnaire.objects.get(title="Bench 1")
    assert f"/vragenlijsten/{big.pk}/" in paths and f"/vragenlijsten/{big.pk}/afdrukken/" in paths
    assert "/sets/bs1/" in paths and "/" in paths
    for path in paths:  # a fresh client: only the Cookie header carries the session
        assert Client(HTTP_COOKIE=cookie).get(path).status_code == 200, path
    assert Client().get(f"/vragenlijsten/{big.pk}/").status_code == 302


def test_gunicorn_runs_production_settings_over_plain_http_with_this_secret_key(settings):
    settings.SECRET_KEY = "the-bench-process-key"
    env = load.gunicorn_env(
        {"DATABASE_URL": "sqlite:////tmp/bench.sqlite3", "DEBUG": "true", "AXES_ENABLED": "0"}
        | {"GUNICORN_CMD_ARGS": "--access-logfile -"}
    )
    assert env["DATABASE_URL"] == "sqlite:////tmp/bench.sqlite3"  # the same database
    assert env["SECRET_KEY"] == "the-bench-process-key"  # the session stays valid
    assert env["DEBUG"] == "false" and env["AXES_ENABLED"] == "0"
    assert env["SECURE_SSL_REDIRECT"] == env["SESSION_COOKIE_SECURE"] == "false"
    assert env["DJANGO_SETTINGS_MODULE"] == "bench.load_settings"
    assert "GUNICORN_CMD_ARGS" not in env
    command = load.gunicorn_command(8123)
    assert "monitor.wsgi:application" in command and "--workers=2" in command
    assert "--bind=127.0.0.1:8123" in command
    assert not any("access-log" in part for part in command)
    assert "--config=python:monitor.gunicorn_conf" in command  # the workers freeze, as served


def test_the_hello_view_exists_only_in_the_bench_urls(client):
    assert client.get("/bench-hello/").status_code == 404  # not a URL of the product
    hello = bench_urlpatterns[0]
    assert str(hello.pattern) == "bench-hello/"
    assert hello.callback(None).content == b"hello"


def test_the_cpu_figure_sets_cpu_per_request_against_the_mean_page_floor():
    pages = LoadResult(requests=200, errors=0, seconds=5, p50=0.5, p95=1.2)
    figure = load.cpu_figure(pages, cpu=6.0, mean_floor=0.02)
    assert figure.value == pytest.approx(0.03) and figure.floor == 0.02
    assert figure.ratio == pytest.approx(1.5) and figure.met
    assert not load.cpu_figure(pages, cpu=10.0, mean_floor=0.02).met  # 2.5x
    assert not load.cpu_figure(LoadResult(200, 1, 5, 0.5, 1.2), 1.0, 0.02).met
    assert not load.cpu_figure(LoadResult(0, 0, 5, 0, 0), 1.0, 0.02).met


def test_the_mean_page_floor_needs_every_page_of_the_mix():
    assert load.mean_page_floor(["/a", "/b"], {"/a": 0.01, "/b": 0.03}) == pytest.approx(0.02)
    assert load.mean_page_floor(["/a", "/b"], {"/a": 0.01}) is None


def test_processes_reads_this_process_and_its_cpu():
    import os

    mine = {pid: (parent, used) for pid, parent, _, used in load.processes()}
    assert mine[os.getpid()][0] == os.getppid()
    assert mine[os.getpid()][1] > 0


def test_serving_cpu_counts_the_workers_and_this_postgresql_server_only(monkeypatch):
    ticks = __import__("os").sysconf("SC_CLK_TCK")
    rows = [
        (10, 1, "python", 100 * ticks),  # a gunicorn worker (master 1)
        (7, 2, "postgres", 1 * ticks),  # this database's server
        (30, 7, "postgres", 10 * ticks),  # its backend serving the workers
        (40, 99, "postgres", 1000 * ticks),  # another engineer's server's backend
        (50, 5, "python", 1000 * ticks),  # anything else
    ]
    monkeypatch.setattr(load, "processes", lambda: iter(rows))
    # backends of earlier requests that have ended: counted in their server's record
    monkeypatch.setattr(load, "ended_children_cpu", lambda pid: {7: 5 * ticks}[pid])
    assert load.serving_cpu(1, postmaster=7) == pytest.approx(116)
    assert load.serving_cpu(1, postmaster=None) == pytest.approx(100)  # SQLite


def test_ended_children_cpu_reads_what_a_process_waited_for():
    import os
    import subprocess
    import sys

    before = load.ended_children_cpu(os.getpid())
    subprocess.run([sys.executable, "-c", "sum(range(3_000_000))"], check=True)
    assert load.ended_children_cpu(os.getpid()) > before
