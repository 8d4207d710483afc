"""Match once: the candidate rows of a search, and every facet count derived from them.

A search used to run its text condition (a dozen LIKEs and a correlated EXISTS per row)
in each of its nine queries. Now one query returns, for every current version that
matches the text, the few columns the facets need; the facet filters, the seven
disjunctive facet counts, the total and the ranking are then worked out in Python from
that one list, and only the 25 rows of the page are read in full.

The text condition itself names the small tables (concepts, sources, sets, indicators)
through uncorrelated subqueries, which the database evaluates once, not per row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, repeat
from operator import itemgetter

from django.db import connection
from django.db.models import Case, Exists, FloatField, IntegerField, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL

from ..models import Concept, QuestionSet, QuestionSetItem, QuestionVersion, Source

FTS_TABLE = "questionsets_questionversion_fts"
PG_CONFIG = "dutch"

# The columns of a candidate row. Concepts and sources are carried as ids: their names,
# domains and framings come from the two small tables, read once per search (Lookups).
ID, QUESTION, CODE, RANK_GROUP, RANK, CONCEPT, SOURCE, ANSWER_TYPE, VERIFICATION = range(9)
FIELDS = (
    "pk",
    "question_id",
    "question__code",
    "rank_group",
    "rank",
    "question__concept_id",
    "source_id",
    "answer_type",
    "verification",
)
# The column each facet filters and counts on; domain and framing are the concept's.
COLUMNS = {"concept": CONCEPT, "domain": CONCEPT, "framing": CONCEPT, "source": SOURCE}
COLUMNS |= {"answer_type": ANSWER_TYPE, "verification": VERIFICATION}
# Above this many candidates, reading every published set's indicators is cheaper than
# sending the candidates' ids to the database.
ID_LIST_LIMIT = 2000

Row = tuple


def current_versions():
    """The latest version of every question: what the catalogue offers today."""
    newer = QuestionVersion.objects.filter(
        question=OuterRef("question"), number__gt=OuterRef("number")
    )
    return QuestionVersion.objects.filter(~Exists(newer))


def fts_match(q: str) -> str:
    """An FTS5 MATCH expression: every word quoted (no operators leak in), as a prefix."""
    return " ".join(f'"{word}"*' for word in re.findall(r"\w+", q))


# PostgreSQL: the wording's tsvector, stored by the database (migration 0020).
PG_MATCH = "search_vector @@ websearch_to_tsquery('dutch'::regconfig, %s)"
PG_RANK = (
    "ts_rank(questionsets_questionversion.search_vector, "
    "websearch_to_tsquery('dutch'::regconfig, %s))"
)


def text_condition(q: str) -> Q:
    """Wording (Dutch and English, as a phrase and through the full-text index), the
    question code, and the names of its concept, source, published sets and their
    indicators."""
    concepts = Concept.objects.filter(
        Q(name_nl__icontains=q) | Q(name_en__icontains=q) | Q(code__iexact=q)
    )
    sources = Source.objects.filter(
        Q(code__iexact=q) | Q(instrument__icontains=q) | Q(publisher__icontains=q)
    )
    in_sets = QuestionSetItem.objects.filter(
        Q(question_set__code__iexact=q)
        | Q(question_set__name_nl__icontains=q)
        | Q(question_set__name_en__icontains=q)
        | Q(question_set__indicators__code__iexact=q)
        | Q(question_set__indicators__name_nl__icontains=q)
        | Q(question_set__indicators__name_en__icontains=q),
        question_set__status=QuestionSet.Status.PUBLISHED,
    )
    # The phrase as a subquery of its own: on PostgreSQL it reads the trigram indexes
    # (migration 0020), which a condition ORed with other tables' columns cannot.
    phrase = QuestionVersion.objects.filter(Q(wording_nl__icontains=q) | Q(wording_en__icontains=q))
    condition = (
        Q(question__code__istartswith=q)
        | Q(pk__in=phrase.values("pk"))
        | Q(question__concept__in=concepts.values("pk"))
        | Q(source__in=sources.values("pk"))
        | Q(question__in=in_sets.values("question_version__question"))
    )
    return condition | fulltext_condition(q)


def fulltext_condition(q: str) -> Q:
    if connection.vendor == "postgresql":
        # A subquery of its own, so the OR with the other conditions does not stop the
        # planner from using the GIN index.
        sql = f"SELECT id FROM questionsets_questionversion WHERE {PG_MATCH}"
        return Q(pk__in=RawSQL(sql, (q,)))
    match = fts_match(q)
    if connection.vendor == "sqlite" and match:
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return Q(pk__in=RawSQL(sql, (match,)))
    return Q()


def candidates(q: str) -> list[Row]:
    """One query: every current version matching `q` (all of them without `q`), with
    its ranking and the columns the facets filter and count on."""
    return _rows(candidate_versions(q))


def candidate_versions(q: str):
    """The candidates as a queryset (also for EXPLAIN in the tests)."""
    versions = current_versions()
    if not q:
        return versions.annotate(
            rank_group=Value(0, output_field=IntegerField()),
            rank=Value(0.0, output_field=FloatField()),
        )
    group = Case(
        When(question__code__iexact=q, then=Value(0)),
        When(Q(wording_nl__icontains=q) | Q(wording_en__icontains=q), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return versions.filter(text_condition(q)).annotate(rank_group=group, rank=rank_expression(q))


def _rows(versions) -> list[Row]:
    """The candidate columns as plain tuples, through the cursor: none of them needs a
    converter, and the ORM's iteration costs about a microsecond a row (10 ms of a
    search without text, which has 10,000 candidates at bench scale)."""
    sql, params = versions.order_by().values_list(*FIELDS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rank_expression(q: str):
    if connection.vendor == "postgresql":
        return RawSQL(PG_RANK, (q,), output_field=FloatField())
    return Value(0.0, output_field=FloatField())


def indicators_by_question(rows: list[Row], *, everything: bool) -> dict[int, frozenset[str]]:
    """The indicator codes of the published sets each candidate question is in (no
    query when nothing matched)."""
    if not rows:
        return {}
    items = QuestionSetItem.objects.filter(question_set__status=QuestionSet.Status.PUBLISHED)
    if not everything and len(rows) <= ID_LIST_LIMIT:
        # On the id, not the relation: a related lookup normalises each of the hundreds
        # of values on its own.
        ids = [row[QUESTION] for row in rows]
        items = items.filter(question_version__question__id__in=ids)
    found: dict[int, set[str]] = {}
    pairs = items.values_list("question_version__question", "question_set__indicators__code")
    for question, code in pairs.order_by().distinct():
        found.setdefault(question, set()).add(code)
    return {question: frozenset(codes) for question, codes in found.items()}


def ordered(rows: Iterable[Row], q: str) -> list[Row]:
    """Exact code first, then the exact phrase in the wording, then the rest (by full-text
    rank on PostgreSQL), then by code."""
    if not q:
        return sorted(rows, key=lambda row: row[CODE])
    return sorted(rows, key=lambda row: (row[RANK_GROUP], -row[RANK], row[CODE]))


@dataclass
class Lookups:
    """The concepts and sources by id (two small reads), to turn the facet values of the
    URL (slugs, domains, framings, codes) into the ids the rows carry, and back."""

    concepts: dict[int, Concept]
    sources: dict[int, Source]

    @classmethod
    def read(cls) -> Lookups:
        concepts = Concept.objects.only("code", "slug", "name_nl", "name_en", "domain", "framing")
        sources = Source.objects.only("code", "instrument", "edition")
        return cls(
            concepts={c.pk: c for c in concepts.order_by("code")},
            sources={s.pk: s for s in sources.order_by("instrument", "edition")},
        )

    def value(self, name: str, key):
        """The facet value (as in the URL) of a row's column value."""
        if name == "source":
            return self.sources[key].code
        if name in ("concept", "domain", "framing"):
            concept = self.concepts[key]
            return {"concept": concept.slug, "domain": concept.domain}.get(name, concept.framing)
        return key

    def wanted(self, filters: dict[str, list[str]]) -> dict[str, frozenset]:
        """Each filter as the set of column values (ids for concepts and sources) it keeps."""
        keys = {"concept": self.concepts, "domain": self.concepts, "framing": self.concepts}
        keys["source"] = self.sources
        wanted = {}
        for name, values in filters.items():
            if name in keys:
                chosen = set(values)
                wanted[name] = frozenset(k for k in keys[name] if self.value(name, k) in chosen)
            else:
                wanted[name] = frozenset(values)
        return wanted

    def public_counts(self, name: str, counts: Counter) -> Counter:
        """Counts by column value turned into counts by facet value (several concepts
        share a domain)."""
        if name not in ("concept", "domain", "framing", "source"):
            return counts
        public: Counter = Counter()
        for key, n in counts.items():
            value = self.value(name, key)
            if value:
                public[value] += n
        return public


