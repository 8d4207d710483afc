"""The workflow's rules: four eyes, nothing published before approval, every step audited."""

import pytest
from django.core.exceptions import ValidationError

from questionsets.curation.review import services as review
from questionsets.curation.review.models import Proposal
from questionsets.models import (
    CatalogueChange,
    QuestionSet,
    QuestionVersion,
    Verification,
)
from tests import factories

from .helpers import propose_version, use_question

pytestmark = pytest.mark.django_db


def test_a_submitted_version_is_not_published_until_a_second_curator_approves(curator, curator_b):
    question = factories.make_question(code="c05i1brel")
    proposal = propose_version(question, curator)

    assert proposal.status == Proposal.Status.SUBMITTED
    assert question.versions.count() == 1

    review.proposal_approve(proposal=proposal, user=curator_b)

    latest = question.latest_version()
    assert latest.number == 2
    assert latest.wording_nl == "Hoe veilig voelt u zich?"
    assert latest.change_reason == "Aansluiten bij de nieuwe bron"
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED
    assert proposal.reviewer == curator_b


def test_a_reworded_version_starts_unverified(curator, curator_b):
    question = factories.make_question()
    review.proposal_approve(proposal=propose_version(question, curator), user=curator_b)

    assert question.latest_version().verification == Verification.UNVERIFIED


def test_nobody_approves_or_returns_their_own_proposal(curator):
    question = factories.make_question()
    proposal = propose_version(question, curator)

    with pytest.raises(ValidationError, match="eigen voorstel"):
        review.proposal_approve(proposal=proposal, user=curator)
    with pytest.raises(ValidationError, match="eigen voorstel"):
        review.proposal_return(proposal=proposal, user=curator, comment="Nee")
    assert question.versions.count() == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


def test_a_draft_cannot_be_approved(curator, curator_b):
    proposal = propose_version(factories.make_question(), curator, submit=False)

    with pytest.raises(ValidationError, match="concept"):
        review.proposal_approve(proposal=proposal, user=curator_b)


def test_returned_with_a_comment_then_revised_and_resubmitted(curator, curator_b):
    question = factories.make_question()
    proposal = propose_version(question, curator)

    with pytest.raises(ValidationError):
        review.proposal_return(proposal=proposal, user=curator_b, comment="  ")
    review.proposal_return(proposal=proposal, user=curator_b, comment="Tikfout in 'veilig'")
    assert proposal.status == Proposal.Status.RETURNED

    payload = {
        **proposal.payload,
        "version": {**proposal.payload["version"], "wording_nl": "Nieuw?"},
    }
    review.proposal_update(
        proposal=proposal, user=curator, payload=payload, reason="r", submit=True
    )
    review.proposal_approve(proposal=proposal, user=curator_b)

    assert question.latest_version().wording_nl == "Nieuw?"
    steps = [s["step"] for s in proposal.comments]
    assert steps == ["proposed", "submitted", "returned", "revised", "submitted", "approved"]
    assert proposal.comments[2]["comment"] == "Tikfout in 'veilig'"


def test_only_the_author_revises_or_withdraws(curator, curator_b):
    proposal = propose_version(factories.make_question(), curator, submit=False)

    with pytest.raises(ValidationError):
        review.proposal_submit(proposal=proposal, user=curator_b)
    with pytest.raises(ValidationError):
        review.proposal_withdraw(proposal=proposal, user=curator_b)
    review.proposal_withdraw(proposal=proposal, user=curator)
    assert proposal.status == Proposal.Status.WITHDRAWN


def test_approval_counts_and_records_the_municipalities_notified(curator, curator_b):
    question = factories.make_question(code="c05i1brel")
    use_question(question)
    use_question(question)
    proposal = propose_version(question, curator)

    review.proposal_approve(proposal=proposal, user=curator_b)

    assert proposal.notified_count == 2
    trail = CatalogueChange.objects.filter(model_label="questionsets.proposal").order_by("pk")
    assert [(c.user, c.changes["step"][1]) for c in trail] == [
        (curator, "proposed"),
        (curator, "submitted"),
        (curator_b, "approved"),
    ]
    assert trail[0].changes["reason"] == [None, "Aansluiten bij de nieuwe bron"]
    assert trail[0].changes["version"] == [None, 2]
    assert trail[2].changes["notified_municipalities"] == [None, 2]
    assert all(c.subject == f"questionsets.question:{question.pk}" for c in trail)
    assert all(c.via == CatalogueChange.Via.REVIEW for c in trail)


def test_a_proposal_based_on_an_older_version_is_refused(curator, curator_b):
    question = factories.make_question()
    proposal = propose_version(question, curator)
    factories.make_version(question=question, wording_nl="Intussen gewijzigd?")

    with pytest.raises(ValidationError, match="intussen versie 2"):
        review.proposal_approve(proposal=proposal, user=curator_b)
    assert question.versions.count() == 2


