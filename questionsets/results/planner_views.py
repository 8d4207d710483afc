"""The oversampling planner: the general page, and the page of one questionnaire.

The questionnaire's planner uses the design effect of the questionnaire's latest results
and can save its inputs with the questionnaire (editors only; members see the saved plan).
District files are parsed from memory only, like the results uploads (see views.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from ..files import uploads
from ..models import SamplePlan
from ..questionnaires.access import (
    can_edit,
    get_questionnaire_for_user,
    questionnaires_for_user,
    upload_municipality_id,
)
from . import services as results
from .planner import PlannerForm, plan_oversample

PLANNER_TEMPLATE = "questionsets/planner.html"
RESULTS_PLANNER = "questionsets:results-planner"


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def planner(request: HttpRequest) -> HttpResponse:
    handler = uploads.use_memory_only_uploads(request)
    return _planner(request, handler)


@csrf_protect
def _planner(request: HttpRequest, handler) -> HttpResponse:
    form = _planner_form(request, handler)
    plan = _plan_from_form(form) if form.is_bound else None
    mine = questionnaires_for_user(request.user).order_by("-year", "title")  # full page only
    return _render(request, {"form": form, "plan": plan, "questionnaires": mine})


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def results_planner(request: HttpRequest, pk: int) -> HttpResponse:
    handler = uploads.use_memory_only_uploads(request)
    return _results_planner(request, pk, handler)


@csrf_protect
def _results_planner(request: HttpRequest, pk: int, handler) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    saving = request.method == "POST" and "save" in request.POST
    if saving and not can_edit(questionnaire):
        raise PermissionDenied
    form = _planner_form(request, handler)
    if saving and form.is_valid():
        return _save(request, questionnaire, form)
    saved = SamplePlan.objects.select_related("saved_by").filter(questionnaire=questionnaire)
    saved = saved.first()
    uploads = questionnaire.result_uploads.filter(
        municipality_id=upload_municipality_id(questionnaire)
    )
    upload = uploads.order_by("-created_at", "-pk").first()
    deff = upload.design_effect if upload is not None and upload.design_effect else 1.0
    if form.is_bound:
        plan = _plan_from_form(form, deff)
    elif saved is not None:
        form = PlannerForm(initial=PlannerForm.initial_from(saved))
        plan = _plan_from_saved(saved, deff)
    else:
        plan = None
    context = {
        "form": form,
        "plan": plan,
        "questionnaire": questionnaire,
        "saved": saved,
        "upload": upload,
        "can_save": can_edit(questionnaire),
    }
    return _render(request, context)


def _planner_form(request: HttpRequest, handler) -> PlannerForm:
    bound = request.method == "POST" or "margin" in request.GET
    data = request.POST if request.method == "POST" else request.GET
    form = PlannerForm(data if bound else None, request.FILES or None)
    if handler.too_large:
        uploads.refuse_too_large(form)
    return form


def _plan_from_form(form: PlannerForm, design_effect: float = 1.0):
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return plan_oversample(
        data["wijken"],
        margin=float(data["margin"]) / 100,
        confidence=float(data["confidence"]),
        response_rate=float(data["response_rate"]) / 100,
        design_effect=design_effect,
    )


def _plan_from_saved(saved: SamplePlan, design_effect: float):
    return plan_oversample(
        [(str(name), int(population)) for name, population in saved.districts],
        margin=float(saved.margin) / 100,
        confidence=float(saved.confidence),
        response_rate=float(saved.response_rate) / 100,
        design_effect=design_effect,
    )


def _save(request: HttpRequest, questionnaire, form: PlannerForm) -> HttpResponse:
    data = form.cleaned_data
    results.sample_plan_save(
        questionnaire=questionnaire,
        user=request.user,
        wijken=data["wijken"],
        margin=data["margin"],
        confidence=data["confidence"],
        response_rate=data["response_rate"],
    )
    messages.success(request, _("Het steekproefplan is opgeslagen bij deze vragenlijst."))
    if request.htmx:
        return HttpResponseClientRedirect(request.path)
    return redirect(RESULTS_PLANNER, questionnaire.pk)


def _render(request: HttpRequest, context: dict) -> HttpResponse:
    template = f"{PLANNER_TEMPLATE}#planner-result" if request.htmx else PLANNER_TEMPLATE
    return render(request, template, context)
