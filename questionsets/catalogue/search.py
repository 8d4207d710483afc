"""Search and facets over the current wording of every national question.

One result is the latest version of a question. The text filter matches wording
(Dutch and English), question codes, concept names, indicator names, set names and
sources. Ranking: an exact code first, then an exact phrase in the wording, then the
rest (by full-text rank on PostgreSQL). Facets are disjunctive: the counts of one
facet apply every other filter but its own, so ticking a second value stays possible.

How: matching.py matches the text once; this module turns its rows into the page.

Full text per database (see migration 0002_search_indexes):
- PostgreSQL: to_tsvector('dutch', wording_nl || ' ' || wording_en), stored in the
  generated column search_vector with a GIN index (migration 0020),
  websearch_to_tsquery('dutch', q), ts_rank; trigram indexes for the phrase.
- SQLite: an FTS5 table questionsets_questionversion_fts kept in sync by triggers,
  every word matched as a prefix.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When, Window
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import (
    AnswerType,
    Concept,
    Indicator,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Verification,
)
from ..shelf.selectors import SharedMatches, search_shared
from . import matching
from .display import in_language
from .matching import FTS_TABLE, fts_match  # noqa: F401 (bench, tests)
from .selectors import public_sets

PAGE_SIZE = 25
SETS_SHOWN = 5
MAX_QUERY_LENGTH = 200
FACETS = {
    "concept": _("Begrip"),
    "indicator": _("Indicator"),
    "domain": _("Domein"),
    "framing": _("Framing"),
    "source": _("Bron"),
    "answer_type": _("Antwoordtype"),
    "verification": _("Verificatie"),
}


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1

    @classmethod
    def from_querydict(cls, data: QueryDict) -> SearchParams:
        filters = {}
        for name in FACETS:
            values = [v for v in dict.fromkeys(data.getlist(name)) if v][:50]
            if values:
                filters[name] = values
        try:
            page = max(1, int(data.get("page", "1")))
        except ValueError:
            page = 1
        return cls(q=data.get("q", "").strip()[:MAX_QUERY_LENGTH], filters=filters, page=page)

    def querystring(self, *, without: tuple[str, str] | None = None) -> str:
        pairs = [("q", self.q)] if self.q else []
        for name, values in self.filters.items():
            pairs += [(name, v) for v in values if (name, v) != without]
        return urlencode(pairs)

    def is_selected(self, name: str, value: str) -> bool:
        return value in self.filters.get(name, ())


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str
    lang: str = ""  # "nl" when a catalogue name falls back to Dutch; "" for interface texts


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def selected_count(self) -> int:
        return sum(1 for v in self.values if v.selected)


@dataclass
class ActiveFilter:
    facet: str
    label: str
    remove_query: str


@dataclass
class SearchResult:
    version: QuestionVersion
    sets: list[SetLink]
    url: str
    # What a result shows, worked out once per search (filters per result took a third
    # of the results' rendering). A language is set where it is not the page's.
    wording: str = ""
    wording_lang: str = "nl"  # always set: the wording's lang attribute
    concept_name: str = ""
    concept_lang: str = ""
    answer_type: str = ""


@dataclass
class SetMatches:
    """The first SETS_SHOWN public sets whose code, name or description match the words."""

    sets: list[QuestionSet] = field(default_factory=list)
    total: int = 0

    @property
    def is_cut_short(self) -> bool:
        return self.total > len(self.sets)


@dataclass
class SearchOutcome:
    params: SearchParams
    page: Page
    results: list[SearchResult]
    facets: list[Facet]
    active_filters: list[ActiveFilter]
    set_matches: SetMatches = field(default_factory=SetMatches)
    # Shared local questions (questionsets/shelf): their own group, never a national result.
    shared_matches: SharedMatches = field(default_factory=SharedMatches)

    @property
    def is_filtered(self) -> bool:
        return bool(self.params.q or self.params.filters)


# --------------------------------------------------------------------------- facets


def facets(
    params: SearchParams, counts: dict[str, Counter], lookups: matching.Lookups
) -> list[Facet]:
    """The seven facets, their values in a stable order, with labels (one small read of
    the indicator names; concepts and sources come with `lookups`)."""
    public = {name: lookups.public_counts(name, c) for name, c in counts.items()}
    concepts, sources = lookups.concepts.values(), lookups.sources.values()
    rows = {
        "concept": [
            (c.slug, *in_language(c, "name"), public["concept"][c.slug])
            for c in concepts
            if c.slug in public["concept"]
        ],
        "indicator": [
            (i.code, f"{i.code} {name}", lang, public["indicator"][i.code])
            for i in Indicator.objects.only("code", "name_nl", "name_en")
            if i.code in public["indicator"]
            for name, lang in [in_language(i, "name")]
        ],
        "source": [
            (s.code, f"{s.instrument} {s.edition}".strip(), "", public["source"][s.code])
            for s in sources
            if s.code in public["source"]
        ],
    }
    for name, choices in (
        ("domain", Concept.Domain),
        ("framing", Concept.Framing),
        ("answer_type", AnswerType),
        ("verification", Verification),
    ):
        rows[name] = [
            (v, lbl, "", public[name][v]) for v, lbl in choices.choices if v in public[name]
        ]
    page_language = (get_language() or "nl")[:2]
    return [
        Facet(
            name=name,
            label=str(label),
            values=[
                FacetValue(
                    value=value,
                    label=str(text),
                    count=count,
                    selected=params.is_selected(name, value),
                    input_id=f"f-{name}-{re.sub(r'[^A-Za-z0-9_-]', '_', value)}",
                    lang=lang if lang != page_language else "",
                )
                for value, text, lang, count in rows[name]
            ],
        )
        for name, label in FACETS.items()
    ]


def active_filters(params: SearchParams, facets: list[Facet]) -> list[ActiveFilter]:
    labels = {(f.name, v.value): v.label for f in facets for v in f.values}
    return [
        ActiveFilter(
            facet=str(FACETS[name]),
            label=labels.get((name, value), value),
            remove_query=params.querystring(without=(name, value)),
        )
        for name, values in params.filters.items()
        for value in values
    ]


# --------------------------------------------------------------------------- entry point


def search(params: SearchParams) -> SearchOutcome:
    """Matches the text once (matching.py) and derives the rest from those rows.

    Queries, the same for every search: 1 the candidate rows, 2 the indicators of their
    published sets (skipped when nothing matched), 3-4 the concepts and sources, 5 the
    indicator names, 6 the page of results (+question), 7 the
    public sets of those questions (both skipped when the page is empty), 8 the sets
    matching the words (only when there are words), 9 the shared local questions
    matching the words (only without facet filters)."""
    rows = matching.candidates(params.q)
    indicators = matching.indicators_by_question(rows, everything=not params.q)
    lookups = matching.Lookups.read()
    wanted = lookups.wanted(params.filters)
    passing, counts = matching.filter_and_count(rows, indicators, wanted)
    page = Paginator(matching.ordered(passing, params.q), PAGE_SIZE).get_page(params.page)
    page.object_list = _versions([row[matching.ID] for row in page.object_list], lookups)
    found = facets(params, counts, lookups)
    return SearchOutcome(
        params=params,
        page=page,
        results=_with_sets(page.object_list),
        facets=found,
        active_filters=active_filters(params, found),
        set_matches=matching_sets(params.q),
        shared_matches=_shared(params),
    )


def _shared(params: SearchParams) -> SharedMatches:
    """The shared local questions matching the words: one query, skipped when a facet
    filter is on (the facets describe national questions only). Each gets its address
    and answer type label here, once per search rather than by a tag per question."""
    if params.filters:
        return SharedMatches()
    found = search_shared(params.q)
    url, shown = id_url_maker("questionsets:shelf-question"), _Shown()
    for version in found.versions:
        version.url = url(version.shared_question_id)
        version.answer_type_label = shown.answer_type(version.answer_type)
    return found


# What a result shows: its wording, answer type and verification, its question's code
# and concept, its source (the concept and the source from the search's Lookups).
RESULT_FIELDS = ("wording_nl", "wording_en", "answer_type", "verification", "question__code")
RESULT_FIELDS += ("question__retired_at", "question__concept", "source")


def matching_sets(q: str) -> SetMatches:
    """Public sets whose code is `q`, or whose name (either language) or description holds
    every word of `q`; published before retired. One query: the total rides along on each
    row as a window count. The facets filter questions, not these sets."""
    words = q.split()[:10]
    if not words:
        return SetMatches()
    condition = Q()
    for word in words:
        condition &= (
            Q(name_nl__icontains=word) | Q(name_en__icontains=word) | Q(description__icontains=word)
        )
    retired_last = Case(
        When(status=QuestionSet.Status.PUBLISHED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    rows = list(
        public_sets()
        .filter(condition | Q(code__iexact=q))
        .only("code", "name_nl", "name_en", "status")
        .annotate(total=Window(Count("pk")))
        .order_by(retired_last, "code")[:SETS_SHOWN]
    )
    return SetMatches(sets=rows, total=rows[0].total if rows else 0)


def _versions(ids: list[int], lookups: matching.Lookups) -> list[QuestionVersion]:
    """The page's versions with their question; their concept and source are the ones
    the search has read already (no joins, no second instance of each)."""
    if not ids:
        return []
    versions = QuestionVersion.objects.select_related("question").only(*RESULT_FIELDS)
    by_id = versions.in_bulk(ids)
    for version in by_id.values():
        question = version.question
        question.concept = lookups.concepts.get(question.concept_id)
        version.source = lookups.sources[version.source_id]
    return [by_id[pk] for pk in ids]


@dataclass(frozen=True)
class SetLink:
    """A public set a result's question is in: what its link shows."""

    code: str
    name: str  # in the page's language where the set has it (display.in_language)
    lang: str  # the name's language where it is not the page's, else ""
    status: str
    url: str


