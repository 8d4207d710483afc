"""The builder's set picker: published sets grouped by concept, loaded only when the user
opens "Set toevoegen" (an htmx fragment, or a page of its own without JavaScript), and
filtered by what the user types."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..models import Questionnaire, QuestionSet
from .access import get_questionnaire_for_user

TEMPLATE = "questionsets/questionnaire_set_picker.html"


class PickerSet(NamedTuple):
    pk: int
    name: str
    indivisible: bool
    order_locked: bool


def picker_groups(questionnaire: Questionnaire, query: str) -> list[tuple[str, list[PickerSet]]]:
    """[(concept name, its sets by name)] of the published sets not yet in the basket, in
    one query; a set measuring several concepts is listed under each of them. `query`
    keeps the sets whose name or concept contains it (case-insensitive)."""
    rows = (
        QuestionSet.objects.published()
        .exclude(pk__in=questionnaire.basket_sets.values("question_set"))
        .order_by("name_nl", "pk")
        .values_list("pk", "name_nl", "indivisible", "order_locked", "indicators__concept__name_nl")
        .distinct()
    )
    needle = query.casefold()
    groups: dict[str, dict[int, PickerSet]] = {}
    for pk, name, indivisible, order_locked, concept in rows:
        concept = concept or ""
        if needle and needle not in name.casefold() and needle not in concept.casefold():
            continue
        groups.setdefault(concept, {})[pk] = PickerSet(pk, name, indivisible, order_locked)
    named = sorted((c, list(s.values())) for c, s in groups.items() if c)
    if "" in groups:
        named.append((_("Zonder begrip"), list(groups[""].values())))
    return named


@login_required
def questionnaire_set_picker(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    if request.method != "GET":  # after the access check: 404/403 first, like every write
        return HttpResponseNotAllowed(["GET"])
    query = request.GET.get("q", "").strip()[:100]
    groups = picker_groups(questionnaire, query)
    context = {
        "questionnaire": questionnaire,
        "groups": groups,
        "set_count": len({s.pk for _concept, sets in groups for s in sets}),
        "q": query,
    }
    if request.htmx:
        return render(request, f"{TEMPLATE}#picker", context)
    return render(request, TEMPLATE, context)
