"""Task floors: the least work any implementation needs to give a page's answer.

The replay floor of harness.py repeats whatever a page does, waste included. A task floor
is written from what the task needs, independently of the product code: raw SQL through
a cursor, plain Python, and markup built with string operations. A test pins each floor
to the page it bounds (tests/bench/test_task_floors.py): the same ids, counts and facets.

Search: the candidates are computed once (wording as a phrase and through the full-text
index, the question code, and the concept, source, set and indicator names), the
indicators of the candidates' published sets read once, the seven disjunctive facet
counts derived from those rows, the count, and the first 25 rows read and rendered as
minimal HTML; then the two groups beside the questions: the first five matching sets
with their total, and (without facet filters) the first ten current shared local
questions holding every word, with theirs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from itertools import chain
from operator import itemgetter

from django.db import connection

PAGE_SIZE = 25
PUBLISHED = "gepubliceerd"
FACET_NAMES = ("concept", "indicator", "domain", "framing", "source", "answer_type", "verification")


@dataclass
class SearchAnswer:
    ids: list[int]  # the page's version ids, in order
    count: int
    sets: list[str]  # the codes of the matching sets shown above the questions
    set_total: int
    facets: dict[str, dict[str, int]]  # facet -> value -> count
    html: str
    shared: list[int] = field(default_factory=list)  # shared local question versions shown
    shared_total: int = 0
    result_sets: list[list[str]] = field(default_factory=list)  # each result's public sets
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # facet -> value -> label


def _like(column: str) -> str:
    """Case-insensitive substring match, as the page's icontains does it per database."""
    if connection.vendor == "postgresql":
        return f"UPPER({column}::text) LIKE UPPER(%s)"
    return f"{column} LIKE %s ESCAPE '\\'"


def _pattern(q: str, *, contains: bool = True, prefix: bool = False) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if contains:
        return f"%{escaped}%"
    return f"{escaped}%" if prefix else escaped


def _fulltext(q: str) -> tuple[str, list]:
    if connection.vendor == "postgresql":
        return (
            "v.id IN (SELECT id FROM questionsets_questionversion WHERE "
            "search_vector @@ websearch_to_tsquery('dutch'::regconfig, %s))",
            [q],
        )
    words = " ".join(f'"{w}"*' for w in re.findall(r"\w+", q))
    if not words:
        return "0", []
    sql = (
        "v.id IN (SELECT rowid FROM questionsets_questionversion_fts "
        "WHERE questionsets_questionversion_fts MATCH %s)"
    )
    return sql, [words]


def _text_condition(q: str) -> tuple[str, list]:
    has = _pattern(q)
    exact = _pattern(q, contains=False)
    fulltext, fulltext_params = _fulltext(q)
    sql = f"""(
        {_like("qu.code")}
        OR v.id IN (SELECT id FROM questionsets_questionversion WHERE
            {_like("wording_nl")} OR {_like("wording_en")})
        OR qu.concept_id IN (SELECT id FROM questionsets_concept WHERE
            {_like("name_nl")} OR {_like("name_en")} OR {_like("code")})
        OR v.source_id IN (SELECT id FROM questionsets_source WHERE
            {_like("code")} OR {_like("instrument")} OR {_like("publisher")})
        OR v.question_id IN (SELECT iv.question_id FROM questionsets_questionsetitem i
            JOIN questionsets_questionset s ON s.id = i.question_set_id
            JOIN questionsets_questionversion iv ON iv.id = i.question_version_id
            LEFT JOIN questionsets_questionset_indicators si ON si.questionset_id = s.id
            LEFT JOIN questionsets_indicator ind ON ind.id = si.indicator_id
            WHERE s.status = %s AND ({_like("s.code")} OR {_like("s.name_nl")}
              OR {_like("s.name_en")} OR {_like("ind.code")} OR {_like("ind.name_nl")}
              OR {_like("ind.name_en")}))
        OR {fulltext})"""
    params = [_pattern(q, contains=False, prefix=True), has, has, has, has, exact]
    params += [exact, has, has, PUBLISHED, exact, has, has, exact, has, has]
    return sql, params + fulltext_params


