"""Comparability of a questionnaire's indicators: which basket sets are complete, incomplete or not comparable, and why."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    Indicator,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireSet,
    QuestionSetItem,
)

Arrangement = list[tuple[int, list[QuestionnaireItem]]]


def _arrangement(questionnaire: Questionnaire) -> Arrangement:
    """[(section_id, [items in order])] in section order: two queries."""
    sections = list(questionnaire.sections.order_by("position", "pk").values_list("pk", flat=True))
    by_section = defaultdict(list)
    items = questionnaire.items.select_related("question_version", "derived_from").order_by(
        "position", "pk"
    )
    for item in items:
        by_section[item.section_id].append(item)
    return [(sid, by_section[sid]) for sid in sections]


def _new_losses(questionnaire: Questionnaire, before: Arrangement, after: Arrangement) -> list[str]:
    basket = list(basket_sets_for(questionnaire))
    old = comparability(basket, [i for _, items in before for i in items])
    new = comparability(basket, [i for _, items in after for i in items])
    losses = []
    for set_id, (status, reasons) in new.items():
        if status == NOT_COMPARABLE:
            old_reasons = old[set_id][1]
            losses += [r for r in reasons if r not in old_reasons]
    return losses


COMPLETE, INCOMPLETE, NOT_COMPARABLE = "complete", "incomplete", "not_comparable"


STATUS_LABELS = {
    COMPLETE: gettext_lazy("compleet en vergelijkbaar"),
    INCOMPLETE: gettext_lazy("onvolledig"),
    NOT_COMPARABLE: gettext_lazy("niet vergelijkbaar"),
}


_STATUS_RANK = {COMPLETE: 0, INCOMPLETE: 1, NOT_COMPARABLE: 2}


def basket_sets_for(questionnaire: Questionnaire):
    """Basket sets with their set's questions (in set order) and indicators: three queries."""
    return (
        QuestionnaireSet.objects.filter(questionnaire=questionnaire)
        .select_related("question_set")
        .prefetch_related(
            "question_set__indicators",
            Prefetch(
                "question_set__items",
                queryset=QuestionSetItem.objects.select_related(
                    "question_version__question"
                ).order_by("position"),
            ),
        )
    )


def comparability(
    basket: Iterable[QuestionnaireSet], ordered_items: Sequence[QuestionnaireItem]
) -> dict[int, tuple[str, list[str]]]:
    """Per basket set: (status, reasons), from the items in questionnaire order."""
    national = [i.question_version.question_id for i in ordered_items if i.is_national]
    adapted = {i.derived_from.question_id: i.code for i in ordered_items if i.derived_from_id}
    result = {}
    for basket_set in basket:
        qset = basket_set.question_set
        set_items = list(qset.items.all())
        order = {si.question_version.question_id: si.position for si in set_items}
        codes = {
            si.question_version.question_id: si.question_version.question.code for si in set_items
        }
        reasons = []
        changed = [adapted[q] for q in order if q in adapted]
        if changed:
            reasons.append(_("aangepaste vraag: %(codes)s") % {"codes": ", ".join(changed)})
        missing = [codes[q] for q in order if q not in national and q not in adapted]
        if qset.indivisible and missing:
            reasons.append(
                _("ondeelbare set niet compleet, ontbreekt: %(codes)s")
                % {"codes": ", ".join(missing)}
            )
        positions = [order[q] for q in national if q in order]
        if qset.order_locked and positions != sorted(positions):
            reasons.append(_("vaste volgorde van de set is gewijzigd"))
        status = NOT_COMPARABLE if reasons else (INCOMPLETE if missing else COMPLETE)
        if missing and not qset.indivisible:
            reasons.append(_("ontbreekt: %(codes)s") % {"codes": ", ".join(missing)})
        result[basket_set.question_set_id] = (status, reasons)
    return result


@dataclass
class IndicatorRow:
    indicator: Indicator
    status: str
    reasons: list[str]
    sets: list[str]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _indicator_rows(basket, statuses) -> list[IndicatorRow]:
    rows: dict[int, IndicatorRow] = {}
    for basket_set in basket:
        status, reasons = statuses[basket_set.question_set_id]
        for indicator in basket_set.question_set.indicators.all():
            row = rows.get(indicator.pk)
            if row is None:
                rows[indicator.pk] = IndicatorRow(indicator, status, reasons, [])
            elif _STATUS_RANK[status] < _STATUS_RANK[row.status]:
                row.status, row.reasons = status, reasons
            rows[indicator.pk].sets.append(basket_set.question_set.name_nl)
    return sorted(rows.values(), key=lambda r: r.indicator.code)


def _worse_indicators(questionnaire, before: Arrangement, after: Arrangement):
    """Indicator rows whose status would get worse (complete -> incomplete -> not comparable)."""
    basket = list(basket_sets_for(questionnaire))
    old = _indicator_rows(basket, comparability(basket, [i for _s, items in before for i in items]))
    new = _indicator_rows(basket, comparability(basket, [i for _s, items in after for i in items]))
    rank = {row.indicator.pk: _STATUS_RANK[row.status] for row in old}
    return [row for row in new if _STATUS_RANK[row.status] > rank[row.indicator.pk]]


def _question_id(item: QuestionnaireItem) -> int:
    version = item.question_version if item.is_national else item.derived_from
    return version.question_id
