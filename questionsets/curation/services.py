"""Multi-model writes for the national catalogue, each in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ImmutableError, Question, QuestionSetItem, QuestionVersion, Verification
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
VERIFICATION_FIELDS = ("verification", "verification_note")


def version_differs(version: QuestionVersion | None, data: dict) -> bool:
    if version is None:
        return True
    return any(getattr(version, field) != data.get(field, "") for field in VERSIONED_FIELDS)


def states_a_check(data: dict, previous: QuestionVersion | None) -> bool:
    """Whether ``data`` states a verification of its own wording rather than carrying one over.

    A verification describes the wording that was checked. For a first version whatever the
    curator gives counts. For any later wording it counts only with a status and a vindplaats
    (``verification_note``) that is filled in and differs from the previous version's: the
    vindplaats is the record of this check, so an unchanged one is the old check carried
    along (an Excel row still showing the old values, a form submitted as shown). "niet
    gecontroleerd" always counts: it claims nothing.
    """
    if previous is None:
        return True
    status = data.get("verification") or ""
    note = (data.get("verification_note") or "").strip()
    if status == Verification.UNVERIFIED:
        return True
    return bool(status and note and note != previous.verification_note.strip())


def verification_changes(
    latest: QuestionVersion, previous: QuestionVersion | None, data: dict
) -> list[str]:
    """The verification fields ``data`` changes in place on the latest version; none when
    ``data`` only carries the previous version's check along (see :func:`states_a_check`)."""
    changed = [f for f in VERIFICATION_FIELDS if f in data and getattr(latest, f) != data[f]]
    return changed if changed and states_a_check(data, previous) else []


def _new_version_verification(data: dict, latest, verification_checked: bool) -> dict:
    """A new wording or scale starts as "niet gecontroleerd" unless a check is stated."""
    if latest is None or verification_checked or states_a_check(data, latest):
        return {f: data.get(f, "") for f in VERIFICATION_FIELDS}
    return {"verification": Verification.UNVERIFIED, "verification_note": ""}


@transaction.atomic
def question_version_publish(
    *,
    question: Question,
    data: dict,
    change_reason: str = "",
    user=None,
    verification_checked: bool = False,
) -> tuple[QuestionVersion, bool]:
    """Publish `data` as the current wording of `question`.

    Returns (version, created). Identical content is a no-op that returns the latest
    version, so re-running an import changes nothing. Different content becomes a new
    version (a reason is required from v2 on); national set items move to it, while
    municipal questionnaires keep the version they chose. Verification-only changes
    update the latest version in place.

    A new version after the first is "niet gecontroleerd" unless `data` states a check of
    its own (:func:`states_a_check`), or the caller vouches for `data`'s verification with
    ``verification_checked`` (the curated catalogue fixture does).
    """
    newest = list(question.versions.order_by("-number")[:2])  # one query, as before
    latest = newest[0] if newest else None
    previous = newest[1] if len(newest) > 1 else None
    if not version_differs(latest, data):
        _reverify(latest, verification_changes(latest, previous, data), data, user)
        return latest, False
    if latest is not None and not change_reason.strip():
        raise ImmutableError(
            _("Vraag %(code)s: een nieuwe versie heeft een reden van wijziging nodig."),
            code="reason_required",
            params={"code": question.code},
        )
    content = {f: data.get(f, "") for f in VERSIONED_FIELDS}
    version = QuestionVersion(
        question=question,
        number=(latest.number + 1) if latest else 1,
        change_reason=change_reason.strip(),
        created_by=user if user is not None and user.is_authenticated else None,
        **content,
        **_new_version_verification(data, latest, verification_checked),
    )
    if version.scale is None or version.scale == "":
        version.scale = None
    version.full_clean(exclude=["fingerprint"])
    version.save()
    audit.record(version, audit.Action.CREATED, user=user, via=audit.Via.SERVICE)
    if latest is not None:
        _move_set_items(latest, version, user)
    return version, True


def _reverify(latest: QuestionVersion, changed: list[str], data: dict, user) -> None:
    if not changed:
        return
    before = audit.state(latest)
    for field in changed:
        setattr(latest, field, data[field])
    latest.save(update_fields=changed)
    audit.record(latest, audit.Action.CHANGED, user=user, via=audit.Via.SERVICE, before=before)


def _move_set_items(latest: QuestionVersion, version: QuestionVersion, user) -> None:
    moved = [
        (item, audit.state(item))
        for item in QuestionSetItem.objects.filter(question_version=latest)
    ]
    QuestionSetItem.objects.filter(question_version=latest).update(question_version=version)
    for item, before in moved:
        audit.record(item, audit.Action.CHANGED, user=user, via=audit.Via.SERVICE, before=before)
