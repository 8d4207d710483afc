"""Moving items and sections: buttons, drag and drop and the keyboard, with confirmation before a set loses its comparability."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import (
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireSection,
)
from .builder import BuilderRead
from .comparability import Arrangement, _arrangement, _order_losses, basket_sets_for
from .services import ConfirmationRequired, questionnaire_touch


class NotInQuestionnaire(LookupError):
    """The item to move is not one of the questionnaire's: the view answers 404, as for
    any object of another municipality (the move reads the items anyway, so the view
    needs no query of its own to find out)."""


def _move(seq: list, index: int, direction: str) -> bool:
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(seq):
        return False
    seq[index], seq[target] = seq[target], seq[index]
    return True


def move_item_in(arrangement: Arrangement, item_id: int, direction: str) -> Arrangement:
    """Swap with a neighbour; at a section edge, move into the adjacent section."""
    result = [(sid, list(items)) for sid, items in arrangement]
    for s_index, (_sid, items) in enumerate(result):
        ids = [i.pk for i in items]
        if item_id not in ids:
            continue
        index = ids.index(item_id)
        if _move(items, index, direction):
            return result
        neighbour = s_index - 1 if direction == "up" else s_index + 1
        if 0 <= neighbour < len(result):
            item = items.pop(index)
            if direction == "up":
                result[neighbour][1].append(item)
            else:
                result[neighbour][1].insert(0, item)
        return result
    raise NotInQuestionnaire(item_id)


def move_section_in(arrangement: Arrangement, section_id: int, direction: str) -> Arrangement:
    result = list(arrangement)
    ids = [sid for sid, _items in result]
    if section_id not in ids:
        raise ValidationError(_("Dit onderdeel hoort niet bij de vragenlijst."))
    _move(result, ids.index(section_id), direction)
    return result


@transaction.atomic
def questionnaire_move(
    *,
    questionnaire: Questionnaire,
    expected_version: int,
    direction: str,
    item_id: int | None = None,
    section_id: int | None = None,
    confirmed: bool = False,
    read: BuilderRead | None = None,
) -> list[str]:
    """Move one item or section a step up or down (the keyboard controls). With `read`,
    the move reads what the builder shows into it and leaves it in the new order, for the
    fragment that follows."""
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    before = _arrangement(questionnaire) if read is None else read.load(questionnaire).arrangement()
    if item_id is not None:
        after = move_item_in(before, item_id, direction)
    else:
        after = move_section_in(before, section_id, direction)
    basket = None if read is None else read.basket
    losses = _save_arrangement(questionnaire, before, after, confirmed, basket=basket)
    if read is not None:
        read.order = after
    return losses


@transaction.atomic
def questionnaire_reorder(
    *,
    questionnaire: Questionnaire,
    expected_version: int,
    order: Sequence[tuple[int, Sequence[int]]],
    confirmed: bool = False,
) -> list[str]:
    """Save a complete new order: [(section_id, [item_id, ...]), ...] (drag and drop).

    The input must name every section and every item of the questionnaire exactly once
    (zulip check_reorder_linkifiers); positions are written with two bulk_updates.
    """
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    before = _arrangement(questionnaire)
    items = {i.pk: i for _sid, section_items in before for i in section_items}
    section_ids = [sid for sid, _items in order]
    item_ids = [iid for _sid, ids in order for iid in ids]
    if sorted(section_ids) != sorted(sid for sid, _i in before) or sorted(item_ids) != sorted(
        items
    ):
        raise ValidationError(_("De nieuwe volgorde past niet bij de vragenlijst."))
    after = [(sid, [items[iid] for iid in ids]) for sid, ids in order]
    return _save_arrangement(questionnaire, before, after, confirmed)


def _is_swap(moved: list[tuple]) -> bool:
    """Whether the only change is two items of one section trading places."""
    if len(moved) != 2:
        return False
    (a, a_sid, a_pos), (b, b_sid, b_pos) = moved
    same_section = a.section_id == b.section_id == a_sid == b_sid
    return same_section and (a_pos, b_pos) == (b.position, a.position)


def _save_arrangement(
    questionnaire: Questionnaire,
    before: Arrangement,
    after: Arrangement,
    confirmed: bool,
    basket: list | None = None,
) -> list[str]:
    basket = basket_sets_for(questionnaire) if basket is None else basket
    losses = _order_losses(basket, before, after)
    if losses and not confirmed:
        raise ConfirmationRequired(losses)
    # Only rows whose place changed are written: a keyboard move touches two items.
    old_sections = {sid: pos for pos, (sid, _items) in enumerate(before, 1)}
    sections = [
        QuestionnaireSection(pk=sid, position=pos)
        for pos, (sid, _items) in enumerate(after, 1)
        if old_sections[sid] != pos
    ]
    QuestionnaireSection.objects.bulk_update(sections, ["position"])
    moved = [
        (item, sid, pos)
        for sid, items in after
        for pos, item in enumerate(items, start=1)
        if (item.section_id, item.position) != (sid, pos)
    ]
    swap = _is_swap(moved)
    for item, sid, pos in moved:
        item.section_id, item.position = sid, pos
    if swap:
        # A keyboard move within a section swaps two neighbours: one UPDATE gives each the
        # other's place (the sum of both places minus its own), built in a third of the
        # time of bulk_update's CASE expressions (issue 20).
        (a, _sid, a_pos), (b, _sid, b_pos) = moved
        QuestionnaireItem.objects.filter(pk__in=[a.pk, b.pk]).update(
            position=a_pos + b_pos - F("position")
        )
    else:
        QuestionnaireItem.objects.bulk_update(
            [item.model() for item, _sid, _pos in moved], ["section", "position"]
        )
    return losses
