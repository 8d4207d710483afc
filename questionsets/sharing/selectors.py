"""Reads for sharing: who uses what, a municipality's public page, a questionnaire's shares.

Every read here is a fixed number of queries, whatever the number of municipalities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from ..models import (
    Municipality,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireShare,
)
from ..reads import OneIdRead

ACTIVE = Questionnaire.Status.ACTIVE


@dataclass(eq=False, slots=True)
class NamedMunicipality:
    """A municipality as a usage panel names it (a row, not a model instance: the
    question page of a question 73 municipalities use spent 0.7 ms making instances;
    make bench, issue 20)."""

    pk: int
    code: str
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass
class Usage:
    """How many municipalities use something in an active questionnaire, and which ones
    may be named (the others are only counted)."""

    named: list[NamedMunicipality] = field(default_factory=list)
    unnamed: int = 0

    @property
    def total(self) -> int:
        return len(self.named) + self.unnamed


def _using(condition: Q):
    """The distinct municipalities with an active questionnaire matching, by name."""
    return (
        Municipality.objects.filter(condition, questionnaires__status=ACTIVE)
        .distinct()
        .order_by("name")
        .values_list("pk", "code", "name", "sharing__hide_name")
    )


# One query each, compiled once per process (reads.OneIdRead): the question page is a
# few small queries, and compiling this one took 0.4 ms of it (make bench, issue 20).
_QUESTION_USAGE = OneIdRead(
    lambda pk: _using(Q(questionnaires__items__question_version__question_id=pk))
)
_SET_USAGE = OneIdRead(lambda pk: _using(Q(questionnaires__basket_sets__question_set_id=pk)))


def _usage(rows) -> Usage:
    usage = Usage()
    for pk, code, name, hidden in rows:
        if hidden:  # as the driver returns it (reads.fetch_rows): tested for truth only
            usage.unnamed += 1
        else:
            usage.named.append(NamedMunicipality(pk, code, name))
    return usage


def set_usage(question_set) -> Usage:
    return _usage(_SET_USAGE.rows(question_set.pk))


def question_usage(question) -> Usage:
    return _usage(_QUESTION_USAGE.rows(question.pk))


# --------------------------------------------------------------------------- municipality page


@dataclass
class MunicipalityPage:
    municipality: Municipality
    questionnaires: list[Questionnaire]
    hide_name: bool
    share_aggregates: bool


def municipality_page(code: str) -> MunicipalityPage:
    """Queries: 1 the municipality with its settings, 2 its public questionnaires, 3 their
    items with their national versions."""
    municipality = get_object_or_404(Municipality.objects.select_related("sharing"), code=code)
    items = QuestionnaireItem.objects.select_related("question_version__question").order_by(
        "section__position", "position", "pk"
    )
    questionnaires = list(
        Questionnaire.objects.filter(municipality=municipality, publication__isnull=False)
        .order_by("-year", "title")
        .prefetch_related(_items_prefetch(items))
    )
    sharing = getattr(municipality, "sharing", None)
    return MunicipalityPage(
        municipality,
        questionnaires,
        hide_name=bool(sharing and sharing.hide_name),
        share_aggregates=bool(sharing and sharing.share_aggregates),
    )


def _items_prefetch(items):
    return Prefetch("items", queryset=items, to_attr="public_items")


# --------------------------------------------------------------------------- shares


def shares_of(questionnaire) -> list[QuestionnaireShare]:
    return list(
        QuestionnaireShare.objects.filter(questionnaire=questionnaire)
        .select_related("municipality")
        .order_by("municipality__name")
    )


def share_candidates(questionnaire) -> list[Municipality]:
    """Every municipality but the owner, by name (for the one-by-one choice)."""
    return list(
        Municipality.objects.exclude(pk=questionnaire.municipality_id)
        .order_by("name")
        .only("pk", "code", "name")
    )


def region_members(questionnaire) -> list[Municipality]:
    owner = questionnaire.municipality
    return list(
        Municipality.objects.filter(safety_region_code=owner.safety_region_code)
        .exclude(pk=owner.pk)
        .order_by("name")
    )


def shared_question_usage(shared) -> Usage:
    """The municipalities that use a shared local question by reference (the publisher's
    own local question does not count)."""
    return _usage(_using(Q(questionnaires__items__shared_version__shared_question=shared)))
