"""Each task floor of `make bench` gives the same answer as the page it bounds.

A floor that answered a different question would make any ratio meaningless; these
pin the search floor to /zoeken/: the same page of ids in the same order, the same
count and the same disjunctive facet counts, for broad, selective, empty and filtered
searches, on whichever database the suite runs on.
"""

import pytest

from bench.task_floors import search_floor
from questionsets.catalogue import matching
from tests.factories import make_concept, make_question

from ..catalogue_builders import make_bulk_catalogue, make_catalogue

pytestmark = pytest.mark.django_db


def page_answer(client, q, filters, page=1):
    params = {"q": q, "page": page, **filters}
    outcome = client.get("/zoeken/", params).context["outcome"]
    facets = {f.name: {v.value: v.count for v in f.values} for f in outcome.facets}
    ids = [r.version.pk for r in outcome.results]
    sets = [s.code for s in outcome.set_matches.sets], outcome.set_matches.total
    return ids, outcome.page.paginator.count, facets, sets


SEARCHES = [
    ("", {}),
    ("vertrouwen", {}),
    ("vertrouwen", {"verification": ["verbatim"], "concept": ["bulk-1", "bulk-2"]}),
    ("vertrouwen", {"indicator": ["B01-I1"], "source": ["bulk-src-2"]}),
    ("Vraag 1", {"domain": ["sociaal"]}),
    ("bulk1", {}),
    ("Bulkset 3", {}),
    ("Bulkset", {}),  # more than five matching sets: the first five and the total
    ("Societal malaise", {}),
    ("Richting van het land", {}),
    ("xyzzy", {"domain": ["oov"]}),
    ("buurt veilig", {}),
    ('"; DROP', {}),
    ("veilig", {}),  # exact code, then the phrase in the wording, then the rest
]


def ranking_questions():
    veiligheid = make_concept(code="V01", slug="veiligheid", name_nl="Veiligheid")
    make_question(code="aaa0", concept=veiligheid, version_kw={"wording_nl": "Hoe oud bent u?"})
    make_question(code="aaa1", version_kw={"wording_nl": "Voelt u zich veilig in uw buurt?"})
    make_question(code="veilig", version_kw={"wording_nl": "Hoe vaak bent u bang?"})


@pytest.mark.parametrize(("q", "filters"), SEARCHES)
def test_search_floor_gives_the_same_ids_count_and_facets_as_the_page(client, q, filters):
    make_catalogue()
    make_bulk_catalogue(60)
    ranking_questions()
    floor = search_floor(q, filters)
    ids, count, facets, sets = page_answer(client, q, filters)
    assert floor.ids == ids
    assert floor.count == count
    assert (floor.sets, floor.set_total) == sets
    assert {name: values for name, values in floor.facets.items() if values} == {
        name: values for name, values in facets.items() if values
    }
    assert f"<h2>{count} vragen gevonden</h2>" in floor.html


def test_search_floor_agrees_on_a_later_page_and_with_many_candidates(client, monkeypatch):
    make_bulk_catalogue(120)
    # the page reads every published set's indicators above this many candidates
    monkeypatch.setattr(matching, "ID_LIST_LIMIT", 10)
    ids, count, facets, _ = page_answer(client, "vertrouwen", {"concept": ["bulk-3"]}, page=2)
    floor = search_floor("vertrouwen", {"concept": ["bulk-3"]}, page=2)
    assert (floor.ids, floor.count) == (ids, count) and len(ids) == 5
    assert {k: v for k, v in floor.facets.items() if v} == {k: v for k, v in facets.items() if v}
