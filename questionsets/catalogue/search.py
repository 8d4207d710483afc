"""Search and facets over the current wording of every national question.

One result is the latest version of a question. The text filter matches wording
(Dutch and English), question codes, concept names, indicator names, set names and
sources. Ranking: an exact code first, then an exact phrase in the wording, then the
rest (by full-text rank on PostgreSQL). Facets are disjunctive: the counts of one
facet apply every other filter but its own, so ticking a second value stays possible.

Full text per database (see migration 0002_search_indexes):
- PostgreSQL: to_tsvector('dutch', wording_nl || ' ' || wording_en) with a GIN index,
  websearch_to_tsquery('dutch', q), ts_rank.
- SQLite: an FTS5 table questionsets_questionversion_fts kept in sync by triggers,
  every word matched as a prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Expression, RawSQL
from django.http import QueryDict
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
from .display import in_language
from .selectors import public_sets

PAGE_SIZE = 25
SETS_SHOWN = 5
MAX_QUERY_LENGTH = 200
FTS_TABLE = "questionsets_questionversion_fts"
PG_CONFIG = "dutch"

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
    sets: list[QuestionSet]


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

    @property
    def is_filtered(self) -> bool:
        return bool(self.params.q or self.params.filters)


# --------------------------------------------------------------------------- filters


def current_versions() -> QuerySet[QuestionVersion]:
    """The latest version of every question: what the catalogue offers today."""
    newer = QuestionVersion.objects.filter(
        question=OuterRef("question"), number__gt=OuterRef("number")
    )
    return QuestionVersion.objects.filter(~Exists(newer))


def in_published_set(*conditions: Q, **lookups) -> Exists:
    return Exists(
        QuestionSetItem.objects.filter(
            *conditions,
            question_version__question=OuterRef("question"),
            question_set__status=QuestionSet.Status.PUBLISHED,
            **lookups,
        )
    )


def facet_filter(name: str, values: list[str]) -> Q:
    if name == "concept":
        return Q(question__concept__slug__in=values)
    if name == "indicator":
        return Q(in_published_set(question_set__indicators__code__in=values))
    if name == "domain":
        return Q(question__concept__domain__in=values)
    if name == "framing":
        return Q(question__concept__framing__in=values)
    if name == "source":
        return Q(source__code__in=values)
    return Q(**{f"{name}__in": values})


def fts_match(q: str) -> str:
    """An FTS5 MATCH expression: every word quoted (no operators leak in), as a prefix."""
    return " ".join(f'"{word}"*' for word in re.findall(r"\w+", q))


def text_filter(q: str) -> Q:
    words = (
        Q(question__code__istartswith=q)
        | Q(wording_nl__icontains=q)
        | Q(wording_en__icontains=q)
        | Q(question__concept__name_nl__icontains=q)
        | Q(question__concept__name_en__icontains=q)
        | Q(question__concept__code__iexact=q)
        | Q(source__code__iexact=q)
        | Q(source__instrument__icontains=q)
        | Q(source__publisher__icontains=q)
        | Q(
            in_published_set(
                Q(question_set__code__iexact=q)
                | Q(question_set__name_nl__icontains=q)
                | Q(question_set__name_en__icontains=q)
                | Q(question_set__indicators__code__iexact=q)
                | Q(question_set__indicators__name_nl__icontains=q)
                | Q(question_set__indicators__name_en__icontains=q)
            )
        )
    )
    if connection.vendor == "postgresql":
        # A subquery of its own, so the OR with the other conditions does not stop the
        # planner from using the GIN index.
        matching = QuestionVersion.objects.annotate(fulltext=pg_vector()).filter(
            fulltext=pg_query(q)
        )
        return words | Q(pk__in=matching.values("pk"))
    match = fts_match(q)
    if connection.vendor == "sqlite" and match:
        fts = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (match,))
        return words | Q(pk__in=fts)
    return words


def pg_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("wording_nl", "wording_en", config=PG_CONFIG)


def pg_query(q: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(q, config=PG_CONFIG, search_type="websearch")


class CompiledOnce(Expression):
    """A condition resolved against a query once and compiled to SQL once.

    The count, the page and the seven facet queries of a search all start from the same
    `searchable(q)` queryset; its clones share this node, so the text condition (a dozen
    lookups and two subqueries) is built and compiled once instead of nine times. That
    was about half of a search page's time, more than running the SQL. A relabelled copy
    (the queryset used as a subquery) compiles afresh, since its aliases differ.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, condition: Q):
        super().__init__()
        self.condition = condition
        self.resolved = False
        self._compiled: tuple[str, tuple] | None = None

    def get_source_expressions(self):
        return [self.condition]

    def set_source_expressions(self, exprs):
        (self.condition,) = exprs
        self._compiled = None

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        if self.resolved:
            # Lookups re-resolve their left-hand side at compile time; a resolved
            # condition needs nothing more (its outer references are already bound).
            return self
        resolved = self.copy()
        resolved.resolved = True
        resolved.condition = self.condition.resolve_expression(
            query, allow_joins, reuse, summarize, for_save
        )
        resolved._compiled = None
        return resolved

    def as_sql(self, compiler, connection):
        if self._compiled is None:
            sql, params = compiler.compile(self.condition)
            self._compiled = (sql, tuple(params))
        sql, params = self._compiled
        return sql, list(params)


def searchable(q: str) -> QuerySet[QuestionVersion]:
    qs = current_versions()
    return qs.filter(CompiledOnce(text_filter(q))) if q else qs


