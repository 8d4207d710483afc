"""The "load" group of `make bench`: gunicorn under a bounded load on loopback.

gunicorn (2 sync workers, as in production but fewer) serves the bench database with the
production settings (DEBUG off) of this environment, through `load_settings`: the product's
URLs plus a bare hello view. 20 clients in a closed loop (each sends its next request when
the previous answer is in) ask for a mix of catalogue and builder pages for N seconds, then
for the hello view for as long. The figure is the p95 latency of the pages next to that of
hello; any error (connection error, read/write error, timeout or an answer other than 200)
misses it.

The load comes from wrk (Debian package, installed by `make bench`): a C client that leaves
the CPU to the two workers. Without wrk a thread pool of Python clients stands in, which
takes part of that CPU, so its figures are pessimistic.
"""

from __future__ import annotations

import http.client
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings

from questionsets.models import Concept, Questionnaire, QuestionSet

from .harness import Figure

WORKERS = 2
CLIENTS = 20
TIMEOUT = 30  # seconds, gunicorn's worker timeout: a slower answer counts as an error
HOST = "127.0.0.1"
HELLO = "/bench-hello/"
SETTINGS_MODULE = "bench.load_settings"


@dataclass
class LoadResult:
    requests: int  # answers received, whatever their status
    errors: int  # connection, read and write errors, timeouts and answers other than 200
    seconds: float
    p50: float  # latency, seconds
    p95: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self, label: str) -> str:
        return (
            f"load {label}: {self.requests} requests, {self.errors} errors, "
            f"{self.per_second:.1f} req/s, p50 {self.p50 * 1000:.1f} ms, "
            f"p95 {self.p95 * 1000:.1f} ms"
        )


def load_figures(
    client,
    seconds: int,
    write: Callable[[str], object] = print,
    floors: dict[str, float] | None = None,
) -> list[Figure]:
    """`client`: the bench command's logged-in test client, whose session the builder
    pages need (the session lives in the database that gunicorn serves). `floors`: the
    floor of each page measured earlier in the run (a task floor where the page has one,
    else its replay floor), by path; the CPU per request of the mix is set against their
    mean."""
    paths = page_paths()
    cookie = session_cookie(client)
    wrk = shutil.which("wrk")
    tool = "wrk" if wrk else "Python clients (wrk not found; `make bench` installs it)"
    write(f"load: gunicorn {WORKERS} sync workers, {CLIENTS} clients, {seconds} s a run, {tool}")

    def run(base: str, run_paths: list[str], duration: float) -> LoadResult:
        if wrk:
            return run_wrk(wrk, base, run_paths, cookie, duration)
        return run_python(base, run_paths, cookie, duration)

    with gunicorn() as (base, master):
        for path in paths:
            status = get(base, path, cookie)
            if status != 200:
                raise RuntimeError(f"load: {path} answered {status} under gunicorn")
        run(base, paths, 1)  # warm-up: both workers load their templates and caches
        drain(base)
        postmaster = postgres_server_pid()
        cpu_before = serving_cpu(master, postmaster)
        pages = run(base, paths, seconds)
        cpu = serving_cpu(master, postmaster) - cpu_before
        drain(base)
        hello = run(base, [HELLO], seconds)
    write(pages.line("pages"))
    write(hello.line("hello"))
    figures = [load_figure(pages, hello)]
    mean_floor = mean_page_floor(paths, floors or {})
    if mean_floor:
        figures.append(cpu_figure(pages, cpu, mean_floor))
    return figures


def mean_page_floor(paths: list[str], floors: dict[str, float]) -> float | None:
    """The mean floor of the mix's pages, each requested equally often; None when a
    page's floor was not measured in this run (`--only load`)."""
    if not all(path in floors for path in paths):
        return None
    return sum(floors[path] for path in paths) / len(paths)


def cpu_figure(pages: LoadResult, cpu: float, mean_floor: float) -> Figure:
    """CPU per answered request of the mix against the mean floor of its pages: what the
    servers spend beyond the work the pages need (HTTP, WSGI, middleware, the garbage
    collector). Missed when any request failed."""
    per_request = cpu / pages.requests if pages.requests else float("inf")
    return Figure(
        f"gunicorn {WORKERS} workers, mixed pages: CPU per request",
        per_request,
        mean_floor,
        2.0,
        errors=pages.errors if pages.requests else pages.errors + 1,
        note="vs the mean floor of the same pages",
    )


