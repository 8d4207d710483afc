"""Measure a figure and its floor side by side, as medians over repeated runs.

The floor of a page is what no implementation can avoid: the SQL statements the page ran,
replayed raw through a cursor, plus rendering the same template from the same context that
is already in memory. page / floor shows what our views, ORM use and middleware add.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.template.backends.django import Template as BackendTemplate
from django.test import Client

_clock: Callable[[], float] = time.perf_counter


def use_clock(name: str) -> None:
    """`cpu`: this process's CPU time (user + system). With SQLite every part of a figure
    runs in this process, and CPU time ignores the time a busy shared machine takes the
    process off the CPU, which otherwise dominates the noise. `wall`: elapsed time, needed
    when the database server is another process (PostgreSQL). `cpu+server`: this
    process's CPU time plus that of the PostgreSQL backend serving its connection (see
    ``server_cpu``); only where the connection stays open through a figure."""
    global _clock
    if name == "cpu+server":
        pid = _backend_pid()
        _clock = lambda: time.process_time() + server_cpu(pid)  # noqa: E731
    else:
        _clock = time.process_time if name == "cpu" else time.perf_counter


@contextmanager
def clock(name: str):
    """Measure on another clock inside the block (see ``use_clock``)."""
    global _clock
    before = _clock
    use_clock(name)
    try:
        yield
    finally:
        _clock = before


def _backend_pid() -> int:
    connection.ensure_connection()
    return connection.connection.info.backend_pid


def server_cpu(pid: int) -> float:
    """CPU seconds of the PostgreSQL backend `pid` on this machine, from the scheduler's
    nanosecond count (the tick-based counts of /proc/<pid>/stat are too coarse for a
    query). The connection must be the same one as when the clock was chosen: a
    reconnect would give a new backend, and a difference between two processes' times
    means nothing."""
    if _backend_pid() != pid:
        raise RuntimeError("the database connection changed while a figure was measured")
    with open(f"/proc/{pid}/schedstat") as stats:
        return int(stats.read().split()[0]) / 1e9


def server_clock_available() -> bool:
    """Whether the database is a PostgreSQL server on this machine whose backend's CPU
    time can be read (not a remote server, where the pid would be another machine's)."""
    if connection.vendor != "postgresql":
        return False
    host = connection.settings_dict.get("HOST") or ""
    if host not in ("", "localhost", "127.0.0.1", "::1") and not host.startswith("/"):
        return False
    try:
        pid = _backend_pid()
        with open(f"/proc/{pid}/comm") as comm:
            if not comm.read().startswith("postgres"):
                return False
        return server_cpu(pid) > 0
    except (OSError, ValueError, IndexError):
        return False


@dataclass
class Figure:
    name: str
    value: float  # seconds (or bytes / count, see unit)
    floor: float
    target: float  # the ratio value/floor must be <= target (or >= for "faster" figures)
    unit: str = "ms"
    higher_is_better: bool = False  # for "N x faster than the peer" figures
    note: str = ""
    errors: int = 0  # failed requests of a load figure: any misses it, whatever the target
    # A replay-floor figure is also met when the page is within `slack` seconds of its
    # floor: on a page of a few milliseconds, compiling its QuerySets is most of the ratio,
    # and no user notices 5 ms (issue 20 retired the compiled-SQL cache that bought them).
    slack: float = 0.0

    @property
    def ratio(self) -> float:
        if self.higher_is_better:
            return self.floor / self.value if self.value else float("inf")
        return self.value / self.floor if self.floor else float("inf")

    @property
    def met(self) -> bool:
        if self.errors:
            return False
        if not self.target:
            return True  # informational: reported, no target
        if self.higher_is_better:
            return self.ratio >= self.target
        return self.ratio <= self.target or self.value - self.floor <= self.slack


def seconds(fn: Callable[[], object]) -> float:
    """One run of `fn` on the bench's clock (for a figure too slow to repeat)."""
    gc.collect()
    start = _clock()
    fn()
    return _clock() - start


# A figure is measured `repeat` times, but a slow one (a 500-item page takes about a
# second per round on a 2-core machine) stops after LEAST_ROUNDS once it has used
# ROUND_BUDGET seconds, so `make bench` stays under ten minutes.
LEAST_ROUNDS = 5
ROUND_BUDGET = 8.0


def set_round_limits(least: int, budget: float) -> None:
    """`make bench-quick` trades some precision for its two minutes: 3 rounds, 3 s."""
    global LEAST_ROUNDS, ROUND_BUDGET
    LEAST_ROUNDS, ROUND_BUDGET = least, budget


def median_pair(
    fn: Callable[[], object],
    floor: Callable[[], object],
    repeat: int,
    *,
    least: int | None = None,
    budget: float | None = None,
    warm: bool = True,
) -> tuple[float, float]:
    """Medians of `fn` and its `floor`, run alternately (one of each per round), so a
    burst of load on a shared machine hits both sides of the ratio alike. Both run once
    first, unwatched; `warm=False` when `fn` has just run anyway (a page figure runs its
    page twice before, to warm up and to capture the floor's SQL)."""
    least = LEAST_ROUNDS if least is None else least
    budget = ROUND_BUDGET if budget is None else budget
    if warm:
        fn()
    floor()
    times: tuple[list[float], list[float]] = ([], [])
    started = time.perf_counter()
    for done in range(1, repeat + 1):
        for side, f in enumerate((fn, floor)):
            gc.collect()
            start = _clock()
            f()
            times[side].append(_clock() - start)
        if done >= least and time.perf_counter() - started > budget:
            break
    return statistics.median(times[0]), statistics.median(times[1])


def peak_memory(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@dataclass
class Captured:
    statements: list[tuple[str, object, bool]]
    template: object | None
    context: object | None
    status: int

    @property
    def query_count(self) -> int:
        return len(self.statements)


class BenchClient(Client):
    """The real request handler, without the test client's template/context recording
    (which deep-copies every context and would inflate the page figure)."""

    def request(self, **request):
        return self.handler(self._base_environ(**request))


def capture(request: Callable[[], object]) -> Captured:
    """Run `request` once, recording its SQL and the outermost template render call
    (full template or template partial) with its context, as the backend received them."""
    statements: list[tuple[str, object, bool]] = []
    rendered: list[tuple[object, object]] = []
    original = BackendTemplate.render

    def record(execute, sql, params, many, context):
        statements.append((sql, params, many))
        return execute(sql, params, many, context)

    def recording_render(self, context=None, request=None):
        rendered.append((self, (context, request)))
        return original(self, context, request)

    BackendTemplate.render = recording_render
    try:
        with connection.execute_wrapper(record):
            response = request()
    finally:
        BackendTemplate.render = original
    template, context = rendered[0] if rendered else (None, None)
    return Captured(statements, template, context, getattr(response, "status_code", 0))


TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK"}


def replay(captured: Captured, *, template: bool = True) -> None:
    """The captured SQL, raw, then (unless `template` is false) the same template render."""
    with connection.cursor() as cursor:
        for sql, params, many in captured.statements:
            if sql.split(None, 1)[0].upper() in TRANSACTION_CONTROL:
                continue  # a write figure replays inside its own rolled-back transaction
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
    if template and captured.template is not None:
        context, request = captured.context
        captured.template.render(context, request)
