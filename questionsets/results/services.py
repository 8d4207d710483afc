"""Local results: reading uploads, computing estimates, storing aggregates; national figures.

Privacy rule for respondent-level data: it is parsed from memory (``MemoryOnlyUploadHandler``
never spills to a temporary file), turned into aggregates in this module and dropped.
Only ``LocalResult`` rows (estimates, intervals, counts) and per-wijk respondent counts
are stored; no value of a single respondent is stored, written to disk or logged.
Error messages quote at most a short cell value back to the uploader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets as import_widgets
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader

from ..curation import resource_widgets
from ..curation.resources import CatalogueResource
from ..models import (
    AnswerOption,
    AnswerType,
    Indicator,
    LocalResult,
    NationalFigure,
    Question,
    QuestionnaireItem,
    QuestionSet,
    ResultUpload,
    Source,
    Statistic,
)
from . import stats
from .tables import (
    ErrorList,
    Table,
    cell_text,
    find_column,
    parse_number,
    quote,
    read_table,
)

# --------------------------------------------------------------------------- national figures
# The curators' Excel import, built on the catalogue's Resource conventions (strict headers,
# Excel row numbers, Dutch row/column errors, references resolved from one query per table,
# all or nothing in one transaction with a dry-run preview in the admin).


class FloatWidget(import_widgets.Widget):
    def __init__(self, *, required: bool = False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        try:
            number = parse_number(value)
        except ValueError:
            raise ValueError(_("'%(value)s' is geen getal") % {"value": quote(value)}) from None
        if number is None and self.required:
            raise ValueError(_("vul een getal in"))
        return number

    def render(self, value, obj=None, **kwargs):
        return value


class CategoriesWidget(import_widgets.Widget):
    """`1|2`: the answer codes a percentage counts."""

    def clean(self, value, row=None, **kwargs):
        parts = [p.strip() for p in resource_widgets._plain(value).split("|") if p.strip()]
        codes = []
        for part in parts:
            if not part.isdigit():
                raise ValueError(_("'%(value)s' is geen antwoordcode") % {"value": quote(part)})
            codes.append(int(part))
        return codes

    def render(self, value, obj=None, **kwargs):
        return "|".join(str(c) for c in value or [])


class FigureLoader(BaseInstanceLoader):
    """Existing figures keyed by (question, indicator, year, source, statistic) codes."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = {
            figure_key(f): f
            for f in NationalFigure.objects.select_related("question", "indicator", "source")
        }

    def get_instance(self, row):
        return self.instances.get(self.resource.row_key(row))


def figure_key(figure) -> tuple:
    return (
        figure.question.code if figure.question_id else "",
        figure.indicator.code if figure.indicator_id else "",
        str(figure.year),
        figure.source.code,
        figure.statistic,
    )


def _ref(model, message):
    return resource_widgets.RefWidget(model, unknown=message)


