"""Aggregated results files: one row per item (and district) with the figures already computed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import (
    LocalResult,
    Statistic,
)
from . import stats
from .analysis import STATISTIC_ALIASES, IndicatorSpec, ItemSpec
from .tables import (
    ErrorList,
    Table,
    canonical_columns,
    cell_text,
    fold,
    parse_number,
    quote,
)

AGGREGATE_COLUMNS = ("code", "n", "waarde")


AGGREGATE_OPTIONAL = ("standaardfout", "se", "statistiek", "wijk")


def aggregate_columns(table: Table) -> tuple[Table, list[str]]:
    """The table with its known columns in lower case, and the other columns (ignored)."""
    return canonical_columns(table, AGGREGATE_COLUMNS + AGGREGATE_OPTIONAL)


def parse_aggregates(
    table: Table, specs: list[ItemSpec], indicator_specs: list[IndicatorSpec]
) -> list[LocalResult]:
    """One row per item (or indicator) code and optional wijk: n, value and optional SE.

    Expects the canonical columns of `aggregate_columns`; codes match without case.
    """
    errors = ErrorList()
    present = [h for h in table.headers if h]
    for column in AGGREGATE_COLUMNS:
        if column not in present:
            errors.add(None, column, _("deze kolom ontbreekt"))
    if not table.rows:
        errors.add(None, None, _("Het bestand bevat geen resultaten."))
    if errors:
        raise ValidationError(errors)
    targets = {fold(s.code): s for s in specs} | {
        fold(code): ind for code, ind in _indicator_targets(indicator_specs).items()
    }
    rows, seen = [], {}
    for number, row in table.rows:
        result = _aggregate_row(number, row, targets, errors)
        if result is None:
            continue
        key = (fold(cell_text(row.get("code"))), result.wijk)
        if key in seen:
            errors.add(number, "code", _("staat ook in rij %(row)s") % {"row": seen[key]})
        seen[key] = number
        rows.append(result)
    if errors:
        raise ValidationError(errors)
    return rows


def _indicator_targets(indicator_specs) -> dict:
    """An indicator row is named by its code; with more than one variant measured, by
    "code (variant)"."""
    counts: dict[str, int] = {}
    for ind in indicator_specs:
        counts[ind.indicator.code] = counts.get(ind.indicator.code, 0) + 1
    return {
        ind.indicator.code
        if counts[ind.indicator.code] == 1
        else f"{ind.indicator.code} ({ind.rule.variant})": ind
        for ind in indicator_specs
    }


def _aggregate_row(number, row, targets, errors) -> LocalResult | None:
    code = cell_text(row.get("code")).strip()
    target = targets.get(fold(code))
    if target is None:
        errors.add(
            number,
            "code",
            _("'%(code)s' is geen vraag of indicator uit deze vragenlijst") % {"code": quote(code)},
        )
        return None
    statistic = target.statistic
    given = cell_text(row.get("statistiek")).strip().lower()
    if given:
        if given not in STATISTIC_ALIASES:
            errors.add(number, "statistiek", _("kies percentage of gemiddelde"))
            return None
        statistic = STATISTIC_ALIASES[given]
    numbers = {}
    for column in ("n", "waarde", "standaardfout", "se"):
        try:
            numbers[column] = parse_number(row.get(column))
        except ValueError:
            errors.add(
                number, column, _("'%(value)s' is geen getal") % {"value": quote(row.get(column))}
            )
            return None
    n, value = numbers["n"], numbers["waarde"]
    se = numbers["standaardfout"] if numbers["standaardfout"] is not None else numbers["se"]
    problem = _aggregate_problem(statistic, n, value, se)
    if problem:
        errors.add(number, problem[0], problem[1])
        return None
    return _aggregate_result(
        target, statistic, int(n), value, se, cell_text(row.get("wijk")).strip()[:100]
    )


def _aggregate_problem(statistic, n, value, se) -> tuple[str, str] | None:
    if n is None or n < 1 or not float(n).is_integer():
        return "n", _("n is een geheel getal groter dan 0")
    if value is None:
        return "waarde", _("vul een waarde in")
    if statistic == Statistic.PERCENTAGE and not 0 <= value <= 100:
        return "waarde", _("een percentage ligt tussen 0 en 100")
    if se is not None and se < 0:
        return "standaardfout", _("een standaardfout is niet negatief")
    return None


def _aggregate_result(target, statistic, n, value, se, wijk) -> LocalResult:
    if isinstance(target, ItemSpec):
        refs = {"item": target.item}
    else:
        refs = {
            "indicator": target.indicator,
            "rule": target.rule,
            "rule_signature": target.spec.signature(),
            "version_fingerprints": target.fingerprints,
        }
    categories = target.categories
    if se is not None:
        low, high = stats.interval_from_se(value, se)
        if statistic == Statistic.PERCENTAGE:
            low, high = max(0.0, low), min(100.0, high)
    elif statistic == Statistic.PERCENTAGE:
        estimate = stats.proportion(round(value / 100 * n), n)
        se = estimate.se * 100
        low, high = stats.wilson_interval(value / 100, n)
        low, high = low * 100, high * 100
    else:
        low = high = None
    code_range = target.code_range
    return LocalResult(
        statistic=statistic,
        categories=list(categories) if statistic == Statistic.PERCENTAGE else [],
        value=value,
        se=se,
        ci_low=low,
        ci_high=high,
        n=n,
        wijk=wijk,
        scale_min=code_range[0] if statistic == Statistic.MEAN else None,
        scale_max=code_range[1] if statistic == Statistic.MEAN else None,
        **refs,
    )
