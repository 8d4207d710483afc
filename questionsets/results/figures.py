"""National reference figures: the admin's import Resource and the newest figure per question or indicator."""

from __future__ import annotations

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
    Indicator,
    NationalFigure,
    Question,
    Source,
)
from .tables import (
    parse_number,
    quote,
)


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