class NationalFigureResource(CatalogueResource):
    sheet_name = "landelijke_cijfers"
    question = Field(
        attribute="question",
        column_name="vraag",
        widget=_ref(Question, gettext_lazy("onbekende vraag '%(code)s'")),
    )
    indicator = Field(
        attribute="indicator",
        column_name="indicator",
        widget=_ref(Indicator, gettext_lazy("onbekende indicator '%(code)s'")),
    )
    year = Field(attribute="year", column_name="jaar", widget=resource_widgets.IntWidget())
    statistic = resource_widgets.text_field("statistic", "statistiek", strip=True)
    categories = Field(attribute="categories", column_name="categorieen", widget=CategoriesWidget())
    scale_min = Field(attribute="scale_min", column_name="schaal_van", widget=FloatWidget())
    scale_max = Field(attribute="scale_max", column_name="schaal_tot", widget=FloatWidget())
    value = Field(attribute="value", column_name="waarde", widget=FloatWidget(required=True))
    n = Field(attribute="n", column_name="n", widget=resource_widgets.IntWidget(required=False))
    standard_error = Field(
        attribute="standard_error", column_name="standaardfout", widget=FloatWidget()
    )
    ci_low = Field(attribute="ci_low", column_name="ci_onder", widget=FloatWidget())
    ci_high = Field(attribute="ci_high", column_name="ci_boven", widget=FloatWidget())
    source = Field(
        attribute="source",
        column_name="bron",
        widget=resource_widgets.RefWidget(
            Source, unknown=gettext_lazy("onbekende bron '%(code)s'"), required=True
        ),
    )
    note = resource_widgets.text_field("note", "toelichting")

    class Meta:
        model = NationalFigure
        fields = (
            "question",
            "indicator",
            "year",
            "statistic",
            "categories",
            "scale_min",
            "scale_max",
            "value",
            "n",
            "standard_error",
            "ci_low",
            "ci_high",
            "source",
            "note",
        )
        import_id_fields = ("question", "indicator", "year", "source", "statistic")
        instance_loader_class = FigureLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = False

    def import_data(self, dataset, *args, **kwargs):
        """All or nothing: one bad row rolls back every row, also outside the admin."""
        kwargs["rollback_on_validation_errors"] = True
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, *args, **kwargs)

    def get_queryset(self):
        return NationalFigure.objects.select_related("question", "indicator", "source").order_by(
            "question__code", "indicator__code", "year", "pk"
        )

    def row_key(self, row):
        plain = resource_widgets._plain
        key = tuple(plain(row.get(c)).strip() for c in ("vraag", "indicator", "jaar", "bron"))
        return (*key[:3], key[3], plain(row.get("statistiek")).strip())

    def check_duplicate_keys(self, dataset) -> None:
        first_seen: dict = {}
        for number, row in enumerate(dataset.dict, 1):
            key = self.row_key(row)
            if key in first_seen:
                self.add_row_error(
                    number,
                    "year",
                    _("hetzelfde cijfer staat ook in rij %(row)s")
                    % {"row": self.excel_row(dataset, first_seen[key])},
                )
            else:
                first_seen[key] = number

    def prepare(self, dataset) -> None:
        """Load the answer codes of the questions named, to check percentage categories."""
        codes = {resource_widgets._plain(r.get("vraag")).strip() for r in dataset.dict}
        options = AnswerOption.objects.filter(
            scale__question_versions__question__code__in=codes - {""}
        ).values_list("scale__question_versions__question_id", "code")
        self.answer_codes: dict[int, set[int]] = {}
        for question_id, code in options:
            self.answer_codes.setdefault(question_id, set()).add(code)

    def validate_row(self, instance, errors: dict) -> dict:
        known = self.answer_codes.get(instance.question_id)
        if known and instance.categories and "categories" not in errors:
            unknown = [c for c in instance.categories if c not in known]
            if unknown:
                errors["categories"] = [
                    _("antwoordcode %(codes)s komt niet voor in de schaal van de vraag")
                    % {"codes": ", ".join(str(c) for c in unknown)}
                ]
        return errors


# --------------------------------------------------------------------------- what can be analysed

MIN_N_WIJK = 30
WIJK_COLUMN = "wijk"
WEIGHT_ALIASES = ("weight", "gewicht")
IGNORED_COLUMNS = ("id", "respondent", "respondentnummer", "respnr")
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
    indicator: Indicator
    figure: NationalFigure
    items: list[ItemSpec]


def latest_national_figures(
    *, question_ids=(), indicator_ids=()
) -> tuple[dict[int, NationalFigure], dict[int, NationalFigure]]:
    """The newest figure per question and per indicator, in one query (source included)."""
    by_question: dict[int, NationalFigure] = {}
    by_indicator: dict[int, NationalFigure] = {}
    question_ids, indicator_ids = list(question_ids), list(indicator_ids)
    if not question_ids and not indicator_ids:
        return by_question, by_indicator
    figures = NationalFigure.objects.newest_first().filter(
        Q(question_id__in=question_ids) | Q(indicator_id__in=indicator_ids)
    )
    for figure in figures:
        if figure.question_id:
            by_question.setdefault(figure.question_id, figure)
        else:
            by_indicator.setdefault(figure.indicator_id, figure)
    return by_question, by_indicator


