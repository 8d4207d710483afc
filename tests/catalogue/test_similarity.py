"""The national questions most like a wording: full-text candidates scored by pg_trgm on
PostgreSQL and by difflib on SQLite; one interface, one query, near-duplicates first.
Only wordings sharing a word with the text are candidates ("buren" is not "buurt")."""

import pytest
from django.db import connection
from django.utils import timezone

from questionsets.catalogue.similarity import SHOWN, similar_questions
from tests import factories

pytestmark = pytest.mark.django_db

PARK = "Hoe veilig voelt u zich in het park bij u in de buurt?"


def _question(code, wording):
    return factories.make_question(code=code, version_kw={"wording_nl": wording})


@pytest.fixture
def catalogue():
    _question("buurtveilig", "Hoe veilig voelt u zich in uw buurt?")
    _question("parkveilig", "Hoe veilig voelt u zich in het park bij u in de buurt")
    _question("vertrouwen", "Hoeveel vertrouwen heeft u in de politie?")
    _question("buren", "Hoe vaak heeft u contact met uw buren?")
    for n in range(8):
        _question(f"sport{n}", f"Hoe vaak sport u per week, variant {n}?")


def test_a_near_duplicate_comes_first_with_a_high_score(catalogue):
    found = similar_questions(PARK)
    assert [s.version.question.code for s in found][:2] == ["parkveilig", "buurtveilig"]
    assert found[0].score > 0.8
    assert found[0].score > found[1].score >= found[-1].score > 0
    assert len(found) <= SHOWN
    assert connection.vendor in ("sqlite", "postgresql")


def test_only_current_not_retired_questions_count(catalogue):
    old = _question("oudpark", PARK)
    factories.make_version(question=old, wording_nl="Iets heel anders over sport?")
    retired = _question("vervallen", PARK)
    retired.retired_at = timezone.now()
    retired.save()
    codes = [s.version.question.code for s in similar_questions(PARK)]
    assert "vervallen" not in codes
    found = {s.version.question.code: s.version.number for s in similar_questions(PARK)}
    assert found.get("oudpark") in (None, 2)


def test_the_limit_and_empty_text(catalogue):
    assert len(similar_questions("Hoe vaak sport u per week?", limit=3)) == 3
    assert similar_questions("") == []
    assert similar_questions("?! ..") == []


@pytest.mark.parametrize("extra", [0, 40])
def test_one_query_whatever_the_catalogue_size(catalogue, django_assert_num_queries, extra):
    for n in range(extra):
        _question(f"extra{n}", f"Hoe veilig voelt u zich in het park, stelling {n}?")
    with django_assert_num_queries(1):
        found = similar_questions(PARK)
    assert found[0].version.question.code == "parkveilig"
    # PostgreSQL's Dutch configuration drops stop words such as "hoe"; SQLite's does not
    assert len(found) == SHOWN if extra else 2 <= len(found) <= SHOWN