def _candidates(cursor, q: str) -> list[tuple]:
    """(id, question id, code, concept id, source id, answer type, verification, group,
    rank) of every current version matching `q`."""
    current = (
        "NOT EXISTS (SELECT 1 FROM questionsets_questionversion n "
        "WHERE n.question_id = v.question_id AND n.number > v.number)"
    )
    columns = "v.id, v.question_id, qu.code, qu.concept_id, v.source_id, v.answer_type, "
    columns += "v.verification"
    joins = "questionsets_questionversion v JOIN questionsets_question qu ON qu.id = v.question_id"
    if not q:
        cursor.execute(f"SELECT {columns}, 0, 0.0 FROM {joins} WHERE {current}")
        return cursor.fetchall()
    condition, params = _text_condition(q)
    group = (
        f"CASE WHEN {_like('qu.code')} THEN 0 WHEN {_like('v.wording_nl')} "
        f"OR {_like('v.wording_en')} THEN 1 ELSE 2 END"
    )
    group_params = [_pattern(q, contains=False), _pattern(q), _pattern(q)]
    rank, rank_params = "0.0", []
    if connection.vendor == "postgresql":
        rank = "ts_rank(v.search_vector, websearch_to_tsquery('dutch'::regconfig, %s))"
        rank_params = [q]
    cursor.execute(
        f"SELECT {columns}, {group}, {rank} FROM {joins} WHERE {current} AND {condition}",
        group_params + rank_params + params,
    )
    return cursor.fetchall()


def _indicators(cursor, question_ids: set[int]) -> dict[int, set[str]]:
    """Sending a few hundred ids is cheaper than reading every published set's
    indicators; for thousands it is the other way round."""
    sql = (
        "SELECT iv.question_id, ind.code FROM questionsets_questionsetitem i "
        "JOIN questionsets_questionset s ON s.id = i.question_set_id "
        "JOIN questionsets_questionversion iv ON iv.id = i.question_version_id "
        "JOIN questionsets_questionset_indicators si ON si.questionset_id = s.id "
        "JOIN questionsets_indicator ind ON ind.id = si.indicator_id WHERE s.status = %s"
    )
    params: list = [PUBLISHED]
    if len(question_ids) <= 2000:
        sql += f" AND iv.question_id IN ({', '.join(['%s'] * len(question_ids))})"
        params += list(question_ids)
    cursor.execute(sql, params)
    found: dict[int, set[str]] = {}
    for question, code in cursor.fetchall():
        if question in question_ids:
            found.setdefault(question, set()).add(code)
    return found


COLUMN = {"concept": 3, "domain": 3, "framing": 3, "source": 4}
COLUMN |= {"answer_type": 5, "verification": 6}
EMPTY: frozenset[str] = frozenset()


def search_floor(q: str, filters: dict[str, list[str]], page: int = 1) -> SearchAnswer:
    with connection.cursor() as cursor:
        rows = _candidates(cursor, q)
        indicators = _indicators(cursor, {row[1] for row in rows}) if rows else {}
        cursor.execute(
            "SELECT id, slug, domain, framing, name_nl, name_en FROM questionsets_concept"
        )
        concepts = {row[0]: row[1:] for row in cursor.fetchall()}
        cursor.execute("SELECT id, code, instrument, edition FROM questionsets_source")
        found = cursor.fetchall()
        sources = {row[0]: row[1] for row in found}
        source_names = {row[0]: f"{row[2]} {row[3]}".strip() for row in found}
        wanted = _wanted(filters, concepts, sources)
        passing, counts = _count(rows, indicators, wanted)
        ranked = sorted(passing, key=lambda row: (row[7], -row[8], row[2]))
        start = (page - 1) * PAGE_SIZE
        ids = [row[0] for row in ranked[start : start + PAGE_SIZE]]
        facets = _public(counts, concepts, sources)
        labels = _labels(cursor, facets, concepts, sources, source_names)
        sets, set_total = _matching_sets(cursor, q)
        html, result_sets = _html(cursor, ids, len(passing), facets, labels)
        html += "".join(f'<a href="/sets/{code}/">{code}</a>' for code in sets)
        shared, shared_total, shared_html = _shared(cursor, q) if not filters else ([], 0, "")
    return SearchAnswer(
        ids=ids,
        count=len(passing),
        sets=sets,
        set_total=set_total,
        facets=facets,
        html=html + shared_html,
        shared=shared,
        shared_total=shared_total,
        result_sets=result_sets,
        labels=labels,
    )


