"""A questionnaire with every kind of item, for the export, print and conformance tests."""

from __future__ import annotations

from questionsets.models import AnswerType, Questionnaire
from questionsets.questionnaires import items, services
from tests import factories

from .basket import add_local, add_set, fresh

TRUST_INTRO = "Hoeveel vertrouwen heeft u in de volgende instanties?"


def make_trust_set():
    """A matrix set with a shared intro, an instruction, an indicator and awkward text."""
    scale = factories.make_scale(
        labels=("Heel veel vertrouwen", "Veel vertrouwen", "Weinig vertrouwen", "Weet niet")
    )
    source = factories.make_source(instrument="CBS Veiligheidsmonitor", edition="2023")
    questions = [
        factories.make_question(
            code="vert1",
            version_kw={
                "wording_nl": "De gemeente",
                "instruction_nl": "Lees de antwoorden voor.\nKies één antwoord.",
                "scale": scale,
                "source": source,
            },
        ),
        factories.make_question(
            code="vert2",
            version_kw={
                "wording_nl": 'De politie & <de "wijkagent">',
                "scale": scale,
                "source": source,
            },
        ),
    ]
    indicator = factories.make_indicator(code="C01-I1", name_nl="Vertrouwen in instituties")
    return factories.make_question_set(
        code="vertrouwen",
        name_nl="Vertrouwen in instituties",
        intro_nl=TRUST_INTRO,
        intro_en="How much trust do you have in the following institutions?",
        questions=questions,
        indicators=[indicator],
    )


def make_full_questionnaire(municipality, user, *, extra_sets: int = 0, per_set: int = 5):
    """National items from two sets (one with an intro), one adapted, two local items."""
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Leefbaarheidsmonitor", year=2026, user=user
    )
    add_set(questionnaire, make_trust_set())
    safety = factories.make_question_set(
        code="veilig",
        name_nl="Veiligheid in de buurt",
        questions=[
            factories.make_question(code="vei1"),
            factories.make_question(
                code="vei2",
                version_kw={"wording_nl": "Hoeveel keer?", "answer_type": AnswerType.NUMERIC},
            ),
            factories.make_question(code="vei3"),
        ],
        indicators=[factories.make_indicator(code="C02-I1")],
    )
    add_set(questionnaire, safety)
    for _ in range(extra_sets):
        questions = [factories.make_question() for _ in range(per_set)]
        add_set(questionnaire, factories.make_question_set(questions=questions))
    scale = items.NewScale(name="Vaak", options=[(1, "Nooit"), (2, "Soms"), (3, "Vaak")])
    add_local(
        questionnaire,
        code="lok1",
        wording="Hoe vaak bezoekt u het buurthuis?",
        answer_type=AnswerType.SINGLE,
        new_scale=scale,
    )
    add_local(questionnaire, code="lok2", wording="Hoeveel jaar woont u hier?")
    item = questionnaire.items.get(code="vei3")
    items.questionnaire_adapt_item(
        item=item,
        data={"code": "lok3", "wording": "Voelt u zich veilig in Utrecht?", "instruction": ""},
        expected_version=fresh(questionnaire).lock_version,
    )
    return fresh(questionnaire)


def questionnaire_for(user, questionnaire: Questionnaire) -> Questionnaire:
    """As the views see it (with municipality and the user's role)."""
    from questionsets.questionnaires.access import get_questionnaire_for_user

    return get_questionnaire_for_user(user, questionnaire.pk)
