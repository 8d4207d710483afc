"""The builder's items, read as plain rows (issue 20).

Building 500 QuestionnaireItem instances with their versions, sets and prefetched scale
options cost the builder more than all of the work its task needs (make bench), so the
page reads the items with one values_list() query and their answer options with one more,
into the small classes below. They carry the attributes the builder, the comparability
checks (comparability.set_verdicts, states_from) and the rows use, with the same names as
the models, so those functions work on either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.db import models

from ..catalogue.question_models import Verification
from ..models import AnswerOption, LocalOption, QuestionnaireItem, QuestionVersion
from ..reads import OneIdRead, fetch_rows
from ..shelf.models import SharedOption, SharedQuestion, SharedQuestionVersion

NATIONAL = QuestionnaireItem.Kind.NATIONAL
SHARED = QuestionnaireItem.Kind.SHARED


@dataclass(eq=False, slots=True)
class MunicipalityRow:
    name: str


@dataclass(eq=False, slots=True)
class SharedQuestionRow:
    municipality: MunicipalityRow
    status: str

    @property
    def is_withdrawn(self) -> bool:
        return self.status == SharedQuestion.Status.WITHDRAWN


@dataclass(eq=False, slots=True)
class SharedVersionRow:
    """A shared item's version of a shared local question (shelf/)."""

    pk: int
    number: int
    answer_type: str
    shared_question: SharedQuestionRow


@dataclass(eq=False, slots=True)
class QuestionRow:
    code: str
    retired_at: object = None  # as the driver returns it (see fetch_rows): only tested for truth


@dataclass(eq=False, slots=True)
class VersionRow:
    """A national item's question version, or an adapted item's origin."""

    pk: int
    number: int
    question_id: int
    question: QuestionRow
    wording_nl: str = ""
    instruction_nl: str = ""
    answer_type: str = ""
    scale_id: int | None = None
    verification: str = ""

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERBATIM


@dataclass(eq=False, slots=True)
class SetRow:
    pk: int
    name_nl: str
    intro_nl: str
    indivisible: bool
    order_locked: bool


@dataclass(eq=False, slots=True)
class BuilderItem:
    """One questionnaire item as the builder shows it. The row classes have slots: no
    instance dict, so 500 items allocate half the objects."""

    pk: int
    kind: str
    section_id: int
    position: int
    code: str
    wording: str
    instruction: str
    answer_type: str
    question_version_id: int | None
    question_version: VersionRow | None
    declined_version_id: int | None
    latest_version_id: int | None
    from_set_id: int | None
    from_set: SetRow | None
    derived_from_id: int | None
    derived_from: VersionRow | None
    scale_id: int | None
    local_scale_id: int | None
    options: Sequence[tuple] = ()  # (code, label, is_missing): one list per scale, shared
    shared_version_id: int | None = None
    shared_version: SharedVersionRow | None = None
    latest_shared_number: int | None = None
    # kind == NATIONAL, stored: the checks and the rows ask it some ten times per item
    # (4,000 property calls per builder response of 500 items, issue 20).
    is_national: bool = False
    # Set by builder._annotate.
    state: str = ""
    state_label: str = ""
    notice: object = None

    @property
    def is_shared(self) -> bool:
        return self.kind == SHARED

    def display_answer_type(self) -> str:
        if self.is_shared:
            return self.shared_version.answer_type
        return self.question_version.answer_type if self.is_national else self.answer_type

    def display_options(self) -> list[tuple]:
        return self.options

    def model(self) -> QuestionnaireItem:
        return place_model(self)


def place_model(item) -> QuestionnaireItem:
    """The instance to write an item's changed place with (bulk_update of section,
    position or from_set), from a row that carries them (BuilderItem, PlacedItem)."""
    return QuestionnaireItem(
        pk=item.pk,
        section_id=item.section_id,
        position=item.position,
        from_set_id=item.from_set_id,
    )


_FIELDS = (
    "pk", "kind", "section_id", "position", "code", "wording", "instruction", "answer_type",
    "question_version_id", "question_version__number", "question_version__question_id",
    "question_version__question__code", "question_version__question__retired_at",
    "question_version__wording_nl",
    "question_version__instruction_nl", "question_version__answer_type",
    "question_version__scale_id", "question_version__verification",
    "declined_version_id", "latest_version_id",
    "from_set_id", "from_set__name_nl", "from_set__intro_nl", "from_set__indivisible",
    "from_set__order_locked",
    "derived_from_id", "derived_from__number", "derived_from__question_id",
    "derived_from__question__code",
    "scale_id", "local_scale_id",
    "shared_version_id", "shared_version__number", "shared_version__answer_type",
    "shared_version__shared_question__municipality__name",
    "shared_version__shared_question__status", "latest_shared_number",
)  # fmt: skip


