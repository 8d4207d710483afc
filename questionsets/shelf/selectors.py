"""Reads of the shared shelf: the current versions, a shared question's page, what a
questionnaire can share. Each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.shortcuts import get_object_or_404

from ..catalogue.display import wording_diff
from ..questionnaires.access import can_edit, questionnaires_for_user
from ..questionnaires.models import EDITING_ROLES, Questionnaire, QuestionnaireItem
from .models import SharedQuestion, SharedQuestionVersion

SHOWN_IN_SEARCH = 10
# What the search shows of a shared version (catalogue/templates/questionsets/search.html).
SHOWN_FIELDS = ("shared_question", "number", "wording", "answer_type")
SHOWN_FIELDS += ("shared_question__municipality__name",)


def current_versions():
    """The latest version of every shared question that was not withdrawn."""
    newer = SharedQuestionVersion.objects.filter(
        shared_question=OuterRef("shared_question"), number__gt=OuterRef("number")
    )
    return SharedQuestionVersion.objects.filter(
        ~Exists(newer), shared_question__status=SharedQuestion.Status.ACTIVE
    )


@dataclass
class SharedMatches:
    """Shared local questions matching the words of a search: never national results."""

    versions: list[SharedQuestionVersion] = field(default_factory=list)
    total: int = 0

    @property
    def is_cut_short(self) -> bool:
        return self.total > len(self.versions)


def search_shared(q: str) -> SharedMatches:
    """One query: current shared versions holding every word of `q` in their wording,
    instruction or rationale, or shared by a municipality of that name; the total rides
    along as a window count."""
    condition = Q()
    for word in q.split()[:10]:
        condition &= (
            Q(wording__icontains=word)
            | Q(instruction__icontains=word)
            | Q(rationale__icontains=word)
            | Q(shared_question__municipality__name__icontains=word)
        )
    rows = list(
        current_versions()
        .filter(condition)
        .select_related("shared_question__municipality")
        .only(*SHOWN_FIELDS)
        .annotate(total=Window(Count("pk")))
        .order_by("-published_at", "-pk")[:SHOWN_IN_SEARCH]
    )
    return SharedMatches(versions=rows, total=rows[0].total if rows else 0)


def shared_question_page(pk) -> tuple[SharedQuestion, list[SharedQuestionVersion]]:
    """The shared question (with its municipality) and its versions, newest first, each
    with its options: three queries; 404 for an unknown id."""
    shared = get_object_or_404(SharedQuestion.objects.select_related("municipality"), pk=pk)
    versions = list(shared.versions.order_by("-number").prefetch_related("options"))
    return shared, versions


def shareable_items(questionnaire: Questionnaire) -> list[QuestionnaireItem]:
    """The questionnaire's local items with their scale's options and, when shared
    before, that shared question (``shared_as``): three queries."""
    shared = SharedQuestion.objects.filter(municipality_id=questionnaire.municipality_id).exclude(
        status=SharedQuestion.Status.WITHDRAWN
    )
    items = list(
        questionnaire.items.filter(kind=QuestionnaireItem.Kind.LOCAL)
        .select_related("scale", "local_scale")
        .prefetch_related("scale__options", "local_scale__options")
        .order_by("section__position", "position", "pk")
    )
    by_item = {s.source_item_id: s for s in shared.filter(source_item__in=[i.pk for i in items])}
    for item in items:
        item.shared_as = by_item.get(item.pk)
    return items


def editable_questionnaires(user) -> list[Questionnaire]:
    """The active questionnaires the user may change (own or co-edited): one query, none
    for a visitor."""
    if not user.is_authenticated:
        return []
    found = questionnaires_for_user(user).filter(status=Questionnaire.Status.ACTIVE)
    return [q for q in found.order_by("-year", "title") if can_edit(q)]


def used_shared_items(questionnaire: Questionnaire) -> list[QuestionnaireItem]:
    """The questionnaire's shared items, each with ``latest`` (the newest version of its
    shared question) and ``diff`` (word diff of the wording when newer): three queries."""
    found = list(
        questionnaire.items.filter(kind=QuestionnaireItem.Kind.SHARED)
        .select_related("shared_version__shared_question__municipality")
        .prefetch_related("shared_version__shared_question__versions")
        .order_by("section__position", "position", "pk")
    )
    for item in found:
        versions = item.shared_version.shared_question.versions.all()
        item.latest = max(versions, key=lambda v: v.number)
        item.is_outdated = item.latest.number > item.shared_version.number
        item.diff = (
            wording_diff(item.shared_version.wording, item.latest.wording)
            if item.is_outdated
            else []
        )
    return found


def own_shared_question(user, pk) -> SharedQuestion:
    """A shared question of a municipality the user edits for; 404 for anything else."""
    return get_object_or_404(
        SharedQuestion.objects.filter(
            municipality__memberships__user=user,
            municipality__memberships__role__in=EDITING_ROLES,
        ),
        pk=pk,
    )


def manages(user, shared: SharedQuestion) -> bool:
    """Whether the user edits for the municipality that shared it: one query, none for a
    visitor."""
    if not user.is_authenticated:
        return False
    memberships = user.memberships.filter(
        municipality_id=shared.municipality_id, role__in=EDITING_ROLES
    )
    return memberships.exists()


def latest_national_proposal(shared: SharedQuestion):
    """The newest proposal of this shared question to the national catalogue: one query."""
    return (
        shared.national_proposals.select_related("shared_version", "draft__question")
        .order_by("-created_at", "-pk")
        .first()
    )
