"""Local results and the oversampling planner: reading uploads, computing, storing aggregates.

Privacy rule for respondent-level data: it is parsed from memory (``MemoryOnlyUploadHandler``
never spills to a temporary file), turned into aggregates in this module and dropped.
Only ``LocalResult`` rows (estimates, intervals, counts) and per-wijk respondent counts
are stored; no value of a single respondent is stored, written to disk or logged.
Error messages quote at most a short cell value back to the uploader.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets as import_widgets
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader

from . import resources as catalogue_resources
from . import stats
from .models import (
    AnswerOption,
    Indicator,
    NationalFigure,
    Question,
    Source,
)
from .xlsx_safety import OLE_MAGIC, ZIP_MAGIC, check_xlsx_upload, open_workbook

MAX_ROWS = 200_000
MAX_ERRORS = 50
QUOTE_LENGTH = 20

# --------------------------------------------------------------------------- uploads


class MemoryOnlyUploadHandler(MemoryFileUploadHandler):
    """Keeps every uploaded file in memory, whatever its size, and stops past the limit.

    Django's default chain writes files above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary
    file; respondent data must never touch the disk, so views that accept it replace the
    chain with this handler alone. Past settings.UPLOAD_MAX_BYTES the upload is stopped
    (the rest of the body is read and discarded) and `too_large` is set.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.too_large = False
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self.too_large = True
            self.file = io.BytesIO()  # drop what was read so far
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def use_memory_only_uploads(request) -> MemoryOnlyUploadHandler:
    handler = MemoryOnlyUploadHandler(request)
    request.upload_handlers = [handler]
    return handler


def too_large_message() -> str:
    return _("Het bestand is te groot; het mag hoogstens %(limit)s zijn.") % {
        "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)
    }


# --------------------------------------------------------------------------- tables


@dataclass
class Table:
    """Header names and rows keyed by header, each with its spreadsheet row number."""

    headers: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)


def read_table(data: bytes) -> Table:
    """An .xlsx (first sheet) or CSV (`;`, `,` or tab separated) upload as a Table.

    Raises ValidationError with a Dutch message for empty, oversized, unsafe, binary or
    unreadable files.
    """
    if not data:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    if data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC):
        return _read_xlsx(data)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    return _read_csv(data)


def _read_xlsx(data: bytes) -> Table:
    check_xlsx_upload(data)
    workbook = open_workbook(data)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        headers = [_cell_text(h).strip() for h in header]
        table = Table(headers=headers)
        for number, values in enumerate(rows, start=2):
            if all(v is None or v == "" for v in values):
                continue
            table.rows.append((number, _row_dict(headers, values)))
            if len(table.rows) > MAX_ROWS:
                raise _too_many_rows()
        return table
    finally:
        workbook.close()


def _read_csv(data: bytes) -> Table:
    if b"\x00" in data[:4096]:
        raise ValidationError(
            _("Het bestand is geen Excel-werkmap (.xlsx) en geen CSV-bestand."), code="binary"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        dialect = type("UploadDialect", (csv.excel,), {"delimiter": delimiter})
    reader = csv.reader(io.StringIO(text), dialect)
    headers = [h.strip() for h in next(reader, [])]
    table = Table(headers=headers)
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        table.rows.append((number, _row_dict(headers, values)))
        if len(table.rows) > MAX_ROWS:
            raise _too_many_rows()
    return table


def _too_many_rows() -> ValidationError:
    return ValidationError(
        _("Het bestand heeft meer dan %(max)s rijen.") % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
        code="too_many_rows",
    )


def _row_dict(headers: list[str], values) -> dict:
    return {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h}


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def quote(value) -> str:
    text = _cell_text(value).strip()
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…"


def parse_number(value) -> float | None:
    """A cell as a number (None when blank); accepts a decimal comma. ValueError otherwise."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return float(number)


class ErrorList(list):
    """Dutch error lines, capped so a broken file cannot produce a megabyte of messages."""

    def add(self, row: int | None, column: str | None, message: str) -> None:
        if len(self) >= MAX_ERRORS:
            return
        if row is not None and column:
            line = _("rij %(row)s, kolom '%(column)s': %(message)s")
        elif row is not None:
            line = _("rij %(row)s: %(message)s")
        elif column:
            line = _("kolom '%(column)s': %(message)s")
        else:
            line = "%(message)s"
        self.append(line % {"row": row, "column": column, "message": message})


def find_column(headers: list[str], aliases: tuple[str, ...]) -> str | None:
    lowered = {h.lower(): h for h in headers if h}
    return next((lowered[a] for a in aliases if a in lowered), None)


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
        name = _cell_text(row.get(name_col)).strip()
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
        return _number(self.margin * 100)

    @property
    def confidence_percent(self) -> str:
        return _number(self.confidence * 100)

    @property
    def response_percent(self) -> str:
        return _number(self.response_rate * 100)


def _number(value: float) -> str:
    """A short Dutch number: 5 -> '5', 2.5 -> '2,5'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


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
        parts = [p.strip() for p in catalogue_resources._plain(value).split("|") if p.strip()]
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
    return catalogue_resources.RefWidget(model, unknown=message)


class NationalFigureResource(catalogue_resources.CatalogueResource):
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
    year = Field(attribute="year", column_name="jaar", widget=catalogue_resources.IntWidget())
    statistic = catalogue_resources.text_field("statistic", "statistiek", strip=True)
    categories = Field(attribute="categories", column_name="categorieen", widget=CategoriesWidget())
    scale_min = Field(attribute="scale_min", column_name="schaal_van", widget=FloatWidget())
    scale_max = Field(attribute="scale_max", column_name="schaal_tot", widget=FloatWidget())
    value = Field(attribute="value", column_name="waarde", widget=FloatWidget(required=True))
    n = Field(attribute="n", column_name="n", widget=catalogue_resources.IntWidget(required=False))
    standard_error = Field(
        attribute="standard_error", column_name="standaardfout", widget=FloatWidget()
    )
    ci_low = Field(attribute="ci_low", column_name="ci_onder", widget=FloatWidget())
    ci_high = Field(attribute="ci_high", column_name="ci_boven", widget=FloatWidget())
    source = Field(
        attribute="source",
        column_name="bron",
        widget=catalogue_resources.RefWidget(
            Source, unknown=gettext_lazy("onbekende bron '%(code)s'"), required=True
        ),
    )
    note = catalogue_resources.text_field("note", "toelichting")

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

    def get_queryset(self):
        return NationalFigure.objects.select_related("question", "indicator", "source").order_by(
            "question__code", "indicator__code", "year", "pk"
        )

    def row_key(self, row):
        plain = catalogue_resources._plain
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
        codes = {catalogue_resources._plain(r.get("vraag")).strip() for r in dataset.dict}
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