def filtered(
    params: SearchParams,
    *,
    skip: str | None = None,
    matching: QuerySet[QuestionVersion] | None = None,
) -> QuerySet[QuestionVersion]:
    """`matching` is `searchable(params.q)` when the caller already built it: building
    the text condition (a dozen lookups and two subqueries) once instead of for each of
    the nine queries of a search saves about a quarter of the page's time."""
    qs = searchable(params.q) if matching is None else matching
    for name, values in params.filters.items():
        if name != skip:
            qs = qs.filter(facet_filter(name, values))
    return qs


def ranked(qs: QuerySet[QuestionVersion], q: str) -> QuerySet[QuestionVersion]:
    if not q:
        return qs.order_by("question__code")
    group = Case(
        When(question__code__iexact=q, then=Value(0)),
        When(Q(wording_nl__icontains=q) | Q(wording_en__icontains=q), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        rank = SearchRank(pg_vector(), pg_query(q))
    else:
        rank = Value(0.0, output_field=FloatField())
    return qs.annotate(rank_group=group, rank=rank).order_by(
        "rank_group", "-rank", "question__code"
    )


# --------------------------------------------------------------------------- facets


def facet_counts(
    params: SearchParams, matching: QuerySet[QuestionVersion] | None = None
) -> list[Facet]:
    """One grouped query per facet (seven in all), each without its own filter."""
    rows: dict[str, list[tuple]] = {}
    if matching is None:
        matching = searchable(params.q)
    base = {name: filtered(params, skip=name, matching=matching) for name in FACETS}

    concepts = base["concept"].values(
        "question__concept__slug", "question__concept__name_nl", "question__concept__name_en"
    )
    rows["concept"] = [
        (r["question__concept__slug"], *_pick(r, "question__concept__name"), r["n"])
        for r in concepts.filter(question__concept__isnull=False)
        .annotate(n=Count("pk"))
        .order_by("question__concept__code")
    ]
    indicator_rows = Indicator.objects.annotate(
        n=Count(
            "question_sets__items__question_version__question",
            filter=Q(
                question_sets__status=QuestionSet.Status.PUBLISHED,
                question_sets__items__question_version__question__in=base["indicator"].values(
                    "question"
                ),
            ),
            distinct=True,
        )
    ).filter(n__gt=0)
    rows["indicator"] = [
        (i.code, f"{i.code} {name}", lang, i.n)
        for i in indicator_rows
        for name, lang in [in_language(i, "name")]
    ]
    for name, path, choices in (
        ("domain", "question__concept__domain", Concept.Domain),
        ("framing", "question__concept__framing", Concept.Framing),
        ("answer_type", "answer_type", AnswerType),
        ("verification", "verification", Verification),
    ):
        counts = dict(
            base[name]
            .filter(**{f"{path}__isnull": False})
            .values_list(path)
            .annotate(n=Count("pk"))
        )
        rows[name] = [(v, lbl, "", counts[v]) for v, lbl in choices.choices if v in counts]
    sources = (
        base["source"]
        .values("source__code", "source__instrument", "source__edition")
        .annotate(n=Count("pk"))
        .order_by("source__instrument", "source__edition")
    )
    rows["source"] = [
        (r["source__code"], f"{r['source__instrument']} {r['source__edition']}".strip(), "", r["n"])
        for r in sources
    ]
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
                    lang=lang if lang != _page_language() else "",
                )
                for value, text, lang, count in rows[name]
            ],
        )
        for name, label in FACETS.items()
    ]


def _pick(row: dict, prefix: str) -> tuple[str, str]:
    dummy = type("Row", (), {"name_nl": row[f"{prefix}_nl"], "name_en": row[f"{prefix}_en"]})
    return in_language(dummy, "name")


def _page_language() -> str:
    return (get_language() or "nl")[:2]


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
    """Queries: 1 count, 2 the page of results (+question, concept, source), 3 the public
    sets of those questions (skipped when the page is empty), 4-10 one per facet, 11 the
    sets matching the words (only when there are words)."""
    matching = searchable(params.q)
    results_qs = ranked(filtered(params, matching=matching), params.q).select_related(
        "question__concept", "source", "scale"
    )
    paginator = Paginator(results_qs, PAGE_SIZE)
    page = paginator.get_page(params.page)
    versions = list(page.object_list) if paginator.count else []
    facets = facet_counts(params, matching)
    return SearchOutcome(
        params=params,
        page=page,
        results=_with_sets(versions),
        facets=facets,
        active_filters=active_filters(params, facets),
        set_matches=matching_sets(params.q),
    )


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
        .annotate(total=Window(Count("pk")))
        .order_by(retired_last, "code")[:SETS_SHOWN]
    )
    return SetMatches(sets=rows, total=rows[0].total if rows else 0)


def _with_sets(versions: list[QuestionVersion]) -> list[SearchResult]:
    if not versions:
        return []
    items = QuestionSetItem.objects.filter(
        question_version__question__in=[v.question_id for v in versions],
        question_set__in=public_sets(),
    ).select_related("question_set", "question_version")
    sets_by_question: dict[int, dict[int, QuestionSet]] = {}
    for item in items.order_by("question_set__code"):
        question_id = item.question_version.question_id
        sets_by_question.setdefault(question_id, {})[item.question_set_id] = item.question_set
    return [
        SearchResult(version=v, sets=list(sets_by_question.get(v.question_id, {}).values()))
        for v in versions
    ]
