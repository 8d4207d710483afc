"""Proposals to the national catalogue: a municipality offers its shared question, a
curator accepts it (as a draft national question, which a second curator must approve
through the review workflow), asks for changes, or declines it with a reason.

Keyword-only, one transaction each; a refused step raises ValidationError with a Dutch
message for the page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..catalogue.question_models import CHOICE_TYPES, Verification
from ..curation.review import services as review
from ..curation.review.models import Proposal
from ..models import AnswerScale, Question
from ..models.base import code_validator, validate_not_local_namespace
from .models import NationalProposal, SharedQuestion

MOTIVATION_MAX = 2000
Status = NationalProposal.Status


@transaction.atomic
def national_proposal_create(*, shared: SharedQuestion, user, motivation: str) -> NationalProposal:
    """Propose the current version of `shared`; one open proposal per shared question,
    none after one was accepted."""
    shared = SharedQuestion.objects.select_for_update().get(pk=shared.pk)
    _check_proposable(shared, motivation)
    version = shared.versions.order_by("-number").first()
    try:
        # The row lock above is a no-op on SQLite: a proposal made at the same instant
        # can pass the check, and then the one-open-proposal constraint decides.
        with transaction.atomic():
            return NationalProposal.objects.create(
                shared_question=shared,
                shared_version=version,
                municipality_id=shared.municipality_id,
                proposer=user,
                motivation=motivation.strip(),
            )
    except IntegrityError:
        raise ValidationError(_("Deze vraag ligt al ter beoordeling bij de curatoren.")) from None


def _check_proposable(shared: SharedQuestion, motivation: str) -> None:
    if shared.is_withdrawn:
        raise ValidationError(_("Een ingetrokken gedeelde vraag kan niet worden voorgesteld."))
    if not motivation.strip():
        raise ValidationError(_("Schrijf kort waarom deze vraag in de nationale catalogus hoort."))
    if len(motivation) > MOTIVATION_MAX:
        raise ValidationError(
            _("De motivatie is hoogstens %(n)s tekens lang.") % {"n": MOTIVATION_MAX}
        )
    earlier = set(
        shared.national_proposals.filter(status__in=(Status.SUBMITTED, Status.ACCEPTED))
        .exclude(draft__status=Proposal.Status.WITHDRAWN)
        .values_list("status", flat=True)
    )
    if Status.SUBMITTED in earlier:
        raise ValidationError(_("Deze vraag ligt al ter beoordeling bij de curatoren."))
    if Status.ACCEPTED in earlier:
        raise ValidationError(_("Deze vraag is al geaccepteerd voor de nationale catalogus."))


@transaction.atomic
def national_proposal_ask_changes(*, proposal: NationalProposal, user, comment: str):
    _lock_open(proposal, user)
    if not comment.strip():
        raise ValidationError(_("Schrijf welke wijzigingen u vraagt."))
    return _decide(proposal, user, Status.CHANGES, comment)


@transaction.atomic
def national_proposal_decline(*, proposal: NationalProposal, user, reason: str):
    _lock_open(proposal, user)
    if not reason.strip():
        raise ValidationError(_("Geef een reden voor de afwijzing; de gemeente ziet haar."))
    return _decide(proposal, user, Status.DECLINED, reason)


@transaction.atomic
def national_proposal_accept(
    *, proposal: NationalProposal, user, code: str, source, scale_code: str = ""
) -> Proposal:
    """A draft review proposal for a new national question with the shared wording and
    answers unchanged and its provenance; a second curator approves it (four eyes)."""
    _lock_open(proposal, user)
    if proposal.shared_question.is_withdrawn:
        raise ValidationError(
            _(
                "De gemeente heeft deze gedeelde vraag ingetrokken; accepteren kan niet meer. "
                "Wijs het voorstel af of vraag de gemeente om wijzigingen."
            )
        )
    payload = draft_payload(proposal, code=code, source=source, scale_code=scale_code)
    draft = review.proposal_create(
        kind=Proposal.Kind.QUESTION, author=user, payload=payload, reason=provenance(proposal)
    )
    proposal.draft = draft
    _decide(proposal, user, Status.ACCEPTED, "")
    return draft


def draft_payload(
    proposal: NationalProposal, *, code: str, source, scale_code: str = "", draft=None
) -> dict:
    """The draft's payload from the proposed shared version, with its provenance;
    ``draft`` is the draft being edited (its own code is not taken)."""
    version = proposal.shared_version
    options = [
        {"code": o.code, "label_nl": o.label_nl, "label_en": "", "missing": o.is_missing}
        for o in version.options.all()
    ]
    payload = question_payload(
        code=code,
        source=source,
        scale_code=scale_code,
        version=version,
        options=options,
        draft=draft,
    )
    payload["provenance"] = {"national_proposal": proposal.pk, "text": provenance(proposal)}
    return payload


def question_payload(*, code, source, scale_code, version, options, draft=None) -> dict:
    """The payload of a QUESTION proposal: the wording as shared, an existing national
    scale with exactly these answers or a new scale under ``scale_code`` (default: the
    question's code)."""
    code = check_question_code(code, draft=draft)
    scale = None
    if version.answer_type in CHOICE_TYPES:
        scale = matching_scale(options)
        scale_code = "" if scale else check_scale_code(scale_code.strip() or code)
    else:
        options, scale_code = [], ""
    data = {
        "wording_nl": version.wording,
        "wording_en": "",
        "instruction_nl": version.instruction,
        "instruction_en": "",
        "answer_type": version.answer_type,
        "scale": scale.pk if scale else None,
        "source": source.pk,
        "source_reference": "",
        "source_variable": "",
        "verification": Verification.UNVERIFIED,
        "verification_note": "",
    }
    return {"code": code, "version": data, "scale_code": scale_code, "options": options}


def check_question_code(code: str, *, draft=None) -> str:
    code = code.strip()
    code_validator(code)
    validate_not_local_namespace(code)
    drafts = _open_question_drafts(code).exclude(pk=draft.pk if draft else None)
    taken = Question.objects.filter(code=code).exists() or drafts.exists()
    if taken:
        raise ValidationError(
            _("Er is al een vraag (of een open voorstel) met code %(code)s.") % {"code": code}
        )
    return code


def check_scale_code(code: str) -> str:
    code_validator(code)
    if AnswerScale.objects.filter(code=code).exists():
        raise ValidationError(
            _("Er is al een antwoordschaal met code %(code)s; kies een andere code.")
            % {"code": code}
        )
    return code


def _open_question_drafts(code: str):
    open_statuses = (Proposal.Status.DRAFT, Proposal.Status.RETURNED, Proposal.Status.SUBMITTED)
    return Proposal.objects.filter(
        kind=Proposal.Kind.QUESTION, status__in=open_statuses, payload__code=code
    )


def matching_scale(options: list[dict]) -> AnswerScale | None:
    """A national scale whose answers (codes, Dutch labels, missing) are exactly these."""
    wanted = [[o["code"], o["label_nl"], o["missing"]] for o in options]
    for scale in AnswerScale.objects.with_options().order_by("code"):
        if [[c, nl, m] for c, nl, _en, m in scale.options_signature()] == wanted:
            return scale
    return None


def provenance(proposal: NationalProposal) -> str:
    """Where the question comes from, in Dutch: it is stored with the catalogue."""
    with translation.override("nl"):
        return _(
            "Voorgesteld door gemeente %(municipality)s (%(person)s), gedeelde vraag "
            "%(shared)s versie %(number)s. Motivatie: %(motivation)s"
        ) % {
            "municipality": proposal.municipality.name,
            "person": review.display_name(proposal.proposer),
            "shared": proposal.shared_question_id,
            "number": proposal.shared_version.number,
            "motivation": proposal.motivation,
        }


def _lock_open(proposal: NationalProposal, user) -> None:
    if not review.is_curator(user):
        raise ValidationError(_("Alleen een curator beslist over een voorstel."))
    status = (
        NationalProposal.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=proposal.pk)
    )
    if status != Status.SUBMITTED:
        raise ValidationError(
            _("Dit kan niet meer: het voorstel is %(status)s.") % {"status": Status(status).label}
        )


def _decide(proposal: NationalProposal, user, status: str, note: str) -> NationalProposal:
    proposal.status, proposal.decision_note = status, note.strip()
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    proposal.save()
    return proposal
