"""The basket: multi-model writes on municipal questionnaires, and the builder's read model.

Every write starts with `questionnaire_touch`, an atomic
`UPDATE ... SET lock_version = lock_version + 1 WHERE lock_version = n`: of two edits
based on the same version exactly one wins, on SQLite and on PostgreSQL alike (the
second UPDATE waits for the first transaction's row lock and then matches no row).
Changes that would cost an indicator its comparability raise ConfirmationRequired
unless the caller passes confirmed=True: never silent.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    CHOICE_TYPES,
    AnswerScale,
    AnswerType,
    Indicator,
    LocalOption,
    LocalScale,
    Question,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireSection,
    QuestionnaireSet,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
)

STALE_MESSAGE = gettext_lazy(
    "Iemand anders heeft deze vragenlijst intussen gewijzigd. Uw wijziging is niet "
    "opgeslagen; hieronder ziet u de huidige stand. Probeer het zo nodig opnieuw."
)
LOCAL_CODE_PREFIX = "lok"

# Interview-length assumptions, shown on the builder page.
SECONDS_PER_ANSWER_TYPE = {
    AnswerType.SINGLE: 5,
    AnswerType.MULTIPLE: 8,
    AnswerType.NUMERIC: 8,
    AnswerType.TEXT: 30,
}
SECONDS_PER_OPTION = 1.5


class StaleQuestionnaire(ValidationError):
    """The form was based on an older lock_version than the stored one."""

    def __init__(self):
        super().__init__(STALE_MESSAGE, code="stale")


class ConfirmationRequired(Exception):
    """The change breaks comparability; the user has to confirm it knowingly."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class DeletionNeedsConfirmation(Exception):
    """A removal takes questions out of the questionnaire; the user confirms it knowingly.

    Not a comparability break in itself: `impact` says what goes, and which indicators
    become incomplete or not comparable (those are the comparability losses, if any).
    """

    def __init__(self, impact: DeletionImpact):
        super().__init__(", ".join(impact.codes))
        self.impact = impact


# --------------------------------------------------------------------------- locking


def questionnaire_touch(*, questionnaire: Questionnaire, expected_version: int) -> None:
    """Claim the next lock_version or raise StaleQuestionnaire. Call inside the transaction."""
    updated = Questionnaire.objects.filter(
        pk=questionnaire.pk, lock_version=expected_version
    ).update(lock_version=F("lock_version") + 1, updated_at=timezone.now())
    if updated != 1:
        raise StaleQuestionnaire()
    questionnaire.lock_version = expected_version + 1


# --------------------------------------------------------------------------- local codes


def national_code_taken(code: str) -> bool:
    return Question.objects.filter(code=code).exists()


def local_code_error(
    *, questionnaire: Questionnaire, code: str, exclude_item_id: int | None = None
) -> str | None:
    """Why `code` cannot be a local code in this questionnaire, or None."""
    if national_code_taken(code):
        return _(
            "De code %(code)s is een landelijke vraagcode; lokale vragen krijgen een eigen code."
        ) % {"code": code}
    if not code.startswith(LOCAL_CODE_PREFIX):
        # National codes never start with the prefix (a database constraint), so a local
        # code that does can never collide with a national question, not even a future one.
        return _(
            "Een lokale code begint met '%(prefix)s', bijvoorbeeld %(prefix)s%(code)s; zo botst "
            "hij nooit met een landelijke vraagcode."
        ) % {"prefix": LOCAL_CODE_PREFIX, "code": code[: 20 - len(LOCAL_CODE_PREFIX)]}
    clash = questionnaire.items.filter(code=code).exclude(pk=exclude_item_id)
    if clash.exists():
        return _("De code %(code)s wordt al gebruikt in deze vragenlijst.") % {"code": code}
    return None


def next_local_code(questionnaire: Questionnaire) -> str:
    """The first lokN that is free in the questionnaire (national codes never start so)."""
    taken = set(
        questionnaire.items.filter(code__startswith=LOCAL_CODE_PREFIX).values_list(
            "code", flat=True
        )
    )
    n = 1
    while f"{LOCAL_CODE_PREFIX}{n}" in taken:
        n += 1
    return f"{LOCAL_CODE_PREFIX}{n}"