def serving_cpu(master: int, postmaster: int | None = None) -> float:
    """CPU seconds used so far by gunicorn's workers and, on a PostgreSQL server on this
    machine (`postmaster`), by that server and its backends (their work for the pages is
    part of the pages' cost); not by other PostgreSQL servers on a shared machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid, parent, _, used in processes():
        if parent == master or (postmaster and postmaster in (pid, parent)):
            total += used / ticks
    if postmaster:
        # A backend lives for one request (no persistent connections): once it has
        # ended, its CPU is counted only in its server's record of its ended children.
        total += ended_children_cpu(postmaster) / ticks
    return total


def ended_children_cpu(pid: int) -> int:
    """Clock ticks used by the ended (waited-for) children of process `pid`."""
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[13]) + int(fields[14])


def postgres_server_pid() -> int | None:
    """The pid of the local PostgreSQL server this bench uses: the parent of the backend
    serving this process. None on SQLite or a remote server."""
    from django.db import connection

    if not postgres_is_local():
        return None
    connection.ensure_connection()
    with open(f"/proc/{connection.connection.info.backend_pid}/stat") as stat:
        text = stat.read()
    return int(text[text.rindex(")") + 2 :].split()[1])


def processes() -> Iterator[tuple[int, int, str, int]]:
    """(pid, parent pid, name, user + system CPU in clock ticks) of every process."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                text = stat.read()
        except OSError:
            continue  # ended meanwhile
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        yield int(entry), int(fields[1]), name, int(fields[11]) + int(fields[12])


def postgres_is_local() -> bool:
    from django.db import connection

    if connection.vendor != "postgresql":
        return False
    host = connection.settings_dict.get("HOST") or ""
    return host in ("", "localhost", "127.0.0.1", "::1") or host.startswith("/")


def load_figure(pages: LoadResult, hello: LoadResult) -> Figure:
    """Informational (no ratio target), but missed when any request failed, or when a run
    got no answer at all (every request still queued when it ended: nothing measured)."""
    errors = pages.errors + hello.errors
    note = f"p95 vs hello; {pages.per_second:.0f} vs {hello.per_second:.0f} req/s, {errors} errors"
    if not (pages.requests and hello.requests):
        errors, note = errors + 1, "a run got no answer at all"
    return Figure(
        f"gunicorn {WORKERS} workers, {CLIENTS} clients, mixed pages",
        pages.p95,
        hello.p95,
        0.0,
        errors=errors,
        note=note,
    )


def page_paths() -> list[str]:
    """The pages of figures.catalogue_pages and figures.builder_pages, same objects: the
    search page with a term and two facets, the concept map, a concept page, a set page,
    a question page, the builder page and the print view of the biggest questionnaire ("Bench 1")."""
    concept = Concept.objects.order_by("code").first()
    big_set = QuestionSet.objects.filter(code="bs1").first() or QuestionSet.objects.first()
    question = big_set.items.select_related("question_version__question").first()
    big = Questionnaire.objects.get(title="Bench 1")
    return [
        "/zoeken/?q=spanningen+eenzaamheid&answer_type=single&domain=sociaal",
        "/",
        f"/begrippen/{concept.slug}/",
        f"/sets/{big_set.code}/",
        f"/vragen/{question.question_version.question.code}/",
        f"/vragenlijsten/{big.pk}/",
        f"/vragenlijsten/{big.pk}/afdrukken/",
    ]


def session_cookie(client) -> str:
    """The Cookie header value that carries the test client's logged-in session."""
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


# --------------------------------------------------------------------------- gunicorn


def gunicorn_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """Production settings over plain HTTP on loopback, with this process's SECRET_KEY (the
    session's auth hash is signed with it) and DATABASE_URL (inherited: the same database).
    AXES_ENABLED and the rest of the environment stay as they are."""
    env = dict(os.environ if environ is None else environ)
    env.pop("GUNICORN_CMD_ARGS", None)  # nothing from outside, such as an access log
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        DEBUG="false",
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )
    return env


