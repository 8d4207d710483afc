"""The whole catalogue as one workbook, downloaded in the browser ("Catalogus in Excel")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from .. import workbook
from ..access import curator_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_filename(today=None) -> str:
    today = today or timezone.localdate()
    return f"catalogus-{today:%Y-%m-%d}.xlsx"


@require_GET
@curator_required
def catalogue_workbook(request: HttpRequest) -> HttpResponse:
    return render(request, "questionsets/curation/workbook.html", {"filename": export_filename()})


@require_GET
@curator_required
def catalogue_workbook_download(request: HttpRequest) -> HttpResponse:
    """The same workbook as ``manage.py export_catalogue``: values only, no formulas."""
    response = HttpResponse(workbook.export_catalogue_workbook(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_filename()
    )
    return response
