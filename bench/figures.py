"""The figures of `make bench`. Each returns Figure rows; the command prints them."""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from questionsets.models import Concept, Questionnaire, QuestionSet

from . import builder_floor
from .harness import Figure, capture, median_pair, peak_memory, replay, seconds

REPLAY_SLACK = 0.005  # seconds; see Figure.slack


class PageBench:
    def __init__(self, client, repeat: int):
        self.client = client
        self.repeat = repeat
        self.query_counts: dict[str, int] = {}
        # The floor of each page measured so far, by path: its task floor where it has
        # one, else its replay floor (for the load figure's CPU per request).
        self.floors: dict[str, float] = {}

    def page(
        self,
        name: str,
        url: str,
        *,
        htmx: bool = False,
        target: float = 2.0,
        post: dict | None = None,
    ) -> Figure:
        """A GET, or a POST run inside a transaction that is rolled back (floor too), so
        a write fragment is measured without changing the data."""
        headers = {"HX-Request": "true"} if htmx else {}

        def get():
            if post is None:
                return self.client.get(url, headers=headers)
            with transaction.atomic():
                response = self.client.post(url, post, headers=headers)
                transaction.set_rollback(True)
            return response

        def floor():
            with transaction.atomic():
                replay(captured)
                transaction.set_rollback(True)

        get()  # warm-up before capturing, so one-off caches are not part of the floor
        captured = capture(get)
        if captured.status != 200:
            raise RuntimeError(f"{name}: {url} answered {captured.status}")
        self.query_counts[name] = captured.query_count
        value, floor_value = median_pair(get, floor, self.repeat, warm=False)
        if post is None and not htmx:
            self.floors.setdefault(url, floor_value)
        within = value - floor_value <= REPLAY_SLACK and value / floor_value > target
        note = f"{captured.query_count} queries" + (", within 5 ms of its floor" if within else "")
        return Figure(name, value, floor_value, target, note=note, slack=REPLAY_SLACK)

    def task_floor(
        self, name: str, url: str, *, htmx: bool = False, post: dict | None = None
    ) -> Figure:
        """The builder against its task floor (issue 20): the page's SQL replayed raw, then
        its answer worked out and written by plain Python from the rows it read
        (bench.builder_floor: the sets' verdicts, the items' states, the sections with
        their rows and tools, the summary's lists) and encoded, as every answer must be
        to go on the wire. Each part of the floor's answer must be in the page byte for
        byte, or the figure is refused."""
        headers = {"HX-Request": "true"} if htmx else {}

        def get():
            if post is None:
                return self.client.get(url, headers=headers)
            with transaction.atomic():
                response = self.client.post(url, post, headers=headers)
                transaction.set_rollback(True)
            return response

        def floor():
            with transaction.atomic():
                replay(captured, template=False)
                transaction.set_rollback(True)
            return [part.encode() for part in builder_floor.answer(context, request)]

        get()
        responses = []
        captured = capture(lambda: responses.append(get()) or responses[-1])
        context, request = captured.context
        html = responses[-1].content.decode()
        rows = builder_floor.page_rows(html)
        if captured.status != 200 or not rows or not _floor_matches(html, floor(), rows):
            raise RuntimeError(f"{name}: the floor's answer differs from the page")
        n = sum(len(row.items) for row in context["builder"].sections)
        value, floor_value = median_pair(get, floor, self.repeat, warm=False)
        self.query_counts[name] = captured.query_count
        if post is None and not htmx:
            self.floors[url] = floor_value  # the task floor bounds the page in the load mix
        note = (
            f"{captured.query_count} queries, {len(html.encode()) / n:.0f} B/item page, "
            f"{len(rows.encode()) / n:.0f} B and "
            f"{builder_floor.elements(rows) / n:.1f} elements/item in rows"
        )
        return Figure(name, value, floor_value, 2.0, note=note)


def _floor_matches(html: str, answer: list[bytes], rows: str) -> bool:
    """Whether every part of the floor's answer is in the page as it is (CSRF tokens
    aside: each is masked anew when written), its sections with all the page's rows."""
    page = builder_floor.without_tokens(html)
    parts = [builder_floor.without_tokens(part.decode()) for part in answer]
    return builder_floor.page_rows(parts[0]) == rows and all(part in page for part in parts)


