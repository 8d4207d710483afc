"""questionsets.results.stats against hand-computed values and published examples."""

import math

import pytest

from questionsets.results import stats


def test_z_value_is_the_two_sided_normal_quantile():
    assert stats.z_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert stats.z_value(0.90) == pytest.approx(1.644854, abs=1e-6)
    assert stats.z_value(0.99) == pytest.approx(2.575829, abs=1e-6)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0),
    ],
)
def test_wilson_interval_matches_newcombe_1998(successes, n, low, high):
    """Newcombe RG (1998), "Two-sided confidence intervals for the single proportion:
    comparison of seven methods", Statistics in Medicine 17:857-872, Table II, method 3
    (Wilson score interval without continuity correction)."""
    estimate = stats.proportion(successes, n)
    assert estimate.ci_low == pytest.approx(low, abs=5e-5)
    assert estimate.ci_high == pytest.approx(high, abs=5e-5)


def test_proportion_hand_computed():
    # p = 0.25, SE = sqrt(.25 * .75 / 100) = 0.0433013
    estimate = stats.proportion(25, 100)
    assert estimate.value == 0.25
    assert estimate.se == pytest.approx(0.0433013, abs=1e-7)
    assert estimate.n == 100 and estimate.n_effective == 100 and estimate.design_effect == 1


def test_proportion_of_nothing_is_empty():
    estimate = stats.proportion(0, 0)
    assert estimate.value is None and estimate.se is None and estimate.ci_low is None
    assert stats.weighted_proportion([]) == stats.EMPTY
    assert stats.mean([]) == stats.EMPTY


def test_proportion_of_100_percent_keeps_a_proper_interval():
    estimate = stats.proportion(50, 50)
    assert estimate.value == 1.0
    assert estimate.se == 0.0
    assert estimate.ci_high == 1.0
    # Wilson: lower bound n / (n + z^2) = 50 / 53.8415 = 0.92865
    assert estimate.ci_low == pytest.approx(50 / (50 + 1.959964**2), abs=1e-6)


def test_mean_hand_computed():
    # values 1..4: mean 2.5, s = sqrt(5/3) = 1.290994, SE = s / 2 = 0.645497
    estimate = stats.mean([1, 2, 3, 4])
    assert estimate.value == 2.5
    assert estimate.se == pytest.approx(0.645497, abs=1e-6)
    assert estimate.ci_low == pytest.approx(2.5 - 1.959964 * 0.645497, abs=1e-5)


def test_mean_of_identical_answers_has_zero_se_and_single_answer_has_none():
    same = stats.mean([3, 3, 3, 3])
    assert same.value == 3 and same.se == 0 and same.ci_low == same.ci_high == 3
    single = stats.mean([7])
    assert single.value == 7 and single.se is None and single.ci_low is None


def test_kish_effective_n_and_design_effect():
    # weights 1, 1, 2, 2: (sum w)^2 / sum w^2 = 36 / 10 = 3.6; deff = 4 / 3.6
    n_eff, deff = stats.kish([1, 1, 2, 2])
    assert n_eff == pytest.approx(3.6)
    assert deff == pytest.approx(4 / 3.6)
    assert stats.kish([2.5] * 10) == pytest.approx((10.0, 1.0))


def test_weighted_proportion_uses_weights_and_effective_n():
    flags = [True, False, True, False]
    estimate = stats.weighted_proportion(flags, [1, 1, 2, 2])
    # p = (1 + 2) / 6 = 0.5; SE = sqrt(.25 / 3.6) = 0.263523
    assert estimate.value == pytest.approx(0.5)
    assert estimate.se == pytest.approx(0.263523, abs=1e-6)
    assert estimate.n == 4 and estimate.n_effective == pytest.approx(3.6)
    low, high = stats.wilson_interval(0.5, 3.6)
    assert (estimate.ci_low, estimate.ci_high) == (low, high)


