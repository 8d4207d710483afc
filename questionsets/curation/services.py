"""Multi-model writes for the national catalogue, each in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ImmutableError, Question, QuestionSetItem, QuestionVersion
from . import audit

# The fields of a version that a curator supplies; number, fingerprint and timestamps
# are derived.
VERSION_INPUT_FIELDS = (
    "wording_nl",
    "wording_en",
    "instruction_nl",
    "instruction_en",
    "answer_type",
    "scale",
    "source",
    "source_reference",
    "source_variable",
    "verification",
    "verification_note",
)
# A difference in these makes a new version; verification is knowledge about the
# wording, not the wording, so it is upgraded in place.
VERSIONED_FIELDS = tuple(f for f in VERSION_INPUT_FIELDS if not f.startswith("verification"))


def version_differs(version: QuestionVersion | None, data: dict) -> bool:
    if version is None:
        return True
    return any(getattr(version, field) != data.get(field, "") for field in VERSIONED_FIELDS)


@transaction.atomic
def question_version_publish(
    *, question: Question, data: dict, change_reason: str = "", user=None
) -> tuple[QuestionVersion, bool]:
    """Publish `data` as the current wording of `question`.

    Returns (version, created). Identical content is a no-op that returns the latest
    version, so re-running an import changes nothing. Different content becomes a new
    version (a reason is required from v2 on); national set items move to it, while
    municipal questionnaires keep the version they chose. Verification-only changes
    update the latest version in place.
    """
    latest = question.versions.order_by("-number").first()
    if not version_differs(latest, data):
        changed = [
            f
            for f in ("verification", "verification_note")
            if f in data and getattr(latest, f) != data[f]
        ]
        if changed:
            before = audit.state(latest)
            for field in changed:
                setattr(latest, field, data[field])
            latest.save(update_fields=changed)
            audit.record(
                latest, audit.Action.CHANGED, user=user, via=audit.Via.SERVICE, before=before
            )
        return latest, False
    if latest is not None and not change_reason.strip():
        raise ImmutableError(
            _("Vraag %(code)s: een nieuwe versie heeft een reden van wijziging nodig."),
            code="reason_required",
            params={"code": question.code},
        )
    version = QuestionVersion(
        question=question,
        number=(latest.number + 1) if latest else 1,
        change_reason=change_reason.strip(),
        created_by=user if user is not None and user.is_authenticated else None,
        **{field: data.get(field, "") for field in VERSION_INPUT_FIELDS},
    )
    if version.scale is None or version.scale == "":
        version.scale = None
    version.full_clean(exclude=["fingerprint"])
    version.save()
    audit.record(version, audit.Action.CREATED, user=user, via=audit.Via.SERVICE)
    if latest is not None:
        moved = [
            (item, audit.state(item))
            for item in QuestionSetItem.objects.filter(question_version=latest)
        ]
        QuestionSetItem.objects.filter(question_version=latest).update(question_version=version)
        for item, before in moved:
            audit.record(
                item, audit.Action.CHANGED, user=user, via=audit.Via.SERVICE, before=before
            )
    return version, True
