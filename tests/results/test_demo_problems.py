"""The comparison problems seen in the demo, on the real national catalogue and figures."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from questionsets.curation import demo, seeding
from questionsets.models import QuestionSet
from questionsets.questionnaires import services
from questionsets.results import services as results
from questionsets.results.comparison import questionnaire_comparison
from tests import factories

from .conftest import xlsx_bytes

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
BUURT = ["c05i1brel", "c05i1bmigr", "c05i1bleeft", "c05i1bopl", "c05i1bink"]
COHESION = ["c08i1a", "c08i1b", "c08i1c", "c08i1d", "c08i1e"]


@pytest.fixture
def national(db):
    seeding.load_catalogue(json.loads((FIXTURES / "catalogue.json").read_text()))
    demo.load_national_figures(json.loads((FIXTURES / "national_figures.json").read_text()))


def questionnaire_with(municipality, *set_codes):
    questionnaire = factories.make_questionnaire(municipality=municipality, title="Monitor")
    for code in set_codes:
        services.questionnaire_add_set(
            questionnaire=questionnaire,
            question_set=QuestionSet.objects.get(code=code),
            expected_version=questionnaire.lock_version,
        )
    return questionnaire


def compare(questionnaire, header, answers):
    results.results_import(
        questionnaire=questionnaire,
        user=None,
        kind="respondents",
        data=xlsx_bytes([header, *answers]),
    )
    return questionnaire_comparison(questionnaire).rows


def test_problem_1_the_neighbourhood_variant_is_not_set_against_the_society_figure(
    national, municipality
):
    questionnaire = questionnaire_with(municipality, "spanningbuurt")
    # 1-2 = (heel) veel spanningen, 3-4 = weinig/geen, 9 = weet niet (missing)
    answers = [
        [1, 3, 3, 3, 3],  # one pair: counts
        [3, 4, 3, 3, 9],  # none
        [4, 4, 4, 4, 4],  # none
        [2, 2, 3, 3, 3],  # two pairs: counts once
        [9, 9, 9, 9, 9],  # only 'weet niet': no valid answer, left out
    ]
    rows = compare(questionnaire, BUURT, answers)
    row = next(r for r in rows if r.code == "C05-I1")
    assert row.variant == "in uw buurt"
    assert not row.compared and row.figure is None
    assert row.reason == (
        "niet vergelijkbaar: het landelijke cijfer gaat over een andere variant (in de samenleving)"
    )
    # % of respondents with at least one pair (heel) veel: 2 of the 4 with valid answers,
    # not a pool of every item's answers (3 of 19 valid answers = 15.8%).
    local = row.total.local
    assert local.value == pytest.approx(50.0)
    assert (local.n, local.n_missing) == (4, 1)


def test_problem_2_the_cohesion_scale_is_a_0_10_score_and_never_next_to_another_rule(
    national, municipality
):
    questionnaire = questionnaire_with(municipality, "c08i1")
    # 1 = helemaal mee eens .. 5 = helemaal mee oneens; c08i1a is negatively worded.
    answers = [
        [5, 1, 1, 1, 1],  # most cohesion: 10
        [1, 5, 5, 5, 5],  # least cohesion: 0
        [3, 3, 3, 3, 3],  # middle: 5
        [5, 2, 2, None, None],  # only three valid answers: below the minimum of four
    ]
    rows = compare(questionnaire, COHESION, answers)
    scale = next(r for r in rows if r.code == "C08-I1")
    assert scale.total.local.value == pytest.approx(5.0)  # (10 + 0 + 5) / 3, on 0-10
    assert (scale.total.local.scale_min, scale.total.local.scale_max) == (0, 10)
    assert (scale.total.local.n, scale.total.local.n_missing) == (3, 1)
    assert not scale.compared
    assert scale.reason == (
        "niet vergelijkbaar: de rekenregel van het landelijke cijfer is niet vastgelegd "
        "(landelijk 6,4 in 2023)"
    )
    # A single item is a percentage in the national figure's categories, never a mean.
    item = next(r for r in rows if r.code == "c08i1b")
    assert item.total.local.statistic == "percentage" and item.total.local.categories == [1, 2]
    assert item.compared and item.figure.year == 2023 and item.figure.value == 75.3


def test_problem_3_an_unverified_national_wording_is_never_significant_without_a_caveat(
    national, municipality
):
    questionnaire = questionnaire_with(municipality, "spanningsamenleving")
    society = ["c05i1arel", "c05i1amigr", "c05i1aleeft", "c05i1aopl", "c05i1aink"]
    answers = [[1, 1, 1, 1, 1]] * 50 + [[4, 4, 4, 4, 4]] * 50
    rows = compare(questionnaire, society, answers)
    poor_rich = next(r for r in rows if r.code == "c05i1aink")  # 40% nationally (2016)
    assert poor_rich.compared
    assert poor_rich.caveat.startswith("onder voorbehoud")
    assert poor_rich.total.verdict_label == "onder voorbehoud: significant hoger"
