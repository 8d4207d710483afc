"""Results views: upload, the comparison with the national line, downloads.

Uploads of respondent-level data are parsed from memory only: the upload views swap
Django's handler chain for ``MemoryOnlyUploadHandler`` before the body is read, which is
why they are wrapped as Django documents for custom handlers (csrf_exempt outside,
csrf_protect inside). Access follows access.get_questionnaire_for_user: members read,
editors upload, everyone else gets the same 404 as for a missing questionnaire.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from ..files import uploads
from ..questionnaires.access import (
    can_edit,
    get_questionnaire_for_user,
    upload_municipality_id,
)
from ..sharing import pools
from . import analysis
from . import services as results
from .comparison import comparison_json, comparison_workbook, questionnaire_comparison
from .sheet_template import template_workbook
from .tables import columns_text

# --------------------------------------------------------------------------- local results

COMPARISON = "questionsets:results-comparison"


@login_required
def results_comparison(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    comparison = questionnaire_comparison(questionnaire)
    context = {
        "questionnaire": questionnaire,
        "comparison": comparison,
        "can_upload": can_edit(questionnaire),
        "min_n": analysis.MIN_N_WIJK,
        "peers": pools.peer_pools(questionnaire, comparison),
        "min_pool": pools.MIN_POOL,
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
            upload = results.results_import(
                questionnaire=questionnaire,
                user=request.user,
                kind=form.cleaned_data["kind"],
                data=form.cleaned_data["file"].read(),
                municipality_id=upload_municipality_id(questionnaire),
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(
                request, _("De resultaten zijn verwerkt; alleen de uitkomsten zijn bewaard.")
            )
            if upload.ignored_columns:
                text = columns_text(upload.ignored_columns)
                messages.info(request, _("Genegeerde kolommen: %(columns)s") % {"columns": text})
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
@require_GET
def results_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The xlsx template of the questionnaire's results file; readers may download it."""
    questionnaire = get_questionnaire_for_user(request.user, pk)
    return _download(*template_workbook(questionnaire))


def _download(filename: str, content_type: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def results_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    comparison = questionnaire_comparison(questionnaire)
    return _download(*comparison_workbook(questionnaire, comparison))


@login_required
@require_http_methods(["GET"])
def results_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    return _download(*comparison_json(questionnaire, questionnaire_comparison(questionnaire)))
