"""Backup and restore drill: restore into an empty database and find every row back."""

import pytest
from django.apps import apps
from django.core.management import call_command

from questionsets import models as m
from questionsets.curation.services import question_version_publish

from .. import factories as f
from ..basket import add_local, add_set, make_set


def snapshot():
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    versions = list(
        m.QuestionVersion.objects.order_by("pk").values_list(
            "pk", "question__code", "number", "wording_nl", "fingerprint", "created_by_id"
        )
    )
    items = list(m.QuestionnaireItem.objects.order_by("pk").values_list("pk", "code", "wording"))
    changes = list(m.CatalogueChange.objects.order_by("pk").values_list("pk", "changes"))
    return counts, versions, items, changes


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_brings_back_every_row(tmp_path, editor, curator):
    questionnaire = f.make_questionnaire(municipality=editor.memberships.get().municipality)
    qset = make_set(3)
    add_set(questionnaire, qset)
    add_local(questionnaire, wording="Hoe vaak «sport» u?\nMet een nieuwe regel.")
    question = qset.items.first().question_version.question
    question_version_publish(
        question=question,
        data={
            "wording_nl": "Hoe veilig voelt u zich — ’s avonds?",
            "answer_type": "text",
            "scale": None,
            "source": question.latest_version().source,
            "verification": "verbatim",
        },
        change_reason="nieuwe formulering",
        user=curator,
    )
    before = snapshot()
    assert before[0]["questionsets.CatalogueChange"] >= 2
    path = tmp_path / "backup.json"
    call_command("backup_db", str(path))

    call_command("flush", interactive=False, verbosity=0)
    assert m.QuestionVersion.objects.count() == 0

    call_command("restore_db", str(path))
    after = snapshot()
    assert after[0] == before[0]
    assert after[1:] == before[1:]
    restored = m.QuestionVersion.objects.get(question=question, number=2)
    assert restored.wording_nl == "Hoe veilig voelt u zich — ’s avonds?"
    assert restored.fingerprint == restored.compute_fingerprint()