SHARED_SHOWN = 10


def _shared(cursor, q: str) -> tuple[list[int], int, str]:
    """The newest ten current shared local questions (latest version of a question not
    withdrawn) with every word in their wording, instruction or rationale or in the
    sharing municipality's name, their total, and their links."""
    words = q.split()[:10]
    each = (
        f"({_like('v.wording')} OR {_like('v.instruction')} OR {_like('v.rationale')} "
        f"OR {_like('m.name')})"
    )
    condition = "".join(f" AND {each}" for _ in words)
    cursor.execute(
        "SELECT v.id, v.shared_question_id, v.number, v.wording, m.name, COUNT(*) OVER () "
        "FROM questionsets_sharedquestionversion v "
        "JOIN questionsets_sharedquestion s ON s.id = v.shared_question_id "
        "JOIN questionsets_municipality m ON m.id = s.municipality_id "
        "WHERE s.status = 'actief' AND NOT EXISTS (SELECT 1 FROM "
        "questionsets_sharedquestionversion n WHERE n.shared_question_id = "
        f"v.shared_question_id AND n.number > v.number){condition} "
        f"ORDER BY v.published_at DESC, v.id DESC LIMIT {SHARED_SHOWN}",
        [_pattern(word) for word in words for _ in range(4)],
    )
    rows = cursor.fetchall()
    html = "".join(
        f'<li><a href="/gedeelde-vragen/{question}/">{escape(name)} {number}</a>'
        f"<p>{escape(wording)}</p></li>"
        for _, question, number, wording, name, _ in rows
    )
    return [row[0] for row in rows], rows[0][-1] if rows else 0, html


SETS_SHOWN = 5


def _matching_sets(cursor, q: str) -> tuple[list[str], int]:
    """The first five public sets (published before retired) whose code is `q` or whose
    name or description holds every word, and how many there are."""
    words = q.split()[:10]
    if not words:
        return [], 0
    each = f"({_like('name_nl')} OR {_like('name_en')} OR {_like('description')})"
    condition = " AND ".join([each] * len(words))
    params = [p for word in words for p in [_pattern(word)] * 3]
    cursor.execute(
        "SELECT code, status FROM questionsets_questionset WHERE status <> 'concept' "
        f"AND (({condition}) OR {_like('code')})",
        [*params, _pattern(q, contains=False)],
    )
    rows = sorted(cursor.fetchall(), key=lambda row: (row[1] != PUBLISHED, row[0]))
    return [code for code, _ in rows[:SETS_SHOWN]], len(rows)


def _wanted(filters, concepts, sources) -> dict[str, set]:
    """The filters in the rows' terms: concept and source ids, or the value itself."""
    wanted = {}
    for name, chosen in filters.items():
        if name in ("concept", "domain", "framing"):
            at = ("concept", "domain", "framing").index(name)
            wanted[name] = {pk for pk, info in concepts.items() if info[at] in chosen}
        elif name == "source":
            wanted[name] = {pk for pk, code in sources.items() if code in chosen}
        else:
            wanted[name] = set(chosen)
    return wanted


def _count(rows, indicators, wanted) -> tuple[list, dict[str, Counter]]:
    """One pass: a row counts for facet F when F's filter is the only one it fails."""
    counts = {name: Counter() for name in FACET_NAMES}
    if not wanted:
        for name, column in COLUMN.items():
            counts[name] = Counter(map(itemgetter(column), rows))
        counts["indicator"] = Counter(
            chain.from_iterable(indicators.get(row[1], ()) for row in rows)
        )
        return rows, counts
    passing = []
    for row in rows:
        codes = indicators.get(row[1], EMPTY)
        failed = None
        for name, chosen in wanted.items():
            if (row[COLUMN[name]] in chosen) if name != "indicator" else (codes & chosen):
                continue
            if failed is not None:
                break
            failed = name
        else:
            if failed is None:
                passing.append(row)
                for name, column in COLUMN.items():
                    counts[name][row[column]] += 1
                counts["indicator"].update(codes)
            elif failed == "indicator":
                counts["indicator"].update(codes)
            else:
                counts[failed][row[COLUMN[failed]]] += 1
    return passing, counts


