"""Search and facets (/zoeken/): text matching, ranking, facets, htmx partial, indexes."""

import pytest
from django.db import connection
from django.http import QueryDict

from questionsets.catalogue.matching import candidate_versions
from questionsets.catalogue.search import SearchParams, fts_match
from tests.factories import make_concept, make_question

from ..catalogue_builders import make_bulk_catalogue, make_catalogue

pytestmark = pytest.mark.django_db

SIZES = [10, 1000]


@pytest.fixture
def catalogue():
    return make_catalogue()


def codes(response):
    return [r.version.question.code for r in response.context["outcome"].results]


def facet(response, name):
    (found,) = [f for f in response.context["outcome"].facets if f.name == name]
    return {v.value: (v.count, v.selected) for v in found.values}


# --------------------------------------------------------------------------- matching


def test_search_page_is_public_and_lists_every_current_question(client, catalogue):
    response = client.get("/zoeken/")
    assert response.status_code == 200
    assert codes(response) == ["buurtveilig", "leeftijd", "richting"]


def test_search_matches_the_current_wording_only(client, catalogue):
    assert codes(client.get("/zoeken/", {"q": "in het algemeen"})) == ["richting"]
    # the first version's wording differs only by the added words; the current one is shown
    response = client.get("/zoeken/", {"q": "verkeerde kant"})
    assert [r.version.number for r in response.context["outcome"].results] == [2]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("leeftijd", ["leeftijd"]),  # code (and wording)
        ("Sociale cohesie", ["leeftijd"]),  # concept name
        ("Societal malaise", ["buurtveilig", "richting"]),  # English concept name
        ("Richting van het land", ["buurtveilig", "richting"]),  # indicator name, published set
        ("Veiligheidsmonitor", ["buurtveilig", "leeftijd"]),  # source
        ("kernset", ["buurtveilig", "richting"]),  # set name
    ],
)
def test_search_covers_codes_concepts_indicators_sources_and_sets(client, catalogue, q, expected):
    assert sorted(codes(client.get("/zoeken/", {"q": q}))) == expected


def test_search_matches_english_wording(client, db):
    make_question(code="trust", version_kw={"wording_nl": "Vertrouwen?", "wording_en": "Trust?"})
    assert codes(client.get("/zoeken/", {"q": "trust"})) == ["trust"]


def test_search_matches_words_in_any_order_through_the_full_text_index(client, db):
    make_question(code="q1", version_kw={"wording_nl": "Voelt u zich veilig in uw eigen buurt?"})
    make_question(code="q2", version_kw={"wording_nl": "Hoe prettig is het wonen?"})
    assert codes(client.get("/zoeken/", {"q": "buurt veilig"})) == ["q1"]


def test_ranking_is_exact_code_then_exact_phrase_then_the_rest(client, db):
    veiligheid = make_concept(name_nl="Veiligheid")
    make_question(code="aaa0", concept=veiligheid, version_kw={"wording_nl": "Hoe oud bent u?"})
    make_question(code="aaa1", version_kw={"wording_nl": "Voelt u zich veilig in uw buurt?"})
    make_question(code="veilig", version_kw={"wording_nl": "Hoe vaak bent u bang?"})
    assert codes(client.get("/zoeken/", {"q": "veilig"})) == ["veilig", "aaa1", "aaa0"]


def test_ranking_puts_the_phrase_before_scattered_words(client, db):
    make_question(code="aaa", version_kw={"wording_nl": "Is de buurt goed voor u en uw gezin?"})
    make_question(code="bbb", version_kw={"wording_nl": "Voelt u zich thuis in uw buurt?"})
    assert codes(client.get("/zoeken/", {"q": "uw buurt"})) == ["bbb", "aaa"]


def test_search_query_with_fts_operators_is_taken_literally(client, catalogue):
    for q in ['"', "NEAR(", "a* OR -b", "'; DROP TABLE x; --", "^*"]:
        assert client.get("/zoeken/", {"q": q}).status_code == 200


def test_fts_match_quotes_every_word_as_a_prefix():
    assert fts_match('buurt "veilig" OR x*') == '"buurt"* "veilig"* "OR"* "x"*'
    assert fts_match("--") == ""


# --------------------------------------------------------------------------- facets


def test_facets_count_results_per_value(client, catalogue):
    response = client.get("/zoeken/")
    assert facet(response, "concept") == {"onbehagen": (2, False), "sociale-cohesie": (1, False)}
    assert facet(response, "domain") == {"sociaal": (3, False)}
    assert facet(response, "indicator") == {"C02-I1": (2, False)}  # published sets only
    assert facet(response, "source") == {"sw2020": (1, False), "vm2023": (2, False)}
    assert facet(response, "answer_type") == {"single": (2, False), "numeric": (1, False)}
    assert facet(response, "verification") == {"verbatim": (2, False), "paraphrase": (1, False)}


def test_two_facets_filter_together_and_each_keeps_its_other_values(client, catalogue):
    response = client.get("/zoeken/", {"domain": "sociaal", "verification": "paraphrase"})
    assert codes(response) == ["buurtveilig"]
    assert facet(response, "verification") == {"verbatim": (2, False), "paraphrase": (1, True)}
    assert facet(response, "domain") == {"sociaal": (1, True)}
    assert facet(response, "concept") == {"onbehagen": (1, False)}


def test_values_within_one_facet_are_alternatives(client, catalogue):
    response = client.get("/zoeken/?concept=onbehagen&concept=sociale-cohesie")
    assert codes(response) == ["buurtveilig", "leeftijd", "richting"]


