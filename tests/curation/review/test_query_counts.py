"""The proposal list and the review page read a constant number of queries, whatever the size."""

import pytest
from django.urls import reverse

from questionsets.curation.review import services as review
from questionsets.curation.review.models import Proposal
from tests import factories

from .helpers import propose_version, use_question

pytestmark = pytest.mark.django_db

# Session and user, then the page's own reads (list: proposals, count for the pager).
LIST_QUERIES = 4
VERSION_REVIEW_QUERIES = 8
SET_REVIEW_QUERIES = 6


def _catalogue(n: int, author):
    """n questions, each proposed anew, each used by a municipality; one set of them all."""
    questions = [factories.make_question() for _ in range(n)]
    for question in questions:
        use_question(question)
        propose_version(question, author)
    return questions


def _set_proposal(questions, author):
    return review.proposal_create(
        kind=Proposal.Kind.SET,
        author=author,
        payload={
            "code": f"set{len(questions)}",
            "name_nl": "Set",
            "items": [q.latest_version().pk for q in reversed(questions)],
        },
        reason="r",
        submit=True,
        question_set=factories.make_question_set(questions=questions),
    )


@pytest.mark.parametrize("n", [2, 25])
def test_the_proposal_list_reads_a_constant_number_of_queries(
    client, curator, curator_b, django_assert_num_queries, n
):
    _catalogue(n, curator)
    client.force_login(curator_b)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("questionsets:curation-proposals"))
    assert len(response.context["page"].object_list) == n


@pytest.mark.parametrize("n", [2, 25])
def test_the_review_page_of_a_version_reads_a_constant_number_of_queries(
    client, curator, curator_b, django_assert_num_queries, n
):
    questions = _catalogue(n, curator)
    for _ in range(n):
        use_question(questions[0])
    proposal = Proposal.objects.get(question=questions[0])
    client.force_login(curator_b)
    with django_assert_num_queries(VERSION_REVIEW_QUERIES):
        response = client.get(reverse("questionsets:curation-proposal", args=[proposal.pk]))
    assert len(response.context["effect"].municipalities) == n + 1


@pytest.mark.parametrize("n", [2, 25])
def test_the_review_page_of_a_set_reads_a_constant_number_of_queries(
    client, curator, curator_b, django_assert_num_queries, n
):
    questions = [factories.make_question() for _ in range(n)]
    proposal = _set_proposal(questions, curator)
    client.force_login(curator_b)
    with django_assert_num_queries(SET_REVIEW_QUERIES):
        response = client.get(reverse("questionsets:curation-proposal", args=[proposal.pk]))
    assert len(response.context["item_rows"]) == n
