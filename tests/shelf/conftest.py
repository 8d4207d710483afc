"""Shelf personas: municipality A publishes a local question, B uses it, C is a stranger."""

from types import SimpleNamespace

import pytest

from questionsets.models import QuestionnaireSection
from questionsets.questionnaires import items
from questionsets.questionnaires.items import NewScale
from tests import factories


def add_local(questionnaire, *, code="lok1", wording="Hoe veilig voelt u zich in het park?"):
    section = questionnaire.sections.first() or QuestionnaireSection.objects.create(
        questionnaire=questionnaire, title="Eigen vragen"
    )
    questionnaire.refresh_from_db()
    return items.questionnaire_add_local_item(
        questionnaire=questionnaire,
        section=section,
        data={"code": code, "wording": wording, "instruction": "", "answer_type": "single"},
        expected_version=questionnaire.lock_version,
        new_scale=NewScale(
            name="Veilig",
            options=[(1, "Veilig"), (2, "Onveilig"), (9, "Weet niet")],
            missing_codes=frozenset({9}),
        ),
    )


@pytest.fixture
def shelf(db):
    a = factories.make_municipality(code="GM0344", name="Utrecht")
    b = factories.make_municipality(code="GM0307", name="Amersfoort")
    c = factories.make_municipality(code="GM0363", name="Amsterdam")
    questionnaire_a = factories.make_questionnaire(municipality=a, title="Monitor A")
    questionnaire_b = factories.make_questionnaire(municipality=b, title="Monitor B")
    return SimpleNamespace(
        a=a,
        b=b,
        c=c,
        questionnaire_a=questionnaire_a,
        questionnaire_b=questionnaire_b,
        item_a=add_local(questionnaire_a),
        editor_a=factories.make_user(username="editor-a", municipality=a),
        editor_b=factories.make_user(username="editor-b", municipality=b),
        editor_c=factories.make_user(username="editor-c", municipality=c),
    )
