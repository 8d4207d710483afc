"""The basket sets as the comparability checks read them, as plain rows (issue 20).

A questionnaire built from a hundred sets made the builder build some 1,500 model
instances for their questions (set item, question version with all its texts, question)
and their indicators through prefetch_related: 27 of a 66 ms page (make bench, "builder
from sets"). These rows carry only what the checks and the builder show, under the
models' names, and `items` and `indicators` answer all() like a prefetched relation, so
set_verdicts, the indicator rows, the exports and the results read either.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from ..models import QuestionnaireSet, QuestionSet
from ..reads import OneIdRead


class Listed(list):
    """A list that answers all(), as a prefetched relation does."""

    def all(self) -> Listed:
        return self


@dataclass(eq=False, slots=True)
class SetItemRow:
    """A set's question: one object where the models have three (set item, question
    version, question), read as they are (si.question_version.question.code)."""

    pk: int
    position: int
    question_id: int
    code: str
    retired_at: object  # as the driver returns it: only tested for truth

    @property
    def question_version(self) -> SetItemRow:
        return self

    @property
    def question(self) -> SetItemRow:
        return self


@dataclass(eq=False, slots=True)
class IndicatorInfo:
    pk: int
    code: str
    name_nl: str


@dataclass(eq=False, slots=True)
class QuestionSetRow:
    pk: int
    code: str
    name_nl: str
    indivisible: bool
    order_locked: bool
    items: Listed  # SetItemRow, in the set's order
    indicators: Listed  # IndicatorInfo, by code
    # question id -> its place in the set, and its code: what every check of the set reads,
    # built once as the rows are read, not once per check (comparability._set_verdict).
    order: dict[int, int] = field(default_factory=dict)
    codes: dict[int, str] = field(default_factory=dict)


@dataclass(eq=False, slots=True)
class BasketSetRow:
    pk: int
    question_set_id: int
    question_set: QuestionSetRow


def basket_rows(questionnaire_id: int) -> list[BasketSetRow]:
    """The questionnaire's basket sets in the order they were added, each with its set's
    questions and indicators: one query without basket sets, two with (the sets with
    their questions, then their indicators)."""
    rows = BASKET.rows(questionnaire_id)
    if not rows:
        return []
    basket: list[BasketSetRow] = []
    qset = None
    for pk, set_id, code, name, indivisible, order_locked, *item in rows:
        if not basket or basket[-1].pk != pk:
            qset = QuestionSetRow(
                set_id, code, name, bool(indivisible), bool(order_locked), Listed(), Listed()
            )
            basket.append(BasketSetRow(pk, set_id, qset))
        if item[0] is not None:  # a set without questions has one row, without an item
            row = SetItemRow(*item)
            qset.items.append(row)
            qset.order[row.question_id] = row.position
            qset.codes[row.question_id] = row.code
    indicators = _indicators(questionnaire_id)
    for row in basket:
        row.question_set.indicators = indicators.get(row.question_set_id, Listed())
    return basket


def _basket_with_items(questionnaire_id: int) -> QuerySet:
    """The questionnaire's basket sets, each with its set's questions in the set's order
    (a LEFT JOIN: a set without questions gives one row)."""
    return (
        QuestionnaireSet.objects.filter(questionnaire_id=questionnaire_id)
        .order_by("added_at", "pk", "question_set__items__position", "question_set__items__pk")
        .values_list(
            "pk",
            "question_set_id",
            "question_set__code",
            "question_set__name_nl",
            "question_set__indivisible",
            "question_set__order_locked",
            "question_set__items__pk",
            "question_set__items__position",
            "question_set__items__question_version__question_id",
            "question_set__items__question_version__question__code",
            "question_set__items__question_version__question__retired_at",
        )
    )


def _indicators_of_basket(questionnaire_id: int) -> QuerySet:
    """The indicators of the questionnaire's basket sets. The sets by a subquery, not a
    list of their ids: Django prepares each value of an IN list one by one, 1 ms for a
    hundred sets (issue 20)."""
    set_ids = QuestionnaireSet.objects.filter(questionnaire_id=questionnaire_id).values(
        "question_set_id"
    )
    return (
        QuestionSet.indicators.through.objects.filter(questionset_id__in=set_ids)
        .order_by("indicator__code", "indicator_id")
        .values_list("questionset_id", "indicator_id", "indicator__code", "indicator__name_nl")
    )


# Compiled once per process (OneIdRead): the same statements on every response.
BASKET = OneIdRead(_basket_with_items)
INDICATORS = OneIdRead(_indicators_of_basket)


def _indicators(questionnaire_id: int) -> dict[int, Listed]:
    """The indicators of the questionnaire's basket sets, by set."""
    by_set: dict[int, Listed] = defaultdict(Listed)
    for set_id, pk, code, name in INDICATORS.rows(questionnaire_id):
        by_set[set_id].append(IndicatorInfo(pk, code, name))
    return by_set
