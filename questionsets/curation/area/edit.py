"""The workbench's edit pages: concepts (with definitions and relations), indicators and
their scoring rules, sources and national figures. Versions, sets and scales change only
through a proposal (curation/review)."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ...models import Concept, Indicator, NationalFigure, ScoringRule, Source
from ...questionnaires.access import parse_id
from ..access import curator_required
from . import forms as area_forms
from .services import save_object, save_with_parts

GET_POST = require_http_methods(["GET", "POST"])


def _form_page(request, template: str, **context) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, f"questionsets/curation/{template}", context, status=status)


def _saved(request, message: str, target: str, *args) -> HttpResponse:
    messages.success(request, message)
    return redirect(target, *args)


def _save(form, *, user, formsets=None):
    """Save the form (with its formsets, if any): the saved object, or None after a clash,
    which is then the form's Dutch error."""
    try:
        if formsets is None:
            return save_object(form=form, user=user)
        return save_with_parts(form=form, formsets=formsets, user=user)
    except IntegrityError:
        form.add_error(None, _("Dit bestaat al of botst met een ander gegeven; niets opgeslagen."))
        return None


# --------------------------------------------------------------------------- concepts


@GET_POST
@curator_required
def concept_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    concept = get_object_or_404(Concept, code=code) if code else Concept()
    data = request.POST if request.method == "POST" else None
    form = area_forms.ConceptForm(data, instance=concept)
    definitions = area_forms.DefinitionFormSet(data, instance=concept, prefix="definities")
    relations = area_forms.RelationFormSet(data, instance=concept, prefix="relaties")
    targets = Concept.objects.exclude(pk=concept.pk).order_by("code")
    for relation_form in relations.forms:
        relation_form.fields["target"].queryset = targets
    parts = [definitions, relations]
    valid = data is not None and form.is_valid() and all(f.is_valid() for f in parts)
    if valid and (saved := _save(form, formsets=parts, user=request.user)):
        message = _("Begrip %(code)s is opgeslagen.") % {"code": saved.code}
        return _saved(request, message, "questionsets:curation-concept", saved.code)
    context = {"form": form, "definitions": definitions, "relations": relations, "concept": concept}
    return _form_page(request, "concept_form.html", **context)


# --------------------------------------------------------------------------- indicators


@GET_POST
@curator_required
def indicator_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code) if code else Indicator()
    form = area_forms.IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid() and (saved := _save(form, user=request.user)):
        message = _("Indicator %(code)s is opgeslagen.") % {"code": saved.code}
        return _saved(request, message, "questionsets:curation-indicator", saved.code)
    return _form_page(request, "indicator_form.html", form=form, indicator=indicator)


@GET_POST
@curator_required
def rule_edit(request: HttpRequest, code: str, rule_id: str | None = None) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code)
    rule = ScoringRule(indicator=indicator)
    if rule_id is not None:
        rule = get_object_or_404(ScoringRule, pk=parse_id(rule_id) or 0, indicator=indicator)
    data = request.POST if request.method == "POST" else None
    form = area_forms.ScoringRuleForm(data, instance=rule)
    items = area_forms.ScoringItemFormSet(data, instance=rule, prefix="vragen")
    valid = data is not None and form.is_valid() and items.is_valid()
    if valid and _save(form, formsets=[items], user=request.user):
        message = _("De rekenregel is opgeslagen.")
        return _saved(request, message, "questionsets:curation-indicator", indicator.code)
    context = {"form": form, "items": items, "indicator": indicator, "rule": rule}
    return _form_page(request, "rule_form.html", **context)


# --------------------------------------------------------------------------- sources, figures


@GET_POST
@curator_required
def source_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    source = get_object_or_404(Source, code=code) if code else Source()
    form = area_forms.SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid() and (saved := _save(form, user=request.user)):
        message = _("Bron %(code)s is opgeslagen.") % {"code": saved.code}
        return _saved(request, message, "questionsets:curation-sources")
    return _form_page(request, "source_form.html", form=form, source=source)


@GET_POST
@curator_required
def figure_edit(request: HttpRequest, figure_id: str | None = None) -> HttpResponse:
    figure = NationalFigure()
    if figure_id is not None:
        figure = get_object_or_404(NationalFigure, pk=parse_id(figure_id) or 0)
    form = area_forms.FigureForm(request.POST or None, instance=figure)
    if request.method == "POST" and form.is_valid() and _save(form, user=request.user):
        message = _("Het landelijke cijfer is opgeslagen.")
        return _saved(request, message, "questionsets:curation-figures")
    return _form_page(request, "figure_form.html", form=form, figure=figure)