def _all_items() -> models.QuerySet:
    """Every questionnaire's items as the builder reads them, in order (ITEMS narrows
    them to one questionnaire and compiles that once)."""
    latest = QuestionVersion.objects.filter(
        question=models.OuterRef("question_version__question")
    ).order_by("-number")
    latest_shared = SharedQuestionVersion.objects.filter(
        shared_question=models.OuterRef("shared_version__shared_question")
    ).order_by("-number")
    return (
        QuestionnaireItem.objects.annotate(
            latest_version_id=models.Subquery(latest.values("pk")[:1]),
            latest_shared_number=models.Subquery(latest_shared.values("number")[:1]),
        )
        .order_by("position", "pk")
        .values_list(*_FIELDS)
    )


def builder_items(questionnaire) -> list[BuilderItem]:
    """The questionnaire's items in order, in two queries whatever their number."""
    sets: dict[int, SetRow] = {}  # one SetRow per set: its items share it
    rows = ITEMS.rows(questionnaire.pk)
    items = [_item(sets, *row) for row in rows]
    _attach_options(items)
    return items


ITEMS = OneIdRead(lambda pk: _all_items().filter(questionnaire_id=pk))


def _item(sets, pk, kind, section_id, position, code, wording, instruction, answer_type,
          version_id, number, question_id, question_code, retired_at, wording_nl,
          instruction_nl,
          version_answer_type, version_scale_id, verification, declined_id, latest_id,
          set_id, set_name, set_intro, indivisible, order_locked,
          derived_id, derived_number, derived_question_id, derived_code,
          scale_id, local_scale_id, shared_id, shared_number, shared_answer_type,
          shared_by, shared_status, latest_shared) -> BuilderItem:  # fmt: skip
    version = derived = qset = shared = None
    if version_id is not None:
        version = VersionRow(
            version_id, number, question_id, QuestionRow(question_code, retired_at), wording_nl,
            instruction_nl, version_answer_type, version_scale_id, verification,
        )  # fmt: skip
    if derived_id is not None:
        derived = VersionRow(
            derived_id, derived_number, derived_question_id, QuestionRow(derived_code)
        )
    if set_id is not None:
        qset = sets.get(set_id)
        if qset is None:
            qset = sets[set_id] = SetRow(
                set_id, set_name, set_intro, bool(indivisible), bool(order_locked)
            )
    if shared_id is not None:
        origin = SharedQuestionRow(MunicipalityRow(shared_by), shared_status)
        shared = SharedVersionRow(shared_id, shared_number, shared_answer_type, origin)
    return BuilderItem(
        pk, kind, section_id, position, code, wording, instruction, answer_type,
        version_id, version, declined_id, latest_id, set_id, qset, derived_id, derived,
        scale_id, local_scale_id, (), shared_id, shared, latest_shared, kind == NATIONAL,
    )  # fmt: skip


def _attach_options(items: list[BuilderItem]) -> None:
    """Each item's answer options: one query for the catalogue scales the items show, one
    for their local scales and one for shared versions (each only when there are any, as
    a prefetch would)."""
    item_keys = [_scale_key(item) for item in items]
    keys = set(item_keys) - {None}
    by_scale = defaultdict(list)
    for kind, model, key in (
        ("catalogue", AnswerOption, "scale_id"),
        ("local", LocalOption, "scale_id"),
        ("shared", SharedOption, "version_id"),
    ):
        ids = [scale_id for k, scale_id in keys if k == kind]
        if not ids:
            continue
        for scale_id, code, label, is_missing in fetch_rows(
            _options(model, key).filter(**{f"{key}__in": ids})
        ):
            by_scale[(kind, scale_id)].append((code, label, bool(is_missing)))
    for item, key in zip(items, item_keys, strict=True):
        if key in by_scale:
            item.options = by_scale[key]


def _scale_key(item: BuilderItem) -> tuple[str, int] | None:
    """The scale whose options the item shows: ("catalogue", id), ("local", id) or
    ("shared", version id); None for an item without answer options."""
    kind = item.kind
    if kind == NATIONAL:
        scale_id = item.question_version.scale_id
        return None if scale_id is None else ("catalogue", scale_id)
    if kind == SHARED:
        return ("shared", item.shared_version_id)
    if item.scale_id is not None:
        return ("catalogue", item.scale_id)
    return None if item.local_scale_id is None else ("local", item.local_scale_id)


@cache
def _options(model, key: str) -> models.QuerySet:
    """All options of one kind of scale, in order (built once, like _all_items)."""
    return model.objects.order_by(key, "position", "pk").values_list(
        key, "code", "label_nl", "is_missing"
    )
