"""Shared local questions in the catalogue search: their own group, never national."""

import pytest

from questionsets.shelf import services
from tests import factories
from tests.shelf.conftest import add_local


@pytest.fixture
def shared(shelf):
    return services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)


def test_search_finds_a_shared_question_in_its_own_labelled_group(client, shared):
    factories.make_question(code="park1", version_kw={"wording_nl": "Het park is veilig."})
    response = client.get("/zoeken/", {"q": "park"})
    outcome = response.context["outcome"]
    assert [v.pk for v in outcome.shared_matches.versions] == [shared.pk]
    # national results hold national versions only
    assert [r.version.question.code for r in outcome.results] == ["park1"]
    html = response.content.decode()
    assert "1 gedeelde lokale vraag gevonden" in html
    assert "lokaal, gedeeld door gemeente Utrecht" in html
    assert f"/gedeelde-vragen/{shared.shared_question_id}/" in html


def test_shared_questions_are_not_counted_in_the_national_facets(client, shared):
    response = client.get("/zoeken/", {"q": "park"})
    outcome = response.context["outcome"]
    assert outcome.page.paginator.count == 0
    assert all(v.count == 0 for f in outcome.facets for v in f.values)
    assert not any(f.values for f in outcome.facets if f.name == "answer_type")


def test_a_facet_filter_leaves_the_shared_group_out(client, shared):
    response = client.get("/zoeken/", {"q": "park", "answer_type": "single"})
    assert response.context["outcome"].shared_matches.total == 0


def test_search_does_not_find_words_that_are_not_in_the_shared_question(client, shared):
    response = client.get("/zoeken/", {"q": "fietsendiefstal"})
    assert response.context["outcome"].shared_matches.total == 0


def test_search_finds_a_shared_question_by_its_municipality(client, shared):
    response = client.get("/zoeken/", {"q": "utrecht"})
    assert response.context["outcome"].shared_matches.total == 1


def test_only_the_current_version_is_found(client, shelf, shared):
    shelf.item_a.wording = "Hoe veilig voelt u zich in het stadspark?"
    shelf.item_a.save()
    newer = services.shared_question_publish(item=shelf.item_a, rationale="r", user=None)
    response = client.get("/zoeken/", {"q": "veilig"})
    assert [v.pk for v in response.context["outcome"].shared_matches.versions] == [newer.pk]


@pytest.mark.parametrize("size", [1, 15])
def test_search_query_count_stays_constant_with_shared_questions(
    client, shelf, django_assert_num_queries, size
):
    for n in range(size):
        item = add_local(shelf.questionnaire_a, code=f"lok{n + 10}", wording=f"Park {n}?")
        services.shared_question_publish(item=item, rationale="r", user=None)
    factories.make_question(code="park1", version_kw={"wording_nl": "Het park is veilig."})
    # the eight queries of a national search, 9 the shared local questions
    with django_assert_num_queries(9):
        response = client.get("/zoeken/", {"q": "park"})
    assert response.context["outcome"].shared_matches.total == size


def test_the_shared_group_costs_one_query_and_reads_no_deferred_field(
    client, shared, django_assert_num_queries
):
    factories.make_question(code="park1", version_kw={"wording_nl": "Het park is veilig."})
    # 1-8 as without shared questions (catalogue/search.py), 9 the shared group
    with django_assert_num_queries(9):
        response = client.get("/zoeken/", {"q": "park"})
    html = response.content.decode()
    assert "Gedeelde vraag van Utrecht, versie 1" in html
    assert "lokaal, gedeeld door gemeente Utrecht" in html
