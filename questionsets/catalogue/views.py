"""Public catalogue pages: concept map, concepts, sets, questions, search.

Readable without logging in. Every read goes through `selectors` or `search`, so the
views only parse the request and pick a template (a partial for htmx requests).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from ..sharing import selectors as sharing_selectors
from . import selectors
from .search import SearchParams, search
from .trend import indicator_page


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "questionsets/home.html", {"map": selectors.concept_map()})


def concept_detail(request: HttpRequest, slug: str) -> HttpResponse:
    detail = selectors.concept_detail(slug)
    return render(request, "questionsets/concept_detail.html", {"detail": detail})


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
