"""Scoring rules against values computed by hand: each kind, reversed items, recodes, the
minimum-valid rule, missing codes and weights."""

import pytest

from questionsets.catalogue.scoring import (
    Aggregate,
    ItemRule,
    RuleSpec,
    ScoringKind,
    ScoringRule,
    describe,
    output_range,
    respondent_score,
)
from questionsets.results import stats
from tests import factories

FIVE = {1, 2, 3, 4, 5}


def test_item_percentage_scores_one_for_the_categories_and_skips_missing_answers():
    rule = RuleSpec(ScoringKind.ITEM_PERCENTAGE, (ItemRule("a"),), frozenset({1, 2}))
    answers = [1, 2, 3, None, 4]  # None: 'weet niet' (a missing code) or an empty cell
    scores = [respondent_score(rule, {"a": a}, {"a": FIVE}) for a in answers]
    assert scores == [1.0, 1.0, 0.0, None, 0.0]
    valid = [s for s in scores if s is not None]
    estimate = stats.weighted_proportion([s == 1.0 for s in valid], None)
    assert estimate.value == pytest.approx(2 / 4)  # 50%, n = 4, the missing answer left out
    assert estimate.n == 4


def test_any_percentage_counts_respondents_with_at_least_k_items_in_the_categories():
    items = (ItemRule("rel"), ItemRule("migr"), ItemRule("ink"))
    rule = RuleSpec(ScoringKind.ANY_PERCENTAGE, items, frozenset({1, 2}), min_matches=1)
    codes = dict.fromkeys(("rel", "migr", "ink"), {1, 2, 3, 4})
    assert respondent_score(rule, {"rel": 3, "migr": 2, "ink": 4}, codes) == 1.0
    assert respondent_score(rule, {"rel": 3, "migr": 4, "ink": None}, codes) == 0.0
    assert respondent_score(rule, {"rel": None, "migr": None, "ink": None}, codes) is None
    two = RuleSpec(ScoringKind.ANY_PERCENTAGE, items, frozenset({1, 2}), min_matches=2)
    assert respondent_score(two, {"rel": 1, "migr": 2, "ink": 4}, codes) == 1.0
    assert respondent_score(two, {"rel": 1, "migr": 3, "ink": 4}, codes) == 0.0


def test_any_percentage_is_not_the_mean_of_the_item_percentages():
    """Problem 1: 'a pool of every item's answers' is another statistic than the share of
    respondents who see tension for at least one pair."""
    items = (ItemRule("a"), ItemRule("b"))
    rule = RuleSpec(ScoringKind.ANY_PERCENTAGE, items, frozenset({1}))
    respondents = [{"a": 1, "b": 2}, {"a": 2, "b": 1}, {"a": 2, "b": 2}, {"a": 2, "b": 2}]
    scores = [respondent_score(rule, r, {"a": {1, 2}, "b": {1, 2}}) for r in respondents]
    assert sum(scores) / len(scores) == 0.5  # two of four respondents
    pooled = sum(r[c] == 1 for r in respondents for c in "ab") / 8
    assert pooled == 0.25


def test_scale_score_reverses_items_takes_the_mean_and_transforms_to_0_10():
    # a is negatively worded (1 = fully agree = low cohesion): kept; b and c reversed.
    items = (ItemRule("a"), ItemRule("b", reversed=True), ItemRule("c", reversed=True))
    rule = RuleSpec(ScoringKind.SCALE_SCORE, items, min_valid=2, target=(0, 10))
    codes = dict.fromkeys("abc", FIVE)
    # a=1, b=1 -> 5 (reversed): mean 3 on 1..5 -> (3 - 1) / 4 * 10 = 5.0
    assert respondent_score(rule, {"a": 1, "b": 1, "c": None}, codes) == pytest.approx(5.0)
    # a=5, b=1 -> 5, c=1 -> 5: mean 5 -> 10
    assert respondent_score(rule, {"a": 5, "b": 1, "c": 1}, codes) == pytest.approx(10.0)
    # a=2, b=4 -> 2, c=3 -> 3: mean 7/3 -> (7/3 - 1) / 4 * 10 = 3.333...
    assert respondent_score(rule, {"a": 2, "b": 4, "c": 3}, codes) == pytest.approx(10 / 3)
    # Only one valid answer: below the minimum of two, the respondent does not count.
    assert respondent_score(rule, {"a": 2, "b": None, "c": None}, codes) is None
    assert output_range(rule, codes) == (0, 10)


