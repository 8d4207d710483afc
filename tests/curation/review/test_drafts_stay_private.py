"""A proposal is not in the catalogue: no public page, search result or export shows it."""

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from questionsets.curation.review import services as review
from questionsets.curation.review.models import Proposal
from questionsets.curation.workbook import export_catalogue_workbook
from questionsets.exports import FORMATS
from tests import factories

from .helpers import propose_version, use_question

pytestmark = pytest.mark.django_db

SECRET = "Geheimvoorstelwoord"


@pytest.fixture
def proposals(curator):
    question = factories.make_question(code="c05i1brel")
    qset = factories.make_question_set(code="veiligheid", questions=[question])
    propose_version(question, curator, wording=f"{SECRET} concept?", submit=False)
    propose_version(question, curator, wording=f"{SECRET} ter beoordeling?")
    review.proposal_create(
        kind=Proposal.Kind.SET,
        author=curator,
        payload={
            "code": "geheimset",
            "name_nl": f"{SECRET} set",
            "intro_nl": "",
            "items": [question.latest_version().pk],
        },
        reason="r",
        submit=True,
    )
    review.proposal_create(
        kind=Proposal.Kind.SCALE,
        author=curator,
        payload={"code": "geheimschaal", "name": SECRET, "options": []},
        reason="r",
        submit=True,
    )
    return question, qset


def test_drafts_are_not_on_public_pages(proposals):
    question, qset = proposals
    client = Client()
    for url in (
        reverse("questionsets:home"),
        reverse("questionsets:question-detail", args=[question.code]),
        reverse("questionsets:questionset-detail", args=[qset.code]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    assert (
        client.get(reverse("questionsets:questionset-detail", args=["geheimset"])).status_code
        == 404
    )


def test_drafts_are_not_found_by_the_search(proposals):
    response = Client().get(reverse("questionsets:search"), {"q": SECRET})
    assert response.context["outcome"].results == []
    response = Client().get(reverse("questionsets:search"), {"q": "c05i1brel"})
    assert response.context["outcome"].results
    body = response.content.decode()
    assert SECRET not in body


def test_drafts_are_not_in_the_catalogue_export(proposals):
    import io

    workbook = load_workbook(io.BytesIO(export_catalogue_workbook()))
    values = [
        str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row
    ]
    assert not [v for v in values if SECRET in v or v in ("geheimset", "geheimschaal")]


def test_drafts_are_not_in_a_questionnaire_export(proposals, editor, municipality):
    question, _qset = proposals
    questionnaire = use_question(question, municipality=municipality)
    client = Client()
    client.force_login(editor)
    for fmt in FORMATS:
        response = client.get(
            reverse("questionsets:questionnaire-export", args=[questionnaire.pk, fmt])
        )
        assert response.status_code == 200, fmt
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body, fmt
