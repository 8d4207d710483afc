"""The oversampling planner: respondents needed per wijk for a chosen margin of error."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import stats
from .tables import (
    ErrorList,
    Table,
    cell_text,
    find_column,
    format_number,
    parse_number,
    quote,
    read_table,
)

# --------------------------------------------------------------------------- planner

WIJK_ALIASES = ("wijk", "buurt", "gebied", "naam")
POPULATION_ALIASES = ("populatie", "inwoners", "aantal", "population", "omvang")
CONFIDENCE_CHOICES = [("0.90", "90%"), ("0.95", "95%"), ("0.99", "99%")]


class PlannerForm(forms.Form):
    populations = forms.CharField(
        label=gettext_lazy("Wijken en aantal inwoners"),
        help_text=gettext_lazy(
            "Eén wijk per regel: naam, puntkomma, aantal inwoners (bijvoorbeeld: Noord; 12000)."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    file = forms.FileField(
        label=gettext_lazy("Of upload een bestand (.xlsx of .csv)"),
        help_text=gettext_lazy("Kolommen 'wijk' en 'populatie'; de eerste rij bevat de namen."),
        required=False,
    )
    margin = forms.DecimalField(
        label=gettext_lazy("Gewenste foutmarge (procentpunten)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("25"),
        decimal_places=1,
        initial=Decimal("5"),
    )
    confidence = forms.ChoiceField(
        label=gettext_lazy("Betrouwbaarheid"), choices=CONFIDENCE_CHOICES, initial="0.95"
    )
    response_rate = forms.DecimalField(
        label=gettext_lazy("Verwachte respons (%)"),
        min_value=Decimal("1"),
        max_value=Decimal("100"),
        decimal_places=1,
        initial=Decimal("30"),
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


def populations_from_text(text: str) -> list[tuple[str, int]]:
    """`name; number` lines (also tab or comma separated); a header line is skipped."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        for separator in (";", "\t", ","):
            if separator in line:
                name, _sep, value = line.rpartition(separator)
                break
        else:
            name, value = "", line
        rows.append((number, {"wijk": name.strip(), "populatie": value.strip()}))
    if rows and rows[0][1]["populatie"].lower() in POPULATION_ALIASES:
        rows = rows[1:]
    return _populations(rows, "wijk", "populatie", line_word=True)


def populations_from_table(table: Table) -> list[tuple[str, int]]:
    name_col = find_column(table.headers, WIJK_ALIASES)
    pop_col = find_column(table.headers, POPULATION_ALIASES)
    errors = ErrorList()
    if name_col is None:
        errors.add(None, "wijk", _("deze kolom ontbreekt"))
    if pop_col is None:
        errors.add(None, "populatie", _("deze kolom ontbreekt"))
    if errors:
        raise ValidationError(errors)
    return _populations(table.rows, name_col, pop_col)


def _populations(rows, name_col, pop_col, *, line_word=False) -> list[tuple[str, int]]:
    errors, result, seen = ErrorList(), [], set()
    for number, row in rows:
        name = cell_text(row.get(name_col)).strip()
        column = None if line_word else pop_col
        try:
            value = parse_number(row.get(pop_col))
        except ValueError:
            value = -1.0
        if value is None or value < 1 or not float(value).is_integer():
            message = _("'%(value)s' is geen aantal inwoners (een geheel getal groter dan 0)")
            _add_line_error(
                errors, number, column, message % {"value": quote(row.get(pop_col))}, line_word
            )
            continue
        if not name:
            _add_line_error(
                errors,
                number,
                None if line_word else name_col,
                _("de wijk heeft geen naam"),
                line_word,
            )
            continue
        if name in seen:
            _add_line_error(
                errors,
                number,
                None if line_word else name_col,
                _("wijk '%(name)s' staat er twee keer in") % {"name": quote(name)},
                line_word,
            )
            continue
        seen.add(name)
        result.append((name, int(value)))
    if errors:
        raise ValidationError(errors)
    if not result:
        raise ValidationError(_("Er staan geen wijken in."), code="empty")
    return result


def _add_line_error(errors: ErrorList, number, column, message, line_word) -> None:
    if line_word:
        errors.append(_("regel %(line)s: %(message)s") % {"line": number, "message": message})
    else:
        errors.add(number, column, message)


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

    @property
    def margin_points(self) -> str:
        return format_number(self.margin * 100)

    @property
    def confidence_percent(self) -> str:
        return format_number(self.confidence * 100)

    @property
    def response_percent(self) -> str:
        return format_number(self.response_rate * 100)


def plan_oversample(
    wijken: list[tuple[str, int]], *, margin: float, confidence: float, response_rate: float
) -> Plan:
    """Net and gross sample per wijk for margin (fraction) at confidence, p = 0.5."""
    rows = []
    for name, population in wijken:
        net = stats.net_sample_size(population, margin, confidence)
        gross = stats.gross_sample_size(net, response_rate, population)
        achieved = stats.margin_of_error(net, population, confidence)
        rows.append(PlanRow(name, population, net, gross, _points(achieved)))
    population = sum(r.population for r in rows)
    net = sum(r.net for r in rows)
    total = PlanRow(
        _("Totaal"),
        population,
        net,
        sum(r.gross for r in rows),
        _points(stats.margin_of_error(net, population, confidence)),
    )
    infinite = math.ceil(stats.z_value(confidence) ** 2 * 0.25 / margin**2 - 1e-9)
    return Plan(rows, total, margin, confidence, response_rate, infinite)


def _points(fraction: float | None) -> float | None:
    return None if fraction is None else round(fraction * 100, 1)
