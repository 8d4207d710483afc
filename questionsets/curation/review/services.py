"""The review workflow: propose, submit, send back, withdraw and approve, each in one transaction.

Four eyes: nobody approves or sends back their own proposal (refused here, whatever the
view does). Approval applies the payload through the catalogue's own services
(``question_version_publish`` for a new version) and writes every step to the audit trail.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ...models import (
    AnswerOption,
    AnswerScale,
    CatalogueChange,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Source,
)
from .. import audit
from ..services import question_version_publish
from . import effects
from .models import Proposal

Status = Proposal.Status
Kind = Proposal.Kind


class ReviewError(ValidationError):
    """A step the workflow refuses; its message is shown to the curator."""


def is_curator(user) -> bool:
    """Curators are the staff users who maintain the national catalogue (see seed_demo)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


# --------------------------------------------------------------------------- steps


@transaction.atomic
def proposal_create(
    *, kind: str, author, payload: dict, reason: str = "", submit: bool = False, **target
) -> Proposal:
    proposal = Proposal.objects.create(
        kind=kind, author=author, payload=payload, reason=reason, **target
    )
    _step(proposal, author, "proposed", "", old_status="")
    if submit:
        _submit(proposal, author)
    return proposal


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, user, payload: dict, reason: str, submit: bool = False
) -> Proposal:
    _require_author(proposal, user)
    _require_status(proposal, (Status.DRAFT, Status.RETURNED))
    proposal.payload, proposal.reason = payload, reason
    proposal.save(update_fields=["payload", "reason", "updated_at"])
    _step(proposal, user, "revised", "")
    if submit:
        _submit(proposal, user)
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: Proposal, user) -> Proposal:
    _require_author(proposal, user)
    _require_status(proposal, (Status.DRAFT, Status.RETURNED))
    _submit(proposal, user)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user) -> Proposal:
    _require_author(proposal, user)
    _require_status(proposal, (Status.DRAFT, Status.RETURNED, Status.SUBMITTED))
    _move(proposal, user, Status.WITHDRAWN, "withdrawn", "")
    return proposal


@transaction.atomic
def proposal_return(*, proposal: Proposal, user, comment: str) -> Proposal:
    _require_reviewer(proposal, user)
    if not comment.strip():
        raise ReviewError(
            _("Schrijf bij het terugsturen wat er moet veranderen."), code="comment_required"
        )
    proposal.reviewer = user
    _move(proposal, user, Status.RETURNED, "returned", comment.strip())
    return proposal


@transaction.atomic
def proposal_approve(*, proposal: Proposal, user, comment: str = "") -> Proposal:
    """Apply the proposal to the catalogue and record who approved it and who was notified."""
    # Lock the row and read its current state: two reviewers cannot both approve it.
    list(Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("pk"))
    proposal.refresh_from_db(fields=["status", "comments", "payload", "reason"])
    _require_reviewer(proposal, user)
    effect = effects.effect_of(proposal)
    proposal.result = APPLY[proposal.kind](proposal, user)
    proposal.reviewer = user
    proposal.decided_at = timezone.now()
    proposal.notified_count = len(effect.municipalities) if effect.notifies else 0
    _move(proposal, user, Status.APPROVED, "approved", comment.strip())
    return proposal


def _submit(proposal: Proposal, user) -> None:
    proposal.submitted_at = timezone.now()
    _move(proposal, user, Status.SUBMITTED, "submitted", "")


def _move(proposal: Proposal, user, status: str, step: str, comment: str) -> None:
    old = proposal.status
    proposal.status = status
    proposal.save()
    _step(proposal, user, step, comment, old_status=old)


def _step(proposal: Proposal, user, step: str, comment: str, *, old_status=None) -> None:
    """One line in the proposal's own history and one row in the catalogue's audit trail."""
    when = timezone.now()
    proposal.comments = [
        *proposal.comments,
        {"step": step, "user": display_name(user), "at": when.isoformat(), "comment": comment},
    ]
    proposal.save(update_fields=["comments"])
    changes = {
        "status": [old_status if old_status is not None else proposal.status, proposal.status]
    }
    changes["step"] = [None, step]
    if step == "proposed" and proposal.reason:
        changes["reason"] = [None, proposal.reason]
    if comment:
        changes["comment"] = [None, comment]
    if proposal.kind == Kind.VERSION:
        changes["version"] = [None, proposal.payload.get("number")]
    if step == "approved":
        changes["notified_municipalities"] = [None, proposal.notified_count]
        changes["result"] = [None, proposal.result]
    CatalogueChange.objects.create(
        created_at=when,
        user=user,
        via=audit.Via.REVIEW,
        model_label="questionsets.proposal",
        object_pk=str(proposal.pk),
        object_key=f"{proposal.kind} {proposal.target_code}"[:300],
        subject=_subject(proposal),
        action=audit.Action.CREATED if step == "proposed" else audit.Action.CHANGED,
        changes=changes,
    )