def test_a_new_set_is_created_only_on_approval(curator, curator_b):
    first, second = factories.make_question(), factories.make_question()
    payload = {
        "code": "nieuweset",
        "name_nl": "Nieuwe set",
        "name_en": "",
        "description": "",
        "intro_nl": "Wat vindt u?",
        "intro_en": "",
        "indivisible": True,
        "order_locked": True,
        "source": None,
        "items": [second.latest_version().pk, first.latest_version().pk],
    }
    proposal = review.proposal_create(
        kind=Proposal.Kind.SET, author=curator, payload=payload, reason="r", submit=True
    )
    assert not QuestionSet.objects.filter(code="nieuweset").exists()

    review.proposal_approve(proposal=proposal, user=curator_b)

    qset = QuestionSet.objects.get(code="nieuweset")
    assert qset.status == QuestionSet.Status.PUBLISHED
    assert qset.indivisible and qset.order_locked
    assert [i.question_version.question for i in qset.items.order_by("position")] == [
        second,
        first,
    ]
    assert proposal.question_set == qset


def test_a_set_retires_only_on_approval(curator, curator_b):
    qset = factories.make_question_set(questions=[factories.make_question()])
    proposal = review.proposal_create(
        kind=Proposal.Kind.RETIRE_SET,
        author=curator,
        payload={"code": qset.code},
        reason="Vervangen",
        submit=True,
        question_set=qset,
    )
    qset.refresh_from_db()
    assert qset.status == QuestionSet.Status.PUBLISHED

    review.proposal_approve(proposal=proposal, user=curator_b)

    qset.refresh_from_db()
    assert qset.status == QuestionSet.Status.RETIRED


def test_a_scale_used_by_a_published_version_is_never_changed_in_place(curator, curator_b):
    question = factories.make_question()
    scale = question.latest_version().scale
    labels = list(scale.options.values_list("label_nl", flat=True))
    payload = {
        "code": scale.code,
        "name": "Anders",
        "note": "",
        "options": [{"code": 1, "label_nl": "Ja", "label_en": "", "missing": False}],
    }
    proposal = review.proposal_create(
        kind=Proposal.Kind.SCALE,
        author=curator,
        payload=payload,
        reason="r",
        submit=True,
        scale=scale,
    )

    with pytest.raises(ValidationError, match="verandert nooit"):
        review.proposal_approve(proposal=proposal, user=curator_b)
    assert list(scale.options.values_list("label_nl", flat=True)) == labels


def test_a_new_scale_with_a_missing_code(curator, curator_b):
    payload = {
        "code": "janee",
        "name": "Ja/nee",
        "note": "",
        "options": [
            {"code": 1, "label_nl": "Ja", "label_en": "Yes", "missing": False},
            {"code": 2, "label_nl": "Nee", "label_en": "No", "missing": False},
            {"code": 9, "label_nl": "Weet niet", "label_en": "Don't know", "missing": True},
        ],
    }
    proposal = review.proposal_create(
        kind=Proposal.Kind.SCALE, author=curator, payload=payload, reason="r", submit=True
    )
    review.proposal_approve(proposal=proposal, user=curator_b)

    options = proposal.scale.options.order_by("position")
    assert [(o.code, o.label_nl, o.is_missing) for o in options] == [
        (1, "Ja", False),
        (2, "Nee", False),
        (9, "Weet niet", True),
    ]


def test_recording_a_verification_changes_no_wording_and_is_audited(curator):
    question = factories.make_question(version_kw={"verification": Verification.UNVERIFIED})
    version = question.latest_version()

    review.version_verify(
        version=version, user=curator, verification=Verification.VERBATIM, note="CBS 2023, p. 12"
    )

    version = QuestionVersion.objects.get(pk=version.pk)
    assert (version.verification, version.verification_note) == ("verbatim", "CBS 2023, p. 12")
    change = CatalogueChange.objects.get(model_label="questionsets.questionversion")
    assert change.user == curator
    assert change.changes["verification"] == ["unverified", "verbatim"]


def test_the_demo_seeds_two_curators_so_four_eyes_can_be_tried():
    from django.contrib.auth import get_user_model

    from questionsets.curation.demo import load_demo_accounts
    from questionsets.management.commands.seed_demo import DEMO_ACCOUNTS

    factories.make_municipality(code="GM0344", name="Utrecht")
    factories.make_municipality(code="GM0363", name="Amsterdam")
    load_demo_accounts(DEMO_ACCOUNTS)
    curators = get_user_model().objects.filter(username__in=["curator", "curator2"])
    assert len([u for u in curators if review.is_curator(u)]) == 2
