"""Each task floor of `make bench` gives the same answer as the page it bounds.

A floor that answered a different question would make any ratio meaningless; these
pin the search floor to /zoeken/: the same page of ids in the same order, the same
count and the same disjunctive facet counts, the same matching sets and shared local
questions, for broad, selective, empty and filtered searches, on whichever database the
suite runs on.
"""

import pytest

from bench.task_floors import search_floor
from questionsets.catalogue import matching
from questionsets.models import SharedQuestion, SharedQuestionVersion
from tests.factories import make_concept, make_municipality, make_question

from ..catalogue_builders import make_bulk_catalogue, make_catalogue

pytestmark = pytest.mark.django_db


def page_answer(client, q, filters, page=1):
    params = {"q": q, "page": page, **filters}
    outcome = client.get("/zoeken/", params).context["outcome"]
    facets = {f.name: {v.value: v.count for v in f.values} for f in outcome.facets}
    ids = [r.version.pk for r in outcome.results]
    sets = [s.code for s in outcome.set_matches.sets], outcome.set_matches.total
    shared = [v.pk for v in outcome.shared_matches.versions], outcome.shared_matches.total
    shows = {
        "result sets": [[s.code for s in r.sets] for r in outcome.results],
        "indicator labels": {
            v.value: v.label for f in outcome.facets if f.name == "indicator" for v in f.values
        },
    }
    return ids, outcome.page.paginator.count, facets, sets, shared, shows


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
    ("park", {}),  # more than ten shared local questions: the newest ten and the total
    ("park Zeist", {}),  # every word, one of them the sharing municipality's name
    ("bankje", {}),  # in the rationale; the withdrawn question and older version are not
    ("Park", {"answer_type": ["single"]}),  # a facet filter leaves the shared group out
]


def shared_questions():
    """Shared local questions of two municipalities: twelve about the park, one with a
    newer version that no longer mentions its bench, one withdrawn."""
    utrecht = make_municipality(name="Utrecht")
    zeist = make_municipality(name="Zeist")

    def share(municipality, *wordings, status=SharedQuestion.Status.ACTIVE, rationale="Eigen."):
        question = SharedQuestion.objects.create(municipality=municipality, status=status)
        for number, wording in enumerate(wordings, 1):
            SharedQuestionVersion.objects.create(
                shared_question=question,
                number=number,
                wording=wording,
                answer_type="single",
                rationale=rationale,
                fingerprint=f"fp{question.pk}-{number}",
            )

    for n in range(12):
        share(utrecht if n % 3 else zeist, f"Hoe vaak komt u in het park ({n})?")
    share(zeist, "Zit u op een bankje?", "Zit u in het gras?")
    share(utrecht, "Is er een bankje in de buurt?", status=SharedQuestion.Status.WITHDRAWN)
    share(utrecht, "Hoe schoon is de straat?", rationale="Na klachten over een bankje.")


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
    shared_questions()
    floor = search_floor(q, filters)
    ids, count, facets, sets, shared, shows = page_answer(client, q, filters)
    assert floor.ids == ids
    assert floor.count == count
    assert (floor.sets, floor.set_total) == sets
    assert (floor.shared, floor.shared_total) == shared
    # what the page shows beside the ids: each result's sets, the facets' labels
    assert floor.result_sets == shows["result sets"]
    assert floor.labels.get("indicator", {}) == shows["indicator labels"]
    assert {name: values for name, values in floor.facets.items() if values} == {
        name: values for name, values in facets.items() if values
    }
    assert f"<h2>{count} vragen gevonden</h2>" in floor.html


def test_search_floor_agrees_on_a_later_page_and_with_many_candidates(client, monkeypatch):
    make_bulk_catalogue(120)
    # the page reads every published set's indicators above this many candidates
    monkeypatch.setattr(matching, "ID_LIST_LIMIT", 10)
    ids, count, facets, *_ = page_answer(client, "vertrouwen", {"concept": ["bulk-3"]}, page=2)
    floor = search_floor("vertrouwen", {"concept": ["bulk-3"]}, page=2)
    assert (floor.ids, floor.count) == (ids, count) and len(ids) == 5
    assert {k: v for k, v in floor.facets.items() if v} == {k: v for k, v in facets.items() if v}


def test_search_floor_shared_group_is_the_pages_even_when_cut_short(client):
    shared_questions()
    floor = search_floor("park", {})
    assert (floor.shared, floor.shared_total) == page_answer(client, "park", {})[4]
    assert (len(floor.shared), floor.shared_total) == (10, 12)
    assert floor.shared_total == search_floor("", {}).shared_total - 2  # bankje, gras
    assert search_floor("bankje", {}).shared_total == 1  # only in a rationale now
