"""The builder page's read model: sections, items, indicator rows, version notices and interview length."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _

from ..models import (
    AnswerType,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireSection,
    QuestionnaireSet,
    QuestionSetItem,
    QuestionVersion,
)
from ..reads import OneIdRead
from .builder_items import BuilderItem, builder_items
from .comparability import (
    ITEM_STATE_LABELS,
    NOT_COMPARABLE,
    SHARED,
    STATUS_LABELS,
    UNVERIFIED,
    VERIFIED,
    IndicatorRow,
    _indicator_rows,
    _question_id,
    basket_sets_for,
    broken_sets,
    item_state,
    set_verdicts,
    state_label,
)

# Interview-length assumptions, shown on the builder page.
SECONDS_PER_ANSWER_TYPE = {
    AnswerType.SINGLE: 5,
    AnswerType.MULTIPLE: 8,
    AnswerType.NUMERIC: 8,
    AnswerType.TEXT: 30,
}


SECONDS_PER_OPTION = 1.5


@dataclass
class VersionNotice:
    latest: QuestionVersion
    diff: list[tuple[str, str]]  # (op, text) with op in "equal", "delete", "insert"
    scale_changed: bool


@dataclass(eq=False, slots=True)
class SectionInfo:
    """A section as the builder shows it (a hundred for a questionnaire of a hundred sets:
    plain rows, not model instances)."""

    pk: int
    title: str


@dataclass
class SectionRow:
    section: SectionInfo
    items: list[BuilderItem] = field(default_factory=list)


class BasketRow(NamedTuple):
    basket_set: QuestionnaireSet
    status: str
    reasons: list[str]
    missing: list[QuestionSetItem]  # the set's questions that were removed: "Terugzetten"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Builder:
    questionnaire: Questionnaire
    sections: list[SectionRow]
    basket: list[BasketRow]
    indicators: list[IndicatorRow]
    counts: dict[str, int]  # items per kind
    states: dict[str, int]  # national items per state (verified, unverified, not comparable)
    seconds_total: int
    seconds_local: int
    notices: dict[int, VersionNotice]

    @property
    def state_counts(self) -> list[tuple[str, str, int]]:
        """(state, label, national items in that state); "not comparable" only when any."""
        return [
            (state, ITEM_STATE_LABELS[state], count)
            for state, count in self.states.items()
            if count or state != NOT_COMPARABLE
        ]

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


def item_seconds(item: QuestionnaireItem | BuilderItem) -> float:
    answer_type = item.display_answer_type()
    return SECONDS_PER_ANSWER_TYPE.get(answer_type, 5) + SECONDS_PER_OPTION * len(
        item.display_options()
    )


SECTIONS = OneIdRead(
    lambda pk: (
        QuestionnaireSection.objects.filter(questionnaire_id=pk)
        .order_by("position", "pk")
        .values_list("pk", "title")
    )
)


@dataclass
class BuilderRead:
    """What the builder reads: sections, items (with their options) and basket sets. A
    move reads it once inside its transaction, moves the items in memory and gives it to
    the fragment (`order`), instead of reading all of it again (issue 20)."""

    sections: list[SectionInfo] = field(default_factory=list)
    items: list[BuilderItem] = field(default_factory=list)
    basket: list[QuestionnaireSet] = field(default_factory=list)
    order: list[tuple[int, list[BuilderItem]]] | None = None  # after a move

    def load(self, questionnaire: Questionnaire) -> BuilderRead:
        self.sections = [SectionInfo(*row) for row in SECTIONS.rows(questionnaire.pk)]
        self.items = builder_items(questionnaire)
        self.basket = list(basket_sets_for(questionnaire))
        return self

    def arrangement(self) -> list[tuple[int, list[BuilderItem]]]:
        """[(section id, its items in order)] in section order (comparability.Arrangement)."""
        if self.order is not None:
            return self.order
        by_section = {section.pk: [] for section in self.sections}
        for item in self.items:  # in position order
            by_section[item.section_id].append(item)
        return list(by_section.items())


def questionnaire_builder(questionnaire: Questionnaire, read: BuilderRead | None = None) -> Builder:
    """The builder page's data in a fixed number of queries, whatever the number of items
    (none when a move has read them already: `read`)."""
    read = read or BuilderRead().load(questionnaire)
    by_pk = {section.pk: section for section in read.sections}
    sections = [SectionRow(by_pk[sid], items) for sid, items in read.arrangement()]
    ordered = [i for row in sections for i in row.items]
    basket = read.basket
    verdicts = set_verdicts(basket, ordered)
    statuses = {set_id: (v.status, v.reasons) for set_id, v in verdicts.items()}
    notices = _version_notices(ordered)
    totals = _annotate(ordered, broken_sets(verdicts), notices)
    present = {_question_id(i) for i in ordered} if basket else set()
    return Builder(
        questionnaire=questionnaire,
        sections=sections,
        basket=[BasketRow(b, *statuses[b.question_set_id], _missing(b, present)) for b in basket],
        indicators=_indicator_rows(basket, statuses),
        counts=totals.counts,
        states=totals.states,
        seconds_total=round(totals.seconds_total),
        seconds_local=round(totals.seconds_local),
        notices=notices,
    )


def _missing(basket_set: QuestionnaireSet, present: set[int]) -> list[QuestionSetItem]:
    """The set's questions (prefetched, in set order) no longer in the questionnaire."""
    return [
        s
        for s in basket_set.question_set.items.all()
        if s.question_version.question_id not in present
    ]


@dataclass
class _Totals:
    counts: dict[str, int]  # items per kind
    states: dict[str, int]  # national items per state
    seconds_total: float = 0.0
    seconds_local: float = 0.0  # local and adapted items


def _annotate(ordered, broken_sets: set[int], notices) -> _Totals:
    """Give each item its state and notice; count items per kind and national items per
    state, and add up the interview length, in one pass over the items."""
    totals = _Totals(
        counts={kind: 0 for kind in QuestionnaireItem.Kind.values},
        states={VERIFIED: 0, UNVERIFIED: 0, NOT_COMPARABLE: 0},
    )
    counts, states = totals.counts, totals.states
    labels = {state: str(label) for state, label in ITEM_STATE_LABELS.items() if state != SHARED}
    per_type, per_option = SECONDS_PER_ANSWER_TYPE, SECONDS_PER_OPTION
    total = local = 0.0
    for item in ordered:
        counts[item.kind] += 1
        item.state = state = item_state(item, broken_sets=broken_sets)
        item.state_label = labels.get(state) or state_label(item, state)  # once per page
        if notices:
            item.notice = notices.get(item.pk)
        # item_seconds, without its two calls per item (issue 20)
        seconds = per_type.get(item.display_answer_type(), 5) + per_option * len(item.options)
        total += seconds
        if item.is_national:
            states[state] += 1
        else:
            local += seconds
    totals.seconds_total, totals.seconds_local = total, local
    return totals


def _version_notices(items: list[BuilderItem]) -> dict[int, VersionNotice]:
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
