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
)
from .comparability import _arrangement, _new_losses
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
    questionnaire_touch(questionnaire=item.questionnaire, expected_version=expected_version)
    _apply_local_fields(item, data, new_scale)
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
