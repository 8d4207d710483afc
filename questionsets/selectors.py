"""Reads for the public catalogue pages. Each selector owns its joins and prefetches,
so a page costs a fixed number of queries however large the catalogue grows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from .display import MapLayout, concept_map_layout, localized, wording_diff
from .models import (
    AnswerOption,
    Concept,
    ConceptRelation,
    Definition,
    Indicator,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Source,
    Verification,
)
from .results import attach_national_figures

MAP_COLUMNS = (Concept.Domain.SOCIAL, Concept.Domain.BOTH, Concept.Domain.SAFETY)


def public_sets() -> QuerySet[QuestionSet]:
    """Sets a visitor may see: published and retired ones; drafts stay private."""
    return QuestionSet.objects.exclude(status=QuestionSet.Status.DRAFT)


def unverified() -> Q:
    return ~Q(verification=Verification.VERBATIM)


# --------------------------------------------------------------------------- concept map


@dataclass
class ConceptMap:
    layout: MapLayout
    relations: list[ConceptRelation]
    groups: list[tuple[str, list[Concept]]]


def concept_map() -> ConceptMap:
    """Queries: 1 concepts, 2 relations."""
    concepts = list(Concept.objects.order_by("code"))
    by_id = {c.pk: c for c in concepts}
    relations = list(ConceptRelation.objects.order_by("source__code", "kind", "target__code"))
    for relation in relations:
        relation.source = by_id[relation.source_id]
        relation.target = by_id[relation.target_id]
    labels = dict(Concept.Domain.choices)
    layout = concept_map_layout(
        columns=[(d, labels[d]) for d in MAP_COLUMNS],
        nodes=[(c.pk, c.domain, localized(c, "name"), c) for c in concepts],
        edges=[(r.source_id, r.target_id, r) for r in relations],
    )
    groups = [(column.label, [n.item for n in column.nodes]) for column in layout.columns]
    return ConceptMap(layout=layout, relations=relations, groups=groups)


# --------------------------------------------------------------------------- concept page


@dataclass
class Handleiding:
    sets: list[QuestionSet]
    sources: list[Source]
    unverified_sets: list[QuestionSet]


@dataclass
class ConceptDetail:
    concept: Concept
    definitions: list[Definition]
    relations_out: list[ConceptRelation]
    relations_in: list[ConceptRelation]
    indicators: list[Indicator]
    handleiding: Handleiding


def sets_with_counts() -> QuerySet[QuestionSet]:
    return (
        public_sets()
        .select_related("source")
        .annotate(
            item_count=Count("items", distinct=True),
            unverified_count=Count(
                "items",
                filter=~Q(items__question_version__verification=Verification.VERBATIM),
                distinct=True,
            ),
        )
        .order_by("code")
    )


def concept_detail(slug: str) -> ConceptDetail:
    """Queries: 1 concept, 2 definitions+source, 3 outgoing and 4 incoming relations,
    5 indicators, 6 their public sets with item counts, 7 sources of the published sets."""
    concept = get_object_or_404(Concept, slug=slug)
    definitions = list(concept.definitions.select_related("source"))
    relations_out = list(concept.relations_out.select_related("target").order_by("kind"))
    relations_in = list(concept.relations_in.select_related("source").order_by("kind"))
    indicators = list(
        concept.indicators.prefetch_related(
            Prefetch("question_sets", queryset=sets_with_counts(), to_attr="public_sets")
        )
    )
    attach_national_figures(indicators=indicators)  # 8 national figures (one query)
    return ConceptDetail(
        concept=concept,
        definitions=definitions,
        relations_out=relations_out,
        relations_in=relations_in,
        indicators=indicators,
        handleiding=handleiding_for(indicators),
    )


def handleiding_for(indicators: list[Indicator]) -> Handleiding:
    sets: dict[int, QuestionSet] = {}
    for indicator in indicators:
        for qset in indicator.public_sets:
            if qset.status == QuestionSet.Status.PUBLISHED:
                sets.setdefault(qset.pk, qset)
    ordered = sorted(sets.values(), key=lambda s: s.code)
    sources = list(
        Source.objects.filter(
            Exists(QuestionSet.objects.filter(source=OuterRef("pk"), pk__in=list(sets)))
            | Exists(
                QuestionSetItem.objects.filter(
                    question_version__source=OuterRef("pk"), question_set__in=list(sets)
                )
            )
        )
        if sets
        else []
    )
    return Handleiding(
        sets=ordered,
        sources=sources,
        unverified_sets=[s for s in ordered if s.unverified_count],
    )


# --------------------------------------------------------------------------- set page


def question_set_detail(code: str) -> tuple[QuestionSet, list[QuestionVersion]]:
    """Queries: 1 set+source, 2 items+version+question+scale+source, 3 options,
    4 indicators+concept, 5 the version history of its questions."""
    items = QuestionSetItem.objects.select_related(
        "question_version__question", "question_version__scale", "question_version__source"
    ).prefetch_related("question_version__scale__options")
    qset = get_object_or_404(
        public_sets()
        .select_related("source")
        .prefetch_related(
            Prefetch("items", queryset=items),
            Prefetch("indicators", queryset=Indicator.objects.select_related("concept")),
        ),
        code=code,
    )
    question_ids = {item.question_version.question_id for item in qset.items.all()}
    attach_national_figures(  # 6 national figures of its questions and indicators
        questions=[item.question_version.question for item in qset.items.all()],
        indicators=qset.indicators.all(),
    )
    history = list(
        QuestionVersion.objects.filter(question_id__in=question_ids)
        .select_related("question")
        .order_by("-created_at", "question__code", "-number")
    )
    return qset, history


# --------------------------------------------------------------------------- question page


@dataclass
class VersionView:
    version: QuestionVersion
    previous: QuestionVersion | None = None

    @cached_property
    def diff(self) -> list[tuple[str, str]]:
        """The wording diff against the previous version, computed only when the page
        shows it (the wording changed)."""
        if self.previous is None or self.previous.wording_nl == self.version.wording_nl:
            return []
        return wording_diff(self.previous.wording_nl, self.version.wording_nl)


@dataclass
class QuestionDetail:
    question: Question
    versions: list[VersionView]
    set_items: list[QuestionSetItem]


def question_detail(code: str) -> QuestionDetail:
    """Queries: 1 versions+question+concept+scale+source, 2 options, 3 public set items+set,
    4 its latest national figure+source.

    A page view builds and compiles every query anew, and that costs more than running it:
    so the question comes with its versions, set items are filtered on the version ids
    already in hand, and orderings that only need the rows at hand are done in Python.
    """
    versions = list(
        QuestionVersion.objects.filter(question__code=code)
        .select_related("question__concept", "scale", "source")
        .prefetch_related(Prefetch("scale__options", AnswerOption.objects.order_by("position")))
        .order_by("number")
    )
    if versions:
        question = versions[0].question
    else:  # not in the catalogue, or (rare) no version yet: one more query
        question = get_object_or_404(Question.objects.select_related("concept"), code=code)
    views, previous = [], None
    for version in versions:
        version.question = question  # one instance, so figures attached to it show everywhere
        views.append(VersionView(version=version, previous=previous))
        previous = version
    by_id = {version.pk: version for version in versions}
    set_items = sorted(
        QuestionSetItem.objects.filter(question_version_id__in=by_id)
        .exclude(question_set__status=QuestionSet.Status.DRAFT)
        .select_related("question_set"),
        key=lambda item: item.question_set.code,
    )
    for item in set_items:
        item.question_version = by_id[item.question_version_id]
    # 4 the newest figure, as attach_national_figures would pick it, with a LIMIT 1
    question.latest_national_figure = question.national_figures.newest_first().first()
    return QuestionDetail(question=question, versions=views[::-1], set_items=set_items)
