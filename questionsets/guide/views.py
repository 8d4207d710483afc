"""The guide's pages (public) and the example files it offers for download.

The long texts live in one template per language (``questionsets/guide/<nl|en>/<page>.html``):
a guide page is prose, which a translator reads and writes best as a whole page, and a few
hundred sentence-sized msgids in django.po would be harder to keep in step. The page frame
(title, navigation) is translated with gettext as usual.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from ..exports import FORMATS, ExportFile
from ..questionnaires.access import questionnaires_for_user
from . import samples

PAGES = ("index", "comparability", "files", "together", "contact")


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _render(request: HttpRequest, page: str, context: dict | None = None) -> HttpResponse:
    context = {
        **(context or {}),
        "page": page,
        "body_template": f"questionsets/guide/{_language()}/{page}.html",
    }
    return render(request, "questionsets/guide/page.html", context)


@require_GET
def guide_page(request: HttpRequest, page: str) -> HttpResponse:
    return _render(request, page)


@require_GET
def guide_files(request: HttpRequest) -> HttpResponse:
    """The file formats; a member also gets the results template of each questionnaire."""
    mine = questionnaires_for_user(request.user).order_by("-year", "title")
    return _render(request, "files", {"questionnaires": mine, "formats": list(FORMATS)})


def _download(export: ExportFile | None) -> HttpResponse:
    if export is None:
        raise Http404("No such example file.")
    response = HttpResponse(export.data, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@require_GET
def example_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return _download(samples.example_export(fmt))


@require_GET
def example_planner(request: HttpRequest, ext: str) -> HttpResponse:
    return _download(samples.planner_file(ext))


@require_GET
def example_catalogue(request: HttpRequest) -> HttpResponse:
    return _download(samples.catalogue_file())
