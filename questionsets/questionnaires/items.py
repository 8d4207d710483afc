"""Local items, adapted national items, removal and version upgrades of single items."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    CHOICE_TYPES,
    AnswerScale,
    LocalOption,
    LocalScale,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireSection,
    QuestionnaireSet,
    QuestionSetItem,
)
from .comparability import Arrangement, _arrangement, _new_losses, _question_id
from .services import (
    ConfirmationRequired,
    _next_position,
    local_code_error,
    questionnaire_touch,
)


@dataclass
class NewScale:
    name: str
    options: list[tuple[int, str]]
    #: Codes that are no real answer ("weet niet"): left out of estimates, missing on export.
    missing_codes: frozenset[int] = frozenset()


def _create_local_scale(questionnaire: Questionnaire, new_scale: NewScale) -> LocalScale:
    scale = LocalScale(questionnaire=questionnaire, name=new_scale.name)
    scale.full_clean()
    scale.save()
    LocalOption.objects.bulk_create(
        LocalOption(
            scale=scale,
            position=i,
            code=code,
            label_nl=label,
            is_missing=code in new_scale.missing_codes,
        )
        for i, (code, label) in enumerate(new_scale.options, start=1)
    )
    return scale


def _apply_local_fields(item: QuestionnaireItem, data: dict, new_scale: NewScale | None) -> None:
    for name in ("code", "wording", "instruction", "answer_type"):
        setattr(item, name, data[name])
    item.scale = None
    item.local_scale = None
    if item.answer_type in CHOICE_TYPES:
        if new_scale is not None:
            item.local_scale = _create_local_scale(item.questionnaire, new_scale)
        elif isinstance(data.get("scale"), AnswerScale):
            item.scale = data["scale"]
        elif isinstance(data.get("scale"), LocalScale):
            item.local_scale = data["scale"]


def _check_local_code(item: QuestionnaireItem) -> None:
    error = local_code_error(
        questionnaire=item.questionnaire, code=item.code, exclude_item_id=item.pk
    )
    if error:
        raise ValidationError({"code": error})


@transaction.atomic
def questionnaire_add_local_item(
    *,
    questionnaire: Questionnaire,
    section: QuestionnaireSection,
    data: dict,
    expected_version: int,
    new_scale: NewScale | None = None,
) -> QuestionnaireItem:
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    item = QuestionnaireItem(
        questionnaire=questionnaire,
        section=section,
        position=_next_position(section.items.all()),
        kind=QuestionnaireItem.Kind.LOCAL,
    )
    _apply_local_fields(item, data, new_scale)
    _check_local_code(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def questionnaire_update_local_item(
    *, item: QuestionnaireItem, data: dict, expected_version: int, new_scale: NewScale | None = None
) -> QuestionnaireItem:
    if item.is_national:
        raise ValidationError(_("Een landelijke vraag kan niet worden bewerkt; pas hem aan."))
    if item.is_shared:
        raise ValidationError(
            _("Een gedeelde vraag wordt niet bewerkt; zij blijft gelijk aan haar gedeelde versie.")
        )
    questionnaire_touch(questionnaire=item.questionnaire, expected_version=expected_version)
    _apply_local_fields(item, data, new_scale)
    section = data.get("section")
    if section is not None and section.pk != item.section_id:
        if section.questionnaire_id != item.questionnaire_id:
            raise ValidationError(_("Dit onderdeel hoort niet bij de vragenlijst."))
        item.section = section
        item.position = _next_position(section.items.all())
    _check_local_code(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def questionnaire_adapt_item(
    *, item: QuestionnaireItem, data: dict, expected_version: int
) -> QuestionnaireItem:
    """Turn a national item into a local copy that remembers its origin; not comparable."""
    if not item.is_national:
        raise ValidationError(_("Alleen een landelijke vraag kan worden aangepast."))
    questionnaire_touch(questionnaire=item.questionnaire, expected_version=expected_version)
    version = item.question_version
    item.kind = QuestionnaireItem.Kind.ADAPTED
    item.derived_from = version
    item.question_version = None
    item.declined_version = None
    item.code = data["code"]
    item.wording = data["wording"]
    item.instruction = data["instruction"]
    item.answer_type = version.answer_type
    item.scale = version.scale
    item.not_comparable_reason = _("Aangepast van landelijke vraag %(code)s versie %(number)s.") % {
        "code": version.question.code,
        "number": version.number,
    }
    _check_local_code(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def questionnaire_remove_item(
    *, item: QuestionnaireItem, expected_version: int, confirmed: bool = False
) -> list[str]:
    """Remove one item. Returns the comparability losses the user confirmed (if any)."""
    questionnaire = item.questionnaire
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    arrangement = _arrangement(questionnaire)
    after = [(sid, [i for i in items if i.pk != item.pk]) for sid, items in arrangement]
    losses = _new_losses(questionnaire, arrangement, after)
    if losses and not confirmed:
        raise ConfirmationRequired(losses)
    item.delete()
    return losses


@transaction.atomic
def questionnaire_upgrade_item(*, item: QuestionnaireItem, expected_version: int) -> None:
    """Point a national item at the newest published version of its question."""
    questionnaire_touch(questionnaire=item.questionnaire, expected_version=expected_version)
    latest = item.question_version.question.latest_version()
    item.question_version = latest
    item.declined_version = None
    item.save(update_fields=["question_version", "declined_version"])


@transaction.atomic
def questionnaire_keep_version(*, item: QuestionnaireItem, expected_version: int) -> None:
    """Keep the current version on purpose; the notice returns for an even newer one."""
    questionnaire_touch(questionnaire=item.questionnaire, expected_version=expected_version)
    item.declined_version = item.question_version.question.latest_version()
    item.save(update_fields=["declined_version"])


@transaction.atomic
def questionnaire_restore_item(
    *, basket_set: QuestionnaireSet, set_item_id: int | None, expected_version: int
) -> QuestionnaireItem:
    """Put a question of a basket set that was removed back in its place: after the set's
    question before it (in the national set order) that is still present, else before
    the first one after it, else at the end of the questionnaire."""
    questionnaire = basket_set.questionnaire
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    set_items = list(
        basket_set.question_set.items.select_related("question_version__question").order_by(
            "position"
        )
    )
    index = next((n for n, s in enumerate(set_items) if s.pk == set_item_id), None)
    if index is None:
        raise ValidationError(_("Deze vraag hoort niet bij deze vragenset."))
    version = set_items[index].question_version
    if version.question.is_retired:
        raise ValidationError(
            _("Vraag %(code)s is vervallen en kan niet opnieuw worden toegevoegd.")
            % {"code": version.question.code}
        )
    arrangement = _arrangement(questionnaire)
    if any(_question_id(i) == version.question_id for _sid, its in arrangement for i in its):
        raise ValidationError(
            _("Vraag %(code)s staat al in de vragenlijst.") % {"code": version.question.code}
        )
    item = QuestionnaireItem(
        questionnaire=questionnaire,
        kind=QuestionnaireItem.Kind.NATIONAL,
        code=version.question.code,
        question_version=version,
        from_set=basket_set.question_set,
    )
    section_id, siblings = _restore_place(arrangement, set_items, index, item)
    item.section_id = section_id
    _renumber(siblings, new=item)
    return item


def _restore_place(arrangement: Arrangement, set_items: list[QuestionSetItem], index, item):
    """(section id, its items with `item` inserted) for a restored set question."""
    where = {_question_id(i): (sid, its, n) for sid, its in arrangement for n, i in enumerate(its)}
    earlier = [s.question_version.question_id for s in reversed(set_items[:index])]
    later = [s.question_version.question_id for s in set_items[index + 1 :]]
    for question_ids, offset in ((earlier, 1), (later, 0)):
        for question_id in question_ids:
            if question_id in where:
                sid, its, n = where[question_id]
                return sid, [*its[: n + offset], item, *its[n + offset :]]
    sid, its = arrangement[-1]
    return sid, [*its, item]


def _renumber(siblings: list, *, new: QuestionnaireItem) -> None:
    """Positions 1..n for one section's items; saves the new item, updates moved ones."""
    changed = []
    for position, sibling in enumerate(siblings, start=1):
        if sibling is new:
            new.position = position
        elif sibling.position != position:
            sibling.position = position
            changed.append(sibling.model())
    QuestionnaireItem.objects.bulk_update(changed, ["position"])
    new.full_clean()
    new.save()