def _public(counts, concepts, sources) -> dict[str, dict[str, int]]:
    """Counts by id turned into counts by slug, domain, framing and source code."""
    facets: dict[str, dict[str, int]] = {}
    for name, by_key in counts.items():
        public: Counter = Counter()
        for key, n in by_key.items():
            if name in ("concept", "domain", "framing"):
                at = ("concept", "domain", "framing").index(name)
                key = concepts[key][at] if key is not None else None
            elif name == "source":
                key = sources[key]
            if key:
                public[key] += n
        facets[name] = dict(public)
    return facets


def _labels(cursor, facets, concepts, sources, source_names) -> dict[str, dict[str, str]]:
    """What a facet value shows: the concept's name, the indicator's code and name, the
    source's instrument and edition (the other facets show their value)."""
    cursor.execute("SELECT code, name_nl FROM questionsets_indicator")
    names = {
        "concept": {info[0]: info[3] for info in concepts.values()},
        "indicator": {code: f"{code} {name}" for code, name in cursor.fetchall()},
        "source": {code: source_names[pk] for pk, code in sources.items()},
    }
    return {
        name: {value: names.get(name, {}).get(value, value) for value in counts}
        for name, counts in facets.items()
    }


def _html(cursor, ids, count, facets, labels) -> tuple[str, list[list[str]]]:
    """Minimal markup of what the page shows: the facets with their labels and counts,
    and each result with its concept, wording, source, answer type, verification and
    the public sets its question is in."""
    parts = [f"<h2>{count} vragen gevonden</h2>"]
    for name, counts in facets.items():
        parts.append(f"<fieldset><legend>{name}</legend>")
        parts += [
            f'<label><input type="checkbox" name="{name}" value="{escape(value)}"> '
            f"{escape(labels[name][value])} ({n})</label>"
            for value, n in counts.items()
        ]
        parts.append("</fieldset>")
    if not ids:
        return "".join(parts), []
    marks = ", ".join(["%s"] * len(ids))
    cursor.execute(
        "SELECT v.id, v.question_id, qu.code, v.wording_nl, s.instrument, s.edition, "
        "c.name_nl, v.answer_type, v.verification FROM questionsets_questionversion v "
        "JOIN questionsets_question qu ON qu.id = v.question_id "
        "LEFT JOIN questionsets_concept c ON c.id = qu.concept_id "
        f"JOIN questionsets_source s ON s.id = v.source_id WHERE v.id IN ({marks})",
        ids,
    )
    by_id = {row[0]: row for row in cursor.fetchall()}
    questions = ", ".join(["%s"] * len(ids))
    cursor.execute(
        "SELECT DISTINCT iv.question_id, s.code, s.name_nl FROM questionsets_questionsetitem i "
        "JOIN questionsets_questionset s ON s.id = i.question_set_id "
        "JOIN questionsets_questionversion iv ON iv.id = i.question_version_id "
        f"WHERE s.status <> 'concept' AND iv.question_id IN ({questions}) ORDER BY s.code",
        [by_id[pk][1] for pk in ids],
    )
    sets: dict[int, list[tuple[str, str]]] = {}
    for question, code, name in cursor.fetchall():
        sets.setdefault(question, []).append((code, name))
    parts.append("<ol>")
    for pk in ids:
        _, question, code, wording, instrument, edition, concept, answer, check = by_id[pk]
        links = "".join(f'<a href="/sets/{c}/">{escape(n)}</a>' for c, n in sets.get(question, ()))
        parts.append(
            f'<li><a href="/vragen/{code}/">{code}</a> {escape(concept or "")}'
            f"<p>{escape(wording)}</p><p>{escape(instrument)} {escape(edition)} {answer} "
            f"{check}</p>{links}</li>"
        )
    parts.append("</ol>")
    result_sets = [[c for c, _ in sets.get(by_id[pk][1], ())] for pk in ids]
    return "".join(parts), result_sets
