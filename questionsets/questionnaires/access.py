"""The one public access helper for municipal questionnaires.

Another municipality's questionnaire gets exactly the same 404 as an id that does not
exist, so ids leak nothing. A member without the editor role gets 403 on every write;
archived questionnaires are read-only for everyone.

Sharing (questionsets/sharing) is honoured here and nowhere else: a questionnaire shared
with a municipality is visible to its members, editable by its editors when shared with
co-editors, and only the owner's editors may share, archive or copy it (``manage``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from ..models import Membership, Municipality, Questionnaire, QuestionnaireItem, QuestionnaireShare
from .models import EDITING_ROLES

EDITOR = Membership.Role.EDITOR


def questionnaires_for_user(user) -> QuerySet[Questionnaire]:
    """The questionnaires of the user's municipalities and those shared with them, in one
    query, annotated with the user's role (``user_role``), the role in the owning
    municipality (``owner_role``, None for a shared one) and the municipality through which
    the user sees it (``via_municipality_id``)."""
    if not user.is_authenticated:
        return Questionnaire.objects.none()
    own = Membership.objects.filter(municipality=OuterRef("municipality"), user=user)
    mine = Membership.objects.filter(user=user)
    shares = QuestionnaireShare.objects.filter(questionnaire=OuterRef("pk"))
    co_edit = shares.filter(
        role=QuestionnaireShare.Role.EDITOR,
        municipality__in=mine.filter(role__in=EDITING_ROLES).values("municipality"),
    )
    read = shares.filter(municipality__in=mine.values("municipality")).order_by("municipality")
    shared_role = Case(
        When(Exists(co_edit), then=Value(EDITOR)),
        When(Exists(read), then=Value(Membership.Role.READER)),
        default=None,
        output_field=CharField(),
    )
    via_share = Coalesce(
        Subquery(co_edit.order_by("municipality").values("municipality")[:1]),
        Subquery(read.values("municipality")[:1]),
        output_field=IntegerField(),
    )
    return (
        Questionnaire.objects.select_related("municipality")
        .annotate(owner_role=Subquery(own.values("role")[:1]))
        .annotate(
            user_role=Coalesce(F("owner_role"), shared_role),
            via_municipality_id=Case(
                When(owner_role__isnull=False, then=F("municipality_id")),
                default=via_share,
                output_field=IntegerField(),
            ),
        )
        .filter(user_role__isnull=False)
    )


def is_owner(questionnaire: Questionnaire) -> bool:
    """Whether the user sees the questionnaire as a member of its own municipality."""
    return getattr(questionnaire, "owner_role", None) is not None


def can_manage(questionnaire: Questionnaire) -> bool:
    """Share, archive or copy: only the owning municipality's editors."""
    return getattr(questionnaire, "owner_role", None) in EDITING_ROLES


def upload_municipality_id(questionnaire: Questionnaire) -> int | None:
    """Whose results the user uploads and sees: None for the owner, else the municipality
    the questionnaire was shared with."""
    if is_owner(questionnaire):
        return None
    return getattr(questionnaire, "via_municipality_id", None)  # a plain instance: the owner


def can_edit(questionnaire: Questionnaire) -> bool:
    """Whether the user the questionnaire was fetched for may change it."""
    return (
        getattr(questionnaire, "user_role", None) in EDITING_ROLES
        and questionnaire.status == Questionnaire.Status.ACTIVE
    )


MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A database id from a form or query string: digits only, in range; else None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def get_questionnaire_for_user(
    user, pk, *, write: bool = False, manage: bool = False
) -> Questionnaire:
    """404 for foreign and missing ids alike, 403 for writes without rights (``manage``:
    writes only the owner's editors may do). The questionnaire carries the annotations of
    questionnaires_for_user. One query for a member of the owning municipality; a
    questionnaire seen through a share takes one more (_share_role)."""
    if not user.is_authenticated or parse_id(str(pk)) is None:
        raise Http404("No questionnaire matches the given query.")
    own = Membership.objects.filter(municipality=OuterRef("municipality"), user=user)
    try:
        questionnaire = (
            Questionnaire.objects.select_related("municipality")
            .annotate(owner_role=Subquery(own.values("role")[:1]))
            .get(pk=pk)
        )
    except Questionnaire.DoesNotExist:
        raise Http404("No questionnaire matches the given query.") from None
    if not _give_roles(user, questionnaire):
        raise Http404("No questionnaire matches the given query.")
    if write and not can_edit(questionnaire):
        raise PermissionDenied
    if manage and not can_manage(questionnaire):
        raise PermissionDenied
    return questionnaire


def _give_roles(user, questionnaire: Questionnaire) -> bool:
    """Set ``user_role`` and ``via_municipality_id`` by the rules of
    questionnaires_for_user; False when the user has no role (not theirs to see).

    The owner's role comes with the questionnaire. Only a questionnaire the user does not
    own asks which of its shares reach the user: the three conditional subqueries of
    questionnaires_for_user took 1.5 ms to build and compile on every builder request,
    this 0.6 (issue 20, make bench)."""
    if questionnaire.owner_role is not None:
        questionnaire.user_role = questionnaire.owner_role
        questionnaire.via_municipality_id = questionnaire.municipality_id
        return True
    # The shares that reach the user, in the list's order; a co-editor share with an
    # editing member of that municipality wins over reading.
    best = None
    for municipality_id, share_role, member_role in (
        QuestionnaireShare.objects.filter(
            questionnaire=questionnaire, municipality__memberships__user=user
        )
        .order_by("municipality")  # as questionnaires_for_user orders them
        .values_list("municipality_id", "role", "municipality__memberships__role")
    ):
        co_edit = share_role == QuestionnaireShare.Role.EDITOR and member_role in EDITING_ROLES
        if best is None or (co_edit and not best[1]):
            best = (municipality_id, co_edit)
    if best is None:
        return False
    questionnaire.user_role = EDITOR if best[1] else Membership.Role.READER
    questionnaire.via_municipality_id = best[0]
    return True


def editable_municipalities(user) -> QuerySet[Municipality]:
    if not user.is_authenticated:
        return Municipality.objects.none()
    return Municipality.objects.filter(
        memberships__user=user, memberships__role__in=EDITING_ROLES
    ).order_by("name")


def get_item_for_questionnaire(questionnaire: Questionnaire, item_id) -> QuestionnaireItem:
    """An item of an already-authorised questionnaire; 404 for anything else."""
    try:
        item = QuestionnaireItem.objects.select_related(
            "question_version__question", "question_version__scale", "derived_from__question"
        ).get(pk=item_id, questionnaire=questionnaire)
    except (QuestionnaireItem.DoesNotExist, ValueError, TypeError):
        raise Http404("No item matches the given query.") from None
    item.questionnaire = questionnaire
    return item
