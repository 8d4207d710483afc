"""Builders for review tests: a question used by municipalities, a proposal of each kind."""

from __future__ import annotations

from questionsets.curation.review import services as review
from questionsets.curation.review.models import Proposal
from questionsets.models import QuestionnaireItem, QuestionnaireSection, QuestionnaireSet
from tests import factories


def use_question(question, *, municipality=None, question_set=None):
    """An active questionnaire of `municipality` holding the question's latest version."""
    questionnaire = factories.make_questionnaire(
        **({"municipality": municipality} if municipality else {})
    )
    section = QuestionnaireSection.objects.create(questionnaire=questionnaire, title="Deel 1")
    version = question.latest_version()
    QuestionnaireItem.objects.create(
        questionnaire=questionnaire,
        section=section,
        kind=QuestionnaireItem.Kind.NATIONAL,
        code=question.code,
        question_version=version,
        from_set=question_set,
    )
    if question_set is not None:
        QuestionnaireSet.objects.create(questionnaire=questionnaire, question_set=question_set)
    return questionnaire


def version_payload(question, wording: str, **changes) -> dict:
    latest = question.latest_version()
    version = {
        "wording_nl": wording,
        "wording_en": latest.wording_en,
        "instruction_nl": latest.instruction_nl,
        "instruction_en": latest.instruction_en,
        "answer_type": latest.answer_type,
        "scale": latest.scale_id,
        "source": latest.source_id,
        "source_reference": latest.source_reference,
        "source_variable": latest.source_variable,
        "verification": "",
        "verification_note": "",
        **changes,
    }
    return {"version": version, "number": latest.number + 1, "base_number": latest.number}


def propose_version(question, author, wording="Hoe veilig voelt u zich?", *, submit=True):
    return review.proposal_create(
        kind=Proposal.Kind.VERSION,
        author=author,
        payload=version_payload(question, wording),
        reason="Aansluiten bij de nieuwe bron",
        submit=submit,
        question=question,
    )
