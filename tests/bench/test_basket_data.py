"""The bench's questionnaires built from national sets (bench.basket_data) and their
builder figures: made as a user makes them (a section and a basket row per set, every
item from its set), once, at their sizes; the figures' floors are the page's rows."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from bench import figures
from bench.basket_data import (
    SET_QUESTIONNAIRES,
    generate_set_questionnaires,
    has_set_questionnaires,
)
from bench.generate import Scale, generate
from bench.management.commands.bench import Command
from questionsets.models import Questionnaire, QuestionnaireItem, QuestionSet
from questionsets.questionnaires import services

from ..basket import add_set, fresh, make_set

pytestmark = pytest.mark.django_db

# Sets enough for 500 items from whole sets that share no question: 1,500 questions in
# 300 sets of 5 (bs1..bs5: 12), and the bench's "Bench 1" and "Bench 2".
SETS = Scale(
    "sets",
    questions=1500,
    sets=300,
    questionnaires=2,
    min_items=10,
    max_items=100,
    big_set_items=12,
)
BIGGEST_SET = 12


@pytest.fixture
def bench_data():
    call_command("seed_demo", "--catalogue-only", stdout=StringIO())
    generate(SETS)


def _shape(title: str) -> tuple:
    questionnaire = Questionnaire.objects.get(title=title)
    return (
        questionnaire.municipality_id,
        list(
            questionnaire.items.order_by("section__position", "position").values_list(
                "section__position", "section__title", "position", "code", "from_set__code"
            )
        ),
        sorted(questionnaire.basket_sets.values_list("question_set__code", flat=True)),
    )


def test_the_set_questionnaires_are_built_from_whole_sets_once(bench_data):
    assert not has_set_questionnaires()
    made = generate_set_questionnaires()
    assert has_set_questionnaires()
    owner = Questionnaire.objects.get(title="Bench 1").municipality_id
    for title, target in SET_QUESTIONNAIRES.items():
        questionnaire = Questionnaire.objects.get(title=title)
        items = questionnaire.items.all()
        assert questionnaire.municipality_id == owner
        assert target <= made[title] == items.count() < target + BIGGEST_SET
        # Every item from a set, in that set's own section; one basket row per set.
        assert not items.filter(from_set__isnull=True).exists()
        basket = list(questionnaire.basket_sets.values_list("question_set_id", flat=True))
        assert len(basket) == len(set(basket))
        sets = items.values("from_set_id").annotate(sections=Count("section", distinct=True))
        assert sorted(s["from_set_id"] for s in sets) == sorted(basket)
        assert {s["sections"] for s in sets} == {1}
        assert questionnaire.sections.count() == len(basket) + 1  # and "Algemeen", empty
        # Whole sets, in their own order: the service's work, not a bulk insert.
        for set_id in basket:
            in_questionnaire = items.filter(from_set_id=set_id).order_by("position")
            codes = list(in_questionnaire.values_list("code", flat=True))
            question_set = QuestionSet.objects.get(pk=set_id)
            assert codes == list(
                question_set.items.order_by("position").values_list(
                    "question_version__question__code", flat=True
                )
            )
            assert len(codes) >= 5
    # Both kinds of set, so the builder shows locked and free ones as users see them.
    big_basket = Questionnaire.objects.get(title="Bench sets").basket_sets.values("question_set")
    kinds = QuestionSet.objects.filter(pk__in=big_basket).values_list("indivisible", flat=True)
    assert set(kinds) == {True, False}
    shapes = [_shape(title) for title in SET_QUESTIONNAIRES]
    count = QuestionnaireItem.objects.count()

    assert generate_set_questionnaires() == {}
    assert [_shape(title) for title in SET_QUESTIONNAIRES] == shapes
    assert QuestionnaireItem.objects.count() == count


def test_the_bench_command_tops_up_a_data_set_and_its_user_edits_them(bench_data):
    command = Command(stdout=StringIO())
    command._set_questionnaires()
    assert "Bench sets" in command.stdout.getvalue()
    assert has_set_questionnaires()
    client = command._client()
    for title in SET_QUESTIONNAIRES:
        questionnaire = Questionnaire.objects.get(title=title)
        assert client.get(f"/vragenlijsten/{questionnaire.pk}/").status_code == 200
    command = Command(stdout=StringIO())
    command._set_questionnaires()
    assert command.stdout.getvalue() == ""


def test_query_counts_of_the_builder_from_sets_are_checked_for_growth(bench_data):
    generate_set_questionnaires()
    bench = figures.PageBench(Command()._client(), repeat=1)
    rows = {name: (big, small) for name, big, small in figures.query_count_scaling(bench)}
    big = Questionnaire.objects.get(title="Bench sets").items.count()
    small = Questionnaire.objects.get(title="Bench sets small").items.count()
    assert f"builder from sets {big} vs {small} items" in rows


@pytest.fixture
def from_sets(municipality, editor):
    """Built by the user's own steps: a free set, a locked one, a free one."""
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )
    add_set(questionnaire, make_set(2))
    add_set(questionnaire, make_set(5, indivisible=True, order_locked=True))
    add_set(questionnaire, make_set(3))
    return fresh(questionnaire)


def test_the_move_is_of_an_item_that_moves_without_a_confirmation(from_sets):
    items = list(from_sets.items.order_by("section__position", "position"))
    # The middle (5 of 10) is in the locked set; its last item is the last of its section.
    assert items[5].from_set.indivisible
    assert figures.movable_item(from_sets) == items[7]
    assert not items[7].from_set.order_locked and items[7].position == 1


def test_the_figures_from_sets_have_floors_of_the_pages_rows(client, editor, from_sets):
    client.force_login(editor)
    bench = figures.PageBench(client, repeat=1)
    results = figures.builder_from_sets(bench, from_sets)
    assert [f.name for f in results] == [
        "builder from sets, page vs task floor (10 items)",
        "builder from sets, htmx fragment vs task floor (10)",
        "builder from sets, move, htmx, vs task floor (10)",
    ]
    assert all(f.value > 0 and f.floor > 0 for f in results)
    # The move was rolled back, and it took no confirmation (a 200 fragment of the rows).
    assert fresh(from_sets).lock_version == from_sets.lock_version
    assert all(bench.query_counts[f.name] > 0 for f in results)


def test_a_floor_of_a_questionnaire_from_sets_is_its_rows_byte_for_byte(client, editor, from_sets):
    client.force_login(editor)
    bench = figures.PageBench(client, repeat=1)
    url = f"/vragenlijsten/{from_sets.pk}/"
    item = figures.movable_item(from_sets)
    move = f"{url}vragen/{item.pk}/verplaatsen/"
    post = {"lock_version": from_sets.lock_version, "direction": "down"}
    for figure in (
        bench.task_floor("page", url),
        bench.task_floor("fragment", url, htmx=True),
        bench.task_floor("move", move, htmx=True, post=post),
    ):
        assert figure.value > 0 and figure.floor > 0
