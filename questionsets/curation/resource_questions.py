"""The `vragen` sheet: the latest version per question; a changed wording becomes a new version."""

from __future__ import annotations

import copy
from collections import defaultdict, namedtuple

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader

from ..exports.text_rules import validate_no_survey_syntax
from ..models import (
    AnswerOption,
    AnswerScale,
    AnswerType,
    Concept,
    Question,
    QuestionVersion,
    Source,
    fingerprint,
)
from .resource_widgets import IntWidget, RefWidget, code_field, text_field
from .resources import CatalogueResource
from .services import (
    VERSION_INPUT_FIELDS,
    question_version_publish,
    verification_changes,
    version_differs,
)


def _empty_version_data() -> dict:
    data = {field: "" for field in VERSION_INPUT_FIELDS}
    data.update(scale=None, source=None, answer_type=AnswerType.SINGLE)
    return data


def attach_version(
    question: Question, version: QuestionVersion | None, previous: QuestionVersion | None = None
) -> Question:
    """Put the latest version's fields on the question, as the sheet shows them (and keep
    the version before it: a new wording's verification is judged against that one)."""
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
    question.previous = previous
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
        latest, previous = {}, {}
        versions = (
            QuestionVersion.objects.filter(question__in=questions)
            .select_related("scale", "source")
            .order_by("question_id", "number")
        )
        for version in versions:
            previous[version.question_id] = latest.get(version.question_id)
            latest[version.question_id] = version
        self.instances = {
            q.code: attach_version(q, latest.get(q.pk), previous.get(q.pk)) for q in questions
        }

    def get_instance(self, row):
        return self.instances.get(self.resource.row_key(row))


SURVEY_TEXT_FIELDS = ("wording_nl", "wording_en", "instruction_nl", "instruction_en")


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
        self.propose_version = None  # set by the curation area's import: see review/importing.py
        self.proposed = 0
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
        return version_differs(latest, data) or bool(
            verification_changes(latest, question.previous, data)
        )

    def validate_row(self, instance, errors):
        data = version_data(instance)
        for name in SURVEY_TEXT_FIELDS:
            try:
                validate_no_survey_syntax(data.get(name) or "")
            except ValidationError as exc:
                errors.setdefault(name, exc.error_list)
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
        data = version_data(instance)
        if self.propose_version is not None and version_differs(instance.latest, data):
            # A changed wording of a published question goes to review, not to the catalogue.
            self.propose_version(
                question=instance, data=data, change_reason=instance.change_reason, user=self.user
            )
            self.proposed += 1
        elif self._version_changes(instance):
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