def test_scale_score_with_recode_and_sum_is_prorated_over_missing_items():
    recode = {1: 0.0, 2: 0.0, 3: 1.0, 4: 1.0}
    items = tuple(ItemRule(c, recode=recode) for c in "abcd")
    rule = RuleSpec(ScoringKind.SCALE_SCORE, items, min_valid=3, aggregate=Aggregate.SUM)
    codes = dict.fromkeys("abcd", {1, 2, 3, 4})
    assert respondent_score(rule, {"a": 3, "b": 4, "c": 1, "d": 2}, codes) == 2.0
    # three valid answers (1, 1, 0): mean 2/3, prorated to four items: 8/3
    assert respondent_score(rule, {"a": 3, "b": 4, "c": 1, "d": None}, codes) == pytest.approx(
        8 / 3
    )
    assert output_range(rule, codes) == (0.0, 4.0)


def test_weights_enter_the_estimate_of_the_scores():
    scores = [1.0, 0.0, 1.0]
    weights = [1.0, 3.0, 0.5]
    estimate = stats.weighted_proportion([s == 1.0 for s in scores], weights)
    assert estimate.value == pytest.approx(1.5 / 4.5)
    mean = stats.mean([5.0, 10.0], [3.0, 1.0])
    assert mean.value == pytest.approx(6.25)


def test_signature_changes_with_every_part_of_the_rule():
    base = RuleSpec(ScoringKind.SCALE_SCORE, (ItemRule("a"), ItemRule("b")), target=(0, 10))
    variants = [
        RuleSpec(ScoringKind.SCALE_SCORE, (ItemRule("a"), ItemRule("b", True)), target=(0, 10)),
        RuleSpec(ScoringKind.SCALE_SCORE, (ItemRule("a"), ItemRule("b")), target=(0, 100)),
        RuleSpec(ScoringKind.SCALE_SCORE, (ItemRule("a"), ItemRule("b")), min_valid=2),
        RuleSpec(ScoringKind.SCALE_SCORE, (ItemRule("a", recode={1: 0}), ItemRule("b"))),
    ]
    assert len({base.signature(), *(v.signature() for v in variants)}) == 5
    same = RuleSpec(ScoringKind.SCALE_SCORE, (ItemRule("a"), ItemRule("b")), target=(0, 10))
    assert same.signature() == base.signature()


@pytest.mark.django_db
def test_a_stored_rule_states_itself_in_dutch_and_english():
    indicator = factories.make_indicator(code="C08-I9")
    rule = ScoringRule.objects.create(
        indicator=indicator,
        variant="cohesie",
        kind=ScoringKind.SCALE_SCORE,
        min_valid=2,
        target_min=0,
        target_max=10,
    )
    a, b = factories.make_question(code="coha"), factories.make_question(code="cohb")
    rule.items.create(question=a, position=0)
    rule.items.create(question=b, position=1, reversed=True)
    assert rule.describe("nl") == (
        "Schaalscore over coha, cohb: het gemiddelde van de geldige antwoorden, met cohb "
        "omgepoold, bij minstens 2 geldige antwoorden, omgerekend naar een schaal van 0 tot 10."
    )
    assert rule.describe("en") == (
        "Scale score over coha, cohb: the mean of the valid answers, with cohb reversed, with "
        "at least 2 valid answers, rescaled to a range of 0 to 10."
    )
    assert rule.signature() == rule.spec().signature()


def test_describe_percentages_in_plain_dutch():
    rule = RuleSpec(
        ScoringKind.ANY_PERCENTAGE, (ItemRule("x"), ItemRule("y")), frozenset({1, 2}), 1, 1
    )
    assert describe(rule) == (
        "Percentage respondenten dat op minstens 1 van de vragen x, y antwoordcode 1, 2 geeft "
        "(minstens 1 geldige antwoorden)."
    )