def attach_national_figures(*, questions=(), indicators=()) -> None:
    """Set `latest_national_figure` (or None) on each question and indicator: one query.

    The catalogue pages call this once per page, so showing the national figure next to
    every item and indicator costs one query, whatever the number of rows.
    """
    questions, indicators = list(questions), list(indicators)
    by_question, by_indicator = latest_national_figures(
        question_ids={q.pk for q in questions}, indicator_ids={i.pk for i in indicators}
    )
    for question in questions:
        question.latest_national_figure = by_question.get(question.pk)
    for indicator in indicators:
        indicator.latest_national_figure = by_indicator.get(indicator.pk)


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
    by_question, by_indicator = latest_national_figures(
        question_ids=question_ids, indicator_ids=indicators
    )
    specs = []
    for item in items:
        spec = _item_spec(item, by_question)
        if spec is not None:
            if item.is_national:
                spec.indicator_ids = [ind.pk for ind in by_set.get(item.from_set_id, [])]
            specs.append(spec)
    indicator_specs = [
        IndicatorSpec(ind, by_indicator[pk], [s for s in specs if pk in s.indicator_ids])
        for pk, ind in sorted(indicators.items(), key=lambda kv: kv[1].code)
        if pk in by_indicator
    ]
    return specs, [s for s in indicator_specs if s.items]


def _item_spec(item, figures) -> ItemSpec | None:
    answer_type = item.display_answer_type()
    if answer_type not in (AnswerType.SINGLE, AnswerType.NUMERIC):
        return None
    figure = figures.get(item.question_version.question_id) if item.is_national else None
    if answer_type == AnswerType.NUMERIC:
        return ItemSpec(item, Statistic.MEAN, [], None, set(), figure)
    scale = item.question_version.scale if item.is_national else item.scale or item.local_scale
    options = list(scale.options.all()) if scale is not None else []
    missing = {o.code for o in options if getattr(o, "is_missing", False)}
    substantive = [o.code for o in options if o.code not in missing]
    if figure is not None:
        statistic, categories = figure.statistic, list(figure.categories)
    elif len(substantive) == 2:
        statistic, categories = Statistic.PERCENTAGE, substantive[:1]
    else:
        statistic, categories = Statistic.MEAN, []
    return ItemSpec(item, statistic, categories, set(substantive), missing, figure)


# --------------------------------------------------------------------------- respondent data


@dataclass
class Respondents:
    """Parsed respondent-level data, kept in memory only for the length of one request."""

    answers: dict[str, list[float | None]]  # item code -> substantive answer or None
    wijken: list[str]
    weights: list[float] | None

    @property
    def count(self) -> int:
        return len(self.wijken)


def parse_respondents(table: Table, specs: list[ItemSpec], *, ignorable=()) -> Respondents:
    """Check every column and cell against the questionnaire; all problems in one go."""
    errors = ErrorList()
    by_code = {s.code: s for s in specs}
    weight_col = find_column(table.headers, WEIGHT_ALIASES)
    wijk_col = find_column(table.headers, (WIJK_COLUMN,))
    _check_headers(table.headers, by_code, {weight_col, wijk_col}, set(ignorable), errors)
    if not table.rows:
        errors.add(None, None, _("Het bestand bevat geen respondenten."))
    if errors:
        raise ValidationError(errors)
    answers = {code: [] for code in by_code}
    wijken, weights = [], []
    for number, row in table.rows:
        for code, spec in by_code.items():
            answers[code].append(_answer(row.get(code), spec, number, errors))
        wijken.append(cell_text(row.get(wijk_col)).strip()[:100] if wijk_col else "")
        if weight_col:
            weights.append(_weight(row.get(weight_col), number, weight_col, errors))
    if errors:
        raise ValidationError(errors)
    return Respondents(answers, wijken, weights if weight_col else None)


