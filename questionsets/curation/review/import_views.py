"""Upload, preview and confirm the whole-catalogue workbook in the curation area.

The upload is read in memory only (files/uploads.py); between preview and confirmation the
workbook waits in the curator's session, so the confirmation imports exactly what was shown.
"""

from __future__ import annotations

import base64
import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from ...files import uploads
from . import importing
from .access import curator_required

SESSION_KEY = "curation_import"
TEMPLATE = "questionsets/curation/review/import.html"


class WorkbookForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("catalogus-werkmap (.xlsx)"))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def workbook_import(request: HttpRequest) -> HttpResponse:
    """csrf_exempt outside and csrf_protect inside, as Django documents for a view that
    replaces the upload handlers; the CSRF check still comes before anything else."""
    handler = uploads.use_memory_only_uploads(request)
    return _workbook_import(request, handler)


@csrf_protect
@curator_required
def _workbook_import(request: HttpRequest, handler) -> HttpResponse:
    form = WorkbookForm(request.POST or None, request.FILES or None)
    if handler.too_large:
        uploads.refuse_too_large(form)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        report = importing.run_import(data, user=request.user, dry_run=True)
        context = {"form": WorkbookForm(), "report": report}
        if report.ok:
            context["sheets"] = importing.preview(data)
            context["token"] = _remember(request, data)
        return render(request, TEMPLATE, context)
    return render(request, TEMPLATE, {"form": form})


def _remember(request, data: bytes) -> str:
    token = hashlib.sha256(data).hexdigest()
    request.session[SESSION_KEY] = {"token": token, "data": base64.b64encode(data).decode()}
    return token


@curator_required
@require_POST
def workbook_confirm(request: HttpRequest) -> HttpResponse:
    stored = request.session.get(SESSION_KEY) or {}
    if not stored or stored.get("token") != request.POST.get("token"):
        messages.error(request, _("Deze proefimport is verlopen; upload de werkmap opnieuw."))
        return redirect("questionsets:curation-import")
    data = base64.b64decode(stored["data"])
    try:
        report = importing.run_import(data, user=request.user, dry_run=False)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("questionsets:curation-import")
    del request.session[SESSION_KEY]
    if not report.ok:
        return render(request, TEMPLATE, {"form": WorkbookForm(), "report": report})
    proposals = sum(s.proposals for s in report.sheets)
    messages.success(
        request,
        _("Geïmporteerd. %(n)s gewijzigde vraagtekst(en) staan ter beoordeling.")
        % {"n": proposals},
    )
    return redirect("questionsets:curation-proposals")
