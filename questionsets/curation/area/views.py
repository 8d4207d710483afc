"""The workbench's overview page: what is in the catalogue and what changed last."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ...models import (
    AnswerScale,
    CatalogueChange,
    Concept,
    Indicator,
    NationalFigure,
    Question,
    QuestionSet,
    Source,
)
from ..access import curator_required
from .log import _entry

RECENT = 10


def _count(model) -> int:
    return model.objects.aggregate(n=Count("pk"))["n"]


@require_GET
@curator_required
def overview(request: HttpRequest) -> HttpResponse:
    counts = [
        (Concept._meta.verbose_name_plural, _count(Concept), "questionsets:curation-concepts"),
        (
            Indicator._meta.verbose_name_plural,
            _count(Indicator),
            "questionsets:curation-indicators",
        ),
        (
            AnswerScale._meta.verbose_name_plural,
            _count(AnswerScale),
            "questionsets:curation-scales",
        ),
        (Question._meta.verbose_name_plural, _count(Question), "questionsets:curation-questions"),
        (QuestionSet._meta.verbose_name_plural, _count(QuestionSet), "questionsets:curation-sets"),
        (Source._meta.verbose_name_plural, _count(Source), "questionsets:curation-sources"),
        (
            NationalFigure._meta.verbose_name_plural,
            _count(NationalFigure),
            "questionsets:curation-figures",
        ),
    ]
    recent = CatalogueChange.objects.select_related("user").order_by("-created_at", "-pk")
    entries = [_entry(change) for change in recent[:RECENT]]
    return render(
        request, "questionsets/curation/overview.html", {"counts": counts, "entries": entries}
    )
