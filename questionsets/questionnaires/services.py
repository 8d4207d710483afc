"""The basket: multi-model writes on municipal questionnaires, and the builder's read model.

Every write starts with `questionnaire_touch`, an atomic
`UPDATE ... SET lock_version = lock_version + 1 WHERE lock_version = n`: of two edits
based on the same version exactly one wins, on SQLite and on PostgreSQL alike (the
second UPDATE waits for the first transaction's row lock and then matches no row).
Changes that would cost an indicator its comparability raise ConfirmationRequired
unless the caller passes confirmed=True: never silent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    LocalOption,
    LocalScale,
    Question,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireSection,
    QuestionnaireSet,
    QuestionSet,
)
from .basket_rows import IndicatorInfo
from .comparability import (
    Arrangement,
    IndicatorRow,
    _arrangement,
    _question_id,
    _worse_indicators,
    basket_sets_for,
)

STALE_MESSAGE = gettext_lazy(
    "Iemand anders heeft deze vragenlijst intussen gewijzigd. Uw wijziging is niet "
    "opgeslagen; hieronder ziet u de huidige stand. Probeer het zo nodig opnieuw."
)
LOCAL_CODE_PREFIX = "lok"


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
            LocalOption(
                scale=new,
                position=o.position,
                code=o.code,
                label_nl=o.label_nl,
                is_missing=o.is_missing,
            )
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
    questionnaire (those are not asked twice). Retired questions of the set are left out
    (they cannot be newly added); their codes are on ``section.retired_codes``.
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
    section.retired_codes = []
    for set_item in set_items:
        version = set_item.question_version
        if version.question.is_retired:
            section.retired_codes.append(version.question.code)
            continue
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
    leaving: list[IndicatorInfo] = field(default_factory=list)  # no longer measured at all
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
    QuestionnaireItem.objects.bulk_update([i.model() for i in staying], ["from_set"])
    QuestionnaireItem.objects.filter(pk__in=[i.pk for i in going]).delete()
    QuestionnaireSection.objects.filter(pk__in=[s.pk for s in emptied]).delete()
    basket_set.delete()
    return impact


def _set_keeping_each_question(others: list[QuestionnaireSet]) -> dict[int, int]:
    """question_id -> the question set (of the other basket sets) that also asks it."""
    keeper: dict[int, int] = {}
    for other in others:
        for set_item in other.question_set.items.all():
            keeper.setdefault(set_item.question_version.question_id, other.question_set_id)
    return keeper


def _indicators_leaving(basket_set, basket, others) -> list[IndicatorInfo]:
    remaining = {ind.pk for b in others for ind in b.question_set.indicators.all()}
    mine = next(b for b in basket if b.pk == basket_set.pk).question_set.indicators.all()
    return sorted((i for i in mine if i.pk not in remaining), key=lambda i: i.code)


def _emptied_sections(questionnaire, before: Arrangement, going: set[int]):
    """Sections that had questions and would have none left; never every section."""
    emptied = [sid for sid, items in before if items and all(i.pk in going for i in items)]
    if len(emptied) == len(before):
        emptied = emptied[1:]
    return list(questionnaire.sections.filter(pk__in=emptied).order_by("position", "pk"))


# --------------------------------------------------------------------------- local items


# --------------------------------------------------------------------------- remove, versions


# --------------------------------------------------------------------------- order


# --------------------------------------------------------------------------- comparability


# --------------------------------------------------------------------------- builder read model
