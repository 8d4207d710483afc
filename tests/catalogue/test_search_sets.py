"""Search returns matching sets too, as a short group above the questions."""

import pytest
from django.conf import settings

from tests.factories import make_question_set

from ..catalogue_builders import make_bulk_catalogue, make_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return make_catalogue()


def set_codes(response):
    return [s.code for s in response.context["outcome"].set_matches.sets]


def test_sets_matching_the_words_come_back_published_first(client, catalogue):
    response = client.get("/zoeken/", {"q": "onbehagen"})
    # the draft "Geheime conceptset" never shows; the retired set comes after the published
    assert set_codes(response) == ["onbehagen1", "oudeset"]
    assert response.context["outcome"].set_matches.total == 2
    content = response.content.decode()
    assert '<h2 id="sets-heading">2 sets gevonden</h2>' in content
    assert '<a href="/sets/onbehagen1/">Onbehagen kernset</a>' in content
    assert content.index('id="sets-heading"') < content.index('id="results-heading"')


def test_every_word_must_match_a_set_name_or_description(client, catalogue):
    make_question_set(code="tweede", name_nl="Buurtset", description="Over onbehagen in de buurt")
    assert set_codes(client.get("/zoeken/", {"q": "buurt onbehagen"})) == ["tweede"]
    assert set_codes(client.get("/zoeken/", {"q": "ONBEHAGEN1"})) == ["onbehagen1"]


def test_english_set_names_match_and_show_in_english(client, catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/zoeken/", {"q": "core set"})
    assert set_codes(response) == ["onbehagen1"]
    assert '<a href="/sets/onbehagen1/">Malaise core set</a>' in response.content.decode()
    assert '<h2 id="sets-heading">1 set found</h2>' in response.content.decode()


def test_no_set_group_without_words_or_matches(client, catalogue):
    assert 'id="sets-heading"' not in client.get("/zoeken/").content.decode()
    response = client.get("/zoeken/", {"q": "xyzzy"})
    assert set_codes(response) == [] and 'id="sets-heading"' not in response.content.decode()


def test_a_long_set_list_is_cut_short_with_its_total(client, db):
    make_bulk_catalogue(100)  # ten sets named "Bulkset <n>"
    response = client.get("/zoeken/", {"q": "bulkset"})
    assert len(set_codes(response)) == 5
    assert response.context["outcome"].set_matches.total == 10
    assert "De eerste 5 van 10 sets" in response.content.decode()


def test_the_set_group_is_in_the_htmx_partial(client, catalogue):
    response = client.get("/zoeken/", {"q": "onbehagen"}, headers={"HX-Request": "true"})
    assert '<h2 id="sets-heading">2 sets gevonden</h2>' in response.content.decode()
    # the live region announces both groups after an in-place update
    assert 'aria-live="polite" hx-swap-oob="true">2 sets gevonden. 2 vragen gevonden</p>' in (
        response.content.decode()
    )