def filter_and_count(
    rows: list[Row],
    indicators: dict[int, frozenset[str]],
    wanted: dict[str, frozenset],
) -> tuple[list[Row], dict[str, Counter]]:
    """The rows that pass every facet filter, and the disjunctive facet counts by column
    value (see Lookups.public_counts).

    A facet's counts apply every filter but its own, so a row counts towards facet F
    exactly when the only filter it fails (if any) is F's. One pass over the rows."""
    if not wanted:
        return rows, _count_all(rows, indicators)
    counts: dict[str, Counter] = {name: Counter() for name in (*COLUMNS, "indicator")}
    passing: list[Row] = []
    none: frozenset[str] = frozenset()
    for row in rows:
        codes = indicators.get(row[QUESTION], none)
        failed = _failed_filter(row, codes, wanted)
        if failed is None:
            passing.append(row)
            for name, column in COLUMNS.items():
                if row[column] is not None:
                    counts[name][row[column]] += 1
            counts["indicator"].update(codes)
        elif failed == "indicator":
            counts["indicator"].update(codes)
        elif failed and row[COLUMNS[failed]] is not None:
            counts[failed][row[COLUMNS[failed]]] += 1
    return passing, counts


def _count_all(rows: list[Row], indicators: dict[int, frozenset[str]]) -> dict[str, Counter]:
    """Without filters every row counts for every facet: counted by C code, not a loop."""
    counts = {name: Counter(map(itemgetter(column), rows)) for name, column in COLUMNS.items()}
    for counter in counts.values():
        counter.pop(None, None)
    questions = map(itemgetter(QUESTION), rows)
    counts["indicator"] = Counter(chain.from_iterable(map(indicators.get, questions, repeat(()))))
    return counts


def _failed_filter(row: Row, codes: frozenset[str], wanted: dict[str, frozenset]):
    """None when the row passes every filter, the filter's name when it fails exactly
    one, "" when it fails more."""
    failed = None
    for name, values in wanted.items():
        if name == "indicator":
            passes = not values.isdisjoint(codes)
        else:
            passes = row[COLUMNS[name]] in values
        if not passes:
            if failed is not None:
                return ""
            failed = name
    return failed