def _subject(proposal: Proposal) -> str:
    target = proposal.question or proposal.question_set or proposal.scale
    return audit.subject_for(target if target is not None else proposal)


def _require_author(proposal: Proposal, user) -> None:
    if proposal.author_id != user.pk:
        raise ReviewError(
            _("Alleen wie het voorstel deed, kan het aanpassen, indienen of intrekken."),
            code="not_author",
        )


def _require_status(proposal: Proposal, allowed) -> None:
    if proposal.status not in allowed:
        raise ReviewError(
            _("Dit kan niet meer: het voorstel is %(status)s.")
            % {"status": proposal.get_status_display()},
            code="status",
        )


def _require_reviewer(proposal: Proposal, user) -> None:
    if proposal.author_id == user.pk:
        raise ReviewError(
            _(
                "U kunt uw eigen voorstel niet goedkeuren of terugsturen: een tweede curator "
                "moet het beoordelen (vier ogen)."
            ),
            code="own_proposal",
        )
    _require_status(proposal, (Status.SUBMITTED,))


# --------------------------------------------------------------------------- applying


def _apply_version(proposal: Proposal, user) -> str:
    payload = proposal.payload
    question = Question.objects.select_for_update().get(pk=proposal.question_id)
    latest = question.latest_version()
    if latest is not None and latest.number != payload.get("base_number"):
        raise ReviewError(
            _(
                "Er is intussen versie %(n)s van %(code)s gepubliceerd; dit voorstel ging uit "
                "van een oudere versie. Stuur het terug zodat het kan worden aangepast."
            )
            % {"n": latest.number, "code": question.code},
            code="stale",
        )
    version, created = question_version_publish(
        question=question,
        data=version_data(payload),
        change_reason=proposal.reason,
        user=user,
    )
    if not created:
        raise ReviewError(_("Niets gewijzigd: de inhoud is gelijk aan de huidige versie."))
    return _("versie %(n)s van %(code)s gepubliceerd") % {
        "n": version.number,
        "code": question.code,
    }


def version_payload(data: dict, latest: QuestionVersion | None) -> dict:
    """A proposal's payload for a new version from a form's ``version_data()``."""
    data = dict(data)
    data["scale"] = data["scale"].pk if data.get("scale") else None
    data["source"] = data["source"].pk if data.get("source") else None
    data = {k: ("" if v is None and k not in ("scale", "source") else v) for k, v in data.items()}
    base = latest.number if latest is not None else None
    return {"version": data, "number": (base or 0) + 1, "base_number": base}


def version_data(payload: dict) -> dict:
    data = {k: v for k, v in payload.get("version", {}).items()}
    data["scale"] = AnswerScale.objects.filter(pk=data.get("scale")).first()
    data["source"] = Source.objects.filter(pk=data.get("source")).first()
    return data


SET_FIELDS = (
    "name_nl",
    "name_en",
    "description",
    "intro_nl",
    "intro_en",
    "indivisible",
    "order_locked",
)


