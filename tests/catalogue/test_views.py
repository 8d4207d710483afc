"""Public catalogue pages: concept map, concept, question set and question."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from questionsets.models import Question, QuestionSet

from ..catalogue_builders import MULTILINE_WORDING, make_bulk_catalogue, make_catalogue

pytestmark = pytest.mark.django_db

SIZES = [10, 1000]


@pytest.fixture
def catalogue():
    return make_catalogue()


# --------------------------------------------------------------------------- concept map


def test_home_is_readable_without_logging_in(client, catalogue):
    response = client.get("/")
    assert response.status_code == 200
    assert response.resolver_match.url_name == "home"


def test_concept_map_draws_every_concept_and_relation(client, catalogue):
    content = client.get("/").content.decode()
    assert content.count('class="map-node map-node--') == 4
    assert content.count('class="map-edge"') == 3
    assert 'href="/begrippen/onbehagen/"' in content


def test_concept_map_marks_framing_with_a_symbol_and_words_not_only_colour(client, catalogue):
    content = client.get("/").content.decode()
    assert 'aria-label="Maatschappelijk onbehagen (negatief)"' in content
    assert 'class="map-node__symbol" ' in content
    assert '<span aria-hidden="true" class="framing__symbol">−</span> negatief</span>' in content


def test_concept_map_has_a_text_alternative_listing_every_relation(client, catalogue):
    response = client.get("/")
    text = " ".join(response.content.decode().split())
    assert (
        '<a href="/begrippen/onbehagen/">Maatschappelijk onbehagen</a> — kan leiden tot → '
        '<a href="/begrippen/ongenoegen/">Maatschappelijk ongenoegen</a>'
    ) in text
    assert "beschermt tegen →" in text
    domains = [label for label, _concepts in response.context["map"].groups]
    assert domains == ["sociaal domein", "beide", "openbare orde en veiligheid"]


@pytest.mark.parametrize("size", SIZES)
def test_concept_map_query_count_does_not_grow_with_the_catalogue(
    client, django_assert_num_queries, size
):
    make_bulk_catalogue(size)
    # 1 concepts, 2 relations
    with django_assert_num_queries(2):
        assert client.get("/").status_code == 200


def test_concept_map_at_rest_draws_no_relation_until_a_concept_is_chosen(client, catalogue):
    content = client.get("/").content.decode()
    assert content.count('class="map-edge"') == 3  # all there, hidden by the stylesheet
    assert "is-active" not in content and "is-focus" not in content
    assert 'id="panel-heading" tabindex="-1">Kies een begrip</h2>' in content
    # the structure at rest: how many relations each concept has
    assert content.count('class="map-node__count" aria-hidden="true"') == 4
    assert content.count(">2 relaties</text>") == 2 and content.count(">1 relatie</text>") == 2


def test_choosing_a_concept_by_address_highlights_its_relations_and_opens_its_panel(
    client, catalogue
):
    response = client.get("/?begrip=ongenoegen")
    content = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert content.count('class="map-edge is-active"') == 2  # onbehagen -> it -> onrust
    assert 'is-focus" href="/begrippen/ongenoegen/"' in content
    assert content.count(' is-related"') == 2
    assert 'class="map-node__tag is-active" aria-hidden="true" data-partner="ongenoegen"' in content
    panel = content[content.index('id="concept-panel"') :]
    assert '<h2 id="panel-heading" tabindex="-1">Maatschappelijk ongenoegen</h2>' in panel
    assert '<strong class="relation-kind">kan leiden tot</strong>' in panel


def test_the_panel_shows_definitions_sources_indicators_rules_and_sets(client, catalogue):
    from questionsets.models import Indicator, ScoringKind, ScoringRule

    rule = ScoringRule.objects.create(
        indicator=Indicator.objects.get(code="C02-I1"),
        variant="landelijk",
        kind=ScoringKind.ANY_PERCENTAGE,
        categories=[1, 2],
    )
    content = " ".join(client.get("/begrippen/onbehagen/paneel/").content.decode().split())
    assert (
        "een houding van bezorgdheid en pessimisme over maatschappelijke ontwikkelingen" in content
    )
    assert "Sociale samenhang en welzijn 2020" in content and "Steenvoorden (2015)" in content
    assert "Richting van het land" in content
    assert "Rekenregel (landelijk):</span> " + " ".join(rule.describe().split()) in content
    assert 'href="/sets/onbehagen1/"' in content
    assert "<html" not in content  # a fragment


def test_an_unknown_concept_in_the_address_is_a_dutch_404_with_the_map(client, catalogue):
    response = client.get("/?begrip=bestaat-niet")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Er is geen begrip „bestaat-niet”" in content
    assert content.count('class="map-node map-node--') == 4
    assert client.get("/begrippen/bestaat-niet/paneel/").status_code == 404


def test_home_and_concept_page_offer_the_framework_pdf_in_both_languages(client, catalogue):
    for url in ("/", "/begrippen/onbehagen/"):
        content = client.get(url).content.decode()
        assert 'href="/begrippenkader-nl.pdf"' in content
        assert 'href="/begrippenkader-en.pdf"' in content
    concept_page = client.get("/begrippen/onbehagen/").content.decode()
    assert 'href="/begrippen/onbehagen/samenvatting/"' in concept_page
    assert 'href="/begrippen/onbehagen/samenvatting-en.pdf"' in concept_page


@pytest.mark.parametrize("size", SIZES)
def test_a_chosen_concept_costs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    make_bulk_catalogue(size)
    from questionsets.models import Indicator, ScoringKind, ScoringRule

    indicator = Indicator.objects.select_related("concept").order_by("code").first()
    for variant in ("a", "b"):
        ScoringRule.objects.create(
            indicator=indicator, variant=variant, kind=ScoringKind.ANY_PERCENTAGE, categories=[1]
        )
    slug = indicator.concept.slug
    # 2 for the map, 8 for the concept's reads, 2 for its indicators' scoring rules
    with django_assert_num_queries(12):
        assert client.get(f"/?begrip={slug}").status_code == 200
    with django_assert_num_queries(10):
        assert client.get(f"/begrippen/{slug}/paneel/").status_code == 200


# --------------------------------------------------------------------------- concept page


def test_concept_page_shows_definitions_with_sources_and_verbatim_marks(client, catalogue):
    content = client.get("/begrippen/onbehagen/").content.decode()
    assert "een houding van bezorgdheid en pessimisme" in content
    assert "Sociale samenhang en welzijn 2020" in content
    assert "Steenvoorden (2015)" in content
    assert content.count("letterlijk uit de bron") == 1
    assert "in eigen woorden" in content


def test_concept_page_names_relations_in_both_directions(client, catalogue):
    text = " ".join(client.get("/begrippen/ongenoegen/").content.decode().split())
    assert "Maatschappelijk onbehagen</a> — kan leiden tot → Maatschappelijk ongenoegen" in text
    assert "Maatschappelijk ongenoegen — kan leiden tot → <a" in text


def test_concept_page_lists_indicators_with_their_public_sets_only(client, catalogue):
    content = client.get("/begrippen/onbehagen/").content.decode()
    assert "Richting van het land" in content
    assert "Registratie" in content
    assert 'href="/sets/onbehagen1/"' in content
    assert 'href="/sets/oudeset/"' in content  # retired: shown, marked
    assert "vervallen" in content
    assert "conceptset" not in content and "Geheime conceptset" not in content


def test_concept_page_handleiding_uses_published_sets_and_notes_unverified(client, catalogue):
    handleiding = client.get("/begrippen/onbehagen/").context["detail"].handleiding
    assert [s.code for s in handleiding.sets] == ["onbehagen1"]
    assert {s.code for s in handleiding.sources} == {"sw2020", "vm2023"}
    assert [s.code for s in handleiding.unverified_sets] == ["onbehagen1"]
    text = " ".join(client.get("/begrippen/onbehagen/").content.decode().split())
    assert "Om Maatschappelijk onbehagen te meten: gebruik de bronnen" in text
    assert "niet letterlijk in de bron zijn gecontroleerd" in text


def test_concept_page_without_sets_says_so(client, catalogue):
    content = client.get("/begrippen/onrust/").content.decode()
    assert "nog geen gepubliceerde vragenset" in content


def test_unknown_concept_is_404(client, catalogue):
    assert client.get("/begrippen/bestaat-niet/").status_code == 404


@pytest.mark.parametrize("size", SIZES)
def test_concept_page_query_count_does_not_grow_with_the_catalogue(
    client, django_assert_num_queries, size
):
    make_bulk_catalogue(size)
    # 1 concept, 2 definitions+source, 3 outgoing and 4 incoming relations, 5 indicators,
    # 6 their public sets with item counts, 7 sources of the published sets,
    # 8 the latest national figure of every indicator (one query for all, results issue)
    with django_assert_num_queries(8):
        assert client.get("/begrippen/bulk-0/").status_code == 200


# --------------------------------------------------------------------------- set page


def test_set_page_shows_exact_wording_with_whitespace_and_escaping(client, catalogue):
    content = client.get("/sets/onbehagen1/").content.decode()
    assert f'<p class="wording" lang="nl">{escape(MULTILINE_WORDING)}</p>' in content
    assert "<b>echt</b>" not in content
    assert "Eén antwoord.\nLees voor." in content


def test_set_page_shows_items_in_order_with_answer_codes_and_missing_marked(client, catalogue):
    response = client.get("/sets/onbehagen1/")
    content = response.content.decode()
    codes = [item.question_version.question.code for item in response.context["items"]]
    assert codes == ["richting", "buurtveilig"]
    assert content.index("/vragen/richting/") < content.index("/vragen/buurtveilig/")
    assert '<tr class="is-missing"><td>9</td>' in content
    assert "ontbrekende waarde" in content


def test_set_page_marks_unverified_wording(client, catalogue):
    content = client.get("/sets/onbehagen1/").content.decode()
    assert content.count("Niet letterlijk gecontroleerd") == 1
    assert "parafrase" in content
    assert content.count("Letterlijk gecontroleerd in de bron") == 1


def test_set_page_explains_indivisible_and_order_locked_and_intro(client, catalogue):
    content = client.get("/sets/onbehagen1/").content.decode()
    assert "neem de set altijd in zijn geheel over" in content
    assert "stel de vragen in precies deze volgorde" in content
    assert "Nu volgen enkele stellingen.\nGeef per stelling aan…" in content
    assert 'href="/begrippen/onbehagen/#indicator-c02-i1"' in content


def test_set_page_shows_version_history_with_reasons(client, catalogue):
    response = client.get("/sets/onbehagen1/")
    history = [(v.question.code, v.number) for v in response.context["history"]]
    assert sorted(history) == [("buurtveilig", 1), ("richting", 1), ("richting", 2)]
    assert "Woorden &#x27;in het algemeen&#x27; toegevoegd" in response.content.decode()


def test_draft_set_is_not_public(client, catalogue):
    assert client.get("/sets/conceptset/").status_code == 404


def test_retired_set_is_shown_with_a_notice(client, catalogue):
    content = client.get("/sets/oudeset/").content.decode()
    assert "Vervallen" in content and "niet meer aangeboden" in content


def test_unknown_set_is_404(client, catalogue):
    assert client.get("/sets/bestaatniet/").status_code == 404


@pytest.mark.parametrize("size", SIZES)
def test_set_page_query_count_does_not_grow_with_the_catalogue(
    client, django_assert_num_queries, size
):
    make_bulk_catalogue(size)
    # 1 set+source, 2 items+version+question+scale+source, 3 answer options,
    # 4 indicators+concept, 5 version history of its questions,
    # 6 national figures of all its questions and indicators (one query, results issue),
    # 7 the municipalities that use it (usage panel, questionsets/sharing)
    with django_assert_num_queries(7):
        response = client.get(reverse("questionsets:questionset-detail", args=["bulkall"]))
    assert len(response.context["items"]) == size


# --------------------------------------------------------------------------- question page


def test_question_page_lists_versions_newest_first_with_diff_and_reason(client, catalogue):
    response = client.get("/vragen/richting/")
    content = response.content.decode()
    assert [v.version.number for v in response.context["detail"].versions] == [2, 1]
    assert "<ins>" in content and "in het algemeen</ins>" in content
    assert "zoals in de bron" in content
    version = response.context["detail"].versions[0].version
    assert version.fingerprint in content


def test_question_page_lists_public_sets_using_it(client, catalogue):
    content = client.get("/vragen/buurtveilig/").content.decode()
    assert 'href="/sets/onbehagen1/"' in content and 'href="/sets/oudeset/"' in content
    draft = client.get("/vragen/leeftijd/").content.decode()
    assert "conceptset" not in draft and "geen gepubliceerde vragenset" in draft


def test_unknown_question_is_404(client, catalogue):
    assert client.get("/vragen/bestaatniet/").status_code == 404


def test_question_without_a_version_still_has_its_page(client, catalogue):
    Question.objects.create(code="zonderversie")
    response = client.get("/vragen/zonderversie/")
    assert response.status_code == 200
    assert response.context["detail"].versions == []


def test_version_diff_is_empty_when_the_wording_stayed_the_same():
    from questionsets.catalogue.selectors import VersionView
    from questionsets.models import QuestionVersion

    old = QuestionVersion(number=1, wording_nl="Voelt u zich veilig?")
    same = QuestionVersion(number=2, wording_nl="Voelt u zich veilig?")
    changed = QuestionVersion(number=3, wording_nl="Voelt u zich thuis veilig?")
    assert VersionView(version=same, previous=old).diff == []
    assert ("insert", "thuis ") in VersionView(version=changed, previous=same).diff


@pytest.mark.parametrize("size", SIZES)
def test_question_page_query_count_does_not_grow_with_the_catalogue(
    client, django_assert_num_queries, size
):
    make_bulk_catalogue(size)
    # 1 versions+question+concept+scale+source, 2 answer options, 3 public set items+set,
    # 4 its latest national figure (results issue), 5 the municipalities that use it
    with django_assert_num_queries(5):
        assert client.get("/vragen/bulk1/").status_code == 200


# --------------------------------------------------------------------------- language


def test_pages_switch_to_english_with_the_language_form(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/begrippen/onbehagen/"})
    assert response.status_code == 302
    content = client.get("/begrippen/onbehagen/").content.decode()
    assert '<html lang="en">' in content
    assert "<h1>Societal malaise</h1>" in content
    assert "Definitions" in content


def test_set_statuses_other_than_draft_are_public():
    assert QuestionSet.Status.DRAFT == "concept"


def test_question_page_reads_its_options_and_sets_as_rows_that_say_what_the_models_say(
    client, catalogue
):
    """The question page reads options and sets with reads.OneIdRead (issue 20): the rows
    carry the models' values, in the models' order, in either language."""
    from questionsets.catalogue.selectors import _OPTIONS, _PUBLIC_SET_ITEMS
    from questionsets.models import AnswerOption, QuestionSetItem

    question = Question.objects.get(code="buurtveilig")
    scales = question.versions.values("scale_id")
    options = AnswerOption.objects.filter(scale_id__in=scales)
    assert options.count() >= 3  # a scale with answers to compare
    assert [(o[1], o[2], bool(o[4])) for o in _OPTIONS.rows(question.pk)] == [
        (o.code, o.label_nl, o.is_missing) for o in options.order_by("scale_id", "position")
    ]
    items = QuestionSetItem.objects.filter(question_version__question=question).exclude(
        question_set__status=QuestionSet.Status.DRAFT
    )
    assert [row[0] for row in _PUBLIC_SET_ITEMS.rows(question.pk)] == [
        si.question_set.code for si in items.order_by("question_set__code", "position")
    ]
    detail = client.get("/vragen/buurtveilig/").context["detail"]
    assert [si.question_set.code for si in detail.set_items] == ["onbehagen1", "oudeset"]
    assert all(si.question_version.pk == si.question_version_id for si in detail.set_items)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/vragen/buurtveilig/").content.decode()
    for qset in QuestionSet.objects.filter(code__in=["onbehagen1", "oudeset"]):
        assert (qset.name_en or qset.name_nl)[:20] in english
