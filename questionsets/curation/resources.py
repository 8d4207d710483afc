"""The catalogue's Excel round trip (django-import-export Resources).

One Resource per sheet. Every reference is a natural key (``code``) resolved from a
dictionary loaded once per import (one query per referenced table), so an import costs
a handful of queries per sheet instead of several per row. Text cells are kept byte for
byte: nothing is stripped except codes and choice values.

Row numbers in every error are Excel row numbers (the header is row 1).
Published question versions are never edited: a changed wording goes through
``question_version_publish`` and becomes a new version with the row's change reason.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import io
import re
from collections import Counter, defaultdict, namedtuple
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Result
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ..files.xlsx_safety import open_workbook
from ..models import (
    CODE_PATTERN,
    AnswerOption,
    AnswerScale,
    AnswerType,
    Concept,
    Indicator,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Source,
    fingerprint,
)
from . import audit
from .services import VERSION_INPUT_FIELDS, question_version_publish, version_differs

SEPARATOR = "|"
VERIFICATION_FIELDS = ("verification", "verification_note")


# --------------------------------------------------------------------------- widgets


def _plain(value) -> str:
    """A cell value as text; whole floats (Excel's numbers) lose their `.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, str) else str(value)


class TextWidget(widgets.Widget):
    """Text kept byte for byte (or stripped, for codes and choice values)."""

    def __init__(self, *, strip: bool = False):
        super().__init__()
        self.strip = strip

    def clean(self, value, row=None, **kwargs):
        text = _plain(value)
        return text.strip() if self.strip else text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IntWidget(widgets.Widget):
    def __init__(self, *, required: bool = True):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = _plain(value).strip()
        if not text:
            if self.required:
                raise ValueError(_("vul een geheel getal in"))
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value():
            raise ValueError(_("'%(value)s' is geen geheel getal") % {"value": text})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return value


class BoolWidget(widgets.Widget):
    TRUE = {"ja", "j", "1", "true", "waar", "yes", "x"}
    FALSE = {"nee", "n", "0", "false", "onwaar", "no", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _plain(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("'%(value)s' is geen ja of nee") % {"value": _plain(value)})

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nee")


class RefWidget(widgets.Widget):
    """A natural-key reference, resolved from a dictionary loaded once per import."""

    def __init__(
        self,
        model,
        *,
        unknown: str,
        required: bool = False,
        key: str = "code",
        compact: bool = False,
    ):
        super().__init__()
        self.model = model
        self.unknown = unknown
        self.required = required
        self.key = key
        # compact: keep only {code: pk} (for big tables) and hand out bare instances
        # that carry just the pk and the code.
        self.compact = compact
        self.cache: dict | None = None

    def load(self) -> None:
        if self.compact:
            self.cache = dict(self.model.objects.values_list(self.key, "pk"))
        else:
            self.cache = {getattr(obj, self.key): obj for obj in self.model.objects.all()}

    def lookup(self, code: str):
        if self.cache is None:
            self.load()
        try:
            found = self.cache[code]
        except KeyError:
            raise ValueError(self.unknown % {"code": code}) from None
        return self.model(pk=found, **{self.key: code}) if self.compact else found

    def clean(self, value, row=None, **kwargs):
        code = _plain(value).strip()
        if not code:
            if self.required:
                raise ValueError(_("vul een code in"))
            return None
        return self.lookup(code)

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.key) if value is not None else ""


class RefListWidget(RefWidget):
    """`a|b|c`: an ordered list of references; unknown or repeated codes are errors."""

    def __init__(self, model, *, unknown: str, sort: bool = False, compact: bool = False):
        super().__init__(model, unknown=unknown, compact=compact)
        self.sort = sort

    def clean(self, value, row=None, **kwargs):
        codes = [c.strip() for c in _plain(value).split(SEPARATOR) if c.strip()]
        repeated = sorted(c for c, n in Counter(codes).items() if n > 1)
        if repeated:
            raise ValueError(_("dubbele code %(codes)s") % {"codes": ", ".join(repeated)})
        problems, found = [], []
        for code in codes:
            try:
                found.append(self.lookup(code))
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError("; ".join(problems))
        return sorted(found, key=lambda o: getattr(o, self.key)) if self.sort else found

    def render(self, value, obj=None, **kwargs):
        return SEPARATOR.join(getattr(o, self.key) for o in value or [])


def text_field(attribute, column, **kw) -> Field:
    return Field(attribute=attribute, column_name=column, widget=TextWidget(**kw))


def code_field(attribute="code", column="code") -> Field:
    return text_field(attribute, column, strip=True)


# --------------------------------------------------------------------------- base resource


class BatchResult(Result):
    """One batch's result when streaming: it counts rows instead of keeping them.

    Invalid and error rows are kept (their numbers and messages are reported), the
    other rows only counted in ``totals``.
    """

    def append_row_result(self, row_result):
        pass

    def row_errors(self):
        return [(row.number, row.errors) for row in self.error_rows]


class CatalogueResource(resources.ModelResource):
    """Shared behaviour: strict headers, Excel row numbers, Dutch errors, no per-row queries."""

    sheet_name = ""
    # Set where a DB uniqueness check per row is cheap enough (small sheets).
    validate_unique_in_db = False

    class Meta:
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Errors found before a row is imported, by row number (Excel row when streaming).
        self.row_errors: dict[int, dict[str, list[str]]] = {}
        self.row_number: int | None = None
        self.user = None
        # Streaming (``begin_sheet``): the sheet-wide work is done once, then
        # ``import_data`` takes one batch at a time; keys seen so far, for duplicates.
        self.streaming = False
        self.first_seen: dict = {}
        self.duplicate_rows: set[int] = set()
        self.batch_rows: list[int] = []

    # ----- reporting helpers

    def get_result_class(self):
        return BatchResult if self.streaming else super().get_result_class()

    def column_for(self, attribute: str) -> str:
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return attribute

    def add_row_error(self, number: int, attribute: str, message: str) -> None:
        self.row_errors.setdefault(number, {}).setdefault(attribute, []).append(message)

    def header_problems(self, headers) -> list[str]:
        present = [h for h in headers or [] if h not in (None, "")]
        known = {f.column_name for f in self.get_import_fields()}
        required = [f.column_name for f in self.get_import_fields() if not f.readonly]
        problems = [
            _("kolom '%(column)s' ontbreekt") % {"column": c} for c in required if c not in present
        ]
        problems += [
            _("onbekende kolom '%(column)s'") % {"column": c} for c in present if c not in known
        ]
        problems += [
            _("kolom '%(column)s' komt meer dan eens voor") % {"column": c}
            for c, n in Counter(present).items()
            if n > 1
        ]
        return problems

    # ----- import flow

    def import_data(self, dataset, *args, **kwargs):
        problems = self.header_problems(dataset.headers)
        if problems:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(self.get_error_result_class()(ValueError(problem)))
            return result
        models = audit.IMPORT_MODELS.get(self._meta.model, ())
        keys = {self.row_key(row) for row in dataset.dict} if models else set()
        with audit.batch(models, user=kwargs.get("user"), via=audit.Via.IMPORT, keys=keys):
            result = super().import_data(dataset, *args, **kwargs)
        self._use_excel_row_numbers(dataset, result)
        return result

    def after_import(self, dataset, result, **kwargs):
        """Leave the id sequences alone. ``ModelResource.after_import`` resets them to
        the highest id this transaction sees (as loaddata does), which is only needed
        when rows bring their own ids; ours never do. Under concurrent writes it is
        harmful: another transaction may already hold higher, uncommitted ids, and the
        next insert after it commits would collide with them."""

    def begin_sheet(self, rows: Callable[[], Iterable[tuple[int, dict]]], *, user=None) -> None:
        """Start a streamed import: the sheet-wide checks and lookups, once.

        `rows()` yields (Excel row number, row dict) over the whole sheet, parsing it
        again; only resources whose cross-row checks need every row call it. After this,
        each ``import_data(batch)`` imports one batch (a Dataset with ``row_numbers``).
        """
        self.user = user
        self.row_errors, self.first_seen, self.duplicate_rows = {}, {}, set()
        self.prepare_rows(rows, int)
        self._load_references()
        self.streaming = True

    def _use_excel_row_numbers(self, dataset, result) -> None:
        rows = getattr(dataset, "row_numbers", None)

        def excel(number):
            if number is None:
                return None
            return rows[number - 1] if rows and number <= len(rows) else number + 1

        for invalid in result.invalid_rows:
            invalid.number = excel(invalid.number)
        for error_row in result.error_rows:
            error_row.number = excel(error_row.number)
            for error in error_row.errors:
                error.number = excel(error.number)

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        if self.streaming:  # one batch: begin_sheet() did the sheet-wide work
            self.batch_rows = dataset.row_numbers
            self.record_duplicates(zip(dataset.row_numbers, dataset.dict, strict=True), int)
            return
        self.row_errors, self.first_seen, self.duplicate_rows = {}, {}, set()
        self.check_duplicate_keys(dataset)
        self.prepare(dataset)
        self._load_references()

    def _load_references(self) -> None:
        for field in self.fields.values():
            if isinstance(field.widget, RefWidget):
                field.widget.load()

    def prepare(self, dataset) -> None:
        """Cross-row checks and preloading over a whole in-memory sheet (the admin)."""
        rows = enumerate(dataset.dict, 1)
        self.prepare_rows(lambda: rows, lambda number: self.excel_row(dataset, number))

    def prepare_rows(self, rows, excel) -> None:
        """Cross-row checks and preloading; override per sheet.

        `rows()` yields (number, row dict) for every row of the sheet; errors go to
        ``add_row_error(number, ...)`` and `excel(number)` is that row's Excel number.
        """

    def row_key(self, row):
        return _plain(row.get(self.fields["code"].column_name)).strip()

    def check_duplicate_keys(self, dataset) -> None:
        self.first_seen = {}
        self.record_duplicates(
            enumerate(dataset.dict, 1), lambda number: self.excel_row(dataset, number)
        )

    def record_duplicates(self, rows, excel) -> None:
        """A key an earlier row (of this batch or an earlier one) has is an error."""
        first_seen = self.first_seen
        for number, row in rows:
            key = self.row_key(row)
            if not key:
                continue
            first = first_seen.setdefault(key, number)
            if first != number:
                self.duplicate_rows.add(number)
                self.add_row_error(
                    number,
                    self._meta.import_id_fields[0],
                    _("%(key)s staat ook in rij %(row)s") % {"key": key, "row": excel(first)},
                )

    @staticmethod
    def excel_row(dataset, number: int) -> int:
        rows = getattr(dataset, "row_numbers", None)
        return rows[number - 1] if rows else number + 1

    def before_import_row(self, row, **kwargs):
        number = kwargs.get("row_number")
        self.row_number = self.batch_rows[number - 1] if self.streaming else number

    def get_or_init_instance(self, instance_loader, row):
        """A repeated key is validated as a new row: it is an error anyway, and when
        streaming the earlier row may already have written that key."""
        if self.row_number in self.duplicate_rows:
            return self.init_instance(row), True
        return super().get_or_init_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for attribute, messages in self.row_errors.pop(self.row_number, {}).items():
            errors.setdefault(attribute, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def fk_names(self) -> set[str]:
        return {
            f.name
            for f in self._meta.model._meta.concrete_fields
            if f.is_relation and f.many_to_one
        }

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=set(errors) | self.fk_names(),
                validate_unique=self.validate_unique_in_db,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        errors = self.validate_row(instance, errors)
        if errors:
            raise ValidationError(
                {(k if k == NON_FIELD_ERRORS else self.column_for(k)): v for k, v in errors.items()}
            )

    def validate_row(self, instance, errors: dict) -> dict:
        """Extra checks without queries; add to and return `errors` (keyed by attribute)."""
        return errors


# --------------------------------------------------------------------------- simple sheets


class SourceResource(CatalogueResource):
    sheet_name = "bronnen"
    validate_unique_in_db = True
    code = code_field()
    instrument = text_field("instrument", "instrument")
    publisher = text_field("publisher", "uitgever")
    edition = text_field("edition", "editie")
    year = Field(attribute="year", column_name="jaar", widget=IntWidget(required=False))
    url = text_field("url", "url", strip=True)
    note = text_field("note", "toelichting")

    class Meta:
        model = Source
        fields = ("code", "instrument", "publisher", "edition", "year", "url", "note")


class ConceptResource(CatalogueResource):
    sheet_name = "begrippen"
    validate_unique_in_db = True
    code = code_field()
    slug = text_field("slug", "slug", strip=True)
    name_nl = text_field("name_nl", "naam_nl")
    name_en = text_field("name_en", "naam_en")
    description = text_field("description", "beschrijving")
    domain = text_field("domain", "domein", strip=True)
    framing = text_field("framing", "framing", strip=True)
    scope = text_field("scope", "reikwijdte", strip=True)

    class Meta:
        model = Concept
        fields = ("code", "slug", "name_nl", "name_en", "description", "domain", "framing", "scope")


class IndicatorResource(CatalogueResource):
    sheet_name = "indicatoren"
    validate_unique_in_db = True
    code = code_field()
    concept = Field(
        attribute="concept",
        column_name="begrip",
        widget=RefWidget(
            Concept, unknown=gettext_lazy("onbekend begrip '%(code)s'"), required=True
        ),
    )
    name_nl = text_field("name_nl", "naam_nl")
    name_en = text_field("name_en", "naam_en")
    kind = text_field("kind", "soort", strip=True)
    computation = text_field("computation", "berekening")
    note = text_field("note", "toelichting")

    class Meta:
        model = Indicator
        fields = ("code", "concept", "name_nl", "name_en", "kind", "computation", "note")

    def get_queryset(self):
        return Indicator.objects.select_related("concept")


# --------------------------------------------------------------------------- scales


class OptionLoader(BaseInstanceLoader):
    """All options of the scales named in the file, keyed by (scale code, position)."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        codes = {resource.row_key(row) for row in dataset.dict}
        options = AnswerOption.objects.filter(scale__code__in=codes).select_related("scale")
        self.instances = {}
        for option in options:
            option.scale_name = option.scale.name
            option.stored = _option_tuple(option)
            self.instances[(option.scale.code, option.position)] = option

    def get_instance(self, row):
        try:
            position = IntWidget().clean(row.get("volgorde"))
        except ValueError:
            return None
        return self.instances.get((self.resource.row_key(row), position))


class ScaleResource(CatalogueResource):
    """Answer scales, one row per option. A scale in use keeps its options forever."""

    sheet_name = "schalen"
    scale = Field(
        attribute="scale",
        column_name="schaal",
        widget=RefWidget(
            AnswerScale, unknown=gettext_lazy("onbekende schaal '%(code)s'"), required=True
        ),
    )
    scale_name = text_field("scale_name", "schaalnaam")
    position = Field(attribute="position", column_name="volgorde", widget=IntWidget())
    code = Field(attribute="code", column_name="code", widget=IntWidget())
    label_nl = text_field("label_nl", "label_nl")
    label_en = text_field("label_en", "label_en")
    is_missing = Field(attribute="is_missing", column_name="ontbrekend", widget=BoolWidget())

    class Meta:
        model = AnswerOption
        fields = ("scale", "scale_name", "position", "code", "label_nl", "label_en", "is_missing")
        import_id_fields = ("scale", "position")
        instance_loader_class = OptionLoader

    def get_queryset(self):
        return AnswerOption.objects.select_related("scale").order_by("scale__code", "position")

    def init_instance(self, row=None):
        option = AnswerOption()
        option.scale_name, option.stored = "", None
        return option

    def iter_queryset(self, queryset):
        for option in super().iter_queryset(queryset.select_related("scale")):
            option.scale_name = option.scale.name
            yield option

    def row_key(self, row):
        return _plain(row.get("schaal")).strip()

    def record_duplicates(self, rows, excel) -> None:
        pass  # done per scale in prepare_rows()

    def prepare_rows(self, rows, excel) -> None:
        """Per scale: one name, unique positions and codes, frozen options if in use.

        Reads the sheet once, keeping per option row only its number, scale name and
        parsed values; then creates the new scales and drops the options an unused
        scale no longer lists.
        """
        by_scale: dict[str, list] = defaultdict(list)
        for number, row in rows():
            code = self.row_key(row)
            if code and not re.match(CODE_PATTERN, code):
                self.add_row_error(
                    number, "scale", _("ongeldige schaalcode '%(code)s'") % {"code": code}
                )
            elif code:
                by_scale[code].append((number, _plain(row.get("schaalnaam")), _parse_option(row)))
        existing = {s.code: s for s in AnswerScale.objects.filter(code__in=by_scale)}
        in_use = set(
            AnswerScale.objects.filter(code__in=by_scale, question_versions__isnull=False)
            .values_list("code", flat=True)
            .distinct()
        )
        stored: dict[str, dict] = defaultdict(dict)
        for option in AnswerOption.objects.filter(scale__code__in=by_scale).select_related("scale"):
            stored[option.scale.code][option.position] = _option_tuple(option)
        models = audit.IMPORT_MODELS[AnswerOption]
        with audit.batch(models, user=self.user, via=audit.Via.IMPORT, keys=set(by_scale)):
            new_scales = []
            for code, scale_rows in by_scale.items():
                self._check_scale_rows(scale_rows, excel)
                if code not in existing:
                    new_scales.append(AnswerScale(code=code, name=scale_rows[0][1]))
                elif code in in_use:
                    self._check_frozen(code, scale_rows, stored[code])
                else:
                    AnswerOption.objects.filter(scale=existing[code]).exclude(
                        position__in=[p[0] for _n, _name, p in scale_rows if p]
                    ).delete()
            AnswerScale.objects.bulk_create(new_scales)

    def _check_scale_rows(self, rows, excel) -> None:
        """Same name on every row, unique positions and codes."""
        first, first_name, _parsed = rows[0]
        positions, codes = {}, {}
        for number, name, parsed in rows:
            if name != first_name:
                self.add_row_error(
                    number,
                    "scale_name",
                    _("de schaalnaam verschilt van rij %(row)s") % {"row": excel(first)},
                )
            if parsed is None:
                continue  # the field widgets report the problem
            for seen, value, attribute in (
                (positions, parsed[0], "position"),
                (codes, parsed[1], "code"),
            ):
                if value in seen:
                    self.add_row_error(
                        number,
                        attribute,
                        _("%(value)s staat ook in rij %(row)s van deze schaal")
                        % {"value": value, "row": excel(seen[value])},
                    )
                seen.setdefault(value, number)

    def _check_frozen(self, code, rows, stored) -> None:
        message = _(
            "schaal '%(code)s' wordt gebruikt door een gepubliceerde vraagversie; de opties "
            "liggen vast: maak een nieuwe schaal"
        ) % {"code": code}
        in_file = set()
        for number, _name, option in rows:
            if option is None:
                continue
            in_file.add(option[0])
            if stored.get(option[0]) != option:
                self.add_row_error(number, "scale", message)
        if set(stored) - in_file:
            self.add_row_error(rows[0][0], "scale", message)

    def save_instance(self, instance, is_create, row, **kwargs):
        scale = instance.scale
        if instance.scale_name != scale.name:
            scale.name = instance.scale_name
            scale.save(update_fields=["name", "updated_at"])
        if is_create or instance.stored != _option_tuple(instance):
            super().save_instance(instance, is_create, row, **kwargs)

    def validate_row(self, instance, errors):
        if "scale_name" not in errors and not instance.scale_name.strip():
            errors.setdefault("scale_name", []).append(_("vul een schaalnaam in"))
        return errors


def _option_tuple(option) -> tuple:
    return (option.position, option.code, option.label_nl, option.label_en, option.is_missing)


def _parse_option(row) -> tuple | None:
    """An option row as ``_option_tuple`` gives a stored one; None if a value is invalid."""
    try:
        return (
            IntWidget().clean(row.get("volgorde")),
            IntWidget().clean(row.get("code")),
            _plain(row.get("label_nl")),
            _plain(row.get("label_en")),
            BoolWidget().clean(row.get("ontbrekend")),
        )
    except ValueError:
        return None


# --------------------------------------------------------------------------- questions


def _empty_version_data() -> dict:
    data = {field: "" for field in VERSION_INPUT_FIELDS}
    data.update(scale=None, source=None, answer_type=AnswerType.SINGLE)
    return data


def attach_version(question: Question, version: QuestionVersion | None) -> Question:
    """Put the latest version's fields on the question, as the sheet shows them."""
    data = (
        {field: getattr(version, field) for field in VERSION_INPUT_FIELDS}
        if version is not None
        else _empty_version_data()
    )
    for field, value in data.items():
        setattr(question, field, value)
    question.version_number = version.number if version is not None else None
    question.change_reason = ""
    question.latest = version
    question.stored = (question.concept_id, question.note)
    return question


# The version fields a row fills, in model order, checked as clean_fields() would (the
# references are checked by their widgets).
VERSION_CHECKED_FIELDS = [
    f
    for f in QuestionVersion._meta.concrete_fields
    if f.name in VERSION_INPUT_FIELDS and not f.is_relation
]
_ScaleRule = namedtuple("_ScaleRule", "answer_type scale_id")


def version_data(question: Question) -> dict:
    return {field: getattr(question, field) for field in VERSION_INPUT_FIELDS}


class QuestionLoader(BaseInstanceLoader):
    """Questions named in the file with their latest versions: two queries in all."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        codes = {resource.row_key(row) for row in dataset.dict}
        questions = list(Question.objects.filter(code__in=codes).select_related("concept"))
        latest = {}
        versions = (
            QuestionVersion.objects.filter(question__in=questions)
            .select_related("scale", "source")
            .order_by("question_id", "number")
        )
        for version in versions:
            latest[version.question_id] = version
        self.instances = {q.code: attach_version(q, latest.get(q.pk)) for q in questions}

    def get_instance(self, row):
        return self.instances.get(self.resource.row_key(row))


class QuestionResource(CatalogueResource):
    """A question and the wording of its latest version, one row per question.

    New questions are written in bulk (question and v1). A changed wording of a
    published question goes through ``question_version_publish``: it becomes a new
    version and needs a ``reden_wijziging``.
    """

    sheet_name = "vragen"
    code = code_field()
    concept = Field(
        attribute="concept",
        column_name="begrip",
        widget=RefWidget(Concept, unknown=gettext_lazy("onbekend begrip '%(code)s'")),
    )
    wording_nl = text_field("wording_nl", "vraagtekst_nl")
    wording_en = text_field("wording_en", "vraagtekst_en")
    instruction_nl = text_field("instruction_nl", "instructie_nl")
    instruction_en = text_field("instruction_en", "instructie_en")
    answer_type = text_field("answer_type", "antwoordtype", strip=True)
    scale = Field(
        attribute="scale",
        column_name="schaal",
        widget=RefWidget(AnswerScale, unknown=gettext_lazy("onbekende schaal '%(code)s'")),
    )
    source = Field(
        attribute="source",
        column_name="bron",
        widget=RefWidget(Source, unknown=gettext_lazy("onbekende bron '%(code)s'"), required=True),
    )
    source_reference = text_field("source_reference", "vraagnummer_bron")
    source_variable = text_field("source_variable", "variabele_bron")
    verification = text_field("verification", "verificatie", strip=True)
    verification_note = text_field("verification_note", "verificatie_vindplaats")
    note = text_field("note", "toelichting")
    version_number = Field(
        attribute="version_number",
        column_name="versie",
        widget=IntWidget(required=False),
        readonly=True,
    )
    change_reason = text_field("change_reason", "reden_wijziging")

    class Meta:
        model = Question
        fields = (
            "code",
            "concept",
            "wording_nl",
            "wording_en",
            "instruction_nl",
            "instruction_en",
            "answer_type",
            "scale",
            "source",
            "source_reference",
            "source_variable",
            "verification",
            "verification_note",
            "note",
            "version_number",
            "change_reason",
        )
        instance_loader_class = QuestionLoader
        use_bulk = True
        batch_size = 1000

    def __init__(self, *, with_diff: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.options_by_scale: dict[int, list] = {}
        if not with_diff:
            # skip_row() compares with the loaded latest version, not with a deep copy,
            # so the command can skip the per-row copy and HTML diff the admin preview shows.
            self._meta = copy.copy(self._meta)
            self._meta.skip_diff = True

    def prepare_rows(self, rows, excel) -> None:
        self.options_by_scale = defaultdict(list)
        rows = AnswerOption.objects.order_by("scale_id", "position").values_list(
            "scale_id", "code", "label_nl"
        )
        for scale_id, code, label in rows:
            self.options_by_scale[scale_id].append((code, label))

    def init_instance(self, row=None):
        return attach_version(Question(), None)

    def iter_queryset(self, queryset):
        queryset = queryset.select_related("concept").prefetch_related(
            Prefetch(
                "versions",
                queryset=QuestionVersion.objects.select_related("scale", "source").order_by(
                    "number"
                ),
            )
        )
        for question in super().iter_queryset(queryset):
            versions = list(question.versions.all())
            yield attach_version(question, versions[-1] if versions else None)

    def dehydrate_change_reason(self, question):
        return ""  # a reason belongs to one change; never offer an old one for reuse

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        if (instance.concept_id, instance.note) != instance.stored:
            return False
        return not self._version_changes(instance)

    def _version_changes(self, question) -> bool:
        data = version_data(question)
        latest = question.latest
        return version_differs(latest, data) or any(
            getattr(latest, f) != data[f] for f in VERIFICATION_FIELDS
        )

    def validate_row(self, instance, errors):
        data = version_data(instance)
        for field in VERSION_CHECKED_FIELDS:  # what clean_fields() does, without a version
            value = data[field.name]
            if field.name in errors or (field.blank and value in field.empty_values):
                continue
            try:
                field.clean(value, None)
            except ValidationError as exc:
                errors[field.name] = exc.error_list
        if not {"scale", "answer_type"} & set(errors):
            try:  # the model's own rule, on the two values it reads
                scale_id = data["scale"].pk if data["scale"] is not None else None
                QuestionVersion.clean(_ScaleRule(data["answer_type"], scale_id))
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        latest = instance.latest
        if (
            latest is not None
            and version_differs(latest, data)
            and not instance.change_reason.strip()
        ):
            errors.setdefault("change_reason", []).append(
                _(
                    "de inhoud van vraag %(code)s is gewijzigd; vul een reden van wijziging in "
                    "(er komt een nieuwe versie)"
                )
                % {"code": instance.code}
            )
        return errors

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            self.create_instances.append(instance)  # bulk_create() writes it with v1
            return
        if (instance.concept_id, instance.note) != instance.stored:
            instance.save(update_fields=["concept", "note", "updated_at"])
        if self._version_changes(instance):
            question_version_publish(
                question=instance,
                data=version_data(instance),
                change_reason=instance.change_reason,
                user=self.user,
            )

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        questions, self.create_instances = list(self.create_instances), []
        if not questions or not (using_transactions or not dry_run):
            return
        try:
            Question.objects.bulk_create(questions, batch_size=batch_size)
            QuestionVersion.objects.bulk_create(
                [self._first_version(q) for q in questions], batch_size=batch_size
            )
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)

    def _first_version(self, question: Question) -> QuestionVersion:
        data = version_data(question)
        version = QuestionVersion(
            question=question,
            number=1,
            change_reason=question.change_reason.strip(),
            created_by=self.user if getattr(self.user, "is_authenticated", False) else None,
            **data,
        )
        version.fingerprint = fingerprint(
            wording=version.wording_nl,
            instruction=version.instruction_nl,
            answer_type=version.answer_type,
            options=self.options_by_scale.get(version.scale_id, []) if version.scale_id else [],
        )
        return version


# --------------------------------------------------------------------------- question sets


def attach_set_lists(qset: QuestionSet) -> QuestionSet:
    qset.stored_items = list(qset.items.all())
    qset.question_list = [item.question_version.question for item in qset.stored_items]
    qset.indicator_list = sorted(qset.indicators.all(), key=lambda i: i.code)
    qset.stored_lists = (
        [q.pk for q in qset.question_list],
        [i.pk for i in qset.indicator_list],
    )
    return qset


def set_queryset(queryset):
    return queryset.select_related("source").prefetch_related(
        Prefetch(
            "items",
            queryset=QuestionSetItem.objects.select_related("question_version__question").order_by(
                "position"
            ),
        ),
        "indicators",
    )


class SetLoader(BaseInstanceLoader):
    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        codes = {resource.row_key(row) for row in dataset.dict}
        sets = set_queryset(QuestionSet.objects.filter(code__in=codes))
        self.instances = {s.code: attach_set_lists(s) for s in sets}

    def get_instance(self, row):
        return self.instances.get(self.resource.row_key(row))


class QuestionSetResource(CatalogueResource):
    """One row per set: question codes in order and indicator codes, separated by `|`."""

    sheet_name = "sets"
    code = code_field()
    name_nl = text_field("name_nl", "naam_nl")
    name_en = text_field("name_en", "naam_en")
    description = text_field("description", "beschrijving")
    intro_nl = text_field("intro_nl", "inleiding_nl")
    intro_en = text_field("intro_en", "inleiding_en")
    indivisible = Field(attribute="indivisible", column_name="ondeelbaar", widget=BoolWidget())
    order_locked = Field(
        attribute="order_locked", column_name="vaste_volgorde", widget=BoolWidget()
    )
    status = text_field("status", "status", strip=True)
    source = Field(
        attribute="source",
        column_name="bron",
        widget=RefWidget(Source, unknown=gettext_lazy("onbekende bron '%(code)s'")),
    )
    question_list = Field(
        attribute="question_list",
        column_name="vragen",
        widget=RefListWidget(
            Question, unknown=gettext_lazy("onbekende vraag '%(code)s'"), compact=True
        ),
    )
    indicator_list = Field(
        attribute="indicator_list",
        column_name="indicatoren",
        widget=RefListWidget(
            Indicator, unknown=gettext_lazy("onbekende indicator '%(code)s'"), sort=True
        ),
    )

    class Meta:
        model = QuestionSet
        fields = (
            "code",
            "name_nl",
            "name_en",
            "description",
            "intro_nl",
            "intro_en",
            "indivisible",
            "order_locked",
            "status",
            "source",
            "question_list",
            "indicator_list",
        )
        instance_loader_class = SetLoader

    def prepare_rows(self, rows, excel) -> None:
        """{question id: id of its latest version}, for new set items."""
        self.latest_versions = dict(
            QuestionVersion.objects.order_by("question_id", "number").values_list(
                "question_id", "pk"
            )
        )

    def init_instance(self, row=None):
        qset = QuestionSet()
        qset.stored_items, qset.question_list, qset.indicator_list = [], [], []
        qset.stored_lists = ([], [])
        return qset

    def iter_queryset(self, queryset):
        for qset in super().iter_queryset(set_queryset(queryset)):
            yield attach_set_lists(qset)

    def validate_row(self, instance, errors):
        missing = [q.code for q in instance.question_list if q.pk not in self.latest_versions]
        if missing and "question_list" not in errors:
            errors["question_list"] = [
                _("vraag %(codes)s heeft nog geen gepubliceerde versie")
                % {"codes": ", ".join(missing)}
            ]
        return errors

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.save()
        questions = [q.pk for q in instance.question_list]
        indicators = [i.pk for i in instance.indicator_list]
        if indicators != instance.stored_lists[1]:
            instance.indicators.set(indicators)
        if questions != instance.stored_lists[0]:
            self._replace_items(instance)

    def _replace_items(self, qset: QuestionSet) -> None:
        """Keep the version a set already used for a question; new questions get the latest."""
        kept = {i.question_version.question_id: i.question_version_id for i in qset.stored_items}
        QuestionSetItem.objects.filter(question_set=qset).delete()
        QuestionSetItem.objects.bulk_create(
            QuestionSetItem(
                question_set=qset,
                position=position,
                question_version_id=kept.get(q.pk) or self.latest_versions[q.pk],
            )
            for position, q in enumerate(qset.question_list, start=1)
        )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        lists = ([q.pk for q in instance.question_list], [i.pk for i in instance.indicator_list])
        if lists != instance.stored_lists:
            return False
        simple = [f for f in self.get_import_fields() if not f.attribute.endswith("_list")]
        return all(f.get_value(instance) == f.get_value(original) for f in simple)


# --------------------------------------------------------------------------- xlsx reading/writing

# Dependency order: every sheet only refers to sheets before it.
SHEETS: list[type[CatalogueResource]] = [
    SourceResource,
    ConceptResource,
    IndicatorResource,
    ScaleResource,
    QuestionResource,
    QuestionSetResource,
]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _write_cell(cell, value) -> None:
    """Fill a cell that can never become a formula: every text is a plain string cell."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        cell.data_type = "s"  # after assignment: openpyxl made "=..." a formula
    elif value is None or isinstance(value, bool | int | float | Decimal):
        cell.value = value
    else:
        _write_cell(cell, str(value))


def write_workbook(sheets: list[tuple[str, tablib.Dataset]]) -> bytes:
    """A normal (not write-only) workbook, so readers find the sheet dimensions up front."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for title, dataset in sheets:
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        for column, name in enumerate(dataset.headers or [], start=1):
            cell = sheet.cell(row=1, column=column)
            _write_cell(cell, name)
            cell.font = bold
        for row_number, row in enumerate(dataset, start=2):
            for column, value in enumerate(row, start=1):
                _write_cell(sheet.cell(row=row_number, column=column), value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class UnreadableWorkbook(Exception):
    """openpyxl failed while parsing a sheet (read-only sheets are parsed lazily)."""


def unreadable_error() -> ValidationError:
    return ValidationError(
        _("Het bestand kon niet als Excel-werkmap worden gelezen."), code="unreadable"
    )


class SheetRows:
    """A read-only worksheet as header names and (Excel row number, cells) pairs.

    Row 1 is the header; columns without a name and blank rows are dropped, Excel row
    numbers are kept. Each iteration parses the sheet again and keeps nothing, so a
    sheet of any length costs the memory of one row.

    The first iteration goes on from the parse that read the header. An abandoned
    parse is not freed when it is dropped: the standard library's incremental XML
    parser holds itself in a reference cycle, with the part of the sheet it had read,
    until the garbage collector's next full collection.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        with _parsing():
            self._pending = sheet.iter_rows(values_only=True)
            header = next(self._pending, None) or ()
        names = [_plain(h).strip() for h in header]
        self.keep = [i for i, name in enumerate(names) if name]
        self.headers = [names[i] for i in self.keep]

    def __iter__(self) -> Iterator[tuple[int, list]]:
        keep = self.keep
        with _parsing():
            rows, self._pending = self._pending, None
            if rows is None:
                rows = self.sheet.iter_rows(min_row=2, values_only=True)
            for excel_row, values in enumerate(rows, start=2):
                cells = [values[i] if i < len(values) else None for i in keep]
                if all(v is None or v == "" for v in cells):
                    continue
                yield excel_row, cells

    def dicts(self) -> Iterator[tuple[int, dict]]:
        headers = self.headers
        for excel_row, cells in self:
            yield excel_row, dict(zip(headers, cells, strict=True))

    def batches(self, size: int) -> Iterator[tablib.Dataset]:
        """Datasets of at most `size` rows, each with its Excel ``row_numbers``."""
        dataset = None
        for excel_row, cells in self:
            if dataset is None:
                dataset = tablib.Dataset(headers=self.headers)
                dataset.row_numbers = []
            dataset.append(cells)
            dataset.row_numbers.append(excel_row)
            if len(dataset) >= size:
                yield dataset
                dataset = None
        if dataset is not None:
            yield dataset


@contextmanager
def _parsing():
    try:
        yield
    except GeneratorExit:
        raise
    except Exception as exc:
        raise UnreadableWorkbook from exc


def sheet_to_dataset(sheet) -> tablib.Dataset:
    """The whole sheet in memory (the admin's preview); see ``SheetRows``."""
    rows = SheetRows(sheet)
    dataset = tablib.Dataset(headers=rows.headers)
    dataset.row_numbers = []
    for excel_row, cells in rows:
        dataset.append(cells)
        dataset.row_numbers.append(excel_row)
    return dataset


def read_workbook(data: bytes) -> dict[str, tablib.Dataset]:
    workbook = open_workbook(data)
    try:
        return {sheet.title: sheet_to_dataset(sheet) for sheet in workbook.worksheets}
    except UnreadableWorkbook as exc:
        raise unreadable_error() from exc.__cause__
    finally:
        workbook.close()


class SafeXLSX(base_formats.XLSX):
    """XLSX for the admin: upload checks before parsing, and formula-proof writing.

    `sheet_name` picks the sheet on import (falling back to the first sheet) and names
    it on export, so an admin can import the matching sheet of a full catalogue workbook.
    """

    sheet_name = ""

    @classmethod
    def for_sheet(cls, name: str) -> type[SafeXLSX]:
        return type(f"SafeXLSX_{name}", (cls,), {"sheet_name": name})

    def create_dataset(self, in_stream):
        data = in_stream if isinstance(in_stream, bytes) else in_stream.read()
        sheets = read_workbook(data)
        if self.sheet_name in sheets:
            return sheets[self.sheet_name]
        return next(iter(sheets.values()))

    def export_data(self, dataset, **kwargs):
        return write_workbook([(self.sheet_name or "blad1", dataset)])


# --------------------------------------------------------------------------- whole workbook

# Sheets a workbook may carry for people; the import ignores them.
IGNORED_SHEETS = {"toelichting"}


@dataclass
class SheetReport:
    sheet: str
    totals: dict = dataclasses.field(default_factory=dict)
    new_versions: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)


@dataclass
class ImportReport:
    sheets: list[SheetReport] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not any(s.errors for s in self.sheets)

    def all_errors(self) -> list[str]:
        return self.errors + [e for s in self.sheets for e in s.errors]


def result_errors(sheet: str, result) -> list[str]:
    """Every problem of one sheet as `blad 'x', rij n, kolom 'y': message`."""
    lines = [
        _("blad '%(sheet)s': %(message)s") % {"sheet": sheet, "message": e.error}
        for e in result.base_errors
    ]
    for number, errors in result.row_errors():
        lines += [
            _("blad '%(sheet)s', rij %(row)s: %(message)s")
            % {"sheet": sheet, "row": number, "message": e.error}
            for e in errors
        ]
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            for message in messages:
                params = {
                    "sheet": sheet,
                    "row": invalid.number,
                    "column": column,
                    "message": message,
                }
                if column == NON_FIELD_ERRORS:
                    lines.append(_("blad '%(sheet)s', rij %(row)s: %(message)s") % params)
                else:
                    lines.append(
                        _("blad '%(sheet)s', rij %(row)s, kolom '%(column)s': %(message)s") % params
                    )
    return lines


def export_catalogue_workbook() -> bytes:
    return write_workbook([(cls.sheet_name, cls().export()) for cls in SHEETS])


# Rows per import batch. Memory is bounded by one batch (plus the keys seen so far),
# whatever the length of the file; tests set it small.
BATCH_SIZE = 250


def import_catalogue_workbook(data: bytes, *, dry_run: bool = False, user=None) -> ImportReport:
    """Import every known sheet in dependency order, all or nothing, in one transaction.

    Each sheet is read row by row from the read-only workbook and imported in batches
    of ``BATCH_SIZE`` rows; every batch is validated and written inside the one outer
    transaction, which is rolled back if any row of any sheet had an error (all errors
    are still collected) or on a dry run.
    """
    report = ImportReport()
    with _collector_sees_only_the_import():
        try:
            workbook = open_workbook(data)
        except ValidationError as exc:
            report.errors.extend(exc.messages)
            return report
        try:
            _import_workbook(workbook, report, dry_run=dry_run, user=user)
        except UnreadableWorkbook:
            report.sheets = []
            report.errors = unreadable_error().messages
        finally:
            workbook.close()
    return report


@contextmanager
def _collector_sees_only_the_import():
    """Make the full garbage collection after each batch cheap (see ``_import_sheet``).

    A full collection traverses every object of the process; in an app server worker
    that is some 90,000 objects and about 50 ms, four times per 1,000 rows. The objects
    that existed before the import are neither made nor freed by it, so they are moved
    out of the collector's view (``gc.freeze``) until the import ends, and are looked
    at again from then on. Nothing is lost: garbage among them waits for the next
    collection after the import. A process that froze objects itself keeps them frozen.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _import_workbook(workbook, report: ImportReport, *, dry_run: bool, user) -> None:
    names = [sheet.title for sheet in workbook.worksheets]
    known = {cls.sheet_name for cls in SHEETS}
    for name in names:
        if name not in known | IGNORED_SHEETS:
            report.errors.append(
                _("onbekend blad '%(sheet)s'; bekende bladen: %(known)s")
                % {"sheet": name, "known": ", ".join(cls.sheet_name for cls in SHEETS)}
            )
    if not known & set(names):
        report.errors.append(_("de werkmap bevat geen enkel bekend blad"))
    if report.errors:
        return
    with transaction.atomic():
        for cls in SHEETS:
            if cls.sheet_name in names:
                rows = SheetRows(workbook[cls.sheet_name])
                report.sheets.append(_import_sheet(cls, rows, user))
        if dry_run or not report.ok:
            transaction.set_rollback(True)


def _import_sheet(cls, rows: SheetRows, user) -> SheetReport:
    resource = cls(with_diff=False) if cls is QuestionResource else cls()
    report = SheetReport(cls.sheet_name, dict(resource.get_result_class()().totals))
    problems = resource.header_problems(rows.headers)
    if problems:
        report.errors = [
            _("blad '%(sheet)s': %(message)s") % {"sheet": cls.sheet_name, "message": problem}
            for problem in problems
        ]
        return report
    versions_before = QuestionVersion.objects.count() if cls is QuestionResource else 0
    resource.begin_sheet(rows.dicts, user=user)
    for dataset in rows.batches(BATCH_SIZE):
        result = resource.import_data(dataset, dry_run=False, use_transactions=True, user=user)
        for kind, count in result.totals.items():
            report.totals[kind] = report.totals.get(kind, 0) + count
        report.errors += result_errors(cls.sheet_name, result)
        del result, dataset  # before the next batch is read
        # A batch leaves short-lived objects in the interpreter's free lists and
        # reference cycles; a full collection empties both, so memory stays bounded
        # by one batch (make bench, 5,000 rows in a fresh process: peak 2.75x
        # openpyxl's iteration with it, 3.02x without).
        gc.collect()
    if cls is QuestionResource and not report.errors:
        report.new_versions = QuestionVersion.objects.count() - versions_before
    return report
