"""The oversampling planner: respondents needed per wijk for a chosen margin of error."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import stats
from .numbers import (
    MAX_LENGTH,
    NumberError,
    format_count,
    format_dutch_decimal,
    format_dutch_integer,
    format_shown,
    parse_dutch_number,
)
from .tables import (
    ErrorList,
    Table,
    cell_text,
    find_column,
    format_number,
    quote,
    read_table,
)

# --------------------------------------------------------------------------- planner

WIJK_ALIASES = ("wijk", "buurt", "gebied", "naam")
POPULATION_ALIASES = ("inwoners", "populatie", "aantal", "population", "omvang")
CONFIDENCE_CHOICES = [("0.90", "90%"), ("0.95", "95%"), ("0.99", "99%")]
MAX_DISTRICTS = 1_000
MAX_POPULATION = 50_000_000


class DutchNumberField(forms.CharField):
    """A number typed the Dutch way (`2,5`, `55.000`), within bounds, as a Decimal."""

    def __init__(self, *, min_value: Decimal, max_value: Decimal, **kwargs):
        self.bounds = (min_value, max_value)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(max_length=MAX_LENGTH, **kwargs)

    def clean(self, value) -> Decimal:
        text = super().clean(value)
        try:
            number = parse_dutch_number(text)
        except NumberError as exc:
            raise ValidationError(str(exc), code="invalid") from None
        low, high = self.bounds
        if not low <= number <= high or number != round(number, 1):
            raise ValidationError(
                _("Typ een getal van %(low)s tot en met %(high)s, met hoogstens één decimaal.")
                % {"low": format_dutch_decimal(low), "high": format_dutch_decimal(high)},
                code="range",
            )
        return number


class PlannerForm(forms.Form):
    populations = forms.CharField(
        label=gettext_lazy("Wijken en aantal inwoners"),
        help_text=gettext_lazy(
            "Eén wijk per regel: naam, puntkomma, aantal inwoners (bijvoorbeeld: Noord; 12.000). "
            "Een punt scheidt duizendtallen; een komma mag ook tussen naam en aantal."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=200_000,
    )
    file = forms.FileField(
        label=gettext_lazy("Of upload een bestand (.xlsx of .csv)"),
        help_text=gettext_lazy(
            "Kolommen 'wijk' en 'inwoners' (of 'populatie'); de eerste rij bevat de namen. "
            "Een CSV-bestand mag een puntkomma of een komma als scheidingsteken hebben."
        ),
        required=False,
    )
    margin = DutchNumberField(
        label=gettext_lazy("Gewenste foutmarge (procentpunten)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("25"),
        initial="5",
    )
    confidence = forms.ChoiceField(
        label=gettext_lazy("Betrouwbaarheid"), choices=CONFIDENCE_CHOICES, initial="0.95"
    )
    response_rate = DutchNumberField(
        label=gettext_lazy("Verwachte respons (%)"),
        min_value=Decimal("1"),
        max_value=Decimal("100"),
        initial="30",
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = (data.get("populations") or "").strip()
        if upload is None and not text:
            raise ValidationError(
                _("Vul de wijken en hun aantal inwoners in, of upload een bestand.")
            )
        try:
            data["wijken"] = (
                populations_from_table(read_table(upload.read()))
                if upload is not None
                else populations_from_text(text)
            )
        except ValidationError as exc:
            for message in exc.messages:
                self.add_error("file" if upload is not None else "populations", message)
        return data

    @classmethod
    def initial_from(cls, saved) -> dict:
        """The form's initial values for a saved plan (SamplePlan)."""
        lines = [f"{name}; {format_dutch_integer(n)}" for name, n in saved.districts]
        return {
            "populations": "\n".join(lines),
            "margin": format_dutch_decimal(saved.margin),
            "confidence": f"{saved.confidence:.2f}",
            "response_rate": format_dutch_decimal(saved.response_rate),
        }


