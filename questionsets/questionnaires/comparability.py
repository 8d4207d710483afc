"""Comparability: the state of each questionnaire item (verified, unverified, not comparable) and the status of each basket set and indicator, with the reasons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    Questionnaire,
    QuestionnaireItem,
)
from .basket_rows import BasketSetRow, IndicatorInfo, basket_rows
from .builder_items import VersionRow, place_model

Arrangement = list[tuple[int, list["PlacedItem"]]]


@dataclass(eq=False)
class PlacedItem:
    """An item as moves, removals and the comparability checks see it: its place and what
    decides its state, read as a plain row (issue 20: 500 model instances with their
    versions cost a keyboard move more than everything else it did). `model()` gives
    the instance to write a changed place with."""

    pk: int
    kind: str
    code: str
    section_id: int
    position: int
    from_set_id: int | None
    question_version: VersionRow | None
    derived_from_id: int | None
    derived_from: VersionRow | None

    @property
    def is_national(self) -> bool:
        return self.kind == QuestionnaireItem.Kind.NATIONAL

    def model(self) -> QuestionnaireItem:
        return place_model(self)


def _placed(pk, kind, code, section_id, position, from_set_id, version_id, question_id,
            verification, derived_id, derived_question_id) -> PlacedItem:  # fmt: skip
    version = derived = None
    if version_id is not None:
        version = VersionRow(version_id, 0, question_id, None, verification=verification)
    if derived_id is not None:
        derived = VersionRow(derived_id, 0, derived_question_id, None)
    return PlacedItem(
        pk, kind, code, section_id, position, from_set_id, version, derived_id, derived
    )


@cache
def _placed_rows() -> QuerySet:
    """Every item as a PlacedItem row, in order: built once per process and narrowed to
    one questionnaire per call (a clone), as builder_items does."""
    return QuestionnaireItem.objects.order_by("position", "pk").values_list(
        "pk", "kind", "code", "section_id", "position", "from_set_id",
        "question_version_id", "question_version__question_id",
        "question_version__verification", "derived_from_id", "derived_from__question_id",
    )  # fmt: skip


def _arrangement(questionnaire: Questionnaire) -> Arrangement:
    """[(section_id, [items in order])] in section order: two queries."""
    sections = list(questionnaire.sections.order_by("position", "pk").values_list("pk", flat=True))
    by_section = defaultdict(list)
    for row in _placed_rows().filter(questionnaire_id=questionnaire.pk):
        item = _placed(*row)
        by_section[item.section_id].append(item)
    return [(sid, by_section[sid]) for sid in sections]


def _new_losses(
    questionnaire: Questionnaire, before: Arrangement, after: Arrangement, *, basket=None
) -> list[str]:
    """The comparability reasons `after` adds; `basket`: the basket sets, if read."""
    basket = list(basket_sets_for(questionnaire)) if basket is None else basket
    old = comparability(basket, [i for _, items in before for i in items])
    new = comparability(basket, [i for _, items in after for i in items])
    losses = []
    for set_id, (status, reasons) in new.items():
        if status == NOT_COMPARABLE:
            old_reasons = old[set_id][1]
            losses += [r for r in reasons if r not in old_reasons]
    return losses


def _order_losses(basket, before: Arrangement, after: Arrangement) -> list[str]:
    """The comparability reasons a new order of the same items adds (a move, a reorder):
    what _new_losses gives then, judging only the sets with a locked order. Moving asks,
    adapts or drops no question, so only a locked order can break; judging every set of
    a hundred twice cost a move 3 ms (issue 20)."""
    locked = [b.question_set for b in basket if b.question_set.order_locked]
    if not locked:
        return []
    old_items = [i for _, items in before for i in items]
    new_items = [i for _, items in after for i in items]
    changed = [n for n, (a, b) in enumerate(zip(old_items, new_items, strict=True)) if a.pk != b.pk]
    if not changed:
        return []  # the items keep their order: a move across a section edge
    old, new = _ItemIndex(old_items), _ItemIndex(new_items)
    first, last = changed[0], changed[-1]
    losses = []
    for qset in locked:
        # A set whose questions stand wholly before or after the places that changed, in
        # both orders, keeps its own order and whatever stands between its questions.
        if not (_spans(qset.order, old, first, last) or _spans(qset.order, new, first, last)):
            continue
        was = _order_reasons(qset.order, old)
        losses += [r for r in _order_reasons(qset.order, new) if r not in was]
    return losses


def _spans(order: dict[int, int], judged: _ItemIndex, first: int, last: int) -> bool:
    """Whether the set's questions stand in, or on both sides of, places first..last."""
    places = [n for q in order for n in judged.where.get(q, ())]
    return bool(places) and min(places) <= last and max(places) >= first


