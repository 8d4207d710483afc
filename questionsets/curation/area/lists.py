"""The lists of the workbench: each a GET form, a count and one page of rows.

Every row carries what a curator reads (names, the wording of the latest version),
never codes alone. Per-row facts come from annotations, so a page costs the same
number of queries however large the catalogue grows.
"""

from __future__ import annotations

from django import forms
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ...models import (
    AnswerOption,
    AnswerScale,
    AnswerType,
    Concept,
    Indicator,
    NationalFigure,
    Question,
    QuestionSet,
    QuestionVersion,
    Source,
    Statistic,
    Verification,
)
from ..access import curator_required
from .listing import ListForm, as_bool, listing, yes_no_choices


def _page(request, template: str, result, **context) -> HttpResponse:
    return render(request, f"questionsets/curation/{template}", {"listing": result, **context})


# --------------------------------------------------------------------------- concepts


class ConceptFilter(ListForm):
    domain = forms.ChoiceField(label=_("domein"), choices=Concept.Domain.choices)
    framing = forms.ChoiceField(label=_("framing"), choices=Concept.Framing.choices)


@require_GET
@curator_required
def concept_list(request: HttpRequest) -> HttpResponse:
    queryset = Concept.objects.annotate(n_indicators=Count("indicators")).order_by("code")
    result = listing(
        request,
        form_class=ConceptFilter,
        queryset=queryset,
        search=("code", "name_nl", "name_en", "description"),
        filters={"domain": "domain", "framing": "framing"},
    )
    return _page(request, "concept_list.html", result)


# --------------------------------------------------------------------------- indicators


class IndicatorFilter(ListForm):
    kind = forms.ChoiceField(label=_("soort"), choices=Indicator.Kind.choices)
    domain = forms.ChoiceField(label=_("domein van het begrip"), choices=Concept.Domain.choices)


@require_GET
@curator_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Indicator.objects.select_related("concept")
        .annotate(n_rules=Count("scoring_rules"))
        .order_by("code")
    )
    result = listing(
        request,
        form_class=IndicatorFilter,
        queryset=queryset,
        search=("code", "name_nl", "name_en", "concept__name_nl", "concept__code"),
        filters={"kind": "kind", "domain": "concept__domain"},
    )
    return _page(request, "indicator_list.html", result)


# --------------------------------------------------------------------------- answer scales


class ScaleFilter(ListForm):
    in_use = forms.ChoiceField(label=_("in gebruik"), choices=yes_no_choices())


@require_GET
@curator_required
def scale_list(request: HttpRequest) -> HttpResponse:
    used = QuestionVersion.objects.filter(scale=OuterRef("pk"))
    options = Prefetch("options", queryset=AnswerOption.objects.order_by("position"))
    queryset = (
        AnswerScale.objects.annotate(used=Exists(used))
        .prefetch_related(options)
        .order_by("code")
        .distinct()  # a search on option labels joins the options
    )
    result = listing(
        request,
        form_class=ScaleFilter,
        queryset=queryset,
        search=("code", "name", "options__label_nl", "options__label_en"),
        filters={"in_use": lambda qs, v: qs.filter(used=as_bool(v))},
    )
    return _page(request, "scale_list.html", result)


# --------------------------------------------------------------------------- questions


def latest_version_fields(outer: str = "pk") -> dict:
    """Annotations with the number, wording and verification of each question's latest
    version (`outer` names the question's id on the queried model)."""
    latest = QuestionVersion.objects.filter(question=OuterRef(outer)).order_by("-number")
    return {
        "latest_number": Subquery(latest.values("number")[:1]),
        "latest_wording": Subquery(latest.values("wording_nl")[:1]),
        "latest_verification": Subquery(latest.values("verification")[:1]),
        "latest_answer_type": Subquery(latest.values("answer_type")[:1]),
    }


class QuestionFilter(ListForm):
    verification = forms.ChoiceField(
        label=_("verificatie (nieuwste versie)"), choices=Verification.choices
    )
    answer_type = forms.ChoiceField(label=_("antwoordtype"), choices=AnswerType.choices)
    concept = forms.ModelChoiceField(
        label=_("begrip"), queryset=Concept.objects.order_by("code"), empty_label=_("alle")
    )


@require_GET
@curator_required
def question_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Question.objects.select_related("concept")
        .annotate(**latest_version_fields())
        .order_by("code")
    )
    result = listing(
        request,
        form_class=QuestionFilter,
        queryset=queryset,
        search=("code", "latest_wording", "concept__name_nl"),
        filters={
            "verification": "latest_verification",
            "answer_type": "latest_answer_type",
            "concept": "concept",
        },
    )
    verification = dict(Verification.choices)
    for row in result.page.object_list:
        row.latest_verification_display = verification.get(row.latest_verification, "")
    return _page(request, "question_list.html", result)


# --------------------------------------------------------------------------- sets


class SetFilter(ListForm):
    status = forms.ChoiceField(label=_("status"), choices=QuestionSet.Status.choices)
    indivisible = forms.ChoiceField(label=_("ondeelbaar"), choices=yes_no_choices())
    order_locked = forms.ChoiceField(label=_("vaste volgorde"), choices=yes_no_choices())


@require_GET
@curator_required
def set_list(request: HttpRequest) -> HttpResponse:
    queryset = QuestionSet.objects.annotate(n_items=Count("items")).order_by("code")
    result = listing(
        request,
        form_class=SetFilter,
        queryset=queryset,
        search=("code", "name_nl", "name_en", "description"),
        filters={
            "status": "status",
            "indivisible": lambda qs, v: qs.filter(indivisible=as_bool(v)),
            "order_locked": lambda qs, v: qs.filter(order_locked=as_bool(v)),
        },
    )
    return _page(request, "set_list.html", result)


# --------------------------------------------------------------------------- sources, figures


class SourceFilter(ListForm):
    year = forms.IntegerField(label=_("jaar"), min_value=1900, max_value=2100)


@require_GET
@curator_required
def source_list(request: HttpRequest) -> HttpResponse:
    result = listing(
        request,
        form_class=SourceFilter,
        queryset=Source.objects.order_by("code"),
        search=("code", "instrument", "publisher", "edition"),
        filters={"year": "year"},
    )
    return _page(request, "source_list.html", result)


class FigureFilter(ListForm):
    year = forms.IntegerField(label=_("jaar"), min_value=1900, max_value=2100)
    statistic = forms.ChoiceField(label=_("statistiek"), choices=Statistic.choices)
    subject = forms.ChoiceField(
        label=_("over"), choices=[("vraag", _("een vraag")), ("indicator", _("een indicator"))]
    )


def _subject_filter(queryset, value):
    return queryset.filter(question__isnull=value != "vraag")


@require_GET
@curator_required
def figure_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        NationalFigure.objects.select_related("question", "indicator", "source")
        .annotate(question_wording=latest_version_fields("question_id")["latest_wording"])
        .order_by("-year", "question__code", "indicator__code", "pk")
    )
    result = listing(
        request,
        form_class=FigureFilter,
        queryset=queryset,
        search=("question__code", "indicator__code", "indicator__name_nl", "source__code"),
        filters={"year": "year", "statistic": "statistic", "subject": _subject_filter},
    )
    return _page(request, "figure_list.html", result)
