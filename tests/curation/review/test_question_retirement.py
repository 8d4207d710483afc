"""Retiring a question goes through review: proposed, approved by a second curator, audited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from questionsets.curation.review import services as review
from questionsets.curation.review.models import Proposal
from questionsets.models import CatalogueChange
from tests import factories

from .helpers import use_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    return factories.make_question(code="c05i1brel", version_kw={"wording_nl": "Hoe veilig?"})


def propose_retirement(question, author, *, submit=True):
    return review.proposal_create(
        kind=Proposal.Kind.RETIRE_QUESTION,
        author=author,
        payload={"code": question.code},
        reason="Niet meer gemeten",
        submit=submit,
        question=question,
    )


def test_a_question_retires_only_when_a_second_curator_approves(question, curator, curator_b):
    proposal = propose_retirement(question, curator)
    question.refresh_from_db()
    assert not question.is_retired

    review.proposal_approve(proposal=proposal, user=curator_b)

    question.refresh_from_db()
    assert question.is_retired
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED
    assert proposal.result == "vraag c05i1brel vervallen"
    change = CatalogueChange.objects.get(model_label="questionsets.question")
    assert change.user == curator_b and "retired_at" in change.changes


def test_nobody_approves_their_own_retirement(question, curator):
    proposal = propose_retirement(question, curator)
    with pytest.raises(ValidationError, match="eigen voorstel"):
        review.proposal_approve(proposal=proposal, user=curator)
    question.refresh_from_db()
    assert not question.is_retired


def test_a_retired_question_cannot_be_retired_again(question, curator, curator_b):
    first = propose_retirement(question, curator)
    second = propose_retirement(question, curator)
    review.proposal_approve(proposal=first, user=curator_b)
    with pytest.raises(ValidationError, match="al vervallen"):
        review.proposal_approve(proposal=second, user=curator_b)


def test_the_curation_question_page_links_to_the_retirement_form(client, curator, question):
    client.force_login(curator)
    page = client.get(reverse("questionsets:curation-question", args=[question.code]))
    url = reverse("questionsets:curation-retire-question", args=[question.code])
    assert f'href="{url}"' in page.content.decode()
    assert "Laten vervallen voorstellen" in page.content.decode()


def test_propose_review_and_approve_a_retirement_through_the_pages(
    client, curator, curator_b, question
):
    use_question(question, municipality=factories.make_municipality(name="Utrecht"))
    use_question(question, municipality=factories.make_municipality(name="Zwolle"))
    client.force_login(curator)
    url = reverse("questionsets:curation-retire-question", args=[question.code])
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    response = client.post(url, {"reason": "Niet meer gemeten", "submit": "1"})
    proposal = Proposal.objects.get()
    assert proposal.kind == Proposal.Kind.RETIRE_QUESTION
    assert proposal.status == Proposal.Status.SUBMITTED

    page = client.get(response["Location"]).content.decode()
    assert "Vraag laten vervallen" in page
    assert "<li>Utrecht</li><li>Zwolle</li>" in page  # the effect panel
    assert "markeert hem als vervallen" in page

    approve = reverse("questionsets:curation-proposal-step", args=[proposal.pk, "goedkeuren"])
    client.post(approve)  # the author: refused
    question.refresh_from_db()
    assert not question.is_retired

    client.force_login(curator_b)
    client.post(approve)
    question.refresh_from_db()
    assert question.is_retired
    # Retired: no second retirement form.
    assert client.get(url).status_code == 404


def test_a_pending_retirement_is_not_public(client, curator, question):
    propose_retirement(question, curator)
    page = client.get(reverse("questionsets:question-detail", args=[question.code]))
    assert page.status_code == 200
    assert "Vervallen" not in page.content.decode()
    found = client.get(reverse("questionsets:search"), {"q": "veilig"}).content.decode()
    assert "c05i1brel" in found and "badge--retired" not in found


def test_a_retired_question_stays_readable_and_says_so(client, curator, curator_b, question):
    review.proposal_approve(proposal=propose_retirement(question, curator), user=curator_b)
    page = client.get(reverse("questionsets:question-detail", args=[question.code]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Vervallen" in content and "Hoe veilig?" in content
    found = client.get(reverse("questionsets:search"), {"q": "veilig"}).content.decode()
    assert "c05i1brel" in found
    assert 'badge--retired">vervallen' in found