def _check_headers(headers, by_code, special, ignorable, errors) -> None:
    present = [h for h in headers if h]
    for code in by_code:
        if code not in present:
            errors.add(None, code, _("deze kolom ontbreekt (een vraag uit de vragenlijst)"))
    allowed = set(by_code) | special | ignorable
    for header in present:
        if header not in allowed and header.lower() not in IGNORED_COLUMNS:
            errors.add(None, quote(header), _("onbekende kolom: geen code uit deze vragenlijst"))
    for header in {h for h in present if present.count(h) > 1}:
        errors.add(None, quote(header), _("deze kolom komt meer dan eens voor"))


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
    """Aggregates per item and indicator, for the municipality and each wijk with n >= min_n."""
    rows = []
    weights = respondents.weights
    for wijk, members in _groups(respondents, min_n):
        for spec in specs:
            values, w = _pick(respondents.answers[spec.code], weights, members)
            if len(values) < (min_n if wijk else 1):
                continue
            estimate = _estimate(spec.statistic, spec.categories, values, w)
            rows.append(
                _local_row(
                    spec.statistic,
                    spec.categories,
                    estimate,
                    code_range=spec.code_range,
                    item=spec.item,
                    wijk=wijk,
                )
            )
        for ind in indicator_specs:
            scores = _indicator_scores(respondents, ind)
            values, w = _pick(scores, weights, members)
            if len(values) < (min_n if wijk else 1):
                continue
            estimate = stats.mean(values, w)
            if ind.figure.is_percentage:
                estimate = _as_share(estimate)
            ranges = {s.code_range for s in ind.items}
            code_range = ranges.pop() if len(ranges) == 1 else (None, None)
            rows.append(
                _local_row(
                    ind.figure.statistic,
                    ind.figure.categories,
                    estimate,
                    code_range=code_range,
                    indicator=ind.indicator,
                    wijk=wijk,
                )
            )
    return rows


def _pick(values, weights, members):
    chosen = [i for i in members if values[i] is not None]
    return [values[i] for i in chosen], ([weights[i] for i in chosen] if weights else None)


def _indicator_scores(respondents: Respondents, ind: IndicatorSpec) -> list[float | None]:
    """Per respondent: the mean over the indicator's items they answered substantively.

    For a percentage that is the respondent's share of answers in the figure's categories;
    for a mean, the respondent's mean answer code.
    """
    categories = set(ind.figure.categories)
    columns = [respondents.answers[s.code] for s in ind.items]
    scores = []
    for answers in zip(*columns, strict=True):
        given = [a for a in answers if a is not None]
        if not given:
            scores.append(None)
        elif ind.figure.is_percentage:
            scores.append(sum(1 for a in given if a in categories) / len(given))
        else:
            scores.append(sum(given) / len(given))
    return scores


def _as_share(estimate: stats.Estimate) -> stats.Estimate:
    """A mean of 0..1 shares, with its interval clipped to 0..1."""
    if estimate.value is None or estimate.ci_low is None:
        return estimate
    return stats.Estimate(
        estimate.value,
        estimate.se,
        max(0.0, estimate.ci_low),
        min(1.0, estimate.ci_high),
        estimate.n,
        estimate.n_effective,
        estimate.design_effect,
    )


def wijk_counts(respondents: Respondents) -> dict[str, int]:
    counts: dict[str, int] = {}
    for wijk in respondents.wijken:
        if wijk:
            counts[wijk] = counts.get(wijk, 0) + 1
    return dict(sorted(counts.items()))


# --------------------------------------------------------------------------- aggregated data

AGGREGATE_COLUMNS = ("code", "n", "waarde")
AGGREGATE_OPTIONAL = ("standaardfout", "se", "statistiek", "wijk")


