"""Public catalogue pages: concept map, concepts, sets, questions, search.

Readable without logging in. Every read goes through `selectors` or `search`, so the
views only parse the request and pick a template (a partial for htmx requests).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from ..sharing import selectors as sharing_selectors
from . import framework, selectors
from .search import SearchParams, search
from .trend import indicator_page


def home(request: HttpRequest) -> HttpResponse:
    """The concept map; `?begrip=<slug>` opens that concept's panel and highlights its
    relations (the address the map's script pushes, so a chosen concept can be shared)."""
    slug = request.GET.get("begrip", "").strip()
    context = {"map": selectors.concept_map(), "focus": slug, "detail": None}
    if slug:
        try:
            context["detail"] = selectors.concept_panel(slug)
        except Http404:
            context["focus"] = ""
            context["unknown_concept"] = slug
            return render(request, "questionsets/home.html", context, status=404)
    return render(request, "questionsets/home.html", context)


@require_safe
def concept_panel(request: HttpRequest, slug: str) -> HttpResponse:
    """The panel beside the concept map as a fragment, fetched by the map's script."""
    context = {"detail": selectors.concept_panel(slug)}
    return render(request, "questionsets/concept_panel.html", context)


def concept_detail(request: HttpRequest, slug: str) -> HttpResponse:
    detail = selectors.concept_detail(slug)
    return render(request, "questionsets/concept_detail.html", {"detail": detail})


@require_safe
def framework_download(request: HttpRequest, language: str) -> HttpResponse:
    """The framework PDF ("Begrippenkader maatschappelijke onrust") in Dutch or English."""
    if language not in framework.LANGUAGES:
        raise Http404("Deze taal is er niet.")
    pdf, read = framework.framework_pdf(language)
    return pdf_response(pdf, framework.download_name("begrippenkader", read, language))


@require_safe
def concept_summary(request: HttpRequest, slug: str) -> HttpResponse:
    """One concept on one printable page (the PDF's template for that concept)."""
    read = framework.read_framework()
    context = {"framework": read, "concept": framework.concept_in(read, slug)}
    return render(request, "questionsets/framework/summary_page.html", context)


@require_safe
def concept_summary_pdf(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    if language not in framework.LANGUAGES:
        raise Http404("Deze taal is er niet.")
    pdf, read, concept = framework.concept_summary_pdf(language, slug)
    return pdf_response(pdf, framework.download_name(concept.slug, read, language))


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def questionset_detail(request: HttpRequest, code: str) -> HttpResponse:
    qset, history = selectors.question_set_detail(code)
    usage = sharing_selectors.set_usage(qset)
    context = {"qset": qset, "items": qset.items.all(), "history": history, "usage": usage}
    return render(request, "questionsets/questionset_detail.html", context)


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    context = {"page": indicator_page(code)}
    return render(request, "questionsets/indicator_detail.html", context)


def question_detail(request: HttpRequest, code: str) -> HttpResponse:
    detail = selectors.question_detail(code)
    usage = sharing_selectors.question_usage(detail.question)
    context = {"detail": detail, "usage": usage}
    return render(request, "questionsets/question_detail.html", context)


def search_page(request: HttpRequest) -> HttpResponse:
    outcome = search(SearchParams.from_querydict(request.GET))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "questionsets/search.html" + ("#results" if partial else "")
    response = render(request, template, {"outcome": outcome, "params": outcome.params})
    patch_vary_headers(response, ["HX-Request"])
    return response
