"""Build a scaled database for the benchmarks with bulk inserts.

Full scale (the issue's national scale): 10,000 national questions in 2,000 sets over the
real concepts, all 342 municipalities, 3,000 questionnaires of 50 to 500 items. Quick scale
is a tenth of the catalogue and of the questionnaires. Like the real catalogue, every bench
question has a concept (round-robin over the real ones), and every 10th question and every
survey indicator has a national reference figure; "Bench 1" and "Bench 2" (the 500- and the
50-item questionnaire) have uploaded local results, so their comparison page has rows.
Deterministic (seeded), and reused when the database already holds the requested scale.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

from django.db import connection, transaction

from questionsets.models import (
    AnswerOption,
    AnswerScale,
    AnswerType,
    Concept,
    Indicator,
    LocalResult,
    Municipality,
    NationalFigure,
    Question,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireSection,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    ResultUpload,
    Source,
    Statistic,
    Verification,
    fingerprint,
)

BENCH_PREFIX = "bq"  # question codes bq1..bqN, set codes bs1..bsN: never clash with real ones
FIGURE_SOURCE = "bench-landelijk"  # the source of every generated national figure
# Raise when the shape of the generated data changes (2: items numbered per section, as
# the builder numbers them). It is written on the figure source; a database generated
# by another version is refused, with a message to delete it.
GENERATION = 2
GENERATION_NOTE = f"make bench, data generation {GENERATION}"
FIGURE_YEAR = 2025
FIGURE_EVERY = 10  # bq1, bq11, bq21, ...: the question page's bq1 shows a figure
RESULT_TITLES = ("Bench 1", "Bench 2")  # questionnaires with uploaded local results
WIJKEN = ("Centrum", "Noord", "Zuid")
SECTION_SIZE = 25  # items per questionnaire section
SQLITE_CACHE_KIB = 256 * 1024  # while generating; negative cache_size counts KiB


@dataclass(frozen=True)
class Scale:
    name: str
    questions: int
    sets: int
    questionnaires: int
    min_items: int = 50
    max_items: int = 500
    big_set_items: int = 60  # a few sets are this big, to compare set pages at 10x sizes


SCALES = {
    "full": Scale("full", questions=10_000, sets=2_000, questionnaires=3_000),
    # The national catalogue at full size (the search targets are set for 10,000
    # questions; with a tenth of them the floor is so small that Django's fixed cost per
    # request decides the ratio), a tenth of the questionnaires, at most half as long.
    "quick": Scale(
        "quick", questions=10_000, sets=2_000, questionnaires=300, min_items=25, max_items=250
    ),
}

WORDS = (
    "vertrouwen buurt gemeente politie veiligheid spanningen groepen samenleving cohesie "
    "onbehagen ongenoegen toekomst overlast respect discriminatie jongeren ouderen religie "
    "participatie vrijwilligerswerk demonstratie democratie regering rechtspraak media "
    "leefbaarheid woonomgeving contact buren sociale steun eenzaamheid inkomen werk"
).split()

LIKERT = ["Helemaal mee eens", "Mee eens", "Neutraal", "Mee oneens", "Helemaal mee oneens"]


def is_generated(scale: Scale) -> bool:
    return (
        Question.objects.filter(code__startswith=BENCH_PREFIX).count() >= scale.questions
        and Questionnaire.objects.filter(title__startswith="Bench ").count() >= scale.questionnaires
        and NationalFigure.objects.filter(
            source__code=FIGURE_SOURCE, source__note=GENERATION_NOTE
        ).exists()
        and ResultUpload.objects.filter(questionnaire__title__in=RESULT_TITLES).exists()
        and QuestionnaireItem.objects.filter(questionnaire__title="Bench 1").count()
        == scale.max_items
    )


def has_bench_data() -> bool:
    return Question.objects.filter(code__startswith=BENCH_PREFIX).exists()


def generate(scale: Scale, *, seed: int = 20261128) -> dict[str, int]:
    with _large_sqlite_cache(), transaction.atomic():
        counts = _generate(scale, seed)
    _settle()
    return counts


def _settle() -> None:
    """On PostgreSQL, bring the freshly loaded tables to the state a running server keeps
    them in: statistics for the planner, a visibility map, an empty GIN pending list.
    Otherwise autovacuum does this during the first figures, and in one run the first
    page figure came out at 3.7x its floor (1.05x once settled)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # a test's transaction: VACUUM cannot run inside one
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _generate(scale: Scale, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    scales = _scales()
    sources = list(Source.objects.all()) or [
        Source.objects.create(code="bench-bron", instrument="Benchmonitor", edition="2025")
    ]
    indicators = list(Indicator.objects.filter(kind=Indicator.Kind.SURVEY).order_by("code"))
    versions = _questions(scale, rng, scales, sources)
    _concepts(versions)
    _sets(scale, rng, versions, indicators)
    results_rng = random.Random(seed + 1)  # figures and results leave the rest unchanged
    _national_figures(results_rng, versions, indicators)
    _questionnaires(scale, rng, versions)
    _local_results(results_rng)
    return {
        "questions": Question.objects.count(),
        "sets": QuestionSet.objects.count(),
        "national figures": NationalFigure.objects.count(),
        "questionnaires": Questionnaire.objects.count(),
        "questionnaire items": QuestionnaireItem.objects.count(),
        "local results": LocalResult.objects.count(),
    }


@contextmanager
def _large_sqlite_cache():
    """On SQLite, a page cache that holds the whole generated data set (~140 MB at full
    scale) until the commit, instead of the default 2 MB, so the one big transaction does
    not spill pages to the file and read them back while it builds the tables and indexes.
    This connection only, and only while generating."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _scales() -> list[AnswerScale]:
    made = []
    for n in range(1, 11):
        scale, created = AnswerScale.objects.get_or_create(
            code=f"bench{n}", defaults={"name": f"Benchschaal {n}"}
        )
        if created:
            labels = LIKERT[: 2 + n % 4] + ["Weet niet"]
            AnswerOption.objects.bulk_create(
                AnswerOption(
                    scale=scale,
                    position=i,
                    code=99 if label == "Weet niet" else i,
                    label_nl=label,
                    is_missing=label == "Weet niet",
                )
                for i, label in enumerate(labels, start=1)
            )
        made.append(scale)
    return made


def _sentence(rng: random.Random, n: int) -> str:
    words = rng.sample(WORDS, k=min(n, len(WORDS)))
    return "In hoeverre " + " ".join(words) + f" (vraag {rng.randint(1, 10**6)})?"


def _questions(scale: Scale, rng, scales, sources) -> list[QuestionVersion]:
    existing = {
        v.question.code: v
        for v in QuestionVersion.objects.filter(
            question__code__startswith=BENCH_PREFIX
        ).select_related("question")
    }
    options = {s.pk: [(o.code, o.label_nl) for o in s.options.all()] for s in scales}
    new_questions = [
        Question(code=f"{BENCH_PREFIX}{n}")
        for n in range(1, scale.questions + 1)
        if f"{BENCH_PREFIX}{n}" not in existing
    ]
    Question.objects.bulk_create(new_questions, batch_size=2000)
    new_versions = []
    for question in new_questions:
        answer_type = rng.choice([AnswerType.SINGLE] * 8 + [AnswerType.NUMERIC, AnswerType.TEXT])
        chosen = rng.choice(scales) if answer_type == AnswerType.SINGLE else None
        wording = _sentence(rng, rng.randint(5, 12))
        new_versions.append(
            QuestionVersion(
                question=question,
                number=1,
                wording_nl=wording,
                answer_type=answer_type,
                scale=chosen,
                source=rng.choice(sources),
                verification=rng.choice(list(Verification.values)),
                fingerprint=fingerprint(
                    wording=wording,
                    instruction="",
                    answer_type=answer_type,
                    options=options[chosen.pk] if chosen else [],
                ),
            )
        )
    QuestionVersion.objects.bulk_create(new_versions, batch_size=2000)
    return sorted(
        list(existing.values()) + new_versions,
        key=lambda v: int(v.question.code.removeprefix(BENCH_PREFIX)),
    )


def _number(version: QuestionVersion) -> int:
    return int(version.question.code.removeprefix(BENCH_PREFIX))


def _concepts(versions) -> None:
    """Round-robin over the real concepts, in code order: bq1 gets the first one. One
    UPDATE per concept, so a database generated before questions had concepts is filled in
    just as fast."""
    concepts = list(Concept.objects.order_by("code").values_list("pk", flat=True))
    if not concepts:
        return
    missing: dict[int, list[int]] = {}
    for version in versions:
        if version.question.concept_id is None:
            concept = concepts[(_number(version) - 1) % len(concepts)]
            version.question.concept_id = concept
            missing.setdefault(concept, []).append(version.question.pk)
    for concept, question_ids in missing.items():
        for start in range(0, len(question_ids), 900):  # SQLite's variable limit
            Question.objects.filter(pk__in=question_ids[start : start + 900]).update(
                concept_id=concept
            )


def _figure_source() -> Source:
    source, _ = Source.objects.get_or_create(
        code=FIGURE_SOURCE,
        defaults={
            "instrument": "Landelijke benchmeting",
            "edition": str(FIGURE_YEAR),
            "note": GENERATION_NOTE,
        },
    )
    return source


def _national_figures(rng, versions, indicators) -> None:
    """A figure for every FIGURE_EVERY-th question that can be analysed (a choice on a
    scale: percentage in its first two codes; a number: mean on 0-10) and for every survey
    indicator (a percentage), with n, SE and the 95% interval."""
    source = _figure_source()
    if NationalFigure.objects.filter(source=source).exists():
        return
    figures = []
    for version in versions:
        if (_number(version) - 1) % FIGURE_EVERY or version.answer_type == AnswerType.TEXT:
            continue
        figures.append(
            _figure(rng, source, question_id=version.question_id, mean=not version.scale_id)
        )
    figures += [_figure(rng, source, indicator_id=ind.pk, mean=False) for ind in indicators]
    NationalFigure.objects.bulk_create(figures, batch_size=2000)


def _figure(rng, source, *, mean: bool, **subject) -> NationalFigure:
    n = rng.randint(2_000, 40_000)
    if mean:
        value = round(rng.uniform(4.0, 8.0), 2)
        se = round(rng.uniform(1.5, 2.5) / n**0.5, 4)
        extra = {"statistic": Statistic.MEAN, "scale_min": 0.0, "scale_max": 10.0}
    else:
        value = round(rng.uniform(10.0, 90.0), 1)
        se = round((value * (100 - value) / n) ** 0.5, 3)
        extra = {"statistic": Statistic.PERCENTAGE, "categories": [1, 2]}
    return NationalFigure(
        year=FIGURE_YEAR,
        value=value,
        n=n,
        standard_error=se,
        ci_low=round(value - 1.96 * se, 3),
        ci_high=round(value + 1.96 * se, 3),
        source=source,
        **extra,
        **subject,
    )


def _sets(scale: Scale, rng, versions, indicators) -> None:
    if QuestionSet.objects.filter(code__startswith="bs").count() >= scale.sets:
        return
    sets = QuestionSet.objects.bulk_create(
        [
            QuestionSet(
                code=f"bs{n}",
                name_nl=f"Benchset {n}: {' '.join(rng.sample(WORDS, 3))}",
                status=QuestionSet.Status.PUBLISHED,
                indivisible=n % 3 == 0,
                order_locked=n % 3 == 0,
            )
            for n in range(1, scale.sets + 1)
        ],
        batch_size=2000,
    )
    per_set = len(versions) // len(sets)
    items, links = [], []
    through = QuestionSet.indicators.through
    for i, qset in enumerate(sets):
        size = scale.big_set_items if i < 5 else per_set
        chunk = versions[i * per_set : i * per_set + size]
        items += [
            QuestionSetItem(question_set=qset, position=p, question_version=v)
            for p, v in enumerate(chunk, start=1)
        ]
        if indicators:
            links.append(through(questionset=qset, indicator=indicators[i % len(indicators)]))
    QuestionSetItem.objects.bulk_create(items, batch_size=5000, ignore_conflicts=True)
    through.objects.bulk_create(links, batch_size=5000)


def _questionnaires(scale: Scale, rng, versions) -> None:
    """All questionnaires, then all their sections, then all their items in bulk, rather
    than three round trips per questionnaire; the ~824,000 items of the full scale go in as
    plain rows, not model instances. The rng is drawn in the same order as when they were
    made one at a time, so a seed gives the same data set as before."""
    done = Questionnaire.objects.filter(title__startswith="Bench ").count()
    municipalities = list(Municipality.objects.all())
    if not municipalities:
        raise RuntimeError("Load the municipalities first (seed_demo --catalogue-only).")
    # rng.sample() only looks at the length of what it samples from, so sampling these
    # (version id, code) pairs in version order picks exactly the versions it would pick.
    pool = [(v.pk, v.question.code) for v in versions]
    plans = []
    for n in range(done + 1, scale.questionnaires + 1):
        # One questionnaire of exactly max and one of exactly min items, for 10x comparisons.
        size = {1: scale.max_items, 2: scale.min_items}.get(n) or rng.randint(
            scale.min_items, scale.max_items
        )
        municipality = rng.choice(municipalities)
        plans.append((n, municipality, rng.sample(pool, size)))
    if not plans:
        return
    created = Questionnaire.objects.bulk_create(
        [Questionnaire(municipality=m, title=f"Bench {n}", year=2025 + n % 3) for n, m, _ in plans],
        batch_size=1000,
    )
    ids = [q.pk for q in created]
    if None in ids:  # a backend that cannot return the ids of a bulk insert
        by_title = dict(
            Questionnaire.objects.filter(title__startswith="Bench ").values_list("title", "pk")
        )
        ids = [by_title[f"Bench {n}"] for n, _, _ in plans]
    _insert_rows(
        QuestionnaireSection,
        ("questionnaire_id", "position", "title"),
        (
            (qid, p, f"Onderdeel {p}")
            for qid, (_, _, chosen) in zip(ids, plans, strict=True)
            for p in range(1, len(chosen) // SECTION_SIZE + 2)
        ),
    )
    sections = {}
    for start in range(0, len(ids), 900):  # SQLite's variable limit
        sections.update(
            ((qid, position), pk)
            for qid, position, pk in QuestionnaireSection.objects.filter(
                questionnaire_id__in=ids[start : start + 900]
            ).values_list("questionnaire_id", "position", "pk")
        )
    with _indexes_rebuilt_after(QuestionnaireItem):
        _insert_rows(
            QuestionnaireItem,
            ("questionnaire_id", "section_id", "position", "code", "question_version_id"),
            (
                # Positions count from 1 within each section, as the builder keeps them.
                (qid, sections[qid, p // SECTION_SIZE + 1], p % SECTION_SIZE + 1, code, version_id)
                for qid, (_, _, chosen) in zip(ids, plans, strict=True)
                for p, (version_id, code) in enumerate(chosen)
            ),
            kind=QuestionnaireItem.Kind.NATIONAL.value,
        )


@contextmanager
def _indexes_rebuilt_after(model):
    """On SQLite, drop the table's own indexes (not those of its UNIQUE constraints) for a
    bulk load and create them again from their stored SQL afterwards: one sorted build per
    index instead of ~824,000 inserts into each. Inside generate()'s transaction, so a failure
    rolls the schema back with the data."""
    if connection.vendor != "sqlite":
        yield
        return
    assert connection.in_atomic_block, "only inside generate()'s transaction"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
            [model._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _, sql in indexes:
            cursor.execute(sql)


def _insert_rows(model, columns, rows, **constant) -> None:
    """INSERT rows of `columns` (attnames) without building model instances. Every other
    column gets what bulk_create() would give it: the value of a `model(**constant)`
    instance, prepared for the database by its field (defaults, "" for blank text, NULL
    for an empty foreign key, now for timestamps). COPY on PostgreSQL, executemany
    elsewhere; the database still checks every constraint."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    template = model(**constant)
    rest = [f for f in fields.values() if not f.primary_key and f.attname not in columns]
    tail = tuple(f.get_db_prep_save(f.pre_save(template, True), connection) for f in rest)
    names = ", ".join(
        connection.ops.quote_name(f.column) for f in [*(fields[c] for c in columns), *rest]
    )
    table = connection.ops.quote_name(model._meta.db_table)
    rows = (row + tail for row in rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * (len(columns) + len(tail)))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
        while batch := list(islice(rows, 20_000)):
            cursor.executemany(sql, batch)


def _local_results(rng) -> None:
    """An aggregated upload for "Bench 1" and "Bench 2": every national item that has a
    national figure gets a municipal value and one per wijk, measured like that figure, so
    the comparison page compares them; every 3rd survey indicator gets a municipal value."""
    figures = {
        f.question_id: f
        for f in NationalFigure.objects.filter(source__code=FIGURE_SOURCE, question__isnull=False)
    }
    indicators = list(
        NationalFigure.objects.filter(source__code=FIGURE_SOURCE, indicator__isnull=False)
        .order_by("indicator__code")
        .values_list("indicator_id", flat=True)
    )[::3]
    for title in RESULT_TITLES:
        questionnaire = Questionnaire.objects.filter(title=title).first()
        if questionnaire is None or questionnaire.result_uploads.exists():
            continue
        counts = {wijk: rng.randint(80, 400) for wijk in WIJKEN}
        upload = ResultUpload.objects.create(
            questionnaire=questionnaire,
            kind=ResultUpload.Kind.AGGREGATED,
            respondents=sum(counts.values()),
            wijk_counts=counts,
        )
        results = []
        items = questionnaire.items.filter(question_version__question_id__in=figures).values_list(
            "pk", "question_version__question_id"
        )
        for item_id, question_id in items.order_by("section__position", "position"):
            figure = figures[question_id]
            for wijk in ("", *WIJKEN):
                n = counts[wijk] if wijk else upload.respondents
                results.append(_local(rng, figure, n, upload=upload, item_id=item_id, wijk=wijk))
        for indicator_id in indicators:
            figure = NationalFigure(statistic=Statistic.PERCENTAGE, categories=[1, 2], value=50.0)
            results.append(
                _local(rng, figure, upload.respondents, upload=upload, indicator_id=indicator_id)
            )
        LocalResult.objects.bulk_create(results, batch_size=2000)


def _local(rng, figure: NationalFigure, n: int, **fields) -> LocalResult:
    if figure.is_percentage:
        value = min(100.0, max(0.0, round(figure.value + rng.uniform(-15, 15), 1)))
        se = round((max(value * (100 - value), 1.0) / n) ** 0.5, 3)
    else:
        value = round(figure.value + rng.uniform(-1.5, 1.5), 2)
        se = round(2.0 / n**0.5, 4)
    return LocalResult(
        statistic=figure.statistic,
        categories=figure.categories,
        value=value,
        se=se,
        ci_low=round(value - 1.96 * se, 3),
        ci_high=round(value + 1.96 * se, 3),
        n=n,
        scale_min=figure.scale_min,
        scale_max=figure.scale_max,
        **fields,
    )