def gunicorn_command(port: int) -> list[str]:
    """No access log (gunicorn's default: off), errors only on the error log."""
    from gunicorn.config import KNOWN_SETTINGS

    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "monitor.wsgi:application",
        "--config=python:monitor.gunicorn_conf",  # gc.freeze() in each worker, as served
        f"--workers={WORKERS}",
        "--worker-class=sync",
        f"--bind={HOST}:{port}",
        "--log-level=warning",
    ]
    if any(s.name == "control_socket" for s in KNOWN_SETTINGS):
        command.append("--no-control-socket")  # its default path is shared per user
    return command


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn() -> Iterator[tuple[str, int]]:
    """Serve in a process group of its own, yield the base URL and the master's pid once
    it answers, and stop the master and every worker on the way out, whatever happened
    meanwhile."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            gunicorn_command(port),
            env=gunicorn_env(),
            cwd=settings.BASE_DIR,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this process only; the finally stops it
        )
        try:
            base = f"http://{HOST}:{port}"
            wait_until_answering(process, base)
            yield base, process.pid
        except Exception:  # what gunicorn said helps; not on Ctrl-C
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-3000:])
            raise
        finally:
            stop(process)


def wait_until_answering(process: subprocess.Popen, base: str, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            if get(base, HELLO, "") == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer within {limit:.0f} s")


def drain(base: str, limit: float = 120) -> None:
    """Wait for the requests that the last run left queued: gunicorn still serves them after
    wrk has hung up, which would slow down the next run. A hello that answers at once had
    no queue ahead of it."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            get(base, HELLO, "")
        except OSError:
            continue  # timed out behind the queue
        if time.perf_counter() - start < 0.1:
            return


def stop(process: subprocess.Popen) -> None:
    """SIGTERM: the master stops its workers gracefully; then SIGKILL to whatever of the
    process group is left (the master too when it has not stopped in time)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # the group is gone: no worker outlived the master
    process.wait()


def get(base: str, path: str, cookie: str) -> int:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


# --------------------------------------------------------------------------- wrk

# Arguments after `--`: the Cookie header value, then the paths, requested in turn. Each wrk
# thread counts its answers other than 200 (wrk itself only counts those outside 2xx/3xx,
# so a redirect to the login page would pass); done() adds them up and prints one line.
WRK_SCRIPT = """
non200 = 0
local prepared, n, threads = {}, 0, {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  if args[1] ~= "" then wrk.headers["Cookie"] = args[1] end
  for i = 2, #args do prepared[#prepared + 1] = wrk.format("GET", args[i]) end
end

function request()
  n = n % #prepared + 1
  return prepared[n]
end

function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non200") end
  local e = summary.errors
  io.write(string.format(
    "wrk-result requests=%d duration_us=%d connect=%d read=%d write=%d timeout=%d "
      .. "non200=%d p50_us=%d p95_us=%d\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout,
    bad, latency:percentile(50), latency:percentile(95)))
end
"""


def run_wrk(wrk: str, base: str, paths: list[str], cookie: str, seconds: float) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        command = [
            wrk,
            "--threads=1",  # one C thread keeps 20 connections busy and the CPU for gunicorn
            f"--connections={CLIENTS}",
            f"--duration={max(1, round(seconds))}s",
            f"--timeout={TIMEOUT}s",
            f"--script={script.name}",
            base + "/",
            "--",
            cookie,
            *paths,
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def parse_wrk(output: str) -> LoadResult:
    """The `wrk-result` line of WRK_SCRIPT's done(), among wrk's own report."""
    for line in output.splitlines():
        if line.startswith("wrk-result "):
            fields = {k: int(v) for k, v in (f.split("=") for f in line.split()[1:])}
            break
    else:
        raise RuntimeError(f"no wrk-result line in wrk's output:\n{output}")
    errors = sum(fields[k] for k in ("connect", "read", "write", "timeout", "non200"))
    return LoadResult(
        requests=fields["requests"],
        errors=errors,
        seconds=fields["duration_us"] / 1e6,
        p50=fields["p50_us"] / 1e6,
        p95=fields["p95_us"] / 1e6,
    )


# --------------------------------------------------------------------------- fallback


def run_python(base: str, paths: list[str], cookie: str, seconds: float) -> LoadResult:
    """The same closed loop with one thread per client: used only without wrk."""
    latencies: list[float] = []
    failures: list[int] = []
    started = time.perf_counter()
    deadline = started + seconds

    def client(offset: int) -> None:
        n = offset
        while time.perf_counter() < deadline:
            path = paths[n % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                status = get(base, path, cookie)
            except (OSError, http.client.HTTPException):  # refused, reset, timed out
                failures.append(1)
                continue
            latencies.append(time.perf_counter() - start)  # list.append is atomic
            if status != 200:
                failures.append(1)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarize(latencies, len(failures), time.perf_counter() - started)


def summarize(latencies: list[float], errors: int, seconds: float) -> LoadResult:
    ordered = sorted(latencies)
    return LoadResult(
        len(ordered), errors, seconds, percentile(ordered, 50), percentile(ordered, 95)
    )


def percentile(ordered: list[float], q: float) -> float:
    """Nearest rank: the smallest value that at least q % of the values do not exceed."""
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]
