"""Benchmark and planner views: local results against the national line, oversampling.

Uploads of respondent-level data are parsed from memory only: the upload views swap
Django's handler chain for ``MemoryOnlyUploadHandler`` before the body is read, which is
why they are wrapped as Django documents for custom handlers (csrf_exempt outside,
csrf_protect inside). Access follows access.get_questionnaire_for_user: members read,
editors upload, everyone else gets the same 404 as for a missing questionnaire.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from .. import results

PLANNER_TEMPLATE = "questionsets/planner.html"


# --------------------------------------------------------------------------- planner


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def planner(request: HttpRequest) -> HttpResponse:
    handler = results.use_memory_only_uploads(request)
    return _planner(request, handler)


@csrf_protect
def _planner(request: HttpRequest, handler) -> HttpResponse:
    bound = request.method == "POST" or "margin" in request.GET
    data = request.POST if request.method == "POST" else request.GET
    form = results.PlannerForm(data if bound else None, request.FILES or None)
    plan = None
    if handler.too_large:
        form.is_valid()
        form.add_error("file", results.too_large_message())
    elif bound and form.is_valid():
        plan = results.plan_oversample(
            form.cleaned_data["wijken"],
            margin=float(form.cleaned_data["margin"]) / 100,
            confidence=float(form.cleaned_data["confidence"]),
            response_rate=float(form.cleaned_data["response_rate"] / Decimal(100)),
        )
    context = {"form": form, "plan": plan}
    template = f"{PLANNER_TEMPLATE}#planner-result" if request.htmx else PLANNER_TEMPLATE
    return render(request, template, context)
