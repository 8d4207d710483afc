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
from dataclasses import dataclass

from ..models import QuestionnaireSet, QuestionSet, QuestionSetItem
from .builder_items import fetch_rows


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


@dataclass(eq=False, slots=True)
class BasketSetRow:
    pk: int
    question_set_id: int
    question_set: QuestionSetRow


def basket_rows(questionnaire_id: int) -> list[BasketSetRow]:
    """The questionnaire's basket sets in the order they were added, each with its set's
    questions and indicators: one query without basket sets, three with."""
    basket = fetch_rows(
        QuestionnaireSet.objects.filter(questionnaire_id=questionnaire_id)
        .order_by("added_at", "pk")
        .values_list(
            "pk",
            "question_set_id",
            "question_set__code",
            "question_set__name_nl",
            "question_set__indivisible",
            "question_set__order_locked",
        )
    )
    if not basket:
        return []
    # The sets by a subquery, not a list of their ids: Django prepares each value of an
    # IN list one by one, 1 ms for a hundred sets (issue 20).
    set_ids = QuestionnaireSet.objects.filter(questionnaire_id=questionnaire_id).values(
        "question_set_id"
    )
    items, indicators = _set_items(set_ids), _indicators(set_ids)
    return [
        BasketSetRow(
            pk,
            set_id,
            QuestionSetRow(
                set_id,
                code,
                name,
                bool(indivisible),
                bool(order_locked),
                items[set_id],
                indicators[set_id],
            ),
        )
        for pk, set_id, code, name, indivisible, order_locked in basket
    ]


def _set_items(set_ids) -> dict[int, Listed]:
    by_set: dict[int, Listed] = defaultdict(Listed)
    rows = fetch_rows(
        QuestionSetItem.objects.filter(question_set_id__in=set_ids)
        .order_by("question_set_id", "position", "pk")
        .values_list(
            "question_set_id",
            "pk",
            "position",
            "question_version__question_id",
            "question_version__question__code",
            "question_version__question__retired_at",
        )
    )
    for set_id, *row in rows:
        by_set[set_id].append(SetItemRow(*row))
    return by_set


def _indicators(set_ids) -> dict[int, Listed]:
    by_set: dict[int, Listed] = defaultdict(Listed)
    rows = fetch_rows(
        QuestionSet.indicators.through.objects.filter(questionset_id__in=set_ids)
        .order_by("indicator__code", "indicator_id")
        .values_list("questionset_id", "indicator_id", "indicator__code", "indicator__name_nl")
    )
    for set_id, pk, code, name in rows:
        by_set[set_id].append(IndicatorInfo(pk, code, name))
    return by_set