def populations_from_text(text: str) -> list[tuple[str, int]]:
    """`name; number` lines (or tab or comma separated); a header line is skipped."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    _check_count(lines)
    errors, result, seen = ErrorList(), [], set()
    for index, (number, line) in enumerate(lines):
        fields = _line_fields(line)
        if len(fields) > 2:
            errors.add_line(number, _too_many_fields())
            continue
        name, value = fields if len(fields) == 2 else ("", fields[0])
        if index == 0 and value.strip().casefold() in POPULATION_ALIASES:
            continue  # the header line
        district, _column, problem = _district(name, value, seen)
        if problem:
            errors.add_line(number, problem)
        else:
            result.append(district)
    return _result(result, errors)


def _line_fields(line: str) -> list[str]:
    separator = next((s for s in (";", "\t", ",") if s in line), ";")
    try:
        return next(csv.reader([line], delimiter=separator, skipinitialspace=True), [""])
    except csv.Error:
        return line.split(separator)


def _too_many_fields() -> str:
    return _(
        "meer dan twee velden; scheid de naam van de wijk en het aantal inwoners met een "
        "puntkomma, bijvoorbeeld: Noord; 12.000"
    )


def populations_from_table(table: Table) -> list[tuple[str, int]]:
    name_col = find_column(table.headers, WIJK_ALIASES)
    pop_col = find_column(table.headers, POPULATION_ALIASES)
    errors = ErrorList()
    if name_col is None:
        errors.add(None, "wijk", _("deze kolom ontbreekt"))
    if pop_col is None:
        errors.add(None, "inwoners", _("deze kolom ontbreekt"))
    if errors:
        raise ValidationError(errors)
    _check_count(table.rows)
    result, seen = [], set()
    for number, row in table.rows:
        district, column, problem = _district(row.get(name_col), row.get(pop_col), seen)
        if problem:
            errors.add(number, name_col if column == "name" else pop_col, problem)
        else:
            result.append(district)
    return _result(result, errors)


def _check_count(rows) -> None:
    if len(rows) > MAX_DISTRICTS:
        count = format_count(MAX_DISTRICTS)
        raise ValidationError(_("Er staan meer dan %(count)s wijken in.") % {"count": count})


def _district(name, value, seen: set) -> tuple[tuple[str, int] | None, str, str | None]:
    """((name, inhabitants), column, None), or (None, 'name' or 'population', problem)."""
    name = cell_text(name).strip()
    population, problem = _population(value)
    if problem:
        return None, "population", problem
    if not name:
        return None, "name", _("de wijk heeft geen naam")
    if name in seen:
        return None, "name", _("wijk '%(name)s' staat er twee keer in") % {"name": quote(name)}
    seen.add(name)
    return (name, population), "", None


def _result(result: list, errors: ErrorList) -> list[tuple[str, int]]:
    if errors:
        raise ValidationError(errors)
    if not result:
        raise ValidationError(_("Er staan geen wijken in."), code="empty")
    return result


def _population(value) -> tuple[int, None] | tuple[None, str]:
    """(inhabitants, None) for a whole number in range, else (None, the Dutch problem)."""
    number = None
    if cell_text(value).strip():
        try:
            number = parse_dutch_number(value)
        except NumberError as exc:
            if any(c.isdigit() for c in cell_text(value)):  # a number, written unclearly
                return None, str(exc)
    if number is None or number < 1 or number != int(number):
        message = _("'%(value)s' is geen aantal inwoners (een geheel getal groter dan 0)")
        return None, message % {"value": quote(value)}
    if number > MAX_POPULATION:
        message = _("%(value)s inwoners is meer dan een wijk of gemeente kan hebben")
        return None, message % {"value": format_count(int(number))}
    return int(number), None


@dataclass(frozen=True)
class PlanRow:
    wijk: str
    population: int
    net: int
    gross: int
    margin: float | None  # achieved margin in percentage points (with FPC)


@dataclass(frozen=True)
class Plan:
    rows: list[PlanRow]
    total: PlanRow
    margin: float
    confidence: float
    response_rate: float
    infinite_n: int  # Cochran's n0 without the finite population correction
    design_effect: float = 1.0

    @property
    def margin_points(self) -> str:
        return format_number(self.margin * 100)

    @property
    def confidence_percent(self) -> str:
        return format_number(self.confidence * 100)

    @property
    def response_percent(self) -> str:
        return format_number(self.response_rate * 100)

    @property
    def design_effect_text(self) -> str:
        return format_shown(self.design_effect, 2)


def plan_oversample(
    wijken: list[tuple[str, int]],
    *,
    margin: float,
    confidence: float,
    response_rate: float,
    design_effect: float = 1.0,
) -> Plan:
    """Net and gross sample per wijk for margin (fraction) at confidence, p = 0.5.

    Weighting costs precision: with design effect deff a wijk needs deff times the
    respondents of a simple random sample (Kish: n_eff = n / deff), at most everyone.
    """
    deff = max(1.0, design_effect)
    rows = []
    for name, population in wijken:
        simple = stats.net_sample_size(population, margin, confidence)
        net = min(population, math.ceil(simple * deff - 1e-9))
        gross = stats.gross_sample_size(net, response_rate, population)
        achieved = stats.margin_of_error(net / deff, population, confidence)
        rows.append(PlanRow(name, population, net, gross, _points(achieved)))
    population = sum(r.population for r in rows)
    net = sum(r.net for r in rows)
    total = PlanRow(
        _("Totaal"),
        population,
        net,
        sum(r.gross for r in rows),
        _points(stats.margin_of_error(net / deff, population, confidence)),
    )
    infinite = math.ceil(stats.z_value(confidence) ** 2 * 0.25 / margin**2 - 1e-9)
    return Plan(rows, total, margin, confidence, response_rate, infinite, deff)


def _points(fraction: float | None) -> float | None:
    return None if fraction is None else round(fraction * 100, 1)
