"""The `make bench` data generator at a small scale: the shape the bench figures rely on,
the invariants of its bulk-inserted questionnaires, and determinism per seed."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from bench.generate import (
    BENCH_PREFIX,
    FIGURE_SOURCE,
    RESULT_TITLES,
    Scale,
    generate,
    has_bench_data,
    is_generated,
)
from questionsets.models import (
    LocalResult,
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
)

pytestmark = pytest.mark.django_db

# Big enough for every code path (big sets, Bench 1 and 2, several sections), small enough
# to generate in a second: 300 questions, 60 sets of 5 (bs1..bs5: 12), 20 questionnaires.
SMALL = Scale(
    "test", questions=300, sets=60, questionnaires=20, min_items=10, max_items=100, big_set_items=12
)


@pytest.fixture
def catalogue():
    call_command("seed_demo", "--catalogue-only", stdout=StringIO())


def _bench_items():
    return QuestionnaireItem.objects.filter(questionnaire__title__startswith="Bench ")


def _digest() -> str:
    """Everything generated, by content rather than by primary key (sequences differ)."""
    rows = [
        *Question.objects.filter(code__startswith=BENCH_PREFIX)
        .order_by("code")
        .values_list("code", "concept__code"),
        *QuestionVersion.objects.filter(question__code__startswith=BENCH_PREFIX)
        .order_by("question__code")
        .values_list("question__code", "number", "wording_nl", "answer_type", "scale__code"),
        *QuestionSetItem.objects.filter(question_set__code__startswith="bs")
        .order_by("question_set__code", "position")
        .values_list("question_set__code", "position", "question_version__question__code"),
        *Questionnaire.objects.filter(title__startswith="Bench ")
        .order_by("title")
        .values_list("title", "year", "municipality__code"),
        *QuestionnaireSection.objects.filter(questionnaire__title__startswith="Bench ")
        .order_by("questionnaire__title", "position")
        .values_list("questionnaire__title", "position", "title"),
        *_bench_items()
        .order_by("questionnaire__title", "section__position", "position")
        .values_list("questionnaire__title", "section__position", "position", "code"),
        *NationalFigure.objects.filter(source__code=FIGURE_SOURCE)
        .order_by("question__code", "indicator__code")
        .values_list("question__code", "indicator__code", "value", "n"),
        *LocalResult.objects.order_by(
            "upload__questionnaire__title", "item__section__position", "item__position", "wijk"
        ).values_list("upload__questionnaire__title", "item__code", "wijk", "value", "n"),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _digest_of_a_rolled_back_run(seed: int) -> str:
    with transaction.atomic():
        generate(SMALL, seed=seed)
        digest = _digest()
        transaction.set_rollback(True)
    return digest


def _schema(table: str) -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def _sqlite_cache_size() -> int | None:
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


def test_small_scale_has_the_shape_the_bench_figures_rely_on(catalogue):
    item_table = QuestionnaireItem._meta.db_table
    schema, cache_size = _schema(item_table), _sqlite_cache_size()

    counts = generate(SMALL)

    assert Question.objects.filter(code__startswith=BENCH_PREFIX).count() == 300
    assert QuestionVersion.objects.filter(question__code__startswith=BENCH_PREFIX).count() == 300
    assert QuestionSet.objects.filter(code__startswith="bs").count() == 60
    assert QuestionSetItem.objects.filter(question_set__code="bs1").count() == 12
    assert QuestionSetItem.objects.filter(question_set__code="bs10").count() == 5
    assert QuestionSetItem.objects.filter(question_set__code__startswith="bs").count() == (
        5 * 12 + 55 * 5
    )
    questionnaires = Questionnaire.objects.filter(title__startswith="Bench ")
    assert questionnaires.count() == 20
    assert Questionnaire.objects.get(title="Bench 1").items.count() == 100
    assert Questionnaire.objects.get(title="Bench 2").items.count() == 10
    assert counts["questionnaire items"] == _bench_items().count()
    assert set(ResultUpload.objects.values_list("questionnaire__title", flat=True)) == set(
        RESULT_TITLES
    )
    assert LocalResult.objects.filter(item__isnull=False).exists()
    assert is_generated(SMALL)

    for questionnaire in questionnaires.annotate(size=Count("items")):
        sections = list(questionnaire.sections.order_by("position"))
        assert [s.position for s in sections] == list(range(1, questionnaire.size // 25 + 2))
        assert [s.title for s in sections] == [f"Onderdeel {s.position}" for s in sections]
        items = questionnaire.items.select_related("section", "question_version__question")
        in_sections = sorted((i.section.position, i.position) for i in items)
        assert in_sections == [(n // 25 + 1, n % 25 + 1) for n in range(questionnaire.size)]
        for item in items:
            assert item.kind == QuestionnaireItem.Kind.NATIONAL
            assert item.code == item.question_version.question.code
            assert item.section.questionnaire_id == questionnaire.pk
            assert (item.wording, item.instruction, item.answer_type) == ("", "", "")
            assert item.scale_id is item.local_scale_id is item.from_set_id is None

    # The indexes dropped for the bulk load on SQLite are all back, and the connection's
    # page cache is back to what it was.
    assert _schema(item_table) == schema
    assert _sqlite_cache_size() == cache_size

    # A second run finds the scale generated and adds nothing.
    assert generate(SMALL) == counts


def test_generation_is_deterministic_per_seed(catalogue):
    first = _digest_of_a_rolled_back_run(seed=7)
    assert not Question.objects.filter(code__startswith=BENCH_PREFIX).exists()
    assert _digest_of_a_rolled_back_run(seed=7) == first
    assert _digest_of_a_rolled_back_run(seed=8) != first


def test_a_data_set_of_an_older_generation_is_not_taken_for_the_current_one(catalogue):
    generate(SMALL)
    assert is_generated(SMALL)
    Source.objects.filter(code=FIGURE_SOURCE).update(note="make bench, data generation 1")

    assert not is_generated(SMALL)  # the bench refuses it and asks to delete the database
    assert has_bench_data()