def catalogue_pages(bench: PageBench) -> list[Figure]:
    concept = Concept.objects.order_by("code").first()
    big_set = QuestionSet.objects.filter(code="bs1").first() or QuestionSet.objects.first()
    question = big_set.items.select_related("question_version__question").first()
    return [
        bench.page(
            "search selective, 2 facets",
            "/zoeken/?q=spanningen+eenzaamheid&answer_type=single&domain=sociaal",
        ),
        bench.page(
            "search broad, 2 facets", "/zoeken/?q=vertrouwen&answer_type=single&domain=sociaal"
        ),
        bench.page("search htmx fragment", "/zoeken/?q=vertrouwen&answer_type=single", htmx=True),
        bench.page("concept map", "/"),
        bench.page("concept page", f"/begrippen/{concept.slug}/"),
        bench.page("set page (60 items)", f"/sets/{big_set.code}/"),
        bench.page("question page", f"/vragen/{question.question_version.question.code}/"),
    ]


def builder_pages(bench: PageBench) -> list[Figure]:
    big = Questionnaire.objects.get(title="Bench 1")
    n = big.items.count()
    item = big.items.order_by("section__position", "position")[n // 2]
    return [
        bench.task_floor(f"builder page vs task floor ({n} items)", f"/vragenlijsten/{big.pk}/"),
        bench.task_floor(
            f"builder htmx fragment vs task floor ({n})", f"/vragenlijsten/{big.pk}/", htmx=True
        ),
        bench.task_floor(
            f"builder move, htmx, vs task floor ({n})",
            f"/vragenlijsten/{big.pk}/vragen/{item.pk}/verplaatsen/",
            htmx=True,
            post={"lock_version": big.lock_version, "direction": "down"},
        ),
        *builder_from_sets(bench, Questionnaire.objects.get(title="Bench sets")),
        bench.page(f"print view ({n} items)", f"/vragenlijsten/{big.pk}/afdrukken/"),
        bench.page(
            f"comparison page ({_result_rows(big)} results)", f"/vragenlijsten/{big.pk}/resultaten/"
        ),
    ]


def builder_from_sets(bench: PageBench, questionnaire: Questionnaire) -> list[Figure]:
    """The builder of a questionnaire built as users build one, from national sets (basket
    rows, a section per set): its page, fragment and a move against their task floors."""
    n = questionnaire.items.count()
    url = f"/vragenlijsten/{questionnaire.pk}/"
    item = movable_item(questionnaire)
    return [
        bench.task_floor(f"builder from sets, page vs task floor ({n} items)", url),
        bench.task_floor(f"builder from sets, htmx fragment vs task floor ({n})", url, htmx=True),
        bench.task_floor(
            f"builder from sets, move, htmx, vs task floor ({n})",
            f"{url}vragen/{item.pk}/verplaatsen/",
            htmx=True,
            post={"lock_version": questionnaire.lock_version, "direction": "down"},
        ),
    ]


def movable_item(questionnaire: Questionnaire):
    """The first item from the middle on that moves down without a confirmation: one of a
    set that is neither indivisible nor order-locked, with a next item in its section."""
    items = list(
        questionnaire.items.select_related("from_set").order_by("section__position", "position")
    )
    for item, following in itertools.pairwise(items[len(items) // 2 :]):
        free = item.from_set is None or not (
            item.from_set.indivisible or item.from_set.order_locked
        )
        if free and following.section_id == item.section_id:
            return item
    raise RuntimeError(f"{questionnaire}: no item moves down without a confirmation")


def _result_rows(questionnaire) -> int:
    from questionsets.models import LocalResult

    return LocalResult.objects.filter(upload__questionnaire=questionnaire).count()


def query_count_scaling(bench: PageBench) -> list[tuple[str, int, int]]:
    """Same page with 10x less data: query counts must be identical."""
    big = Questionnaire.objects.get(title="Bench 1")
    small = Questionnaire.objects.get(title="Bench 2")
    sizes = f"{big.items.count()} vs {small.items.count()} items"
    big_set = QuestionSet.objects.get(code="bs1")
    small_set = QuestionSet.objects.get(code="bs10")
    from_sets = Questionnaire.objects.get(title="Bench sets")
    from_sets_small = Questionnaire.objects.get(title="Bench sets small")
    pairs = [
        (f"builder {sizes}", f"/vragenlijsten/{big.pk}/", f"/vragenlijsten/{small.pk}/"),
        (
            f"builder from sets {from_sets.items.count()} vs {from_sets_small.items.count()} items",
            f"/vragenlijsten/{from_sets.pk}/",
            f"/vragenlijsten/{from_sets_small.pk}/",
        ),
        ("set page 60 vs 5 items", f"/sets/{big_set.code}/", f"/sets/{small_set.code}/"),
        ("search broad vs selective", "/zoeken/?q=vertrouwen", "/zoeken/?q=spanningen+eenzaamheid"),
        (
            f"print view {sizes}",
            f"/vragenlijsten/{big.pk}/afdrukken/",
            f"/vragenlijsten/{small.pk}/afdrukken/",
        ),
        (
            f"comparison {_result_rows(big)} vs {_result_rows(small)} results",
            f"/vragenlijsten/{big.pk}/resultaten/",
            f"/vragenlijsten/{small.pk}/resultaten/",
        ),
    ]
    pairs += [
        (
            f"export {fmt} {sizes}",
            f"/vragenlijsten/{big.pk}/export/{fmt}/",
            f"/vragenlijsten/{small.pk}/export/{fmt}/",
        )
        for fmt in ("xlsx", "xlsform", "limesurvey", "spss", "ddi", "csv")
    ]
    rows = []
    for name, big_url, small_url in pairs:
        counts = [
            capture(lambda u=u: bench.client.get(u)).query_count for u in (big_url, small_url)
        ]
        rows.append((name, *counts))
    return rows


def bare_openpyxl(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Vragenlijst")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- exports


def _sheet_values(data: bytes) -> list[tuple[str, list[tuple]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in workbook.worksheets]
    finally:
        workbook.close()


def bare_workbook(sheets: list[tuple[str, list[tuple]]]) -> bytes:
    """The floor of a spreadsheet export: openpyxl (write-only) writing the same values."""
    workbook = openpyxl.Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_figures(repeat: int) -> list[Figure]:
    """xlsx: render() of the built export vs bare openpyxl writing the same cell values.
    xlsform: render() plus pyxform's conversion vs the conversion alone on that workbook.
    Building the export from the database is part of the export page figures instead."""
    from pyxform.xls2xform import convert

    from questionsets.exports import xlsform, xlsx
    from questionsets.exports.build import build_export

    export = build_export(Questionnaire.objects.get(title="Bench 1"))
    n = len(export.items)
    sheets = _sheet_values(xlsx.render(export).data)
    value, floor = median_pair(lambda: xlsx.render(export), lambda: bare_workbook(sheets), repeat)
    figures = [Figure(f"xlsx export ({n} items)", value, floor, 2.0, note="render()")]
    form = xlsform.render(export).data

    def ours():
        convert(xlsform.render(export).data, file_type=".xlsx")

    value, floor = median_pair(ours, lambda: convert(form, file_type=".xlsx"), repeat)
    figures.append(Figure(f"xlsform + pyxform ({n} items)", value, floor, 1.5))
    return figures


# --------------------------------------------------------------------------- import


def question_workbook(n: int, prefix: str = "bimp") -> bytes:
    """A `vragen` sheet of n new questions over the real concepts, scales and sources."""
    import tablib

    from questionsets.curation.resource_questions import QuestionResource
    from questionsets.curation.workbook import write_workbook
    from questionsets.models import AnswerScale, AnswerType, Source, Verification

    headers = QuestionResource().get_export_headers()
    concepts = list(Concept.objects.values_list("code", flat=True)) or [""]
    scales = list(AnswerScale.objects.values_list("code", flat=True))
    sources = list(Source.objects.values_list("code", flat=True))
    verifications = list(Verification.values)
    rows = []
    for i in range(1, n + 1):
        choice = i % 5 != 0
        row = dict.fromkeys(headers, "")
        row.update(
            code=f"{prefix}{i}",
            begrip=concepts[i % len(concepts)],
            vraagtekst_nl=f"In hoeverre vertrouwt u vraag {i} van de buurt?",
            antwoordtype=AnswerType.SINGLE if choice else AnswerType.NUMERIC,
            schaal=scales[i % len(scales)] if choice else "",
            bron=sources[i % len(sources)],
            verificatie=verifications[i % len(verifications)],
        )
        rows.append([row[h] for h in headers])
    return write_workbook([("vragen", tablib.Dataset(*rows, headers=headers))])


def import_ours(data: bytes) -> None:
    from questionsets.curation.workbook import import_catalogue_workbook

    report = import_catalogue_workbook(data, dry_run=True)  # all the work, then rolled back
    if not report.ok:
        raise RuntimeError("; ".join(report.all_errors()[:3]))


def peer_resources():
    """The peer: django-import-export's default ModelResource, row by row (no bulk), with
    model validation (clean_model_instances) and use_transactions. It takes the same sheet
    twice, once per model (Question, then QuestionVersion, both keyed on `code`), with the
    default ForeignKeyWidget resolving each reference by code: what a project gets from
    two ModelResource declarations. A new version is number 1 and gets its fingerprint
    from the model's compute_fingerprint() (one options query per choice row)."""
    from import_export import fields, resources, widgets

    from questionsets.models import AnswerScale, Question, QuestionVersion, Source, fingerprint

    def fk(attribute, column, model):
        return fields.Field(attribute, column, widget=widgets.ForeignKeyWidget(model, "code"))

    class PeerQuestion(resources.ModelResource):
        concept = fk("concept", "begrip", Concept)

        class Meta:
            model = Question
            fields = ("code", "concept")
            import_id_fields = ("code",)
            clean_model_instances = True

    class PeerVersion(resources.ModelResource):
        question = fk("question", "code", Question)
        wording_nl = fields.Field("wording_nl", "vraagtekst_nl")
        answer_type = fields.Field("answer_type", "antwoordtype")
        scale = fk("scale", "schaal", AnswerScale)
        source = fk("source", "bron", Source)
        verification = fields.Field("verification", "verificatie")

        class Meta:
            model = QuestionVersion
            fields = ("question", "wording_nl", "answer_type", "scale", "source", "verification")
            import_id_fields = ("question",)
            clean_model_instances = True

        def init_instance(self, row=None):
            return QuestionVersion(number=1)

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            instance.fingerprint = instance.compute_fingerprint()

    return PeerQuestion, PeerVersion, fingerprint


def import_peer(data: bytes) -> None:
    from django.db import transaction
    from import_export.formats.base_formats import XLSX

    question_cls, version_cls, _ = peer_resources()
    dataset = XLSX().create_dataset(data)
    with transaction.atomic():
        for cls in (question_cls, version_cls):
            result = cls().import_data(dataset, dry_run=False, use_transactions=True)
            if result.has_errors() or result.has_validation_errors():
                rows = result.invalid_rows[:1] or result.error_rows[:1]
                detail = rows and getattr(rows[0], "error_dict", None) or rows and rows[0].errors
                raise RuntimeError(f"peer import failed: {cls.__name__}: {detail}")
        transaction.set_rollback(True)


def import_floor(data: bytes) -> None:
    """openpyxl read-only parse and bulk_create of the same questions and versions."""
    from django.db import transaction

    from questionsets.models import (
        AnswerOption,
        AnswerScale,
        Question,
        QuestionVersion,
        Source,
        fingerprint,
    )

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = workbook["vragen"].iter_rows(values_only=True)
    header = next(rows)
    records = [dict(zip(header, row, strict=False)) for row in rows]
    workbook.close()
    concepts = {c.code: c for c in Concept.objects.all()}
    scales = {s.code: s for s in AnswerScale.objects.all()}
    sources = {s.code: s for s in Source.objects.all()}
    options: dict = {}
    for scale_id, code, label in AnswerOption.objects.order_by("scale_id", "position").values_list(
        "scale_id", "code", "label_nl"
    ):
        options.setdefault(scale_id, []).append((code, label))
    with transaction.atomic():
        questions = [Question(code=r["code"], concept=concepts.get(r["begrip"])) for r in records]
        Question.objects.bulk_create(questions, batch_size=1000)
        versions = []
        for question, r in zip(questions, records, strict=True):
            scale = scales.get(r["schaal"] or "")
            versions.append(
                QuestionVersion(
                    question=question,
                    number=1,
                    wording_nl=r["vraagtekst_nl"],
                    answer_type=r["antwoordtype"],
                    scale=scale,
                    source=sources[r["bron"]],
                    verification=r["verificatie"],
                    fingerprint=fingerprint(
                        wording=r["vraagtekst_nl"],
                        instruction="",
                        answer_type=r["antwoordtype"],
                        options=options.get(scale.pk, []) if scale else [],
                    ),
                )
            )
        QuestionVersion.objects.bulk_create(versions, batch_size=1000)
        transaction.set_rollback(True)


def import_figures(repeat: int, rows: int, memory: MemoryMeasurement) -> list[Figure]:
    """The peer is row by row and about 10x slower: measured once, not `repeat` times."""
    data = question_workbook(rows)
    ours, floor = median_pair(lambda: import_ours(data), lambda: import_floor(data), repeat)
    peer = seconds(lambda: import_peer(data))  # on the clock the bench chose, like the rest
    figures = [
        Figure(f"import {rows} questions vs DIE default", ours, peer, 3.0, higher_is_better=True),
        Figure(f"import {rows} questions vs floor", ours, floor, 3.0),
    ]
    ours_peak, floor_peak = memory.result()
    figures.append(
        Figure(f"peak memory import {memory.rows} rows", ours_peak, floor_peak, 3.0, unit="MB")
    )
    return figures


class MemoryMeasurement:
    """Peak traced memory of our import and of openpyxl's iteration of the same `rows`-row
    workbook, each measured in a new Python process (like an app server worker): in this
    long-running bench process the peak would depend on what ran before, through the
    garbage collector's timing. Both are warmed up on a small workbook first.

    When the import figures are timed in CPU time (SQLite; a local PostgreSQL, counting
    its server backend too), the two children start with them and run on the other core
    (a traced 50,000-row import takes minutes). On SQLite each works on a copy of the
    database; on PostgreSQL the import is a dry run with other codes, so nothing waits
    for anything else. In wall time (a remote PostgreSQL) they run when asked for.
    """

    CODE = (
        "import django, json, sys; django.setup(); "
        "from bench.figures import measure_memory; "
        "print(json.dumps(measure_memory(int(sys.argv[1]), sys.argv[2])))"
    )
    SIDES = ("ours", "floor")

    def __init__(self, rows: int):
        self.rows = rows
        self.processes: list[subprocess.Popen] = []
        self.scratch: str | None = None

    def start(self) -> None:
        if self.processes:
            return
        if connection.vendor == "sqlite":
            self.scratch = tempfile.mkdtemp(prefix="bench-memory-")
        for side in self.SIDES:
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "monitor.settings"}
            if self.scratch:
                copy = os.path.join(self.scratch, f"{side}.sqlite3")
                shutil.copyfile(connection.settings_dict["NAME"], copy)
                env["DATABASE_URL"] = f"sqlite:///{copy}"
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-c", self.CODE, str(self.rows), side],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )

    def result(self) -> tuple[int, int]:
        self.start()
        peaks = []
        try:
            for process in self.processes:
                stdout, stderr = process.communicate()
                if process.returncode != 0:
                    raise RuntimeError(f"memory measurement failed: {stderr[-2000:]}")
                peaks.append(json.loads(stdout.strip().splitlines()[-1]))
        finally:
            self.stop()
        ours, floor = peaks
        return ours, floor

    def stop(self) -> None:
        """On an interrupted bench: no child left behind."""
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def measure_memory(rows: int, side: str) -> int:
    """Peak traced bytes of our import ("ours") or of openpyxl's iteration ("floor")."""
    settings.DEBUG = False
    big = question_workbook(rows, prefix="bmem")
    small = question_workbook(600, prefix="bwarm")  # more than two batches

    def iterate(data):
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for _ in workbook["vragen"].iter_rows(values_only=True):
            pass
        workbook.close()

    run = {"ours": import_ours, "floor": iterate}[side]
    run(small)
    return peak_memory(lambda: run(big))


# --------------------------------------------------------------------------- search


SEARCHES = {
    "search selective, 2 facets": "q=spanningen+eenzaamheid&answer_type=single&domain=sociaal",
    # Without facet filters the page also shows the shared local questions' group.
    "search selective, no facets": "q=spanningen+eenzaamheid",
    "search broad, 2 facets": "q=vertrouwen&answer_type=single&domain=sociaal",
    "search htmx fragment": "q=vertrouwen&answer_type=single",
    "search, no text": "",
}


def search_task_figures(bench: PageBench) -> list[Figure]:
    """Each search page against its task floor (bench/task_floors.py), after checking
    that the floor gives the page's answer: the same ids, count, facets, matching sets
    and shared local questions."""
    from django.http import QueryDict

    from questionsets.catalogue.search import SearchParams, search

    from .task_floors import search_floor

    figures = []
    for name, query in SEARCHES.items():
        params = SearchParams.from_querydict(QueryDict(query))
        outcome = search(params)
        floor_answer = search_floor(params.q, params.filters)
        page_facets = {f.name: {v.value: v.count for v in f.values} for f in outcome.facets}
        if (
            floor_answer.ids != [r.version.pk for r in outcome.results]
            or floor_answer.count != outcome.page.paginator.count
            or floor_answer.sets != [s.code for s in outcome.set_matches.sets]
            or floor_answer.set_total != outcome.set_matches.total
            or floor_answer.shared != [v.pk for v in outcome.shared_matches.versions]
            or floor_answer.shared_total != outcome.shared_matches.total
            or {k: v for k, v in floor_answer.facets.items() if v}
            != {k: v for k, v in page_facets.items() if v}
        ):
            raise RuntimeError(f"{name}: the task floor does not give the page's answer")
        headers = {"HX-Request": "true"} if "htmx" in name else {}
        value, floor = median_pair(
            lambda q=query, h=headers: bench.client.get(f"/zoeken/?{q}", headers=h),
            lambda p=params: search_floor(p.q, p.filters),
            bench.repeat,
        )
        if not headers:
            bench.floors[f"/zoeken/?{query}" if query else "/zoeken/"] = floor
        figures.append(
            Figure(
                f"{name} vs task floor",
                value,
                floor,
                2.0,
                note=f"{outcome.page.paginator.count} results",
            )
        )
    return figures


def text_search_figures(repeat: int) -> list[Figure]:
    """Full-text match (FTS5 on SQLite, GIN tsvector on PostgreSQL) against the plain
    icontains scan of both wordings it replaces, counting matches for one word."""
    from django.db.models.expressions import RawSQL

    from questionsets.catalogue.matching import FTS_TABLE, PG_MATCH, fts_match
    from questionsets.models import QuestionVersion

    figures = []
    for word in ("vertrouwen", "eenzaamheid"):
        if connection.vendor == "postgresql":
            sql = f"SELECT id FROM questionsets_questionversion WHERE {PG_MATCH}"
            fulltext = QuestionVersion.objects.filter(pk__in=RawSQL(sql, (word,)))
        else:
            sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            fulltext = QuestionVersion.objects.filter(pk__in=RawSQL(sql, (fts_match(word),)))
        scan = QuestionVersion.objects.filter(
            Q(wording_nl__icontains=word) | Q(wording_en__icontains=word)
        )
        value, floor = median_pair(fulltext.count, scan.count, repeat)
        figures.append(
            Figure(f"full text '{word}' vs icontains scan", value, floor, 0.0, note="info")
        )
    return figures