# Set statuses, best first. PROVISIONAL: complete and in order, but at least one of its
# national wordings was never verified against the source, so "comparable" is a promise the
# catalogue itself cannot keep yet.
COMPLETE, PROVISIONAL, INCOMPLETE, NOT_COMPARABLE = (
    "complete",
    "provisional",
    "incomplete",
    "not_comparable",
)


STATUS_LABELS = {
    COMPLETE: gettext_lazy("compleet en vergelijkbaar"),
    PROVISIONAL: gettext_lazy(
        "vergelijkbaar onder voorbehoud: landelijke tekst niet gecontroleerd"
    ),
    INCOMPLETE: gettext_lazy("onvolledig"),
    NOT_COMPARABLE: gettext_lazy("niet vergelijkbaar"),
}


STATUS_RANK = {COMPLETE: 0, PROVISIONAL: 1, INCOMPLETE: 2, NOT_COMPARABLE: 3}


# --------------------------------------------------------------------------- item states

# The honest states of one questionnaire item (NOT_COMPARABLE is shared with the sets).
# SHARED: a shared local question used by reference (questionsets/shelf), comparable with
# every municipality asking the same shared version, never with the national figures.
VERIFIED, UNVERIFIED, SHARED = "verified", "unverified", "shared"

ITEM_STATE_LABELS = {
    VERIFIED: gettext_lazy("landelijk, identiek en gecontroleerd"),
    UNVERIFIED: gettext_lazy(
        "landelijk, identiek aan de catalogus; landelijke tekst niet gecontroleerd"
    ),
    NOT_COMPARABLE: gettext_lazy("niet vergelijkbaar"),
    SHARED: gettext_lazy("gelijk aan gedeelde vraag"),
}


def state_label(item: QuestionnaireItem, state: str) -> str:
    """The state's label; a shared item names the municipality that shared it (selected)."""
    if state == SHARED:
        name = item.shared_version.shared_question.municipality.name
        return _("gelijk aan gedeelde vraag van %(name)s") % {"name": name}
    return str(ITEM_STATE_LABELS[state])


def item_state(item: QuestionnaireItem, *, broken_sets: Collection[int] = ()) -> str:
    """How one questionnaire item compares with the national figures.

    * NOT_COMPARABLE: an adapted or local item, or a national item from a set whose
      indivisibility or fixed order this questionnaire breaks (``item.from_set_id`` in
      ``broken_sets``, see :func:`item_states`);
    * VERIFIED: a national item, so word for word its published version, and that version's
      wording was checked word for word against its source (``Verification.VERBATIM``);
    * UNVERIFIED: a national item identical to the catalogue, but the catalogue's wording
      was not verified against the source (any other verification status).

    * SHARED: a shared local question used by reference, identical to every other use of
      the same shared version.

    Reads only the item and its (selected) question version: no queries.
    """
    if item.kind == "shared":
        return SHARED
    if not item.is_national or item.from_set_id in broken_sets:
        return NOT_COMPARABLE
    return VERIFIED if item.question_version.is_verified else UNVERIFIED


def item_states(
    basket: Iterable[BasketSetRow], ordered_items: Sequence[QuestionnaireItem]
) -> dict[int, str]:
    """item pk -> :func:`item_state` for every item, with the sets this order breaks."""
    verdicts = set_verdicts(basket, ordered_items)
    return states_from(verdicts, ordered_items)


def states_from(verdicts: dict[int, SetVerdict], ordered_items) -> dict[int, str]:
    broken = broken_sets(verdicts)
    return {item.pk: item_state(item, broken_sets=broken) for item in ordered_items}


def broken_sets(verdicts: dict[int, SetVerdict]) -> set[int]:
    """The sets whose indivisibility or fixed order is broken: their items are not
    comparable (item_state's `broken_sets`)."""
    return {set_id for set_id, verdict in verdicts.items() if verdict.breaks_items}


# --------------------------------------------------------------------------- set verdicts


def basket_sets_for(questionnaire: Questionnaire) -> list:
    """Basket sets with their set's questions (in set order) and indicators, as plain
    rows (basket_rows): one query without basket sets, two with."""
    return basket_rows(questionnaire.pk)


@dataclass
class SetVerdict:
    status: str
    reasons: list[str]
    #: The set's indivisibility or fixed order is broken, so its items are not comparable
    #: either (an adapted item in a free set only costs that item and the indicator).
    breaks_items: bool = False


class _ItemIndex:
    """What every set is judged against: the items in questionnaire order, indexed once.
    `national` and `adapted` are built when a verdict first needs them: a move's order
    check reads only the places (_order_losses)."""

    def __init__(self, items: Sequence[QuestionnaireItem]):
        self.items = items
        self.question_ids: list[int | None] = [_question_id(i) for i in items]
        self.where: dict[int, list[int]] = defaultdict(list)  # question id -> its places
        for n, question_id in enumerate(self.question_ids):
            if question_id is not None:
                self.where[question_id].append(n)

    @cached_property
    def national(self) -> dict[int, QuestionnaireItem]:
        return {q: i for q, i in zip(self.question_ids, self.items, strict=True) if i.is_national}

    @cached_property
    def adapted(self) -> dict[int, str]:
        return {i.derived_from.question_id: i.code for i in self.items if i.derived_from_id}

    def unverified_codes(self, order: dict[int, int], codes: dict[int, str]) -> list[str]:
        """Codes of the set's questions asked here in a wording not verified in the source."""
        return [
            codes[q]
            for q in order
            if q in self.national and not self.national[q].question_version.is_verified
        ]


