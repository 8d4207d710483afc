"""The curators' reads of municipalities' proposals to the national catalogue: the queue
and one proposal with its usage and the most similar national questions. Each a fixed
number of queries, whatever the size of the catalogue or the number of municipalities."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404

from ..catalogue.similarity import similar_questions
from ..questionnaires.models import Questionnaire
from ..sharing.selectors import shared_question_usage
from .models import NationalProposal

Status = NationalProposal.Status


def queue(status: str = ""):
    """The proposals, newest first, open ones (``ingediend``) by default."""
    proposals = NationalProposal.objects.select_related(
        "shared_version", "municipality", "proposer"
    )
    if status == "alle":
        return proposals
    return proposals.filter(status=status if status in Status.values else Status.SUBMITTED)


def usage_counts(proposals) -> dict[int, int]:
    """Per shared question: how many municipalities use it in an active questionnaire, by
    reference: one query, none for an empty page."""
    ids = {p.shared_question_id for p in proposals}
    if not ids:
        return {}
    rows = (
        Questionnaire.objects.filter(
            status=Questionnaire.Status.ACTIVE,
            items__shared_version__shared_question__in=ids,
        )
        .values_list("items__shared_version__shared_question")
        .annotate(n=Count("municipality", distinct=True))
        .order_by()
    )
    return dict(rows)


def get_proposal(pk) -> NationalProposal:
    """One query: the proposal with its provenance and decision; 404 when unknown."""
    try:
        return NationalProposal.objects.select_related(
            "shared_question", "shared_version", "municipality", "proposer", "decided_by", "draft"
        ).get(pk=pk)
    except (NationalProposal.DoesNotExist, ValueError, TypeError):
        raise Http404("No proposal matches the given query.") from None


def proposal_page(pk) -> dict:
    """The proposal with its provenance and the shared version's answers (two queries),
    who uses it (one), and the most similar current national questions (one)."""
    proposal = get_proposal(pk)
    return {
        "proposal": proposal,
        "options": list(proposal.shared_version.options.all()),
        "usage": shared_question_usage(proposal.shared_question_id),
        "similar": similar_questions(proposal.shared_version.wording),
    }