# --------------------------------------------------------------------------- questionnaires


@transaction.atomic
def questionnaire_create(
    *,
    municipality,
    title: str,
    year: int,
    description: str = "",
    local_time_budget_minutes: int = 5,
    user=None,
) -> Questionnaire:
    questionnaire = Questionnaire(
        municipality=municipality,
        title=title,
        year=year,
        description=description,
        local_time_budget_minutes=local_time_budget_minutes,
        created_by=user,
    )
    questionnaire.full_clean()
    questionnaire.save()
    section = QuestionnaireSection(questionnaire=questionnaire, position=1, title=_("Algemeen"))
    section.full_clean()
    section.save()
    return questionnaire


@transaction.atomic
def questionnaire_copy(*, source: Questionnaire, title: str, year: int, user=None) -> Questionnaire:
    """Copy sections, items (same versions), local scales and basket sets into a new year."""
    copy = Questionnaire(
        municipality=source.municipality,
        title=title,
        year=year,
        description=source.description,
        local_time_budget_minutes=source.local_time_budget_minutes,
        created_by=user,
    )
    copy.full_clean()
    copy.save()
    scale_map = _copy_local_scales(source, copy)
    section_map = {}
    for section in source.sections.all():
        section_map[section.pk] = QuestionnaireSection.objects.create(
            questionnaire=copy, position=section.position, title=section.title
        )
    items = []
    for item in QuestionnaireItem.objects.filter(questionnaire=source):
        item.pk = None
        item.questionnaire = copy
        item.section = section_map[item.section_id]
        item.local_scale = scale_map.get(item.local_scale_id)
        items.append(item)
    QuestionnaireItem.objects.bulk_create(items)
    QuestionnaireSet.objects.bulk_create(
        QuestionnaireSet(questionnaire=copy, question_set_id=b.question_set_id)
        for b in source.basket_sets.all()
    )
    return copy


def _copy_local_scales(source: Questionnaire, copy: Questionnaire) -> dict[int, LocalScale]:
    scale_map = {}
    for scale in source.local_scales.prefetch_related("options"):
        new = LocalScale.objects.create(questionnaire=copy, name=scale.name)
        LocalOption.objects.bulk_create(
            LocalOption(scale=new, position=o.position, code=o.code, label_nl=o.label_nl)
            for o in scale.options.all()
        )
        scale_map[scale.pk] = new
    return scale_map


@transaction.atomic
def questionnaire_archive(*, questionnaire: Questionnaire, expected_version: int) -> None:
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    questionnaire.status = Questionnaire.Status.ARCHIVED
    questionnaire.save(update_fields=["status"])


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, data: dict, expected_version: int):
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    for name, value in data.items():
        setattr(questionnaire, name, value)
    questionnaire.full_clean()
    questionnaire.save(update_fields=[*data, "updated_at"])


# --------------------------------------------------------------------------- sets and sections


@transaction.atomic
def questionnaire_add_set(
    *, questionnaire: Questionnaire, question_set: QuestionSet, expected_version: int
) -> tuple[QuestionnaireSection, list[str]]:
    """Add a published set whole, in its own order, as a new section.

    Returns the new section and the codes of questions that were already in the
    questionnaire (those are not asked twice).
    """
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    if question_set.status != QuestionSet.Status.PUBLISHED:
        raise ValidationError(_("Alleen gepubliceerde vragensets kunnen worden toegevoegd."))
    if questionnaire.basket_sets.filter(question_set=question_set).exists():
        raise ValidationError(
            _("De vragenset %(name)s staat al in deze vragenlijst.") % {"name": question_set}
        )
    QuestionnaireSet.objects.create(questionnaire=questionnaire, question_set=question_set)
    section = QuestionnaireSection.objects.create(
        questionnaire=questionnaire,
        position=_next_position(questionnaire.sections.all()),
        title=question_set.name_nl,
    )
    present = set(questionnaire.items.values_list("code", flat=True))
    set_items = question_set.items.select_related("question_version__question").order_by("position")
    new, skipped = [], []
    for set_item in set_items:
        version = set_item.question_version
        if version.question.code in present:
            skipped.append(version.question.code)
            continue
        new.append(
            QuestionnaireItem(
                questionnaire=questionnaire,
                section=section,
                position=len(new) + 1,
                kind=QuestionnaireItem.Kind.NATIONAL,
                code=version.question.code,
                question_version=version,
                from_set=question_set,
            )
        )
    QuestionnaireItem.objects.bulk_create(new)
    return section, skipped