def set_verdicts(
    basket: Iterable[BasketSetRow], ordered_items: Sequence[QuestionnaireItem]
) -> dict[int, SetVerdict]:
    """Per basket set (by question set id): its status, the reasons, and whether it breaks
    its items; from the items in questionnaire order. No queries beyond the prefetches."""
    basket = list(basket)
    if not basket:
        return {}  # nothing to judge: no index of the items
    judged = _ItemIndex(ordered_items)
    return {b.question_set_id: _set_verdict(b.question_set, judged) for b in basket}


def comparability(
    basket: Iterable[BasketSetRow], ordered_items: Sequence[QuestionnaireItem]
) -> dict[int, tuple[str, list[str]]]:
    """Per basket set: (status, reasons), from the items in questionnaire order."""
    verdicts = set_verdicts(basket, ordered_items)
    return {set_id: (v.status, v.reasons) for set_id, v in verdicts.items()}


def _set_verdict(qset, judged: _ItemIndex) -> SetVerdict:
    order, codes = qset.order, qset.codes  # question id -> place in the set, code
    reasons = []
    changed = [judged.adapted[q] for q in order if q in judged.adapted]
    if changed:
        reasons.append(_("aangepaste vraag: %(codes)s") % {"codes": ", ".join(changed)})
    missing = [codes[q] for q in order if q not in judged.national and q not in judged.adapted]
    if qset.indivisible and missing:
        reasons.append(
            _("ondeelbare set niet compleet, ontbreekt: %(codes)s") % {"codes": ", ".join(missing)}
        )
    broken = bool(qset.indivisible and (missing or changed))
    if qset.order_locked:
        order_reasons = _order_reasons(order, judged)
        reasons += order_reasons
        broken = broken or bool(order_reasons)
    status = NOT_COMPARABLE if reasons else (INCOMPLETE if missing else COMPLETE)
    if missing and not qset.indivisible:
        reasons.append(_("ontbreekt: %(codes)s") % {"codes": ", ".join(missing)})
    unverified = judged.unverified_codes(order, codes)
    if unverified and status != NOT_COMPARABLE:
        status = PROVISIONAL if status == COMPLETE else status
        reasons.append(_("niet gecontroleerd: %(codes)s") % {"codes": ", ".join(unverified)})
    return SetVerdict(status, reasons, broken)


def _order_reasons(order: dict[int, int], judged: _ItemIndex) -> list[str]:
    """A locked order is broken when the set's national items are out of order, or when
    anything that is not one of its questions stands between its first and last item.
    Looks only at the set's own places and the span between them, not at every item of
    the questionnaire for every set (a hundred sets of 500 items: issue 20)."""
    reasons = []
    ids, items = judged.question_ids, judged.items
    inside = sorted(n for q in order for n in judged.where.get(q, ()))
    positions = [order[ids[n]] for n in inside if items[n].is_national]
    if positions != sorted(positions):
        reasons.append(_("vaste volgorde van de set is gewijzigd"))
    if inside:
        between = range(inside[0], inside[-1] + 1)
        intruders = [items[n].code for n in between if ids[n] not in order]
        if intruders:
            reasons.append(
                _("vaste volgorde van de set onderbroken door %(codes)s")
                % {"codes": ", ".join(intruders)}
            )
    return reasons


@dataclass
class IndicatorRow:
    indicator: IndicatorInfo
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
            elif STATUS_RANK[status] < STATUS_RANK[row.status]:
                row.status, row.reasons = status, reasons
            rows[indicator.pk].sets.append(basket_set.question_set.name_nl)
    return sorted(rows.values(), key=lambda r: r.indicator.code)


def _worse_indicators(questionnaire, before: Arrangement, after: Arrangement):
    """Indicator rows whose status would get worse (complete -> incomplete -> not comparable)."""
    basket = list(basket_sets_for(questionnaire))
    old = _indicator_rows(basket, comparability(basket, [i for _s, items in before for i in items]))
    new = _indicator_rows(basket, comparability(basket, [i for _s, items in after for i in items]))
    rank = {row.indicator.pk: STATUS_RANK[row.status] for row in old}
    return [row for row in new if STATUS_RANK[row.status] > rank[row.indicator.pk]]


def _question_id(item: QuestionnaireItem) -> int | None:
    """The national question an item asks or was adapted from; None for a local item."""
    if item.is_national:
        return item.question_version.question_id
    return item.derived_from.question_id if item.derived_from_id else None
