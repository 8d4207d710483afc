"""build_export / build_reference / the catalogue reference: models -> export data."""

import re

import pytest

from questionsets.exports.build import (
    build_catalogue_reference,
    build_export,
    build_reference,
    catalogue_version,
    print_layout,
)
from questionsets.models import QuestionVersion
from tests import factories

from ..export_data import TRUST_INTRO, make_full_questionnaire, questionnaire_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(municipality, editor):
    return make_full_questionnaire(municipality, editor)


def _items(export):
    return {item.code: item for item in export.items}


def test_national_items_carry_exactly_their_published_version(questionnaire):
    items = _items(build_export(questionnaire))
    for code in ("vert1", "vert2", "vei1", "vei2"):
        version = QuestionVersion.objects.get(question__code=code)
        item = items[code]
        assert item.kind == "national"
        assert item.wording_nl == version.wording_nl
        assert item.instruction_nl == version.instruction_nl
        assert item.answer_type == version.answer_type
        assert [(o.code, o.label_nl, o.is_missing) for o in item.options] == [
            (o.code, o.label_nl, o.is_missing) for o in version.answer_options()
        ]
        assert item.version == version.number
        assert item.fingerprint == version.fingerprint == item.computed_fingerprint()
        assert item.source == version.source.instrument
        assert item.source_edition == version.source.edition


def test_intro_and_indicators_come_from_the_set(questionnaire):
    items = _items(build_export(questionnaire))
    assert items["vert1"].intro_nl == items["vert2"].intro_nl == TRUST_INTRO
    assert items["vert1"].instruction_nl == "Lees de antwoorden voor.\nKies één antwoord."
    assert items["vert1"].indicator_codes == ("C01-I1",)
    assert items["vei1"].intro_nl == ""
    assert items["vei1"].indicator_codes == ("C02-I1",)


def test_adapted_item_says_what_it_was_derived_from(questionnaire):
    item = _items(build_export(questionnaire))["lok3"]
    assert item.kind == "adapted"
    assert item.wording_nl == "Voelt u zich veilig in Utrecht?"
    assert item.derived_from == "vei3 v1"
    assert item.not_comparable_reason == "Aangepast van landelijke vraag vei3 versie 1."
    assert item.version is None and item.fingerprint == ""
    assert [o.code for o in item.options] == [1, 2, 3, 9]


def test_local_items_carry_their_local_scale(questionnaire):
    items = _items(build_export(questionnaire))
    assert items["lok1"].kind == "local"
    assert [(o.code, o.label_nl) for o in items["lok1"].options] == [
        (1, "Nooit"),
        (2, "Soms"),
        (3, "Vaak"),
    ]
    assert items["lok2"].answer_type == "numeric" and items["lok2"].options == ()


def test_items_follow_section_and_item_order(questionnaire):
    export = build_export(questionnaire)
    assert [i.code for i in export.items] == [
        "lok1",
        "lok2",
        "vert1",
        "vert2",
        "vei1",
        "vei2",
        "lok3",
    ]
    assert [s.title for s in export.sections()] == [
        "Algemeen",
        "Vertrouwen in instituties",
        "Veiligheid in de buurt",
    ]


def test_header_and_summary_come_from_the_builder(questionnaire):
    export = build_export(questionnaire)
    assert (export.title, export.year) == ("Leefbaarheidsmonitor", 2026)
    assert (export.municipality_code, export.municipality_name) == ("GM0344", "Utrecht")
    summary = export.summary
    assert summary["Landelijk, identiek en gecontroleerd"] == 4
    assert summary["Landelijk, identiek aan de catalogus; landelijke tekst niet gecontroleerd"] == 0
    assert summary["Aangepaste vragen (niet vergelijkbaar)"] == 1
    assert summary["Lokale vragen"] == 2
    assert summary["Indicator Vertrouwen in instituties (C01-I1)"] == "compleet en vergelijkbaar"
    assert any(
        key.endswith("(C02-I1)") and value.startswith("niet vergelijkbaar")
        for key, value in summary.items()
    )
    assert "tijdsbudget" in summary["Lokale en aangepaste vragen"]
    assert summary["Geschatte interviewduur"]


def test_catalogue_version_is_newest_date_and_count(questionnaire):
    version = catalogue_version()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}/\d+", version)
    assert version.endswith(f"/{QuestionVersion.objects.count()}")
    assert build_export(questionnaire).catalogue_version == version
    factories.make_version(question=QuestionVersion.objects.first().question)
    assert catalogue_version() != version


def test_reference_holds_every_item_including_local(questionnaire):
    reference = build_reference(questionnaire)
    assert set(reference) == {"lok1", "lok2", "vert1", "vert2", "vei1", "vei2", "lok3"}
    assert reference["vert1"] == _items(build_export(questionnaire))["vert1"]


def test_catalogue_reference_uses_latest_versions_unless_asked(questionnaire):
    question = QuestionVersion.objects.get(question__code="vei1").question
    factories.make_version(question=question, wording_nl="Nieuwe woorden")
    reference = build_catalogue_reference()
    assert reference["vei1"].version == 2
    assert reference["vei1"].wording_nl == "Nieuwe woorden"
    assert reference["vert1"].intro_nl == TRUST_INTRO
    assert "lok1" not in reference
    pinned = build_catalogue_reference({"vei1": 1, "vert1": 7})
    assert pinned["vei1"].version == 1
    assert pinned["vert1"].version == 1  # an unknown number keeps the latest


def test_print_layout_numbers_items_and_shows_each_intro_once(questionnaire):
    sections = print_layout(build_export(questionnaire))
    flat = [entry for section in sections for entry in section.items]
    assert [e.number for e in flat] == list(range(1, 8))
    intros = [e.item.code for e in flat if e.shows_intro]
    assert intros == ["vert1"]
    assert flat[2].short_fingerprint == flat[2].item.fingerprint[:12]


# build_export, whatever the number of items:
#  1 items (+ section, version, question, scale, source, catalogue and local scale,
#    derived version, set)  2-4 options of national, catalogue and local scales
#  5 the sets' indicators  6 newest version date and count (catalogue version)
#  7 basket sets with their set items and questions  8 their indicators
BUILD_QUERIES = 8


@pytest.mark.parametrize("extra_sets", [1, 99])
def test_build_export_query_count_is_constant(
    municipality, editor, django_assert_num_queries, extra_sets
):
    created = make_full_questionnaire(municipality, editor, extra_sets=extra_sets)
    questionnaire = questionnaire_for(editor, created)  # with its municipality, as views have it
    assert questionnaire.items.count() in (12, 502)
    with django_assert_num_queries(BUILD_QUERIES):
        export = build_export(questionnaire)
    assert len(export.items) == questionnaire.items.count()
