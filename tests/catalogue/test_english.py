"""English pages show the catalogue's English where the source publishes it, and mark the
Dutch fallbacks lang="nl" (WCAG 3.1.2). Real items from fixtures/catalogue.json."""

import json
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.utils.html import escape

from questionsets.curation.seeding import load_catalogue
from questionsets.models import QuestionSet, QuestionVersion

pytestmark = pytest.mark.django_db

FIXTURE = settings.BASE_DIR / "fixtures" / "catalogue.json"


@pytest.fixture
def catalogue():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    load_catalogue(data)
    return data


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_question_with_english_shows_its_english_wording_and_labels(english, catalogue):
    content = page(english, "/vragen/pbldmn/")
    assert (
        '<p class="wording" lang="en">During the last 12 months, have you taken part in a '
        "public demonstration?</p>" in content
    )
    # the national (Dutch) wording stays available, marked as Dutch
    assert '<p class="wording" lang="nl">Heeft u in de afgelopen 12 maanden' in content
    assert '<span lang="en">Yes</span> <span class="translation-inline" lang="nl">(Ja)</span>' in (
        content
    )


def test_a_question_without_english_falls_back_to_dutch_marked_as_dutch(english, catalogue):
    content = page(english, "/vragen/c01i1b/")
    assert '<p class="wording" lang="nl">Deelname protestactie, demonstratie</p>' in content
    assert '<td>1</td><td><span lang="nl">ja</span></td>' in content
    assert '(scale <span lang="nl">ja / nee</span>)' in content
    assert 'lang="en">' not in content.split("<main", 1)[1]


def test_dutch_pages_keep_the_national_wording_first(client, catalogue):
    content = page(client, "/vragen/pbldmn/")
    assert '<p class="wording" lang="nl">Heeft u in de afgelopen 12 maanden' in content
    assert '<span lang="nl">Ja</span> <span class="translation-inline" lang="en">(Yes)</span>' in (
        content
    )
    assert "<summary>Engelse formulering</summary>" in content


def test_a_set_page_shows_the_english_intro_and_marks_the_dutch_name(english, catalogue):
    qset = QuestionSet.objects.get(code="c06i2ess")
    content = page(english, "/sets/c06i2ess/")
    assert f'<h1><span lang="nl">{escape(qset.name_nl)}</span> <span class="code">' in content
    assert f'<p class="wording" lang="en">{escape(qset.intro_en)}</p>' in content
    assert f'<p class="wording" lang="nl">{escape(qset.intro_nl)}</p>' in content
    # an indicator without an English name is marked Dutch, its concept is English
    assert (
        '<span lang="nl">Vertrouwen in instituties (ESS, 0–10), Europese vergelijking</span>'
        in content
    )
    assert "</a> (Institutional and political trust (/distrust))" in content


def test_an_answer_label_alike_in_both_languages_is_shown_once(client, english, catalogue):
    assert '<td>1</td><td><span lang="en">1</span></td>' in page(english, "/sets/c06i2ess/")
    english.cookies.clear()
    assert '<td>1</td><td><span lang="nl">1</span></td>' in page(client, "/sets/c06i2ess/")


def test_a_set_description_is_marked_dutch_on_english_pages(english, client, catalogue):
    qset = QuestionSet.objects.get(code="c05i3")
    content = page(english, "/sets/c05i3/")
    assert f'<p class="description"><span lang="nl">{escape(qset.description)}</span></p>' in (
        content
    )


def test_concept_names_read_as_names_in_english(english, catalogue):
    content = page(english, "/begrippen/maatschappelijke-onrust/")
    assert "<h1>Societal unrest</h1>" in content
    assert '<p class="description"><span lang="nl">Zichtbaar, collectief gedrag' in content
    home = page(english, "/")
    assert ">Societal unrest</a>" in home and ">societal unrest<" not in home


def test_dutch_pages_mark_no_language_of_their_own(client, catalogue):
    content = page(client, "/sets/c05i3/")
    assert "<h1>Perceived tension between groups (EQLS/Eurofound) <span" in content
    assert '<p class="description">Reconstructie, niet in een bron gezien.' in content


def test_search_in_english_shows_english_wordings_and_marks_dutch_names(english, catalogue):
    content = page(english, "/zoeken/?q=demonstratie")
    assert (
        '<p class="wording" lang="en">During the last 12 months, have you taken part in a '
        "public demonstration?</p>" in content
    )
    assert '<p class="wording" lang="nl">Deelname protestactie, demonstratie</p>' in content
    assert '<span lang="nl">C01-I1 Deelname aan demonstraties/protest' in content
    assert '>Societal unrest <span class="count">' in content


def test_dates_are_written_per_language(client, english, catalogue):
    QuestionVersion.objects.filter(question__code="pbldmn").update(
        created_at=datetime(2026, 12, 6, 12, tzinfo=UTC)
    )
    english.cookies.clear()
    assert "6 december 2026" in page(client, "/vragen/pbldmn/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "6 December 2026" in page(client, "/vragen/pbldmn/")
