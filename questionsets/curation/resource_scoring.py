"""The `berekeningen` sheet: scoring rules, one row per question of a rule, in order.

The rows with the same indicator and variant make one rule. The rule's own columns
(``RULE_FIELDS``: soort to schaal_tot, and toelichting) repeat on each of its rows and
must be equal on all of them; `volgorde` orders the rule's questions, which are stored
at positions 1, 2, ... The codes in `categorieen` and `hercodering` must be answer codes
of the scale of each question's latest version, and never missing codes.

The sheet creates and updates rules; it never deletes one: a rule whose rows are all
left out of the sheet stays as it is (delete it in the admin). An unchanged rule is not
written at all. A changed rule is updated, and its items are replaced when its
questions, their order, reversal or recoding changed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from ..models import (
    Aggregate,
    AnswerOption,
    Indicator,
    Question,
    QuestionVersion,
    ScoringItem,
    ScoringKind,
    ScoringRule,
)
from .resource_widgets import (
    BoolWidget,
    ChoiceWidget,
    CodeListWidget,
    IntWidget,
    NumberWidget,
    RecodeWidget,
    RefWidget,
    TextWidget,
    _plain,
    text_field,
)
from .resources import CatalogueResource

# The words of the `soort` and `samenvatting` columns, and the stored values they stand for.
KINDS = {
    "percentage_antwoorden": ScoringKind.ITEM_PERCENTAGE,
    "percentage_respondenten": ScoringKind.ANY_PERCENTAGE,
    "schaalscore": ScoringKind.SCALE_SCORE,
}
AGGREGATES = {"gemiddelde": Aggregate.MEAN, "som": Aggregate.SUM}
# The rule's own values (attributes), equal on every row of one rule.
RULE_FIELDS = (
    "kind",
    "categories",
    "min_matches",
    "min_valid",
    "aggregate",
    "target_min",
    "target_max",
    "note",
)
ITEM_FIELDS = ("reversed", "recode")
INVALID = object()  # a value its widget refuses; the widget reports it on its row


@dataclass
class SheetRow:
    """One row of the sheet as parsed before the import (``INVALID`` where refused)."""

    number: int
    key: tuple[str, str]  # (indicator code, variant) as written
    values: dict  # RULE_FIELDS -> value
    question: Question | None  # pk and code only
    position: object
    item: tuple  # ITEM_FIELDS values


@dataclass
class RulePlan:
    """What the import does with one rule: decided once, before the first batch."""

    rows: list[SheetRow] = field(default_factory=list)
    stored: ScoringRule | None = None
    rule_changed: bool = True
    items_changed: bool = True
    positions: dict[int, int] = field(default_factory=dict)  # row number -> position
    rule: ScoringRule | None = None  # set once written

    @property
    def first(self) -> SheetRow:
        return self.rows[0]

    @property
    def changed(self) -> bool:
        return self.rule_changed or self.items_changed


def with_rule(item: ScoringItem, position: int) -> ScoringItem:
    """Put the rule's values on its item, as the sheet shows them."""
    rule = item.rule
    item.indicator, item.variant = rule.indicator, rule.variant
    for attribute in RULE_FIELDS:
        setattr(item, attribute, getattr(rule, attribute))
    item.position = position
    return item


def _count_field(attribute, column) -> Field:
    return Field(
        attribute=attribute, column_name=column, widget=IntWidget(required=False), default=1
    )


