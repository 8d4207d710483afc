"""Any label the builder accepts survives its own round trip: the builder's form, the xlsx
export, check_conformance on that file (exit 0, every row identical)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from questionsets.models import QuestionnaireItem
from questionsets.questionnaires import services

pytestmark = pytest.mark.django_db

LABELS = [
    ("1 = Eens; score=5\n2 = Oneens; score=1\n3 = Weet niet (ontbrekend)", "lok1"),
    ("1 = Ja; 3 = soms\n2 = Nee\n4 = = gelijk =", "lok2"),
    ("1 = a=b\n2 = ;\n3 =  spaties  ", "lok3"),
]


def test_labels_with_semicolons_and_equals_signs_survive_the_round_trip(
    client, editor, municipality, tmp_path
):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )
    client.force_login(editor)
    create = reverse("questionsets:questionnaire-item-create", args=[questionnaire.pk])
    for options, code in LABELS:
        questionnaire.refresh_from_db()
        response = client.post(
            create,
            {
                "lock_version": questionnaire.lock_version,
                "section": questionnaire.sections.get().pk,
                "code": code,
                "wording": f"Vraag {code}?",
                "answer_type": "single",
                "new_scale_options": options,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert QuestionnaireItem.objects.filter(questionnaire=questionnaire).count() == 3
    path = tmp_path / "vragenlijst.xlsx"
    path.write_bytes(
        client.get(
            reverse("questionsets:questionnaire-export", args=[questionnaire.pk, "xlsx"])
        ).content
    )
    out = io.StringIO()
    call_command(
        "check_conformance", str(path), "--questionnaire", str(questionnaire.pk), stdout=out
    )
    output = out.getvalue()
    for _, code in LABELS:
        assert f"{code}" in output
    assert "gewijzigd" not in output, output