@transaction.atomic
def questionnaire_add_section(
    *, questionnaire: Questionnaire, title: str, expected_version: int
) -> QuestionnaireSection:
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    section = QuestionnaireSection(
        questionnaire=questionnaire,
        title=title,
        position=_next_position(questionnaire.sections.all()),
    )
    section.full_clean()
    section.save()
    return section


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def questionnaire_rename_section(
    *, section: QuestionnaireSection, title: str, expected_version: int
) -> QuestionnaireSection:
    questionnaire_touch(questionnaire=section.questionnaire, expected_version=expected_version)
    section.title = title
    section.full_clean()
    section.save(update_fields=["title"])
    return section


def section_neighbour(section: QuestionnaireSection) -> QuestionnaireSection | None:
    """The section before this one (else the one after): where the user lands after it goes."""
    others = section.questionnaire.sections.exclude(pk=section.pk)
    before = others.filter(position__lte=section.position).order_by("-position", "-pk").first()
    return before or others.order_by("position", "pk").first()


@dataclass
class DeletionImpact:
    """What a removal does, for its confirmation and for the message afterwards."""

    codes: list[str]  # the questions that go, in questionnaire order
    worse: list[IndicatorRow] = field(default_factory=list)  # now incomplete/not comparable
    leaving: list[Indicator] = field(default_factory=list)  # no longer measured at all
    kept: list[str] = field(default_factory=list)  # stay: another set in the basket has them
    sections: list[str] = field(default_factory=list)  # titles of sections that become empty


@transaction.atomic
def questionnaire_delete_section(
    *, section: QuestionnaireSection, expected_version: int, confirmed: bool = False
) -> DeletionImpact:
    """Delete a section. With questions in it, only after confirmation: they go with it."""
    questionnaire = section.questionnaire
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    before = _arrangement(questionnaire)
    if len(before) == 1:
        raise ValidationError(_("Een vragenlijst houdt minstens één onderdeel."))
    after = [(sid, items) for sid, items in before if sid != section.pk]
    removed = next(items for sid, items in before if sid == section.pk)
    impact = DeletionImpact(codes=[i.code for i in removed])
    if removed:
        impact.worse = _worse_indicators(questionnaire, before, after)
        if not confirmed:
            raise DeletionNeedsConfirmation(impact)
    QuestionnaireItem.objects.filter(section=section).delete()
    section.delete()
    return impact


@transaction.atomic
def questionnaire_remove_set(
    *, basket_set: QuestionnaireSet, expected_version: int, confirmed: bool = False
) -> DeletionImpact:
    """Take a whole set out of the basket: its questions, its row, sections left empty.

    Not a comparability break: the set's indicators leave the basket. A question that
    another set in the basket also asks stays (and counts for that set from now on), so
    no other set loses anything. Always asks first: removing is destructive.
    """
    questionnaire = basket_set.questionnaire
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    before = _arrangement(questionnaire)
    basket = list(basket_sets_for(questionnaire))
    others = [b for b in basket if b.pk != basket_set.pk]
    keeper = _set_keeping_each_question(others)
    going, staying = [], []
    for _sid, items in before:
        for item in items:
            if item.from_set_id == basket_set.question_set_id:
                (staying if _question_id(item) in keeper else going).append(item)
    emptied = _emptied_sections(questionnaire, before, {i.pk for i in going})
    impact = DeletionImpact(
        codes=[i.code for i in going],
        leaving=_indicators_leaving(basket_set, basket, others),
        kept=[i.code for i in staying],
        sections=[s.title for s in emptied],
    )
    if not confirmed:
        raise DeletionNeedsConfirmation(impact)
    for item in staying:
        item.from_set_id = keeper[_question_id(item)]
    QuestionnaireItem.objects.bulk_update(staying, ["from_set"])
    QuestionnaireItem.objects.filter(pk__in=[i.pk for i in going]).delete()
    QuestionnaireSection.objects.filter(pk__in=[s.pk for s in emptied]).delete()
    basket_set.delete()
    return impact


