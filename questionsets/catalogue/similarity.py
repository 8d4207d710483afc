"""Which current national questions read most like a given wording: so that a curator
notices a duplicate before a municipality's question enters the catalogue.

One interface, :func:`similar_questions`, one query on either database:

- Both pick a bounded number of candidates through their full-text index: the wordings
  sharing a word with the text, best full-text rank first (PostgreSQL: the stored
  ``search_vector`` of migration 0020 and ``ts_rank``; SQLite: the FTS5 table of
  migration 0002 and bm25).
- PostgreSQL scores them with pg_trgm's ``similarity()`` inside the database and returns
  only the best few rows; SQLite's candidates are scored in Python with
  ``difflib.SequenceMatcher`` on the normalised text.

Scoring every wording instead (pg_trgm's ``%`` operator, whose GIN index the planner
passes over for a sequential scan on a catalogue this size) took some 300 ms per page.

Scores are between 0 and 1 (1 = the same words); the two measures differ, so compare
scores only within one database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import connection
from django.db.models import FloatField, Q
from django.db.models.expressions import RawSQL

from ..models import QuestionVersion
from .matching import FTS_TABLE, current_versions

SHOWN = 5
# How many full-text candidates are scored at most (SQLite: about 45 ms on the bench
# catalogue of 10,139 versions).
CANDIDATES = 100
MAX_WORDS = 12
TABLE = QuestionVersion._meta.db_table


@dataclass(frozen=True)
class Similar:
    version: QuestionVersion  # the current version, with its question
    score: float  # 0..1

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def similar_questions(text: str, *, limit: int = SHOWN) -> list[Similar]:
    """The `limit` current, not retired national questions most similar to `text`, best
    first (ties by code): one query."""
    words = _words(text)
    if not words:
        return []
    versions = (
        current_versions().filter(question__retired_at__isnull=True).select_related("question")
    )
    if connection.vendor == "postgresql":
        return _postgresql(versions, text, words, limit)
    return _scored_in_python(versions, text, words, limit)


def _words(text: str) -> list[str]:
    found = dict.fromkeys(w for w in re.findall(r"\w+", text.lower()) if len(w) > 2)
    return sorted(found, key=len, reverse=True)[:MAX_WORDS]


def _postgresql(versions, text: str, words: list[str], limit: int) -> list[Similar]:
    """The best full-text candidates (the stored ``search_vector`` of migration 0020, any
    of the words, best ``ts_rank`` first) scored with pg_trgm's ``similarity()``: only
    those are scored, not every wording in the catalogue."""
    query = "websearch_to_tsquery('dutch'::regconfig, %s)"
    candidates = RawSQL(
        f"SELECT id FROM {TABLE} WHERE search_vector @@ {query} "
        f"ORDER BY ts_rank(search_vector, {query}) DESC LIMIT %s",
        (" or ".join(words), " or ".join(words), CANDIDATES),
    )
    score = RawSQL(f"similarity({TABLE}.wording_nl, %s)", (text,), FloatField())
    rows = versions.filter(pk__in=candidates).annotate(score=score)
    return [Similar(v, v.score) for v in rows.order_by("-score", "question__code")[:limit]]


def _scored_in_python(versions, text: str, words: list[str], limit: int) -> list[Similar]:
    match = " OR ".join(f'"{word}"' for word in words)
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT %s"
    if connection.vendor == "sqlite":
        versions = versions.filter(Q(pk__in=RawSQL(sql, (match, CANDIDATES))))
    else:  # no full-text index: a bounded word match
        versions = versions.filter(_any_word(words))[:CANDIDATES]
    target = normalised(text)
    scored = [
        Similar(v, SequenceMatcher(None, target, normalised(v.wording_nl)).ratio())
        for v in versions
    ]
    scored.sort(key=lambda s: (-s.score, s.version.question.code))
    return [s for s in scored if s.score > 0][:limit]


def _any_word(words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition |= Q(wording_nl__icontains=word)
    return condition