def _with_sets(versions: list[QuestionVersion]) -> list[SearchResult]:
    if not versions:
        return []
    # Drafts stay private (selectors.public_sets), said as a join condition: as a
    # subquery SQLite read every item first. Read as values: a result shows four fields
    # of each set, and two model instances per item took longer than the query.
    items = (
        QuestionSetItem.objects.filter(
            question_version__question__in=[v.question_id for v in versions],
        )
        .exclude(question_set__status=QuestionSet.Status.DRAFT)
        .order_by("question_set__code")
        .values_list(
            "question_version__question_id",
            "question_set_id",
            "question_set__code",
            "question_set__name_nl",
            "question_set__name_en",
            "question_set__status",
        )
    )
    question_url, set_url = (
        url_maker("questionsets:question-detail"),
        url_maker("questionsets:questionset-detail"),
    )
    shown = _Shown()
    sets_by_question: dict[int, dict[int, SetLink]] = {}
    for question_id, set_id, code, name_nl, name_en, status in items:
        name, lang = shown.name(SimpleNamespace(name_nl=name_nl, name_en=name_en))
        link = SetLink(code, name, lang, status, set_url(code))
        sets_by_question.setdefault(question_id, {})[set_id] = link
    results = []
    for v in versions:
        wording, wording_lang = in_language(v, "wording")
        concept = v.question.concept
        concept_name, concept_lang = shown.name(concept) if concept else ("", "")
        results.append(
            SearchResult(
                version=v,
                sets=list(sets_by_question.get(v.question_id, {}).values()),
                url=question_url(v.question.code),
                wording=wording,
                wording_lang=wording_lang,
                concept_name=concept_name,
                concept_lang=concept_lang,
                answer_type=shown.answer_type(v.answer_type),
            )
        )
    return results


class _Shown:
    """Names in the page's language and answer type labels, once per search."""

    def __init__(self):
        self.page_language = (get_language() or "nl")[:2]
        self.labels = dict(AnswerType.choices)

    def name(self, obj) -> tuple[str, str]:
        text, lang = in_language(obj, "name")
        return text, lang if lang != self.page_language else ""

    def answer_type(self, value: str) -> str:
        return str(self.labels.get(value, value))


def id_url_maker(name: str):
    """As url_maker, for pages addressed by a number."""
    pattern = reverse(name, args=[ID_PLACEHOLDER])
    return lambda pk: pattern.replace(str(ID_PLACEHOLDER), str(pk))


ID_PLACEHOLDER = 2_147_483_647  # no real id is this high, and its digits occur nowhere else


def url_maker(name: str):
    """The address of a page by code, reversed once per search rather than once per
    link (50 to 100 links: a third of the results' rendering time). Codes are slugs
    (code rules in models/base.py), so they need no quoting."""
    pattern = reverse(name, args=["__code__"])
    return lambda code: pattern.replace("__code__", code)
