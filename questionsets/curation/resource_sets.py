"""The `sets` sheet: question sets with their questions in order and their indicators."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader

from ..models import (
    Indicator,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Source,
)
from .resource_widgets import (
    BoolWidget,
    RefListWidget,
    RefWidget,
    code_field,
    text_field,
)
from .resources import CatalogueResource


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
