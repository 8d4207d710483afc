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

from collections import Counter
from collections.abc import Callable, Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field
from import_export.results import Result

from ..models import (
    Concept,
    Indicator,
    Source,
)
from . import audit
from .resource_diff import CleanDiff
from .resource_widgets import (
    IntWidget,
    RefWidget,
    _plain,
    code_field,
    text_field,
)

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

    def get_diff_class(self):
        return CleanDiff

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


# --------------------------------------------------------------------------- questions


# --------------------------------------------------------------------------- question sets


# --------------------------------------------------------------------------- xlsx reading/writing


# --------------------------------------------------------------------------- whole workbook
