"""The one public access helper for municipal questionnaires.

Another municipality's questionnaire gets exactly the same 404 as an id that does not
exist, so ids leak nothing. A member without the editor role gets 403 on every write;
archived questionnaires are read-only for everyone.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from ..models import Membership, Municipality, Questionnaire, QuestionnaireItem
from .models import EDITING_ROLES


def questionnaires_for_user(user) -> QuerySet[Questionnaire]:
    """The questionnaires of the user's municipalities, annotated with the user's role."""
    if not user.is_authenticated:
        return Questionnaire.objects.none()
    role = Membership.objects.filter(municipality=OuterRef("municipality"), user=user)
    return (
        Questionnaire.objects.select_related("municipality")
        .annotate(user_role=Subquery(role.values("role")[:1]))
        .filter(user_role__isnull=False)
    )


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


def get_questionnaire_for_user(user, pk, *, write: bool = False) -> Questionnaire:
    """One query; 404 for foreign and missing ids alike, 403 for writes without rights."""
    try:
        questionnaire = questionnaires_for_user(user).get(pk=pk)
    except (Questionnaire.DoesNotExist, ValueError, TypeError):
        raise Http404("No questionnaire matches the given query.") from None
    if write and not can_edit(questionnaire):
        raise PermissionDenied
    return questionnaire


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