def test_active_filters_link_to_the_search_without_them(client, catalogue):
    response = client.get("/zoeken/", {"q": "buurt", "domain": "sociaal", "framing": "negatief"})
    removes = {a.label: a.remove_query for a in response.context["outcome"].active_filters}
    assert removes == {
        "sociaal domein": "q=buurt&framing=negatief",
        "negatief": "q=buurt&domain=sociaal",
    }


def test_empty_state_names_the_query_and_suggests_removing_a_filter(client, catalogue):
    response = client.get("/zoeken/", {"q": "<script>x</script>", "framing": "positief"})
    content = response.content.decode()
    assert "Geen resultaten voor “&lt;script&gt;x&lt;/script&gt;”." in content
    assert "Haal een filter weg" in content
    assert "<script>x</script>" not in content


def test_unknown_facet_values_and_bad_page_numbers_do_not_break(client, catalogue):
    response = client.get("/zoeken/?answer_type=nope&page=abc&concept=")
    assert response.status_code == 200 and codes(response) == []


def test_params_round_trip_to_a_querystring():
    params = SearchParams.from_querydict(QueryDict("q=a+b&domain=oov&domain=oov&x=1&page=2"))
    assert params.filters == {"domain": ["oov"]} and params.page == 2
    assert params.querystring() == "q=a+b&domain=oov"


# --------------------------------------------------------------------------- htmx


def test_htmx_request_gets_only_the_results_partial(client, catalogue):
    response = client.get("/zoeken/", {"q": "buurt"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="search-results"')
    assert "<html" not in content and "buurtveilig" in content
    assert "HX-Request" in response["Vary"]


def test_htmx_update_announces_the_result_count_to_screen_readers(client, catalogue):
    full = client.get("/zoeken/", {"q": "buurt"}).content.decode()
    assert full.count('id="search-status"') == 1 and 'role="status"' in full
    partial = client.get("/zoeken/", {"q": "buurt"}, headers={"HX-Request": "true"})
    status = partial.content.decode().split('id="search-status"')[1]
    assert 'hx-swap-oob="true"' in status and "gevonden</p>" in status


def test_history_restore_gets_the_full_page(client, catalogue):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in client.get("/zoeken/", headers=headers).content.decode()


def test_plain_form_works_without_javascript(client, catalogue):
    content = client.get("/zoeken/").content.decode()
    assert 'method="get" action="/zoeken/"' in content
    assert '<label for="search-q">' in content
    assert 'hx-push-url="true"' in content


# --------------------------------------------------------------------------- query counts


@pytest.mark.parametrize("size", SIZES)
def test_search_query_count_does_not_grow_with_the_catalogue(
    client, django_assert_num_queries, size
):
    make_bulk_catalogue(size)
    # 1 the matching rows (text matched once), 2 the indicators of their published sets,
    # 3-5 concept, indicator and source names, 6 the page of results (+question,
    # concept, source), 7 their public sets, 8 the sets matching the words (one query,
    # its total as a window count)
    with django_assert_num_queries(8):
        response = client.get("/zoeken/", {"q": "vertrouwen", "verification": "verbatim"})
    assert response.context["outcome"].page.paginator.count == size // 2


@pytest.mark.parametrize("size", SIZES)
def test_empty_search_query_count_does_not_grow_with_the_catalogue(
    client, django_assert_num_queries, size
):
    make_bulk_catalogue(size)
    # 1 the matching rows (none), 2-4 the facet names, 5 the sets matching the words; no
    # indicators, no page, no sets of results
    with django_assert_num_queries(5):
        response = client.get("/zoeken/", {"q": "xyzzy", "domain": "oov"})
    assert response.context["outcome"].results == []


@pytest.mark.parametrize("size", SIZES)
def test_htmx_partial_query_count_matches_the_full_page(client, django_assert_num_queries, size):
    make_bulk_catalogue(size)
    with django_assert_num_queries(7):
        client.get("/zoeken/", {"concept": "bulk-1"}, headers={"HX-Request": "true"})


# --------------------------------------------------------------------------- indexes


def test_full_text_index_exists_for_this_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", ["%_fts%"])
            names = {row[0] for row in cursor.fetchall()}
            assert {
                "questionsets_questionversion_fts",
                "questionsets_questionversion_fts_ai",
                "questionsets_questionversion_fts_ad",
                "questionsets_questionversion_fts_au",
            } <= names
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE tablename = 'questionsets_questionversion'"
            )
            indexes = dict(cursor.fetchall())
            assert "gin (search_vector)" in indexes["questionsets_qv_search_vector"].lower()
            assert "gin_trgm_ops" in indexes["questionsets_qv_wording_nl_trgm"]
            assert "gin_trgm_ops" in indexes["questionsets_qv_wording_en_trgm"]


def test_postgres_search_can_use_the_gin_index(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    make_question(code="q1", version_kw={"wording_nl": "Vertrouwen in de politie?"})
    qs = candidate_versions("politie")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = qs.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "questionsets_qv_search_vector" in plan
    assert "questionsets_qv_wording_nl_trgm" in plan


def test_postgres_stores_the_search_vector_of_every_new_version(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    question = make_question(code="q1", version_kw={"wording_nl": "Vertrouwen in de politie?"})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM questionsets_questionversion WHERE question_id = %s",
            [question.pk],
        )
        assert "'politie'" in cursor.fetchone()[0]


def test_results_link_to_their_question_and_set_pages(client, catalogue):
    content = client.get("/zoeken/", {"q": "buurtveilig"}).content.decode()
    assert '<a href="/vragen/buurtveilig/">buurtveilig</a>' in content
    outcome = client.get("/zoeken/", {"q": "buurtveilig"}).context["outcome"]
    (result,) = outcome.results
    for qset in result.sets:
        assert f'<a href="/sets/{qset.code}/">' in content
        assert client.get(qset.url).status_code == 200
    assert result.sets
