"""Survey-tool syntax in a text: `${...}` (XLSForm references an answer) and `{...}`
(LimeSurvey's Expression Manager) are refused where texts are typed; and what pyxform does
to a text is pinned against pyxform itself, so the XLSForm check compares what the form
shows."""

from dataclasses import replace
from io import BytesIO

import pytest
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from questionsets.curation.workbook import import_catalogue_workbook
from questionsets.exports import xlsform
from questionsets.exports.conformance import IDENTICAL, check_workbook
from questionsets.questionnaires import services

from ..curation.test_resources import catalogue, question_row, workbook  # noqa: F401
from .samples import big_questionnaire, full_reference
from .test_xlsform import _itext

SYNTAX = ["Hoe oud bent u, ${naam}?", "Score {vei2} of hoger?", "Haakje } alleen"]
TRICKY = [
    "“Aanhalingstekens” en ‘enkele’",
    "niet\u00a0afbreken",
    "twee  spaties   drie",
    "tab\tblijft",
    "regel\nbreuk",
    "  buiten  ",
    "einde\n\n",
    "a\u00a0 b",
]


@pytest.mark.django_db
@pytest.mark.parametrize("text", SYNTAX)
def test_the_builder_refuses_survey_syntax(client, editor, municipality, text):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )
    client.force_login(editor)
    url = reverse("questionsets:questionnaire-item-create", args=[questionnaire.pk])
    base = {
        "lock_version": questionnaire.lock_version,
        "section": questionnaire.sections.get().pk,
        "code": "lok1",
        "wording": "Hoe oud bent u?",
        "answer_type": "single",
        "new_scale_options": "1 = Ja\n2 = Nee",
    }
    for field, value in (("wording", text), ("new_scale_options", f"1 = {text}\n2 = Nee")):
        response = client.post(url, {**base, field: value})
        assert response.status_code == 422, field
        assert "accolades { }" in response.content.decode().lower(), field
    assert not questionnaire.items.exists()


@pytest.mark.django_db
def test_the_catalogue_import_refuses_survey_syntax(catalogue):  # noqa: F811
    rows = [question_row("nieuw1", vraagtekst_nl=SYNTAX[0])]
    errors = import_catalogue_workbook(workbook(vragen=rows), dry_run=True).all_errors()
    assert len(errors) == 1 and errors[0].startswith(
        "blad 'vragen', rij 2, kolom 'vraagtekst_nl': "
    ), errors
    assert "accolades { }" in errors[0].lower()


def _pyxform_labels(q) -> dict[str, str]:
    warnings: list[str] = []
    result = convert(xlsform=xlsform.render(q).data, file_type=".xlsx", warnings=warnings)
    dutch = _itext(etree.fromstring(result.xform.encode()), "Dutch (nl)")
    return {k.rsplit("/", 1)[-1].removesuffix(":label"): v for k, v in dutch.items()}


def _with_wordings(texts):
    q = big_questionnaire(len(texts))
    items = [replace(i, wording_nl=t, intro_nl="") for i, t in zip(q.items, texts, strict=False)]
    return replace(q, items=tuple(items))


def test_as_converted_is_what_pyxform_makes_of_a_text():
    q = _with_wordings(TRICKY)
    labels = _pyxform_labels(q)
    for item in q.items[: len(TRICKY)]:
        assert xlsform.as_converted(item.wording_nl) == labels[item.code], item.wording_nl


def test_the_xlsform_check_compares_the_text_as_the_form_shows_it():
    q = _with_wordings(["Voelt u zich veilig?"])
    data = xlsform.render(q).data
    wb = load_workbook(BytesIO(data))
    for row in wb["survey"].iter_rows(min_row=2):
        if row[1].value == q.items[0].code:
            row[2].value = "  Voelt  u\u00a0zich veilig?  "  # the form shows the same text
    out = BytesIO()
    wb.save(out)
    verdict = check_workbook(out.getvalue(), full_reference(q)).by_code()[q.items[0].code]
    assert verdict.verdict == IDENTICAL, verdict.differences
