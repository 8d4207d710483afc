"""Respondent-level analysis: parse a respondents file in memory and estimate each item and indicator with its interval."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..catalogue.scoring import RuleSpec, ScoringRule, output_range, respondent_score
from ..models import (
    AnswerType,
    Indicator,
    LocalResult,
    NationalFigure,
    QuestionnaireItem,
    QuestionSet,
    Statistic,
)
from . import stats
from .figures import latest_national_figures
from .spss import check_value_labels
from .tables import (
    ErrorList,
    Table,
    cell_text,
    duplicate_headers,
    find_column,
    fold,
    parse_number,
    quote,
)

MIN_N_WIJK = 30


WIJK_COLUMN = "wijk"


WEIGHT_ALIASES = ("weight", "gewicht", "weegfactor")


STATISTIC_ALIASES = {
    "percentage": Statistic.PERCENTAGE,
    "%": Statistic.PERCENTAGE,
    "mean": Statistic.MEAN,
    "gemiddelde": Statistic.MEAN,
}


@dataclass
class ItemSpec:
    """One analysable questionnaire item: its answer codes and the statistic to compute."""

    item: QuestionnaireItem
    statistic: str
    categories: list[int]
    substantive: set[int] | None  # None: numeric item, any number counts
    missing: set[int]
    figure: NationalFigure | None
    indicator_ids: list[int] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def code_range(self) -> tuple[float | None, float | None]:
        if not self.substantive:
            return None, None
        return float(min(self.substantive)), float(max(self.substantive))


@dataclass
class IndicatorSpec:
    """One scoring rule of an indicator whose questions are all in the questionnaire."""

    indicator: Indicator
    rule: ScoringRule
    spec: RuleSpec
    items: list[ItemSpec]

    @property
    def statistic(self) -> str:
        return Statistic.PERCENTAGE if self.rule.is_percentage else Statistic.MEAN

    @property
    def categories(self) -> list[int]:
        return sorted(self.spec.categories) if self.rule.is_percentage else []

    @property
    def codes(self) -> dict[str, set[int]]:
        """Substantive answer codes per question code (the rule names questions)."""
        return {s.item.question_version.question.code: s.substantive or set() for s in self.items}

    @property
    def code_range(self) -> tuple[float | None, float | None]:
        return output_range(self.spec, self.codes)

    @property
    def fingerprints(self) -> list[str]:
        return sorted(s.item.question_version.fingerprint for s in self.items)


def set_indicators(set_ids) -> dict[int, list[Indicator]]:
    """Indicators per question set id, in one query."""
    links = QuestionSet.indicators.through.objects.filter(
        questionset_id__in=set(set_ids)
    ).select_related("indicator")
    result: dict[int, list[Indicator]] = {}
    for link in links.order_by("indicator__code"):
        result.setdefault(link.questionset_id, []).append(link.indicator)
    return result


def analysis_specs(questionnaire) -> tuple[list[ItemSpec], list[IndicatorSpec]]:
    """What an upload is checked and computed against (a fixed number of queries)."""
    items = list(
        QuestionnaireItem.objects.filter(questionnaire=questionnaire)
        .for_builder()
        .order_by("section__position", "position", "pk")
    )
    question_ids = [i.question_version.question_id for i in items if i.is_national]
    by_set = set_indicators(i.from_set_id for i in items if i.is_national and i.from_set_id)
    indicators = {ind.pk: ind for inds in by_set.values() for ind in inds}
    by_question, _by_indicator = latest_national_figures(question_ids=question_ids)
    specs = []
    for item in items:
        spec = _item_spec(item, by_question)
        if spec is not None:
            if item.is_national:
                spec.indicator_ids = [ind.pk for ind in by_set.get(item.from_set_id, [])]
            specs.append(spec)
    return specs, rule_specs(indicators, specs)


def rule_specs(indicators: dict, specs: list[ItemSpec]) -> list[IndicatorSpec]:
    """Every scoring rule of these indicators whose questions are all asked as national
    items (two queries): a rule over a question that is missing or adapted is not computed."""
    national = {s.item.question_version.question_id: s for s in specs if s.item.is_national}
    rules = ScoringRule.objects.with_items().filter(indicator_id__in=list(indicators))
    result = []
    for rule in rules.order_by("indicator__code", "variant"):
        members = [national.get(i.question_id) for i in rule.items.all()]
        if members and all(m is not None and m.substantive for m in members):
            result.append(IndicatorSpec(rule.indicator, rule, rule.spec(), members))
    return result


def _item_spec(item, figures) -> ItemSpec | None:
    answer_type = item.display_answer_type()
    if answer_type not in (AnswerType.SINGLE, AnswerType.NUMERIC):
        return None
    figure = figures.get(item.question_version.question_id) if item.is_national else None
    if answer_type == AnswerType.NUMERIC:
        return ItemSpec(item, Statistic.MEAN, [], None, set(), figure)
    scale = item.question_version.scale if item.is_national else item.scale or item.local_scale
    options = list(scale.options.all()) if scale is not None else []
    missing = {o.code for o in options if o.is_missing}
    substantive = [o.code for o in options if o.code not in missing]
    if figure is not None:
        statistic, categories = figure.statistic, list(figure.categories)
    else:
        statistic, categories = Statistic.PERCENTAGE, default_categories(substantive)
    return ItemSpec(item, statistic, categories, set(substantive), missing, figure)


def default_categories(substantive: list[int]) -> list[int]:
    """Without a national figure an item shows a percentage, never a mean of codes: the
    first answer of a short scale, the first two ("(helemaal) eens") of four or more."""
    ordered = sorted(substantive)
    return ordered[:2] if len(ordered) >= 4 else ordered[:1]


@dataclass
class Respondents:
    """Parsed respondent-level data, kept in memory only for the length of one request."""

    answers: dict[str, list[float | None]]  # item code -> substantive answer or None
    wijken: list[str]
    weights: list[float] | None
    ignored: list[str] = field(default_factory=list)  # extra columns of the file, not read

    @property
    def count(self) -> int:
        return len(self.wijken)


@dataclass
class Columns:
    """Which header of the file holds what (headers match without regard to case)."""

    items: dict[str, str]  # item code -> header in the file
    wijk: str | None
    weight: str | None
    ignored: list[str]


def parse_respondents(table: Table, specs: list[ItemSpec], *, ignorable=()) -> Respondents:
    """Check every column and cell against the questionnaire; all problems in one go.

    Columns that are no questionnaire code, wijk or weight are ignored and listed in
    `Respondents.ignored`; SPSS value labels are checked against the scales.
    """
    errors = ErrorList()
    by_code = {s.code: s for s in specs}
    columns = _check_headers(table.headers, by_code, ignorable, errors)
    if not errors:
        check_value_labels(table, columns.items, by_code, errors)
    if not table.rows:
        errors.add(None, None, _("Het bestand bevat geen respondenten."))
    if errors:
        raise ValidationError(errors)
    answers = {code: [] for code in by_code}
    wijken, weights = [], []
    for number, row in table.rows:
        for code, spec in by_code.items():
            answers[code].append(_answer(row.get(columns.items[code]), spec, number, errors))
        wijken.append(cell_text(row.get(columns.wijk)).strip()[:100] if columns.wijk else "")
        if columns.weight:
            weights.append(_weight(row.get(columns.weight), number, columns.weight, errors))
    if errors:
        raise ValidationError(errors)
    weights = weights if columns.weight else None
    return Respondents(answers, wijken, weights, columns.ignored)


def _check_headers(headers, by_code, ignorable, errors) -> Columns:
    present = [h for h in headers if h]
    for header in duplicate_headers(present):
        errors.add(None, quote(header), _("deze kolom komt meer dan eens voor"))
    by_fold = {fold(h): h for h in reversed(present)}
    items = {code: by_fold[fold(code)] for code in by_code if fold(code) in by_fold}
    if by_code and not items:
        errors.add(None, None, _no_code_columns(list(by_code)))
    for code in by_code:
        if items and code not in items:
            errors.add(None, code, _("deze kolom ontbreekt (een vraag uit de vragenlijst)"))
    wijk = find_column(present, (WIJK_COLUMN,))
    weight = find_column(present, WEIGHT_ALIASES)
    questionnaire_codes = {fold(code) for code in ignorable}
    used = {*items.values(), wijk, weight}
    ignored = [h for h in present if h not in used and fold(h) not in questionnaire_codes]
    return Columns(items, wijk, weight, ignored)


def _no_code_columns(codes: list[str]) -> str:
    return _(
        "Geen enkele kolom is een vraagcode uit deze vragenlijst (verwacht onder meer: "
        "%(codes)s). Download het sjabloon van deze vragenlijst en gebruik de vraagcodes "
        "als kolomnamen."
    ) % {"codes": ", ".join(codes[:5])}


def _answer(value, spec: ItemSpec, number: int, errors: ErrorList) -> float | None:
    try:
        answer = parse_number(value)
    except ValueError:
        errors.add(number, spec.code, _("'%(value)s' is geen getal") % {"value": quote(value)})
        return None
    if answer is None or spec.substantive is None:
        return answer
    if not answer.is_integer() or (
        int(answer) not in spec.substantive and int(answer) not in spec.missing
    ):
        allowed = ", ".join(str(c) for c in sorted(spec.substantive | spec.missing))
        errors.add(
            number,
            spec.code,
            _("%(value)s is geen antwoordcode van deze vraag (toegestaan: %(allowed)s)")
            % {"value": quote(value), "allowed": allowed},
        )
        return None
    return None if int(answer) in spec.missing else answer


def _weight(value, number: int, column: str, errors: ErrorList) -> float:
    try:
        weight = parse_number(value)
    except ValueError:
        weight = None
    if weight is None or weight <= 0:
        errors.add(
            number, column, _("'%(value)s' is geen gewicht groter dan 0") % {"value": quote(value)}
        )
        return 1.0
    return weight


def _estimate(spec_statistic: str, categories, values, weights) -> stats.Estimate:
    if spec_statistic == Statistic.PERCENTAGE:
        flags = [v in categories for v in values]
        return stats.weighted_proportion(flags, weights)
    return stats.mean(values, weights)


def _local_row(statistic, categories, estimate, *, code_range=(None, None), **refs) -> LocalResult:
    factor = 100.0 if statistic == Statistic.PERCENTAGE else 1.0

    def scaled(x):
        return None if x is None else x * factor

    return LocalResult(
        statistic=statistic,
        categories=list(categories),
        value=scaled(estimate.value),
        se=scaled(estimate.se),
        ci_low=scaled(estimate.ci_low),
        ci_high=scaled(estimate.ci_high),
        n=estimate.n,
        n_effective=estimate.n_effective,
        design_effect=estimate.design_effect,
        scale_min=code_range[0] if statistic == Statistic.MEAN else None,
        scale_max=code_range[1] if statistic == Statistic.MEAN else None,
        **refs,
    )


def _groups(respondents: Respondents, min_n: int) -> list[tuple[str, list[int]]]:
    """("", everyone) and then every wijk with at least min_n respondents."""
    by_wijk: dict[str, list[int]] = {}
    for index, wijk in enumerate(respondents.wijken):
        if wijk:
            by_wijk.setdefault(wijk, []).append(index)
    everyone = list(range(respondents.count))
    return [("", everyone)] + [
        (wijk, rows) for wijk, rows in sorted(by_wijk.items()) if len(rows) >= min_n
    ]


def compute_results(
    respondents: Respondents,
    specs: list[ItemSpec],
    indicator_specs: list[IndicatorSpec],
    min_n: int = MIN_N_WIJK,
) -> list[LocalResult]:
    """Aggregates per item and scoring rule, for the municipality and each wijk with
    n >= min_n. Missing codes and empty cells are left out and counted as n_missing."""
    rows = []
    weights = respondents.weights
    scores = {ind.rule.pk: _rule_scores(respondents, ind) for ind in indicator_specs}
    for wijk, members in _groups(respondents, min_n):
        for spec in specs:
            row = _result(spec, respondents.answers[spec.code], weights, members, wijk, min_n)
            if row is not None:
                row.item = spec.item
                if spec.item.is_national:
                    row.version_fingerprints = [spec.item.question_version.fingerprint]
                rows.append(row)
        for ind in indicator_specs:
            row = _result(ind, scores[ind.rule.pk], weights, members, wijk, min_n)
            if row is not None:
                row.indicator, row.rule = ind.indicator, ind.rule
                row.rule_signature = ind.spec.signature()
                row.version_fingerprints = ind.fingerprints
                rows.append(row)
    return rows


def _result(spec, column, weights, members, wijk, min_n) -> LocalResult | None:
    values, w = _pick(column, weights, members)
    if len(values) < (min_n if wijk else 1):
        return None
    if isinstance(spec, IndicatorSpec) and spec.rule.is_percentage:
        estimate = stats.weighted_proportion([v == 1.0 for v in values], w)
    else:
        estimate = _estimate(spec.statistic, spec.categories, values, w)
    row = _local_row(
        spec.statistic, spec.categories, estimate, code_range=spec.code_range, wijk=wijk
    )
    row.n_missing = len(members) - len(values)
    return row


def _pick(values, weights, members):
    chosen = [i for i in members if values[i] is not None]
    return [values[i] for i in chosen], ([weights[i] for i in chosen] if weights else None)


def _rule_scores(respondents: Respondents, ind: IndicatorSpec) -> list[float | None]:
    """Per respondent: the rule's score (0/1 or the scale score), None when too few valid
    answers. Answers with a missing code are already None."""
    columns = {
        s.item.question_version.question.code: respondents.answers[s.code] for s in ind.items
    }
    codes = ind.codes
    return [
        respondent_score(ind.spec, {c: columns[c][i] for c in columns}, codes)
        for i in range(respondents.count)
    ]


def wijk_counts(respondents: Respondents) -> dict[str, int]:
    counts: dict[str, int] = {}
    for wijk in respondents.wijken:
        if wijk:
            counts[wijk] = counts.get(wijk, 0) + 1
    return dict(sorted(counts.items()))
