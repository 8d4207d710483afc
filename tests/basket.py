"""Builders for basket tests: questionnaires with sets, local and adapted items."""

from __future__ import annotations

from questionsets.models import AnswerType, Questionnaire
from questionsets.questionnaires import items, services
from tests import factories


def make_set(n: int = 3, *, indicator=True, **kw):
    questions = [factories.make_question() for _ in range(n)]
    indicators = [factories.make_indicator()] if indicator else []
    return factories.make_question_set(questions=questions, indicators=indicators, **kw)


def fresh(questionnaire: Questionnaire) -> Questionnaire:
    questionnaire.refresh_from_db()
    return questionnaire


def add_set(questionnaire: Questionnaire, question_set):
    return services.questionnaire_add_set(
        questionnaire=fresh(questionnaire),
        question_set=question_set,
        expected_version=questionnaire.lock_version,
    )


def add_local(questionnaire: Questionnaire, code: str = "", **data):
    questionnaire = fresh(questionnaire)
    data.setdefault("code", code or services.next_local_code(questionnaire))
    data.setdefault("wording", "Hoe vaak bezoekt u het buurthuis?")
    data.setdefault("instruction", "")
    data.setdefault("answer_type", AnswerType.NUMERIC)
    return items.questionnaire_add_local_item(
        questionnaire=questionnaire,
        section=questionnaire.sections.order_by("position").first(),
        data=data,
        expected_version=questionnaire.lock_version,
        new_scale=data.pop("new_scale", None),
    )


def ordered_codes(questionnaire: Questionnaire) -> list[str]:
    return list(
        questionnaire.items.order_by("section__position", "position").values_list("code", flat=True)
    )
