"""The builder's reads are compiled to SQL once per process (OneIdRead, issue 20): they
give the rows the ORM gives for the same QuerySet, only the questionnaire's, and refuse a
QuerySet whose id does not end up as a query parameter."""

import pytest

from questionsets.models import Questionnaire, QuestionnaireSection
from questionsets.questionnaires import services
from questionsets.questionnaires.basket_rows import (
    BASKET,
    INDICATORS,
    _basket_with_items,
    _indicators_of_basket,
)
from questionsets.questionnaires.builder import SECTIONS
from questionsets.questionnaires.builder_items import ITEMS, _all_items
from questionsets.reads import OneIdRead, fetch_rows

from ..basket import add_local, add_set, fresh, make_set

pytestmark = pytest.mark.django_db

READS = {
    "items": (ITEMS, lambda pk: _all_items().filter(questionnaire_id=pk)),
    "sections": (SECTIONS, SECTIONS.build),
    "basket": (BASKET, _basket_with_items),
    "indicators": (INDICATORS, _indicators_of_basket),
}


@pytest.fixture
def two(municipality, other_municipality, editor, outsider):
    """Two questionnaires of two municipalities, with sets, local questions and sections."""
    made = []
    for owner, user, n in ((municipality, editor, 3), (other_municipality, outsider, 2)):
        questionnaire = services.questionnaire_create(
            municipality=owner, title="Monitor", year=2025, user=user
        )
        add_set(questionnaire, make_set(n, indivisible=True))
        add_set(questionnaire, make_set(n + 1))
        add_local(questionnaire)
        services.questionnaire_add_section(
            questionnaire=fresh(questionnaire),
            title="Tweede",
            expected_version=fresh(questionnaire).lock_version,
        )
        made.append(fresh(questionnaire))
    return made


@pytest.mark.parametrize("name", READS)
def test_a_compiled_read_gives_the_orms_rows_of_that_questionnaire_only(two, name):
    read, build = READS[name]
    for questionnaire in two:
        rows = read.rows(questionnaire.pk)
        assert rows  # every read has rows here: the check below compares something
        assert rows == fetch_rows(build(questionnaire.pk))
    assert read.rows(two[0].pk) != read.rows(two[1].pk)
    assert read.rows(0) == []  # no questionnaire has id 0


@pytest.mark.parametrize("name", READS)
def test_a_compiled_read_runs_the_orms_sql_with_the_id_as_a_parameter(two, name):
    read, build = READS[name]
    sql, params, _slots = read.compile()
    expected_sql, expected_params = build(two[0].pk).query.sql_with_params()
    assert sql == expected_sql
    assert [two[0].pk if p == OneIdRead.MARKER else p for p in params] == list(expected_params)


def test_the_sql_is_compiled_once_and_reused(two, django_assert_num_queries):
    built = []

    def build(pk):
        built.append(pk)
        return QuestionnaireSection.objects.filter(questionnaire_id=pk).values_list("pk")

    read = OneIdRead(build)
    with django_assert_num_queries(3):
        rows = [read.rows(q.pk) for q in (*two, two[0])]
    assert built == [OneIdRead.MARKER]
    assert rows[0] == rows[2] != rows[1]
    assert {pk for (pk,) in rows[0]} == set(two[0].sections.values_list("pk", flat=True))


def test_a_read_whose_id_is_not_a_parameter_is_refused(two, django_assert_num_queries):
    read = OneIdRead(lambda pk: Questionnaire.objects.values_list("pk"))
    with django_assert_num_queries(0), pytest.raises(ValueError, match="not a parameter"):
        read.rows(two[0].pk)  # refused before anything runs


def test_the_usage_reads_give_the_orms_rows(two):
    """The question and set pages' usage panels (sharing.selectors) read with OneIdRead."""
    from django.db.models import Q

    from questionsets.sharing import selectors

    assert {q.status for q in two} == {selectors.ACTIVE}  # both count as use
    basket = two[0].basket_sets.first()
    question_id = basket.question_set.items.first().question_version.question_id
    cases = [
        (
            selectors._QUESTION_USAGE,
            question_id,
            "questionnaires__items__question_version__question_id",
        ),
        (
            selectors._SET_USAGE,
            basket.question_set_id,
            "questionnaires__basket_sets__question_set_id",
        ),
    ]
    for read, pk, lookup in cases:
        rows = read.rows(pk)
        assert [row[1] for row in rows] == [two[0].municipality.code]
        assert rows == fetch_rows(selectors._using(Q(**{lookup: pk})))