def test_weighted_mean_hand_computed():
    # values 1, 3 weights 1, 3: mean (1 + 9) / 4 = 2.5; weighted var (1*2.25 + 3*0.25)/4
    # = 0.75, times n/(n-1) = 2 -> 1.5; n_eff = 16 / 10 = 1.6; SE = sqrt(1.5 / 1.6)
    estimate = stats.mean([1, 3], [1, 3])
    assert estimate.value == pytest.approx(2.5)
    assert estimate.se == pytest.approx(math.sqrt(1.5 / 1.6))
    assert estimate.design_effect == pytest.approx(2 / 1.6)


def test_weights_must_be_positive_and_paired():
    with pytest.raises(ValueError):
        stats.mean([1, 2], [1, 0])
    with pytest.raises(ValueError):
        stats.weighted_proportion([True], [1, 2])


def test_difference_test_with_both_standard_errors():
    # local 0.30 (SE 0.02) vs national 0.25 (SE 0.01): z = 0.05 / sqrt(0.0005) = 2.236068
    result = stats.difference_test(0.30, 0.02, 0.25, national_se=0.01)
    assert result.z == pytest.approx(2.236068, abs=1e-6)
    assert result.p_value == pytest.approx(0.025347, abs=1e-5)
    assert result.verdict == stats.Verdict.HIGHER
    assert result.national_se_source == "given"


def test_difference_test_derives_national_se_from_n_or_treats_it_as_fixed():
    from_n = stats.difference_test(0.20, 0.02, 0.25, national_n=7500)
    assert from_n.national_se == pytest.approx(math.sqrt(0.25 * 0.75 / 7500))
    assert from_n.national_se_source == "from_n"
    assert from_n.verdict == stats.Verdict.LOWER
    fixed = stats.difference_test(0.26, 0.02, 0.25)
    assert fixed.national_se == 0 and fixed.national_se_source == "fixed"
    assert fixed.verdict == stats.Verdict.NO_DIFFERENCE
    mean_fixed = stats.difference_test(6.1, 0.1, 6.4, national_n=5000, is_proportion=False)
    assert mean_fixed.national_se_source == "fixed"
    assert mean_fixed.z == pytest.approx(-3.0)


def test_difference_test_edge_cases():
    assert stats.difference_test(0.5, None, 0.4).verdict == stats.Verdict.UNKNOWN
    exact = stats.difference_test(1.0, 0.0, 1.0)
    assert exact.verdict == stats.Verdict.NO_DIFFERENCE
    assert stats.difference_test(1.0, 0.0, 0.8).verdict == stats.Verdict.HIGHER


@pytest.mark.parametrize(("population", "expected"), [(100, 80), (1000, 278), (10_000, 370)])
def test_net_sample_size_matches_krejcie_and_morgan_1970(population, expected):
    """Krejcie RV & Morgan DW (1970), "Determining sample size for research activities",
    Educational and Psychological Measurement 30:607-610, Table 1 (95%, e = 0.05, P = 0.5;
    their chi-square 3.841 is 1.96 squared)."""
    assert stats.net_sample_size(population, 0.05, 0.95) == expected


def test_sample_sizes_edge_cases():
    # Cochran without FPC: 1.959964^2 * 0.25 / 0.0025 = 384.15 -> 385 for a huge population
    assert stats.net_sample_size(10**9, 0.05) == 385
    assert stats.net_sample_size(0, 0.05) == 0
    assert stats.net_sample_size(10, 0.01) == 10  # never more than everyone
    assert stats.gross_sample_size(278, 0.3) == 927  # 926.67 rounded up
    assert stats.gross_sample_size(80, 0.3, population=100) == 100
    with pytest.raises(ValueError):
        stats.gross_sample_size(10, 0)


def test_margin_of_error_with_fpc():
    # n = 278 of N = 1000: 1.959964 * 0.5 / sqrt(278) * sqrt(722 / 999) = 0.04999
    assert stats.margin_of_error(278, 1000) == pytest.approx(0.0499, abs=2e-4)
    assert stats.fpc(1000, 1000) == 0.0
    assert stats.margin_of_error(0) is None