class ScoringResource(CatalogueResource):
    """Scoring rules, one row per question (``ScoringItem``) with its rule's values."""

    sheet_name = "berekeningen"
    indicator = Field(
        attribute="indicator",
        column_name="indicator",
        widget=RefWidget(
            Indicator, unknown=gettext_lazy("onbekende indicator '%(code)s'"), required=True
        ),
    )
    variant = Field(
        attribute="variant", column_name="variant", widget=TextWidget(strip=True, formula=False)
    )
    kind = Field(attribute="kind", column_name="soort", widget=ChoiceWidget(KINDS))
    categories = Field(attribute="categories", column_name="categorieen", widget=CodeListWidget())
    min_matches = _count_field("min_matches", "min_treffers")
    min_valid = _count_field("min_valid", "min_geldig")
    aggregate = Field(
        attribute="aggregate",
        column_name="samenvatting",
        widget=ChoiceWidget(AGGREGATES, default=Aggregate.MEAN),
    )
    target_min = Field(attribute="target_min", column_name="schaal_van", widget=NumberWidget())
    target_max = Field(attribute="target_max", column_name="schaal_tot", widget=NumberWidget())
    position = Field(attribute="position", column_name="volgorde", widget=IntWidget())
    question = Field(
        attribute="question",
        column_name="vraag",
        widget=RefWidget(
            Question,
            unknown=gettext_lazy("onbekende vraag '%(code)s'"),
            required=True,
            compact=True,
        ),
    )
    reversed = Field(attribute="reversed", column_name="omgepoold", widget=BoolWidget())
    recode = Field(attribute="recode", column_name="hercodering", widget=RecodeWidget())
    note = text_field("note", "toelichting")

    class Meta:
        model = ScoringItem
        fields = (
            "indicator",
            "variant",
            *RULE_FIELDS[:-1],
            "position",
            "question",
            *ITEM_FIELDS,
            "note",
        )
        import_id_fields = ("indicator", "variant", "position")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.plan_of: dict[int, RulePlan] = {}

    # ----- export

    def get_queryset(self):
        return ScoringItem.objects.order_by("rule__indicator__code", "rule__variant", "position")

    def iter_queryset(self, queryset):
        rule_id, position = None, 0
        for item in super().iter_queryset(queryset.select_related("rule__indicator", "question")):
            position = position + 1 if item.rule_id == rule_id else 1
            rule_id = item.rule_id
            yield with_rule(item, position)

    # ----- import: the whole sheet, once

    def row_key(self, row):
        """The indicator code: what the audit trail of one batch is read by."""
        return _plain(row.get("indicator")).strip()

    def record_duplicates(self, rows, excel) -> None:
        pass  # done per rule in prepare_rows()

    def prepare_rows(self, rows, excel) -> None:
        """Group the rows into rules, check each rule, and decide what to write."""
        self._load_references()
        plans: dict[tuple[str, str], RulePlan] = {}
        self.plan_of = {}
        for number, row in rows():
            parsed = self._parse(number, row)
            plan = plans.setdefault(parsed.key, RulePlan())
            plan.rows.append(parsed)
            self.plan_of[number] = plan
        questions = {r.question.pk for p in plans.values() for r in p.rows if r.question}
        answers = _answer_codes(questions)
        stored = _stored_rules({indicator for indicator, _variant in plans})
        for key, plan in plans.items():
            plan.stored = stored.get(key)
            self._check_same(plan, excel)
            self._check_rule(plan)
            self._check_items(plan, excel, answers)
            _decide(plan)

    def _parse(self, number: int, row: dict) -> SheetRow:
        question = self._clean("question", row)
        return SheetRow(
            number=number,
            key=(self.row_key(row), _plain(row.get("variant")).strip()),
            values={attribute: self._clean(attribute, row) for attribute in RULE_FIELDS},
            question=None if question is INVALID else question,
            position=self._clean("position", row),
            item=tuple(self._clean(attribute, row) for attribute in ITEM_FIELDS),
        )

    def _clean(self, attribute: str, row: dict):
        try:
            return self.fields[attribute].clean(row)
        except ValueError:
            return INVALID

    def _check_same(self, plan: RulePlan, excel) -> None:
        """Every row of a rule repeats the rule's values of its first row."""
        first = plan.first
        message = _("verschilt van rij %(row)s van dezelfde rekenregel") % {
            "row": excel(first.number)
        }
        for row in plan.rows[1:]:
            for attribute in RULE_FIELDS:
                mine, theirs = row.values[attribute], first.values[attribute]
                if mine is not INVALID and theirs is not INVALID and mine != theirs:
                    self.add_row_error(row.number, attribute, message)

    def _check_rule(self, plan: RulePlan) -> None:
        """The model's own checks of the rule, reported on its first row."""
        first = plan.first
        if any(value is INVALID for value in first.values.values()):
            return
        rule = ScoringRule(variant=first.key[1], **first.values)
        try:
            rule.full_clean(
                exclude={"indicator"}, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for attribute, messages in exc.message_dict.items():
                for message in messages:
                    self.add_row_error(first.number, attribute, message)

    def _check_items(self, plan: RulePlan, excel, answers: dict) -> None:
        first = plan.first
        positions, questions = {}, {}
        for index, row in enumerate(plan.rows):
            if index and first.values["kind"] == ScoringKind.ITEM_PERCENTAGE:
                self.add_row_error(
                    row.number,
                    "question",
                    _("soort %(kind)s rekent met één vraag; deze rekenregel heeft al een vraag "
                      "in rij %(row)s")
                    % {"kind": "percentage_antwoorden", "row": excel(first.number)},
                )  # fmt: skip
            code = row.question.code if row.question else INVALID
            self._check_repeat(row, "position", row.position, positions, excel)
            self._check_repeat(row, "question", code, questions, excel)
            self._check_codes(row, "categories", first.values["categories"], answers)
            recode = row.item[1]
            codes = INVALID if recode is INVALID else [int(c) for c in recode]
            self._check_codes(row, "recode", codes, answers)

    def _check_repeat(self, row: SheetRow, attribute: str, value, seen: dict, excel) -> None:
        if value is INVALID:
            return
        first = seen.setdefault(value, row.number)
        if first == row.number:
            return
        if attribute == "question":
            message = _("vraag %(value)s staat ook in rij %(row)s van deze rekenregel")
        else:
            message = _("%(value)s staat ook in rij %(row)s van deze rekenregel")
        self.add_row_error(row.number, attribute, message % {"value": value, "row": excel(first)})

    def _check_codes(self, row: SheetRow, attribute: str, codes, answers: dict) -> None:
        """Each code an answer code of the question's latest version, and not a missing one."""
        if codes is INVALID or row.question is None:
            return
        substantive, missing = answers.get(row.question.pk, (set(), set()))
        params = {"question": row.question.code}
        for code in codes:
            if code in missing:
                message = _("code %(code)s is bij vraag %(question)s een ontbrekende waarde en "
                            "telt nooit mee")  # fmt: skip
            elif code not in substantive:
                message = _("code %(code)s is geen antwoordcode van vraag %(question)s")
            else:
                continue
            self.add_row_error(row.number, attribute, message % {**params, "code": code})

    # ----- import: one row at a time

    def init_instance(self, row=None):
        item = ScoringItem()
        item.indicator, item.variant = None, ""
        for attribute in RULE_FIELDS:
            setattr(item, attribute, None)
        return item

    def get_or_init_instance(self, instance_loader, row):
        """Rows of a new rule are new; rows of a stored rule update it (or are skipped)."""
        plan = self.plan_of.get(self.row_number)
        return self.init_instance(row), plan is None or plan.stored is None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        plan = self.plan_of.get(self.row_number)
        return not import_validation_errors and plan is not None and not plan.changed

    def save_instance(self, instance, is_create, row, **kwargs):
        """The first saved row of a changed rule writes the rule; each row writes its item."""
        plan = self.plan_of[self.row_number]
        if plan.rule is None:
            plan.rule = self._write_rule(plan, instance)
        if plan.items_changed:
            ScoringItem.objects.create(
                rule=plan.rule,
                question_id=instance.question.pk,
                position=plan.positions[self.row_number],
                reversed=instance.reversed,
                recode=instance.recode,
            )

    @staticmethod
    def _write_rule(plan: RulePlan, instance) -> ScoringRule:
        rule = plan.stored or ScoringRule(indicator=instance.indicator, variant=instance.variant)
        if plan.rule_changed:
            for attribute in RULE_FIELDS:
                setattr(rule, attribute, getattr(instance, attribute))
            rule.save()
        if plan.items_changed and plan.stored is not None:
            ScoringItem.objects.filter(rule=rule).delete()
        return rule


def _answer_codes(question_ids) -> dict[int, tuple[set[int], set[int]]]:
    """{question id: (answer codes, missing codes)} of each question's latest version."""
    scales = dict(
        QuestionVersion.objects.filter(question_id__in=question_ids)
        .order_by("question_id", "number")
        .values_list("question_id", "scale_id")
    )  # the latest version wins
    codes: dict[int, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    options = AnswerOption.objects.filter(scale_id__in=set(scales.values()))
    for scale_id, code, is_missing in options.values_list("scale_id", "code", "is_missing"):
        codes[scale_id][1 if is_missing else 0].add(code)
    return {question: codes[scale] for question, scale in scales.items() if scale is not None}


def _stored_rules(indicator_codes) -> dict[tuple[str, str], ScoringRule]:
    rules = ScoringRule.objects.with_items().filter(indicator__code__in=indicator_codes)
    return {(rule.indicator.code, rule.variant): rule for rule in rules}


def _decide(plan: RulePlan) -> None:
    """Positions in `volgorde` order, and whether the rule and its items change."""
    ordered = sorted(
        plan.rows,
        key=lambda r: (r.position if isinstance(r.position, int) else math.inf, r.number),
    )
    plan.positions = {row.number: n for n, row in enumerate(ordered, start=1)}
    stored = plan.stored
    if stored is None:
        return
    values = {attribute: getattr(stored, attribute) for attribute in RULE_FIELDS}
    values["categories"] = sorted(stored.categories)
    plan.rule_changed = values != plan.first.values
    items = [(i.question_id, i.reversed, i.recode) for i in stored.items.all()]
    wanted = [(r.question.pk if r.question else None, *r.item) for r in ordered]
    plan.items_changed = items != wanted
