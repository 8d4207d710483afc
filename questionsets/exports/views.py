"""Exports, the print view and the conformance check of one questionnaire.

Every member of the questionnaire's municipality (reader or editor) may download, print and
check; everyone else gets the same 404 as for a missing questionnaire
(access.get_questionnaire_for_user). Uploads for the conformance check are read into memory
by ``MemoryOnlyUploadHandler``, which stops at settings.UPLOAD_MAX_BYTES before the rest of the body
is read, and are never stored: not in the database, not on disk.
"""

from __future__ import annotations

import logging
import re

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from ..files.uploads import MemoryOnlyUploadHandler, refuse_too_large, use_memory_only_uploads
from ..questionnaires.access import get_questionnaire_for_user
from . import FORMATS, ExportError, ExportFile
from .build import build_export, build_reference, print_layout
from .conformance import check_workbook
from .conformance_readers import ConformanceError

PRINT_TEMPLATE = "questionsets/questionnaire_print.html"
CONFORMANCE_TEMPLATE = "questionsets/questionnaire_conformance.html"
EXPORT_ERROR_TEMPLATE = "questionsets/questionnaire_export_error.html"
logger = logging.getLogger(__name__)
_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


# --------------------------------------------------------------------------- downloads


def safe_filename(name: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only; never a path."""
    cleaned = _UNSAFE_FILENAME_CHARS.sub("_", name).strip("._")
    return cleaned or "export"


def attachment(export: ExportFile) -> HttpResponse:
    response = HttpResponse(export.data, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=safe_filename(export.filename)
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def questionnaire_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    writer = FORMATS.get(fmt)
    if writer is None:
        raise Http404("Unknown export format.")
    try:
        export = writer(build_export(questionnaire))
    except ExportError as exc:
        context = {"questionnaire": questionnaire, "fmt": fmt, "message": str(exc)}
        return render(request, EXPORT_ERROR_TEMPLATE, context, status=400)
    return attachment(export)


@login_required
@require_GET
def questionnaire_print(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    export = build_export(questionnaire)
    context = {"questionnaire": questionnaire, "export": export, "sections": print_layout(export)}
    return render(request, PRINT_TEMPLATE, context)


# --------------------------------------------------------------------------- conformance


class ConformanceForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Werkmap (.xlsx of XLSForm)"),
        help_text=gettext_lazy(
            "De werkmap die u uit de catalogus hebt geëxporteerd, eventueel bewerkt door het "
            "veldwerkbureau, of een XLSForm. Het bestand wordt alleen gelezen, niet opgeslagen."
        ),
        error_messages={
            "required": gettext_lazy("Kies een bestand om te controleren."),
            "empty": gettext_lazy("Het bestand is leeg."),
        },
    )


def check_upload(form: ConformanceForm, reference):
    """The report for a valid upload, or None with the Dutch reason added to the form."""
    upload = form.cleaned_data["file"]
    try:
        return check_workbook(upload.read(), reference)
    except ConformanceError as exc:
        form.add_error("file", exc.message)
    except ValidationError as exc:
        form.add_error("file", exc)
    except Exception:  # a broken part that openpyxl only trips over while reading rows
        logger.warning("Unreadable conformance upload", exc_info=True)
        form.add_error(
            "file", _("Het bestand kon niet als Excel-werkmap worden gelezen. Is het beschadigd?")
        )
    return None


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_conformance(request: HttpRequest, pk: int) -> HttpResponse:
    handler = use_memory_only_uploads(request)
    return _conformance(request, pk, handler)


@csrf_protect
def _conformance(request: HttpRequest, pk: int, handler: MemoryOnlyUploadHandler) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    bound = request.method == "POST"
    form = ConformanceForm(request.POST if bound else None, request.FILES if bound else None)
    report = None
    if bound and handler.too_large:
        refuse_too_large(form)
    elif bound and form.is_valid():
        report = check_upload(form, build_reference(questionnaire))
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "report": report,
        "upload_limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
    }
    return render(request, CONFORMANCE_TEMPLATE, context, status=400 if form.errors else 200)
