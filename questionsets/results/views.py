"""Benchmark and planner views: local results against the national line, oversampling.

Uploads of respondent-level data are parsed from memory only: the upload views swap
Django's handler chain for ``MemoryOnlyUploadHandler`` before the body is read, which is
why they are wrapped as Django documents for custom handlers (csrf_exempt outside,
csrf_protect inside). Access follows access.get_questionnaire_for_user: members read,
editors upload, everyone else gets the same 404 as for a missing questionnaire.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from ..files import uploads
from ..questionnaires.access import can_edit, get_questionnaire_for_user
from . import analysis
from . import services as results
from .comparison import comparison_workbook, questionnaire_comparison
from .planner import PlannerForm, plan_oversample

PLANNER_TEMPLATE = "questionsets/planner.html"


# --------------------------------------------------------------------------- planner


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def planner(request: HttpRequest) -> HttpResponse:
    handler = uploads.use_memory_only_uploads(request)
    return _planner(request, handler)


@csrf_protect
def _planner(request: HttpRequest, handler) -> HttpResponse:
    bound = request.method == "POST" or "margin" in request.GET
    data = request.POST if request.method == "POST" else request.GET
    form = PlannerForm(data if bound else None, request.FILES or None)
    plan = None
    if handler.too_large:
        uploads.refuse_too_large(form)
    elif bound and form.is_valid():
        plan = plan_oversample(
            form.cleaned_data["wijken"],
            margin=float(form.cleaned_data["margin"]) / 100,
            confidence=float(form.cleaned_data["confidence"]),
            response_rate=float(form.cleaned_data["response_rate"] / Decimal(100)),
        )
    context = {"form": form, "plan": plan}
    template = f"{PLANNER_TEMPLATE}#planner-result" if request.htmx else PLANNER_TEMPLATE
    return render(request, template, context)


# --------------------------------------------------------------------------- local results

COMPARISON = "questionsets:results-comparison"


@login_required
def results_comparison(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    context = {
        "questionnaire": questionnaire,
        "comparison": questionnaire_comparison(questionnaire),
        "can_upload": can_edit(questionnaire),
        "min_n": analysis.MIN_N_WIJK,
    }
    return render(request, "questionsets/results_comparison.html", context)


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def results_upload(request: HttpRequest, pk: int) -> HttpResponse:
    handler = uploads.use_memory_only_uploads(request)
    return _results_upload(request, pk, handler)


@csrf_protect
def _results_upload(request: HttpRequest, pk: int, handler) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    form = results.ResultUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if handler.too_large:
        uploads.refuse_too_large(form)
    elif request.method == "POST" and form.is_valid():
        try:
            results.results_import(
                questionnaire=questionnaire,
                user=request.user,
                kind=form.cleaned_data["kind"],
                data=form.cleaned_data["file"].read(),
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(
                request, _("De resultaten zijn verwerkt; alleen de uitkomsten zijn bewaard.")
            )
            return redirect(COMPARISON, questionnaire.pk)
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "problems": problems,
        "min_n": analysis.MIN_N_WIJK,
    }
    status = 400 if problems or form.errors else 200
    return render(request, "questionsets/results_upload.html", context, status=status)


@login_required
def results_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    comparison = questionnaire_comparison(questionnaire)
    filename, content_type, data = comparison_workbook(questionnaire, comparison)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
