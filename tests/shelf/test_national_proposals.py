"""Proposals to the national catalogue: propose, ask for changes, decline, accept as a
draft national question that a second curator approves (four eyes)."""

import pytest
from django.core.exceptions import ValidationError

from questionsets.curation.review import services as review
from questionsets.curation.review.models import Proposal
from questionsets.models import AnswerScale, NationalProposal, Question, QuestionnaireItem
from questionsets.shelf import proposals, services
from tests import factories

Status = NationalProposal.Status


@pytest.fixture
def shared(shelf):
    return services.shared_question_publish(
        item=shelf.item_a, rationale="Park.", user=shelf.editor_a
    ).shared_question


@pytest.fixture
def curators(db):
    return (
        factories.make_user(
            username="anna", first_name="Anna", last_name="de Vries", is_staff=True
        ),
        factories.make_user(username="pieter", is_staff=True),
    )


def propose(shared, user, motivation="Veel gemeenten meten dit."):
    return proposals.national_proposal_create(shared=shared, user=user, motivation=motivation)


def test_a_proposal_records_its_provenance(shelf, shared):
    proposal = propose(shared, shelf.editor_a)
    assert proposal.status == Status.SUBMITTED
    assert proposal.shared_version == shared.versions.get(number=1)
    assert (proposal.municipality, proposal.proposer) == (shelf.a, shelf.editor_a)
    assert proposal.motivation == "Veel gemeenten meten dit."


def test_one_open_proposal_per_shared_question(shelf, shared):
    propose(shared, shelf.editor_a)
    with pytest.raises(ValidationError, match="ligt al ter beoordeling"):
        propose(shared, shelf.editor_a)


def test_a_proposal_racing_past_the_check_is_refused_not_a_500(shelf, shared, monkeypatch):
    """Two editors proposing at the same instant: on SQLite the row lock is a no-op, so
    both can pass the check; the database's one-open-proposal constraint then decides,
    and the second gets the same message, with nothing stored."""
    propose(shared, shelf.editor_a)
    monkeypatch.setattr(proposals, "_check_proposable", lambda shared, motivation: None)
    with pytest.raises(ValidationError, match="al ter beoordeling"):
        propose(shared, shelf.editor_a)
    assert shared.national_proposals.count() == 1


@pytest.mark.parametrize(
    ("motivation", "message"),
    [(" ", "Schrijf kort waarom"), ("x" * 2001, "hoogstens 2000 tekens")],
)
def test_a_motivation_is_required_and_bounded(shelf, shared, motivation, message):
    with pytest.raises(ValidationError, match=message):
        propose(shared, shelf.editor_a, motivation)


def test_a_withdrawn_shared_question_cannot_be_proposed(shelf, shared):
    services.shared_question_withdraw(shared=shared)
    with pytest.raises(ValidationError, match="ingetrokken gedeelde vraag"):
        propose(shared, shelf.editor_a)


def test_ask_for_changes_then_propose_the_new_version(shelf, shared, curators):
    first = propose(shared, shelf.editor_a)
    with pytest.raises(ValidationError, match="welke wijzigingen"):
        proposals.national_proposal_ask_changes(proposal=first, user=curators[0], comment=" ")
    proposals.national_proposal_ask_changes(
        proposal=first, user=curators[0], comment="Noem het park niet."
    )
    first.refresh_from_db()
    assert (first.status, first.decision_note, first.decided_by) == (
        Status.CHANGES,
        "Noem het park niet.",
        curators[0],
    )
    QuestionnaireItem.objects.filter(pk=shelf.item_a.pk).update(wording="Hoe veilig hier?")
    shelf.item_a.refresh_from_db()
    services.shared_question_publish(item=shelf.item_a, rationale="Algemener.", user=None)
    second = propose(shared, shelf.editor_a)
    assert second.shared_version.number == 2
    assert second.status == Status.SUBMITTED


def test_decline_needs_a_reason_and_allows_a_new_proposal(shelf, shared, curators):
    proposal = propose(shared, shelf.editor_a)
    with pytest.raises(ValidationError, match="Geef een reden"):
        proposals.national_proposal_decline(proposal=proposal, user=curators[0], reason="")
    proposals.national_proposal_decline(
        proposal=proposal, user=curators[0], reason="Bestaat al als c11i1b."
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_note) == (Status.DECLINED, "Bestaat al als c11i1b.")
    assert propose(shared, shelf.editor_a).status == Status.SUBMITTED


@pytest.mark.parametrize("first", ["decline", "changes", "accept"])
def test_a_decided_proposal_cannot_be_decided_again(shelf, shared, curators, first):
    proposal = propose(shared, shelf.editor_a)
    curator = curators[0]
    steps = {
        "decline": lambda: proposals.national_proposal_decline(
            proposal=proposal, user=curator, reason="Nee."
        ),
        "changes": lambda: proposals.national_proposal_ask_changes(
            proposal=proposal, user=curator, comment="Anders."
        ),
        "accept": lambda: proposals.national_proposal_accept(
            proposal=proposal, user=curator, code="parkveilig", source=factories.make_source()
        ),
    }
    steps[first]()
    for step in steps.values():
        with pytest.raises(ValidationError, match="Dit kan niet meer: het voorstel is"):
            step()


def test_only_curators_decide(shelf, shared):
    proposal = propose(shared, shelf.editor_a)
    with pytest.raises(ValidationError, match="Alleen een curator"):
        proposals.national_proposal_decline(proposal=proposal, user=shelf.editor_b, reason="Nee.")
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED


def test_an_accepted_question_cannot_be_proposed_again(shelf, shared, curators):
    proposal = propose(shared, shelf.editor_a)
    proposals.national_proposal_accept(
        proposal=proposal, user=curators[0], code="parkveilig", source=factories.make_source()
    )
    with pytest.raises(ValidationError, match="al geaccepteerd"):
        propose(shared, shelf.editor_a)


def test_accepting_makes_a_draft_and_nothing_national_yet(shelf, shared, curators):
    proposal = propose(shared, shelf.editor_a)
    source = factories.make_source()
    draft = proposals.national_proposal_accept(
        proposal=proposal, user=curators[0], code="parkveilig", source=source
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.draft) == (Status.ACCEPTED, draft)
    assert (draft.kind, draft.status, draft.author) == (
        Proposal.Kind.QUESTION,
        Proposal.Status.DRAFT,
        curators[0],
    )
    assert draft.payload["code"] == "parkveilig"
    assert draft.payload["version"]["wording_nl"] == "Hoe veilig voelt u zich in het park?"
    assert draft.payload["version"]["source"] == source.pk
    assert draft.payload["scale_code"] == "parkveilig"
    assert [(o["code"], o["label_nl"], o["missing"]) for o in draft.payload["options"]] == [
        (1, "Veilig", False),
        (2, "Onveilig", False),
        (9, "Weet niet", True),
    ]
    assert draft.reason.startswith(
        "Voorgesteld door gemeente Utrecht (editor-a), gedeelde vraag "
        f"{shared.pk} versie 1. Motivatie: Veel gemeenten meten dit."
    )
    assert not Question.objects.filter(code="parkveilig").exists()
    assert not AnswerScale.objects.filter(code="parkveilig").exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("lokpark", "lokale vragen gereserveerd"),
        ("Park!", "begint met een kleine letter"),
        ("bestaand", "Er is al een vraag"),
    ],
)
def test_a_bad_or_taken_code_is_refused_and_nothing_changes(shelf, shared, curators, code, message):
    factories.make_question(code="bestaand")
    proposal = propose(shared, shelf.editor_a)
    with pytest.raises(ValidationError, match=message):
        proposals.national_proposal_accept(
            proposal=proposal, user=curators[0], code=code, source=factories.make_source()
        )
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    assert not Proposal.objects.exists()


def test_a_national_scale_with_the_same_answers_is_reused(shelf, shared, curators):
    scale = factories.make_scale(labels=("Veilig", "Onveilig", "Weet niet"), code="veilig")
    draft = proposals.national_proposal_accept(
        proposal=propose(shared, shelf.editor_a),
        user=curators[0],
        code="parkveilig",
        source=factories.make_source(),
    )
    assert draft.payload["version"]["scale"] == scale.pk
    assert draft.payload["scale_code"] == ""


def test_four_eyes_then_the_question_is_national_with_its_provenance(shelf, shared, curators):
    anna, pieter = curators
    draft = proposals.national_proposal_accept(
        proposal=propose(shared, shelf.editor_a),
        user=anna,
        code="parkveilig",
        source=factories.make_source(),
        scale_code="veiligpark",
    )
    review.proposal_submit(proposal=draft, user=anna)
    with pytest.raises(ValidationError, match="vier ogen"):
        review.proposal_approve(proposal=draft, user=anna)
    assert not Question.objects.filter(code="parkveilig").exists()
    review.proposal_approve(proposal=draft, user=pieter)
    question = Question.objects.get(code="parkveilig")
    version = question.versions.get()
    assert version.number == 1
    assert version.wording_nl == "Hoe veilig voelt u zich in het park?"
    assert version.verification == "unverified"
    assert version.change_reason.startswith("Voorgesteld door gemeente Utrecht")
    assert "gedeelde vraag" in question.note and "versie 1" in question.note
    assert version.scale.code == "veiligpark"
    assert version.scale.options_signature() == [
        [1, "Veilig", "", False],
        [2, "Onveilig", "", False],
        [9, "Weet niet", "", True],
    ]
    draft.refresh_from_db()
    assert (draft.status, draft.question, draft.result) == (
        Proposal.Status.APPROVED,
        question,
        "vraag parkveilig gepubliceerd",
    )


def test_approval_is_refused_when_the_code_was_taken_meanwhile(shelf, shared, curators):
    anna, pieter = curators
    draft = proposals.national_proposal_accept(
        proposal=propose(shared, shelf.editor_a),
        user=anna,
        code="parkveilig",
        source=factories.make_source(),
    )
    review.proposal_submit(proposal=draft, user=anna)
    factories.make_question(code="parkveilig")
    with pytest.raises(ValidationError, match="intussen al een vraag met code parkveilig"):
        review.proposal_approve(proposal=draft, user=pieter)
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.SUBMITTED


def test_a_proposal_withdrawn_by_the_municipality_cannot_be_accepted(shelf, shared, curators):
    proposal = propose(shared, shelf.editor_a)
    services.shared_question_withdraw(shared=shared)
    proposal.refresh_from_db()
    with pytest.raises(ValidationError, match="ingetrokken; accepteren kan niet meer"):
        proposals.national_proposal_accept(
            proposal=proposal, user=curators[0], code="parkveilig", source=factories.make_source()
        )
    proposals.national_proposal_decline(proposal=proposal, user=curators[0], reason="Ingetrokken.")
    proposal.refresh_from_db()
    assert proposal.status == Status.DECLINED


def test_a_draft_withdrawn_by_the_curators_allows_a_new_proposal(shelf, shared, curators):
    draft = proposals.national_proposal_accept(
        proposal=propose(shared, shelf.editor_a),
        user=curators[0],
        code="parkveilig",
        source=factories.make_source(),
    )
    review.proposal_withdraw(proposal=draft, user=curators[0])
    assert propose(shared, shelf.editor_a).status == Status.SUBMITTED