def parse_aggregates(
    table: Table, specs: list[ItemSpec], indicator_specs: list[IndicatorSpec]
) -> list[LocalResult]:
    """One row per item (or indicator) code and optional wijk: n, value and optional SE."""
    errors = ErrorList()
    present = [h for h in table.headers if h]
    for column in AGGREGATE_COLUMNS:
        if column not in present:
            errors.add(None, column, _("deze kolom ontbreekt"))
    for header in present:
        if header not in AGGREGATE_COLUMNS + AGGREGATE_OPTIONAL:
            errors.add(None, quote(header), _("onbekende kolom"))
    if not table.rows:
        errors.add(None, None, _("Het bestand bevat geen resultaten."))
    if errors:
        raise ValidationError(errors)
    targets = {s.code: s for s in specs} | {i.indicator.code: i for i in indicator_specs}
    rows, seen = [], {}
    for number, row in table.rows:
        result = _aggregate_row(number, row, targets, errors)
        if result is None:
            continue
        key = (row.get("code"), result.wijk)
        if key in seen:
            errors.add(number, "code", _("staat ook in rij %(row)s") % {"row": seen[key]})
        seen[key] = number
        rows.append(result)
    if errors:
        raise ValidationError(errors)
    return rows


def _aggregate_row(number, row, targets, errors) -> LocalResult | None:
    code = cell_text(row.get("code")).strip()
    target = targets.get(code)
    if target is None:
        errors.add(
            number,
            "code",
            _("'%(code)s' is geen vraag of indicator uit deze vragenlijst") % {"code": quote(code)},
        )
        return None
    statistic = target.statistic if isinstance(target, ItemSpec) else target.figure.statistic
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
    refs = (
        {"item": target.item} if isinstance(target, ItemSpec) else {"indicator": target.indicator}
    )
    categories = target.categories if isinstance(target, ItemSpec) else target.figure.categories
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
    code_range = target.code_range if isinstance(target, ItemSpec) else (None, None)
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


# --------------------------------------------------------------------------- storing


class ResultUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort gegevens"),
        choices=ResultUpload.Kind.choices,
        initial=ResultUpload.Kind.RESPONDENTS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("Bestand (.xlsx of .csv)"),
        help_text=gettext_lazy(
            "Per respondent: één kolom per vraagcode, optioneel 'wijk' en 'weight'. "
            "Geaggregeerd: kolommen code, n, waarde en optioneel standaardfout, statistiek, wijk."
        ),
    )


def results_import(*, questionnaire, user, kind: str, data: bytes) -> ResultUpload:
    """Validate an upload, compute the aggregates and store only those (replacing old ones).

    Raises ValidationError with every problem (row and column) and stores nothing then.
    """
    table = read_table(data)
    specs, indicator_specs = analysis_specs(questionnaire)
    if kind == ResultUpload.Kind.AGGREGATED:
        rows = parse_aggregates(table, specs, indicator_specs)
        meta = {"respondents": None, "weighted": False, "design_effect": None, "wijk_counts": {}}
    else:
        respondents = parse_respondents(table, specs, ignorable=_unanalysed_codes(questionnaire))
        del table  # nothing respondent-level outlives this function
        rows = compute_results(respondents, specs, indicator_specs)
        deff = stats.kish(respondents.weights)[1] if respondents.weights else None
        meta = {
            "respondents": respondents.count,
            "weighted": respondents.weights is not None,
            "design_effect": deff,
            "wijk_counts": wijk_counts(respondents),
        }
    return store_results(questionnaire=questionnaire, user=user, kind=kind, rows=rows, **meta)


def _unanalysed_codes(questionnaire) -> set[str]:
    """Codes of text and multiple-choice items: allowed as columns, but not analysed."""
    return set(
        QuestionnaireItem.objects.filter(questionnaire=questionnaire).values_list("code", flat=True)
    )


@transaction.atomic
def store_results(*, questionnaire, user, kind, rows, **meta) -> ResultUpload:
    ResultUpload.objects.filter(questionnaire=questionnaire).delete()
    upload = ResultUpload.objects.create(
        questionnaire=questionnaire, kind=kind, uploaded_by=user, min_n_wijk=MIN_N_WIJK, **meta
    )
    for row in rows:
        row.upload = upload
    LocalResult.objects.bulk_create(rows)
    return upload