def _question_id(item: QuestionnaireItem) -> int:
    version = item.question_version if item.is_national else item.derived_from
    return version.question_id


def _set_keeping_each_question(others: list[QuestionnaireSet]) -> dict[int, int]:
    """question_id -> the question set (of the other basket sets) that also asks it."""
    keeper: dict[int, int] = {}
    for other in others:
        for set_item in other.question_set.items.all():
            keeper.setdefault(set_item.question_version.question_id, other.question_set_id)
    return keeper


def _indicators_leaving(basket_set, basket, others) -> list[Indicator]:
    remaining = {ind.pk for b in others for ind in b.question_set.indicators.all()}
    mine = next(b for b in basket if b.pk == basket_set.pk).question_set.indicators.all()
    return sorted((i for i in mine if i.pk not in remaining), key=lambda i: i.code)


def _emptied_sections(questionnaire, before: Arrangement, going: set[int]):
    """Sections that had questions and would have none left; never every section."""
    emptied = [sid for sid, items in before if items and all(i.pk in going for i in items)]
    if len(emptied) == len(before):
        emptied = emptied[1:]
    return list(questionnaire.sections.filter(pk__in=emptied).order_by("position", "pk"))


def _worse_indicators(questionnaire, before: Arrangement, after: Arrangement):
    """Indicator rows whose status would get worse (complete -> incomplete -> not comparable)."""
    basket = list(basket_sets_for(questionnaire))
    old = _indicator_rows(basket, comparability(basket, [i for _s, items in before for i in items]))
    new = _indicator_rows(basket, comparability(basket, [i for _s, items in after for i in items]))
    rank = {row.indicator.pk: _STATUS_RANK[row.status] for row in old}
    return [row for row in new if _STATUS_RANK[row.status] > rank[row.indicator.pk]]


# --------------------------------------------------------------------------- local items


@dataclass
class NewScale:
    name: str
    options: list[tuple[int, str]]


def _create_local_scale(questionnaire: Questionnaire, new_scale: NewScale) -> LocalScale:
    scale = LocalScale(questionnaire=questionnaire, name=new_scale.name)
    scale.full_clean()
    scale.save()
    LocalOption.objects.bulk_create(
        LocalOption(scale=scale, position=i, code=code, label_nl=label)
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


# --------------------------------------------------------------------------- remove, versions


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


# --------------------------------------------------------------------------- order


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
    raise ValidationError(_("Deze vraag staat niet in de vragenlijst."))


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
) -> list[str]:
    """Move one item or section a step up or down (the keyboard controls)."""
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    before = _arrangement(questionnaire)
    if item_id is not None:
        after = move_item_in(before, item_id, direction)
    else:
        after = move_section_in(before, section_id, direction)
    return _save_arrangement(questionnaire, before, after, confirmed)


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


def _save_arrangement(
    questionnaire: Questionnaire, before: Arrangement, after: Arrangement, confirmed: bool
) -> list[str]:
    losses = _new_losses(questionnaire, before, after)
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
    changed = []
    for sid, items in after:
        for pos, item in enumerate(items, start=1):
            if (item.section_id, item.position) != (sid, pos):
                item.section_id, item.position = sid, pos
                changed.append(item)
    QuestionnaireItem.objects.bulk_update(changed, ["section", "position"])
    return losses


# --------------------------------------------------------------------------- comparability

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


# --------------------------------------------------------------------------- builder read model


