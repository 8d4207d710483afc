"""`python manage.py bench [--quick]`: performance figures side by side with their floor.

Builds (or reuses) the scaled database, measures every figure as a median over repeated
runs next to its floor in the same run, prints `name: value` lines and a table of ratios,
and exits non-zero when a target is missed. Never part of `make test`.
"""

from __future__ import annotations

import gc
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import figures, harness, load
from bench.basket_data import generate_set_questionnaires, has_set_questionnaires
from bench.generate import SCALES, generate, has_bench_data, is_generated
from bench.harness import BenchClient, Figure, use_clock
from bench.shared_data import generate_shared, has_shared_questions
from questionsets.models import Membership, Questionnaire

GROUPS = ("catalogue", "builder", "search", "exports", "imports", "scaling", "load")


class Command(BaseCommand):
    help = "Measure pages, exports and imports against their floor (see issue 'make bench')."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick",
            action="store_true",
            help="a tenth of the questionnaires, of 25 to 250 items; smaller imports",
        )
        parser.add_argument("--repeat", type=int, default=None)
        parser.add_argument(
            "--only",
            action="append",
            choices=GROUPS,
            help="measure only this group of figures (repeatable); for profiling one fix",
        )
        parser.add_argument(
            "--clock",
            choices=["cpu", "wall", "cpu+server"],
            default=None,
            help="cpu (default on SQLite, where everything runs in this process), wall, or "
            "cpu+server: this process's CPU and its PostgreSQL backend's (a local server)",
        )

    def handle(
        self,
        *args,
        quick: bool,
        repeat: int | None,
        clock: str | None,
        only: list[str] | None,
        **options,
    ):
        scale = SCALES["quick" if quick else "full"]
        # Quick: as many rounds as a full run has time for on fast figures (a median of
        # five moved by a fifth between runs), while the round budget stops slow ones.
        # Full: 15 rounds. With 9, a builder figure's ratio moved by up to 0.15 between
        # runs on a busy 2-core machine (issue 20); a median's spread narrows with more.
        repeat = repeat or (7 if quick else 15)
        started = time.perf_counter()
        self._prepare(scale)
        import_clock = self._import_clock(clock)
        clock = clock or ("cpu" if connection.vendor == "sqlite" else "wall")
        use_clock(clock)
        if quick:
            harness.set_round_limits(least=3, budget=3.0)
        self.stdout.write(
            f"clock: {clock} time, medians of {repeat} alternating runs (a figure slower "
            f"than {harness.ROUND_BUDGET:.0f} s in all stops after {harness.LEAST_ROUNDS})"
            + (f"; imports: {import_clock} time" if import_clock not in (None, clock) else "")
        )
        settings.DEBUG = False  # no query logging inside the measured code
        # The test client's host. Not setup_test_environment(): it wraps every template
        # render in a signal, which production does not pay.
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = self._client()
        bench = figures.PageBench(client, repeat)
        rows = 1_000 if quick else 5_000
        memory = figures.MemoryMeasurement(5_000 if quick else 50_000)
        measure = {
            "catalogue": lambda: figures.catalogue_pages(bench),
            "builder": lambda: figures.builder_pages(bench),
            "search": lambda: (
                figures.search_task_figures(bench) + figures.text_search_figures(repeat)
            ),
            "exports": lambda: figures.export_figures(repeat),
            "imports": lambda: self._imports(rows, memory, import_clock),
            "load": lambda: load.load_figures(
                client, 4 if quick else 30, self.stdout.write, bench.floors
            ),
        }
        results: list[Figure] = []
        scaling: list[tuple[str, int, int]] = []
        # Each measured run starts with a full garbage collection (harness.median_pair).
        # Walking the objects this process holds before the first figure (the framework,
        # the bench's own data) took ~60 ms a time, longer than many pages; they are
        # moved out of the collector's view, as a server that freezes after start-up does.
        gc.collect()
        gc.freeze()
        try:
            for group in GROUPS:
                if only and group not in only:
                    continue
                self.stdout.write(f"  {group}: measuring ...")  # the imports take minutes
                self.stdout.flush()
                t = time.perf_counter()
                if group == "scaling":
                    scaling = figures.query_count_scaling(bench)
                else:
                    results += measure[group]()
                self.stdout.write(f"  {group}: done in {time.perf_counter() - t:.0f} s")
        finally:
            memory.stop()
        self._report(results, scaling, time.perf_counter() - started)

    @staticmethod
    def _import_clock(chosen: str | None) -> str | None:
        """The CPU clock the import figures are timed on, if any; the memory figure's
        child processes then run alongside them (a traced 50,000-row import takes
        minutes), never alongside the pages. The imports open no requests, so their
        connection stays open: on a local PostgreSQL they count its server backend too."""
        if chosen:
            return "cpu" if chosen == "cpu" else None
        if connection.vendor == "sqlite":
            return "cpu"
        return "cpu+server" if harness.server_clock_available() else None

    def _imports(self, rows: int, memory, import_clock: str | None) -> list[Figure]:
        if not import_clock:
            return figures.import_figures(3, rows, memory)
        with harness.clock(import_clock):
            memory.start()
            return figures.import_figures(3, rows, memory)

    def _prepare(self, scale) -> None:
        self.stdout.write(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        call_command("migrate", verbosity=0, interactive=False)
        if is_generated(scale):
            self.stdout.write(f"reusing the {scale.name} data set")
            self._shared_questions()
            self._set_questionnaires()
            return
        if has_bench_data():
            raise CommandError(
                f"{connection.settings_dict['NAME']} holds bench data of another shape "
                f"than the {scale.name} data set (an older version?): delete that database "
                "and run the bench again to generate it anew."
            )
        call_command("seed_demo", "--catalogue-only", verbosity=0)
        t = time.perf_counter()
        counts = generate(scale)
        self.stdout.write(
            f"generated the {scale.name} data set in {time.perf_counter() - t:.0f} s: "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
        )
        self._shared_questions()
        self._set_questionnaires()

    def _shared_questions(self) -> None:
        """Shared local questions, added to a data set generated before they existed."""
        if not has_shared_questions():
            self.stdout.write(f"added {generate_shared()} shared local question versions")

    def _set_questionnaires(self) -> None:
        """Questionnaires built from national sets, added to a data set without them."""
        if not has_set_questionnaires():
            t = time.perf_counter()
            made = generate_set_questionnaires()
            self.stdout.write(
                "added questionnaires built from national sets in "
                f"{time.perf_counter() - t:.1f} s: "
                + ", ".join(f"{title!r} ({n} items)" for title, n in made.items())
            )

    def _client(self) -> BenchClient:
        user, _ = get_user_model().objects.get_or_create(username="bench")
        for questionnaire in Questionnaire.objects.filter(title__in=["Bench 1", "Bench 2"]):
            Membership.objects.get_or_create(
                user=user,
                municipality=questionnaire.municipality,
                defaults={"role": Membership.Role.EDITOR},
            )
        client = BenchClient()
        client.force_login(user)
        return client

    def _report(self, results: list[Figure], scaling, elapsed: float) -> None:
        out = self.stdout.write

        def show(fig: Figure, amount: float) -> str:
            if fig.unit == "MB":
                return f"{amount / 2**20:.1f} MB"
            return f"{amount * 1000:.1f} ms"

        for fig in results:
            out(f"{fig.name}: {show(fig, fig.value)} (floor {show(fig, fig.floor)})")
        out("")
        out(f"{'figure':52} {'value':>11} {'floor':>11} {'ratio':>7} {'target':>8}  met")
        missed = []
        for fig in results:
            sign = ">=" if fig.higher_is_better else "<="
            target = f"{sign}{fig.target:6.1f}" if fig.target else "    info"
            met = "yes" if fig.met else "NO"
            out(
                f"{fig.name:52} {show(fig, fig.value):>11} {show(fig, fig.floor):>11} "
                f"{fig.ratio:7.2f} {target}  {met}  {fig.note}"
            )
            if not fig.met:
                missed.append(fig.name)
        out("")
        out(f"{'query count with 10x less data':52} {'big':>6} {'small':>6}  identical")
        for name, big, small in scaling:
            same = big == small
            out(f"{name:52} {big:6d} {small:6d}  {'yes' if same else 'NO'}")
            if not same:
                missed.append(name)
        out(f"\nbench took {elapsed:.0f} s")
        if missed:
            raise CommandError("targets missed: " + "; ".join(missed))
