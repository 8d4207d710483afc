"""A small catalogue for the workbench tests, and a way to grow it."""

import pytest

from questionsets.curation import audit
from questionsets.models import CatalogueChange, NationalFigure, ScoringItem, ScoringRule

from ... import factories


def grow(n: int, *, tag: str = "") -> dict:
    """Add `n` of everything: concepts with definitions and relations, indicators with
    rules, questions with two versions, sets, sources, figures and audit rows."""
    made = {}
    previous = None
    for i in range(n):
        concept = factories.make_concept()
        concept.definitions.create(position=1, text=f"Definitie {concept.code}")
        if previous is not None:
            concept.relations_out.create(target=previous, kind="hangt_samen_met")
        previous = concept
        indicator = factories.make_indicator(concept=concept)
        question = factories.make_question(concept=concept)
        factories.make_version(
            question=question,
            scale=question.latest_version().scale,
            wording_nl=f"Nieuwe tekst {question.code}",
            change_reason="duidelijker",
        )
        qset = factories.make_question_set(questions=[question], indicators=[indicator])
        rule = ScoringRule.objects.create(
            indicator=indicator, variant="landelijk", kind="item_percentage", categories=[1, 2]
        )
        ScoringItem.objects.create(rule=rule, question=question, position=1)
        NationalFigure.objects.create(
            question=question,
            year=2023,
            statistic="percentage",
            categories=[1, 2],
            value=40 + i,
            source=question.latest_version().source,
        )
        audit.record(question.latest_version(), audit.Action.CREATED, via=audit.Via.SERVICE)
        made = {"concept": concept, "indicator": indicator, "question": question, "set": qset}
    assert CatalogueChange.objects.exists()
    return made


@pytest.fixture
def catalogue(db):
    return grow(2)