@dataclass
class IndicatorRow:
    indicator: Indicator
    status: str
    reasons: list[str]
    sets: list[str]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class VersionNotice:
    latest: QuestionVersion
    diff: list[tuple[str, str]]  # (op, text) with op in "equal", "delete", "insert"
    scale_changed: bool


@dataclass
class SectionRow:
    section: QuestionnaireSection
    items: list[QuestionnaireItem] = field(default_factory=list)


@dataclass
class Builder:
    questionnaire: Questionnaire
    sections: list[SectionRow]
    basket: list[tuple[QuestionnaireSet, str, list[str]]]
    indicators: list[IndicatorRow]
    counts: dict[str, int]
    seconds_total: int
    seconds_local: int
    notices: dict[int, VersionNotice]

    @property
    def budget_seconds(self) -> int:
        return self.questionnaire.local_time_budget_minutes * 60

    @property
    def over_budget(self) -> bool:
        return self.seconds_local > self.budget_seconds

    @property
    def item_count(self) -> int:
        return sum(self.counts.values())

    @property
    def total_display(self) -> str:
        return format_duration(self.seconds_total)

    @property
    def local_display(self) -> str:
        return format_duration(self.seconds_local)

    @property
    def assumptions(self) -> list[tuple[str, int]]:
        return [(AnswerType(k).label, v) for k, v in SECONDS_PER_ANSWER_TYPE.items()]

    @property
    def seconds_per_option(self) -> float:
        return SECONDS_PER_OPTION


def format_duration(seconds: int) -> str:
    minutes, rest = divmod(int(seconds), 60)
    if not minutes:
        return _("%(s)d s") % {"s": rest}
    return _("%(m)d min %(s)d s") % {"m": minutes, "s": rest}


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace"):
            out.append(("equal" if op == "equal" else "delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("insert", " ".join(b[j1:j2])))
    return out


def item_seconds(item: QuestionnaireItem) -> float:
    answer_type = item.display_answer_type()
    return SECONDS_PER_ANSWER_TYPE.get(answer_type, 5) + SECONDS_PER_OPTION * len(
        item.display_options()
    )


def questionnaire_builder(questionnaire: Questionnaire) -> Builder:
    """The builder page's data in a fixed number of queries, whatever the number of items."""
    sections = [SectionRow(s) for s in questionnaire.sections.order_by("position", "pk")]
    by_id = {row.section.pk: row for row in sections}
    items = list(questionnaire.items.for_builder().order_by("position", "pk"))
    for item in items:
        by_id[item.section_id].items.append(item)
    ordered = [i for row in sections for i in row.items]
    basket = list(basket_sets_for(questionnaire))
    statuses = comparability(basket, ordered)
    counts = {kind: 0 for kind in QuestionnaireItem.Kind.values}
    for item in ordered:
        counts[item.kind] += 1
    local = [i for i in ordered if not i.is_national]
    notices = _version_notices(ordered)
    for item in ordered:
        item.notice = notices.get(item.pk)
    return Builder(
        questionnaire=questionnaire,
        sections=sections,
        basket=[(b, *statuses[b.question_set_id]) for b in basket],
        indicators=_indicator_rows(basket, statuses),
        counts=counts,
        seconds_total=round(sum(item_seconds(i) for i in ordered)),
        seconds_local=round(sum(item_seconds(i) for i in local)),
        notices=notices,
    )


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


def _version_notices(items: list[QuestionnaireItem]) -> dict[int, VersionNotice]:
    outdated = [
        i
        for i in items
        if i.is_national
        and i.latest_version_id != i.question_version_id
        and i.latest_version_id != i.declined_version_id
    ]
    if not outdated:
        return {}
    latest = QuestionVersion.objects.select_related("scale").in_bulk(
        [i.latest_version_id for i in outdated]
    )
    notices = {}
    for item in outdated:
        new = latest[item.latest_version_id]
        old = item.question_version
        notices[item.pk] = VersionNotice(
            latest=new,
            diff=word_diff(old.wording_nl, new.wording_nl),
            scale_changed=(old.scale_id, old.answer_type, old.instruction_nl)
            != (new.scale_id, new.answer_type, new.instruction_nl),
        )
    return notices
