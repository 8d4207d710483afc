"""Survey statistics for the benchmark and the oversampling planner. Pure Python, no Django.

Everything uses the normal approximation at a chosen confidence level (95% unless said).

* Proportions get a **Wilson score interval** rather than the Wald interval p ± z·SE: Wald
  collapses to a zero-width interval at 0% and 100% and undercovers for small n or extreme
  p (Newcombe 1998), which is exactly where small municipalities and wijken sit. The SE
  reported beside it is still the usual sqrt(p(1-p)/n), used for the difference test.
* Weighted estimates use **Kish's effective sample size** n_eff = (Σw)² / Σw² and design
  effect deff = n / n_eff (Kish 1965, "Survey Sampling", §11.7): the variance of a weighted
  proportion or mean is approximated by the unweighted formula with n replaced by n_eff.
* The **difference test** local vs national is a z test on the difference with both
  standard errors: z = (local - national) / sqrt(SE_local² + SE_national²). When the
  national SE is unknown it is derived from the national n (proportions only); with no n
  either, the national figure is treated as fixed (SE 0), which makes the test slightly
  too eager, and the result says so.
* The **planner** uses Cochran's n0 = z²·p(1-p)/e² with the worst case p = 0.5 and the
  finite population correction n = n0 / (1 + (n0 - 1)/N).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

DEFAULT_CONFIDENCE = 0.95


def z_value(confidence: float = DEFAULT_CONFIDENCE) -> float:
    """The two-sided standard normal quantile, e.g. 1.959964 for 95%."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    return NormalDist().inv_cdf((1 + confidence) / 2)


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its standard error and confidence interval.

    `n` is the number of (unweighted) observations; `n_effective` and `design_effect` are
    Kish's values (equal to n and 1.0 without weights). Value, SE and bounds are None when
    there is nothing to estimate (n = 0); SE is None for a mean of a single observation.
    """

    value: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    n_effective: float
    design_effect: float = 1.0


EMPTY = Estimate(None, None, None, None, 0, 0.0)


def kish(weights: list[float]) -> tuple[float, float]:
    """(effective n, design effect) of a set of positive weights."""
    if not weights:
        return 0.0, 1.0
    total = sum(weights)
    squares = sum(w * w for w in weights)
    n_eff = total * total / squares
    return n_eff, len(weights) / n_eff


def wilson_interval(p: float, n: float, confidence: float = DEFAULT_CONFIDENCE):
    """Wilson score interval for a proportion p observed on n (possibly effective) cases."""
    z = z_value(confidence)
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def proportion(successes: int, n: int, confidence: float = DEFAULT_CONFIDENCE) -> Estimate:
    """An unweighted proportion (0..1) with Wilson interval."""
    if n <= 0:
        return EMPTY
    if not 0 <= successes <= n:
        raise ValueError("successes must lie between 0 and n")
    return _proportion_estimate(successes / n, n, float(n), 1.0, confidence)


def weighted_proportion(
    flags: list[bool], weights: list[float] | None = None, confidence=DEFAULT_CONFIDENCE
) -> Estimate:
    """Share of True among `flags`, weighted when `weights` are given (Kish n_eff)."""
    if not flags:
        return EMPTY
    if weights is None:
        return proportion(sum(1 for f in flags if f), len(flags), confidence)
    _check_weights(flags, weights)
    total = sum(weights)
    p = sum(w for f, w in zip(flags, weights, strict=True) if f) / total
    n_eff, deff = kish(weights)
    return _proportion_estimate(p, len(flags), n_eff, deff, confidence)


def _proportion_estimate(p, n, n_eff, deff, confidence) -> Estimate:
    se = math.sqrt(p * (1 - p) / n_eff)
    low, high = wilson_interval(p, n_eff, confidence)
    return Estimate(p, se, low, high, n, n_eff, deff)


def mean(
    values: list[float], weights: list[float] | None = None, confidence=DEFAULT_CONFIDENCE
) -> Estimate:
    """A (weighted) mean with SE s/sqrt(n_eff) and a normal interval.

    Unweighted, s is the usual sample standard deviation (n - 1). Weighted, s² is the
    weighted variance around the weighted mean with the same n/(n - 1) correction, and n
    becomes Kish's n_eff: the standard approximation for a weighted mean.
    """
    n = len(values)
    if n == 0:
        return EMPTY
    if weights is None:
        weights_ = [1.0] * n
    else:
        _check_weights(values, weights)
        weights_ = weights
    total = sum(weights_)
    m = sum(v * w for v, w in zip(values, weights_, strict=True)) / total
    n_eff, deff = kish(weights_) if weights is not None else (float(n), 1.0)
    if n == 1:
        return Estimate(m, None, None, None, 1, n_eff, deff)
    variance = sum(w * (v - m) ** 2 for v, w in zip(values, weights_, strict=True)) / total
    variance *= n / (n - 1)
    se = math.sqrt(variance / n_eff)
    z = z_value(confidence)
    return Estimate(m, se, m - z * se, m + z * se, n, n_eff, deff)


def interval_from_se(value: float, se: float, confidence=DEFAULT_CONFIDENCE):
    z = z_value(confidence)
    return value - z * se, value + z * se


def _check_weights(values, weights) -> None:
    if len(weights) != len(values):
        raise ValueError("one weight per value")
    if any(not w > 0 for w in weights):
        raise ValueError("weights must be positive")


# --------------------------------------------------------------------------- difference test


class Verdict:
    HIGHER = "higher"
    LOWER = "lower"
    NO_DIFFERENCE = "no_difference"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Difference:
    difference: float
    z: float | None
    p_value: float | None
    verdict: str
    national_se: float
    national_se_source: str  # "given", "from_n" or "fixed"


def derive_national_se(
    value: float, *, se: float | None = None, n: int | None = None, is_proportion: bool
) -> tuple[float, str]:
    """The national SE to use and where it came from: given, derived from n, or fixed (0)."""
    if se is not None:
        return se, "given"
    if is_proportion and n:
        return math.sqrt(value * (1 - value) / n), "from_n"
    return 0.0, "fixed"


def difference_test(
    local: float,
    local_se: float | None,
    national: float,
    *,
    national_se: float | None = None,
    national_n: int | None = None,
    is_proportion: bool = True,
    confidence: float = DEFAULT_CONFIDENCE,
) -> Difference:
    """Two-sided z test of local - national; proportions as 0..1 fractions."""
    nat_se, how = derive_national_se(
        national, se=national_se, n=national_n, is_proportion=is_proportion
    )
    diff = local - national
    if local_se is None:
        return Difference(diff, None, None, Verdict.UNKNOWN, nat_se, how)
    se = math.sqrt(local_se**2 + nat_se**2)
    if se == 0:
        # Both sides without sampling error (e.g. every answer identical and a fixed
        # national figure): any difference is exact, none is no difference.
        if diff == 0:
            return Difference(0.0, 0.0, 1.0, Verdict.NO_DIFFERENCE, nat_se, how)
        z = math.copysign(math.inf, diff)
        return Difference(diff, z, 0.0, _verdict(z, confidence), nat_se, how)
    z = diff / se
    p = 2 * (1 - NormalDist().cdf(abs(z)))
    return Difference(diff, z, p, _verdict(z, confidence), nat_se, how)


def _verdict(z: float, confidence: float) -> str:
    critical = z_value(confidence)
    if z > critical:
        return Verdict.HIGHER
    if z < -critical:
        return Verdict.LOWER
    return Verdict.NO_DIFFERENCE


# --------------------------------------------------------------------------- planner


def fpc(n: float, population: int) -> float:
    """Finite population correction factor sqrt((N - n) / (N - 1)) for the standard error."""
    if population <= 1:
        return 0.0
    return math.sqrt(max(population - n, 0) / (population - 1))


def net_sample_size(
    population: int, margin: float, confidence: float = DEFAULT_CONFIDENCE, p: float = 0.5
) -> int:
    """Completed interviews needed for a margin of error `margin` (a fraction, e.g. 0.05).

    Cochran's n0 = z²p(1-p)/e², corrected for a finite population: n0 / (1 + (n0-1)/N),
    rounded up and never more than the population itself.
    """
    if population <= 0:
        return 0
    if not 0 < margin < 1:
        raise ValueError("margin must lie strictly between 0 and 1")
    z = z_value(confidence)
    n0 = z * z * p * (1 - p) / (margin * margin)
    n = n0 / (1 + (n0 - 1) / population)
    return min(population, math.ceil(n - 1e-9))


def gross_sample_size(net: int, response_rate: float, population: int | None = None) -> int:
    """People to approach so that `net` respond at `response_rate` (0..1]."""
    if not 0 < response_rate <= 1:
        raise ValueError("response rate must lie in (0, 1]")
    gross = math.ceil(net / response_rate - 1e-9)
    return gross if population is None else min(gross, population)


def margin_of_error(
    n: int, population: int | None = None, confidence=DEFAULT_CONFIDENCE, p: float = 0.5
) -> float | None:
    """The margin of error achieved with n completes (worst case p = 0.5), with FPC."""
    if n <= 0:
        return None
    margin = z_value(confidence) * math.sqrt(p * (1 - p) / n)
    return margin * fpc(n, population) if population else margin
