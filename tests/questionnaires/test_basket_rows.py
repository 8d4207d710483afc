"""The basket sets are read as plain rows (basket_rows, issue 20): they say what the
models say, in the models' order, and answer all() as a prefetched relation does."""

import pytest
from django.utils import timezone

from questionsets.models import Question
from questionsets.questionnaires.basket_rows import basket_rows
from tests import factories

from ..basket import add_set, fresh, make_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(municipality, editor):
    from questionsets.questionnaires import services

    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )
    locked = make_set(3, indivisible=True, order_locked=True, name_nl="Buurt & <wijk>")
    locked.indicators.add(factories.make_indicator())  # two indicators
    add_set(questionnaire, locked)
    add_set(questionnaire, make_set(2, indicator=False))
    add_set(questionnaire, make_set(4))
    first = locked.items.order_by("position").first().question_version.question
    Question.objects.filter(pk=first.pk).update(retired_at=timezone.now())
    return fresh(questionnaire)


def test_the_rows_are_what_the_models_say(questionnaire, django_assert_num_queries):
    with django_assert_num_queries(2):  # basket sets with their questions, their indicators
        rows = basket_rows(questionnaire.pk)
    models = list(questionnaire.basket_sets.order_by("added_at", "pk"))
    assert [(r.pk, r.question_set_id) for r in rows] == [(b.pk, b.question_set_id) for b in models]
    for row, model in zip(rows, models, strict=True):
        qset, real = row.question_set, model.question_set
        assert (qset.pk, qset.code, qset.name_nl, qset.indivisible, qset.order_locked) == (
            real.pk,
            real.code,
            real.name_nl,
            real.indivisible,
            real.order_locked,
        )
        assert [
            (
                si.pk,
                si.position,
                si.question_version.question_id,
                si.question_version.question.code,
                bool(si.question_version.question.retired_at),
            )
            for si in qset.items.all()
        ] == [
            (
                si.pk,
                si.position,
                si.question_version.question_id,
                si.question_version.question.code,
                si.question_version.question.retired_at is not None,
            )
            for si in real.items.order_by("position")
        ]
        assert [(i.pk, i.code, i.name_nl) for i in qset.indicators.all()] == [
            (i.pk, i.code, i.name_nl) for i in real.indicators.order_by("code")
        ]
    assert [len(r.question_set.indicators) for r in rows] == [2, 0, 1]
    assert rows[0].question_set.items[0].question_version.question.retired_at


def test_no_basket_sets_is_one_query(municipality, editor, django_assert_num_queries):
    from questionsets.questionnaires import services

    empty = services.questionnaire_create(
        municipality=municipality, title="Leeg", year=2025, user=editor
    )
    with django_assert_num_queries(1):
        assert basket_rows(empty.pk) == []


def test_a_set_without_questions_is_one_row_with_no_items(questionnaire):
    from questionsets.models import QuestionnaireSet

    empty = make_set(0, indicator=True)
    QuestionnaireSet.objects.create(questionnaire=questionnaire, question_set=empty)
    rows = basket_rows(questionnaire.pk)
    assert [len(r.question_set.items) for r in rows] == [3, 2, 4, 0]
    last = rows[-1].question_set
    assert (last.pk, last.order, last.codes, len(last.indicators)) == (empty.pk, {}, {}, 1)


def test_each_set_knows_its_questions_places_and_codes(questionnaire):
    for row in basket_rows(questionnaire.pk):
        items = row.question_set.items
        assert row.question_set.order == {si.question_id: si.position for si in items}
        assert row.question_set.codes == {si.question_id: si.code for si in items}
        assert list(row.question_set.order) == [si.question_id for si in items]