def _apply_set(proposal: Proposal, user) -> str:
    payload = proposal.payload
    code = proposal.question_set.code if proposal.question_set_id else payload["code"]
    with audit.batch((QuestionSet, QuestionSetItem), user=user, via=audit.Via.REVIEW, keys=[code]):
        qset = proposal.question_set or QuestionSet(code=code)
        for field in SET_FIELDS:
            setattr(qset, field, payload.get(field, getattr(qset, field)))
        qset.source_id = payload.get("source") or None
        if qset.pk is None or qset.status == QuestionSet.Status.DRAFT:
            qset.status = QuestionSet.Status.PUBLISHED
        qset.full_clean()
        qset.save()
        ids = payload.get("items", [])
        found = set(QuestionVersion.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if len(found) != len(ids) or len(set(ids)) != len(ids):
            raise ReviewError(_("Een vraagversie van deze set bestaat niet (meer)."))
        qset.items.all().delete()
        QuestionSetItem.objects.bulk_create(
            QuestionSetItem(question_set=qset, position=i, question_version_id=pk)
            for i, pk in enumerate(ids, start=1)
        )
    if proposal.question_set_id is None:
        proposal.question_set = qset
    return _("set %(code)s gepubliceerd") % {"code": code}


def _apply_retire_set(proposal: Proposal, user) -> str:
    qset = proposal.question_set
    with audit.batch((QuestionSet,), user=user, via=audit.Via.REVIEW, keys=[qset.code]):
        qset.status = QuestionSet.Status.RETIRED
        qset.save(update_fields=["status", "updated_at"])
    return _("set %(code)s vervallen") % {"code": qset.code}


def _apply_retire_question(proposal: Proposal, user) -> str:
    question = Question.objects.select_for_update().get(pk=proposal.question_id)
    if question.is_retired:
        raise ReviewError(
            _("Vraag %(code)s is al vervallen.") % {"code": question.code}, code="retired"
        )
    with audit.batch((Question,), user=user, via=audit.Via.REVIEW, keys=[question.code]):
        question.retired_at = timezone.now()
        question.save(update_fields=["retired_at", "updated_at"])
    return _("vraag %(code)s vervallen") % {"code": question.code}


def _apply_scale(proposal: Proposal, user) -> str:
    payload = proposal.payload
    scale = proposal.scale
    if scale is not None and scale.is_in_use():
        raise ReviewError(
            _(
                "Schaal %(code)s wordt gebruikt door een gepubliceerde vraagversie en verandert "
                "nooit; stel een nieuwe schaal met een eigen code voor."
            )
            % {"code": scale.code},
            code="scale_frozen",
        )
    code = scale.code if scale is not None else payload["code"]
    models = (AnswerScale, AnswerOption)
    with audit.batch(models, user=user, via=audit.Via.REVIEW, keys=[code]):
        scale = scale or AnswerScale(code=code)
        scale.name, scale.note = payload["name"], payload.get("note", "")
        scale.full_clean()
        scale.save()
        scale.options.all().delete()
        AnswerOption.objects.bulk_create(
            AnswerOption(
                scale=scale,
                position=i,
                code=o["code"],
                label_nl=o["label_nl"],
                label_en=o.get("label_en", ""),
                is_missing=o.get("missing", False),
            )
            for i, o in enumerate(payload["options"], start=1)
        )
    proposal.scale = scale
    return _("schaal %(code)s opgeslagen") % {"code": code}


def _apply_question(proposal: Proposal, user) -> str:
    """A new national question from a municipality's shared question: its scale when
    none matched, the question with its provenance as note, and version 1 (unverified,
    the provenance as its reason)."""
    payload = proposal.payload
    code = payload["code"]
    if Question.objects.filter(code=code).exists():
        raise ReviewError(
            _("Er is intussen al een vraag met code %(code)s.") % {"code": code}, code="taken"
        )
    data = version_data(payload)
    if payload.get("scale_code"):
        data["scale"] = _new_scale(payload, user)
    with audit.batch((Question,), user=user, via=audit.Via.REVIEW, keys=[code]):
        question = Question(code=code, note=payload.get("provenance", {}).get("text", ""))
        question.full_clean()
        question.save()
    question_version_publish(question=question, data=data, change_reason=proposal.reason, user=user)
    proposal.question = question
    return _("vraag %(code)s gepubliceerd") % {"code": code}


def _new_scale(payload: dict, user) -> AnswerScale:
    code = payload["scale_code"]
    if AnswerScale.objects.filter(code=code).exists():
        raise ReviewError(
            _("Er is intussen al een antwoordschaal met code %(code)s.") % {"code": code}
        )
    with audit.batch((AnswerScale, AnswerOption), user=user, via=audit.Via.REVIEW, keys=[code]):
        with translation.override("nl"):
            name = _("Antwoorden van vraag %(code)s") % {"code": payload["code"]}
        scale = AnswerScale(
            code=code, name=name, note=payload.get("provenance", {}).get("text", "")
        )
        scale.full_clean()
        scale.save()
        AnswerOption.objects.bulk_create(
            AnswerOption(
                scale=scale,
                position=i,
                code=o["code"],
                label_nl=o["label_nl"],
                label_en=o.get("label_en", ""),
                is_missing=o.get("missing", False),
            )
            for i, o in enumerate(payload["options"], start=1)
        )
    return scale


APPLY = {
    Kind.QUESTION: _apply_question,
    Kind.VERSION: _apply_version,
    Kind.SET: _apply_set,
    Kind.RETIRE_SET: _apply_retire_set,
    Kind.RETIRE_QUESTION: _apply_retire_question,
    Kind.SCALE: _apply_scale,
}


@transaction.atomic
def version_verify(*, version: QuestionVersion, user, verification: str, note: str) -> None:
    """Record where a published wording was checked; the wording itself does not change.

    A direct action, not a proposal: verification is knowledge about a wording, upgraded in
    place by the catalogue's own rule, and the audit trail names who recorded it and where.
    """
    before = audit.state(version)
    version.verification, version.verification_note = verification, note
    version.save(update_fields=["verification", "verification_note"])
    audit.record(version, audit.Action.CHANGED, user=user, via=audit.Via.REVIEW, before=before)
