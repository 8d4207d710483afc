"""Reads for the public catalogue pages. Each selector owns its joins and prefetches,
so a page costs a fixed number of queries however large the catalogue grows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import (
    AnswerOption,
    AnswerScale,
    Concept,
    ConceptRelation,
    Definition,
    Indicator,
    NationalFigure,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Source,
    Verification,
)
from ..reads import OneIdRead
from ..results.figures import attach_national_figures
from .display import MapLayout, concept_map_layout, localized, wording_diff
from .scoring import ScoringRule

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
        edge_label=lambda relation: relation.get_kind_display(),
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


# The concept page reads eight small things by the concept's slug.
def _read(build):
    """A read by one key (a slug or a code): the QuerySet built and evaluated per call.

    These reads were once compiled to SQL once per process (monitor/prepared.py, issue 7);
    `make bench` showed that saved 0.3-3.8 ms a page, which no user notices, so plain
    QuerySets won (issue 20). Only `values_list()` reads by one id on a page whose figure
    it decides use reads.OneIdRead (the question page's options and sets, below)."""
    return lambda key: list(build(key))


_concept = _read(lambda slug: Concept.objects.filter(slug=slug))
_definitions_of = _read(
    lambda slug: Definition.objects.filter(concept__slug=slug).select_related("source")
)
_relations_from = _read(
    lambda slug: (
        ConceptRelation.objects.filter(source__slug=slug)
        .select_related("target")
        .order_by("kind", "pk")
    ),
)
_relations_to = _read(
    lambda slug: (
        ConceptRelation.objects.filter(target__slug=slug)
        .select_related("source")
        .order_by("kind", "pk")
    ),
)
_indicators_of = _read(lambda slug: Indicator.objects.filter(concept__slug=slug))
_public_sets_of_indicators = _read(
    lambda slug: (
        sets_with_counts()
        .filter(indicators__concept__slug=slug)
        .annotate(indicator_id=F("indicators__id"))
    ),
)
_indicator_figures = _read(
    lambda slug: NationalFigure.objects.newest_first().filter(indicator__concept__slug=slug),
)
_handleiding_sources = _read(
    lambda slug: Source.objects.filter(
        Exists(
            QuestionSet.objects.filter(
                source=OuterRef("pk"),
                status=QuestionSet.Status.PUBLISHED,
                indicators__concept__slug=slug,
            )
        )
        | Exists(
            QuestionSetItem.objects.filter(
                question_version__source=OuterRef("pk"),
                question_set__status=QuestionSet.Status.PUBLISHED,
                question_set__indicators__concept__slug=slug,
            )
        )
    ),
)


def concept_detail(slug: str) -> ConceptDetail:
    """Queries: 1 concept, 2 definitions+source, 3 outgoing and 4 incoming relations,
    5 indicators, 6 their public sets with item counts, 7 their national figures, 8 the
    sources of the published sets (each by the slug, compiled once)."""
    found = _concept(slug)
    if not found:
        raise Http404("Geen begrip met deze naam.")
    concept = found[0]
    indicators = _indicators_of(slug)
    sets_by_indicator: dict[int, list[QuestionSet]] = {}
    for qset in _public_sets_of_indicators(slug):
        sets_by_indicator.setdefault(qset.indicator_id, []).append(qset)
    newest: dict[int, NationalFigure] = {}
    for figure in _indicator_figures(slug):
        newest.setdefault(figure.indicator_id, figure)
    for indicator in indicators:
        indicator.concept = concept
        indicator.public_sets = sets_by_indicator.get(indicator.pk, [])
        indicator.latest_national_figure = newest.get(indicator.pk)
    return ConceptDetail(
        concept=concept,
        definitions=_definitions_of(slug),
        relations_out=_relations_from(slug),
        relations_in=_relations_to(slug),
        indicators=indicators,
        handleiding=handleiding_for(indicators, _handleiding_sources(slug)),
    )


def concept_panel(slug: str) -> ConceptDetail:
    """The concept page's reads plus the scoring rules of its indicators, for the panel
    beside the concept map. Queries: the eight of `concept_detail`, 9 the rules with their
    indicator, 10 their items with questions."""
    detail = concept_detail(slug)
    rules: dict[int, list[ScoringRule]] = {}
    for rule in ScoringRule.objects.with_items().filter(indicator__concept__slug=slug):
        rules.setdefault(rule.indicator_id, []).append(rule)
    for indicator in detail.indicators:
        indicator.rules = rules.get(indicator.pk, [])
    return detail


def handleiding_for(indicators: list[Indicator], sources: list[Source]) -> Handleiding:
    """The published sets of the indicators and the sources they draw on (read along)."""
    sets: dict[int, QuestionSet] = {}
    for indicator in indicators:
        for qset in indicator.public_sets:
            if qset.status == QuestionSet.Status.PUBLISHED:
                sets.setdefault(qset.pk, qset)
    ordered = sorted(sets.values(), key=lambda s: s.code)
    return Handleiding(
        sets=ordered,
        sources=sources if sets else [],
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
    set_items: list[SetItemRow]


# The question page reads its versions by the question's code, then by the question's id
# its answer options and the public sets that ask it, as rows with the attributes the
# page shows, each compiled to SQL once per process (reads.OneIdRead), and its latest
# national figure: building and compiling these as model QuerySets was most of what the
# page did beyond its SQL and template (make bench, issue 20).
_versions_of = _read(
    lambda code: (
        QuestionVersion.objects.filter(question__code=code)
        .select_related("question__concept", "scale", "source")
        .order_by("number")
    ),
)
_OPTIONS = OneIdRead(
    lambda pk: (
        AnswerOption.objects.filter(
            scale_id__in=QuestionVersion.objects.filter(question_id=pk).values("scale_id")
        )
        .order_by("scale_id", "position")
        .values_list("scale_id", "code", "label_nl", "label_en", "is_missing")
    )
)
_PUBLIC_SET_ITEMS = OneIdRead(
    lambda pk: (
        QuestionSetItem.objects.filter(question_version__question_id=pk)
        .exclude(question_set__status=QuestionSet.Status.DRAFT)
        .order_by("question_set__code", "position")
        .values_list(
            "question_set__code",
            "question_set__name_nl",
            "question_set__name_en",
            "question_set__status",
            "question_version_id",
        )
    )
)
_latest_figure_of = _read(
    lambda question_id: NationalFigure.objects.filter(question_id=question_id).newest_first()[:1]
)


@dataclass(eq=False, slots=True)
class OptionRow:
    """An answer option as a scale's table shows it (question_version_block.html)."""

    scale_id: int
    code: int
    label_nl: str
    label_en: str
    is_missing: bool


@dataclass(eq=False, slots=True)
class SetRow:
    """A public set as the question page names it."""

    code: str
    name_nl: str
    name_en: str
    status: str


@dataclass(eq=False, slots=True)
class SetItemRow:
    """A public set that asks one of the question's versions."""

    question_set: SetRow
    question_version_id: int
    question_version: QuestionVersion | None = None


def question_detail(code: str) -> QuestionDetail:
    """Queries: 1 versions+question+concept+scale+source, 2 their answer options, 3 public
    set items+set, 4 the latest national figure+source."""
    versions = _versions_of(code)
    if versions:
        question = versions[0].question
    else:  # not in the catalogue, or (rare) no version yet: one more query
        question = get_object_or_404(Question.objects.select_related("concept"), code=code)
    options = [
        OptionRow(scale_id, option, nl, en, bool(missing))
        for scale_id, option, nl, en, missing in _OPTIONS.rows(question.pk)
    ]
    attach_options([version.scale for version in versions if version.scale], options)
    views, previous = [], None
    for version in versions:
        version.question = question  # one instance, so figures attached to it show everywhere
        views.append(VersionView(version=version, previous=previous))
        previous = version
    by_id = {version.pk: version for version in versions}
    set_items = [
        SetItemRow(SetRow(*qset), version_id, by_id[version_id])
        for *qset, version_id in _PUBLIC_SET_ITEMS.rows(question.pk)
    ]
    figures = _latest_figure_of(question.pk)
    question.latest_national_figure = figures[0] if figures else None
    return QuestionDetail(question=question, versions=views[::-1], set_items=set_items)


def attach_options(
    scales: Iterable[AnswerScale], options: Iterable[AnswerOption | OptionRow]
) -> None:
    """Give each scale its options as `prefetch_related("options")` would, from rows read
    in one query elsewhere: `scale.options.all()` then runs no SQL."""
    by_scale: dict[int, list[AnswerOption | OptionRow]] = {}
    for option in options:
        by_scale.setdefault(option.scale_id, []).append(option)
    for scale in scales:
        scale._prefetched_objects_cache = {}
        cached = scale.options.get_queryset()  # filtered to this scale, as Django does
        cached._result_cache = by_scale.get(scale.pk, [])
        cached._prefetch_done = True
        scale._prefetched_objects_cache = {"options": cached}
