"""The detail pages of the workbench (read-only parts of the catalogue).

Question versions, sets and scales change only through a proposal (curation/review), so
their pages show the current state and its history, and point to the proposals.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ...models import (
    AnswerOption,
    AnswerScale,
    Concept,
    ConceptRelation,
    Definition,
    Indicator,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    ScoringItem,
    ScoringRule,
)
from ..access import curator_required
from .lists import latest_version_fields

OPTIONS = Prefetch("options", queryset=AnswerOption.objects.order_by("position"))


def _render(request, template: str, **context) -> HttpResponse:
    return render(request, f"questionsets/curation/{template}", context)


@require_GET
@curator_required
def concept_detail(request: HttpRequest, code: str) -> HttpResponse:
    concept = get_object_or_404(
        Concept.objects.prefetch_related(
            Prefetch(
                "definitions",
                queryset=Definition.objects.select_related("source").order_by("position", "pk"),
            ),
            Prefetch(
                "relations_out",
                queryset=ConceptRelation.objects.select_related("target").order_by("kind", "pk"),
            ),
            Prefetch(
                "relations_in",
                queryset=ConceptRelation.objects.select_related("source").order_by("kind", "pk"),
            ),
            Prefetch("indicators", queryset=Indicator.objects.order_by("code")),
        ),
        code=code,
    )
    return _render(request, "concept_detail.html", concept=concept)


def scoring_rules(indicator: Indicator) -> list[ScoringRule]:
    items = ScoringItem.objects.select_related("question").annotate(
        **latest_version_fields("question_id")
    )
    return list(
        indicator.scoring_rules.prefetch_related(
            Prefetch("items", queryset=items.order_by("position", "pk"))
        ).order_by("variant")
    )


@require_GET
@curator_required
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("concept"), code=code)
    rules = scoring_rules(indicator)
    sets = indicator.question_sets.order_by("code")
    return _render(request, "indicator_detail.html", indicator=indicator, rules=rules, sets=sets)


@require_GET
@curator_required
def scale_detail(request: HttpRequest, code: str) -> HttpResponse:
    scale = get_object_or_404(AnswerScale.objects.prefetch_related(OPTIONS), code=code)
    versions = (
        QuestionVersion.objects.filter(scale=scale)
        .select_related("question")
        .order_by("question__code", "number")
    )
    return _render(request, "scale_detail.html", scale=scale, versions=versions)


@require_GET
@curator_required
def question_detail(request: HttpRequest, code: str) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("concept"), code=code)
    versions = list(
        QuestionVersion.objects.filter(question=question)
        .select_related("scale", "source", "created_by")
        .prefetch_related(
            Prefetch("scale__options", queryset=AnswerOption.objects.order_by("position"))
        )
        .order_by("-number")
    )
    sets = (
        QuestionSet.objects.filter(items__question_version__question=question)
        .distinct()
        .order_by("code")
    )
    context = {"question": question, "versions": versions, "sets": sets}
    return _render(request, "question_detail.html", **context)


@require_GET
@curator_required
def set_detail(request: HttpRequest, code: str) -> HttpResponse:
    items = QuestionSetItem.objects.select_related(
        "question_version__question", "question_version__scale"
    ).order_by("position")
    qset = get_object_or_404(
        QuestionSet.objects.select_related("source").prefetch_related(
            Prefetch("items", queryset=items),
            Prefetch("indicators", queryset=Indicator.objects.order_by("code")),
        ),
        code=code,
    )
    return _render(request, "set_detail.html", qset=qset)
