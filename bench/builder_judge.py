"""What the builder's task floor derives itself before it writes a byte (issue 20): each
basket set's verdict (status, reasons, whether it breaks its items), each national
item's state, the sets' removed questions, the indicators' statuses and the newer
versions' word differences.

The floor reads the rows the page read (sections, items, basket sets with their
questions and indicators, the newer versions) and nothing the page worked out from
them: a floor that took the page's verdicts and states would leave out work that no
implementation can skip, and the page would be timed against less than its answer. The
rules are the comparability rules of the product (questionsets/questionnaires/
comparability.py), written here again without its helpers, so the floor does not time
the product against itself; the floor's bytes being the page's bytes
(tests/bench/test_builder_floor.py) checks both.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from django.utils.translation import gettext as _

VERBATIM = "verbatim"
COMPLETE, PROVISIONAL, INCOMPLETE, NOT_COMPARABLE = (
    "complete",
    "provisional",
    "incomplete",
    "not_comparable",
)
RANK = {COMPLETE: 0, PROVISIONAL: 1, INCOMPLETE: 2, NOT_COMPARABLE: 3}


class Judged:
    """The verdicts of one render. `verdicts`: set id -> (status, reasons); `broken`: the
    sets whose items are not comparable; `present`: the national questions asked (as
    such or adapted)."""

    def __init__(self, basket, ordered):
        self.verdicts: dict[int, tuple[str, list[str]]] = {}
        self.broken: set[int] = set()
        self.present: set[int] = set()
        if not basket:
            return
        ids: list[int | None] = []  # per item: the national question it asks or adapts
        national: dict[int, object] = {}
        adapted: dict[int, str] = {}
        where: dict[int, list[int]] = defaultdict(list)
        for n, item in enumerate(ordered):
            if item.is_national:
                question = item.question_version.question_id
                national[question] = item
            elif item.derived_from_id is not None:
                question = item.derived_from.question_id
                adapted[question] = item.code
            else:
                question = None
            ids.append(question)
            if question is not None:
                where[question].append(n)
        self.present = set(where)
        words = _Reasons()
        for basket_set in basket:
            qset = basket_set.question_set
            order = {si.question_id: si.position for si in qset.items}
            codes = {si.question_id: si.code for si in qset.items}
            reasons = []
            changed = [adapted[q] for q in order if q in adapted]
            if changed:
                reasons.append(words.changed % {"codes": ", ".join(changed)})
            missing = [codes[q] for q in order if q not in national and q not in adapted]
            if qset.indivisible and missing:
                reasons.append(words.incomplete % {"codes": ", ".join(missing)})
            breaks = bool(qset.indivisible and (missing or changed))
            if qset.order_locked:
                inside = sorted(n for q in order for n in where.get(q, ()))
                places = [order[ids[n]] for n in inside if ordered[n].is_national]
                before = len(reasons)
                if places != sorted(places):
                    reasons.append(words.reordered)
                if inside:
                    intruders = [
                        ordered[n].code
                        for n in range(inside[0], inside[-1] + 1)
                        if ids[n] not in order
                    ]
                    if intruders:
                        reasons.append(words.interrupted % {"codes": ", ".join(intruders)})
                breaks = breaks or len(reasons) > before
            status = NOT_COMPARABLE if reasons else (INCOMPLETE if missing else COMPLETE)
            if missing and not qset.indivisible:
                reasons.append(words.missing % {"codes": ", ".join(missing)})
            unverified = [
                codes[q]
                for q in order
                if q in national and national[q].question_version.verification != VERBATIM
            ]
            if unverified and status != NOT_COMPARABLE:
                status = PROVISIONAL if status == COMPLETE else status
                reasons.append(words.unverified % {"codes": ", ".join(unverified)})
            self.verdicts[basket_set.question_set_id] = (status, reasons)
            if breaks:
                self.broken.add(basket_set.question_set_id)

    def state(self, item) -> str:
        """A national item's state."""
        if item.from_set_id in self.broken:
            return NOT_COMPARABLE
        return "verified" if item.question_version.verification == VERBATIM else "unverified"

    def indicators(self, basket) -> list[tuple[object, str, list[str]]]:
        """(indicator, status, reasons) by code: each indicator has the best status of its
        sets, with the reasons of the first set that has it."""
        rows: dict[int, list] = {}
        for basket_set in basket:
            status, reasons = self.verdicts[basket_set.question_set_id]
            for indicator in basket_set.question_set.indicators:
                row = rows.get(indicator.pk)
                if row is None:
                    rows[indicator.pk] = [indicator, status, reasons]
                elif RANK[status] < RANK[row[1]]:
                    row[1], row[2] = status, reasons
        return sorted(rows.values(), key=lambda row: row[0].code)


class _Reasons:
    def __init__(self):
        self.changed = _("aangepaste vraag: %(codes)s")
        self.incomplete = _("ondeelbare set niet compleet, ontbreekt: %(codes)s")
        self.reordered = _("vaste volgorde van de set is gewijzigd")
        self.interrupted = _("vaste volgorde van de set onderbroken door %(codes)s")
        self.missing = _("ontbreekt: %(codes)s")
        self.unverified = _("niet gecontroleerd: %(codes)s")


def outdated(item) -> bool:
    """A national item whose question has a newer version it did not decline."""
    return item.is_national and item.latest_version_id not in (
        item.question_version_id,
        item.declined_version_id,
    )


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The words taken out ("delete"), put in ("insert") and kept ("equal"), in order."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "insert":
            out.append(("equal" if op == "equal" else "delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("insert", " ".join(b[j1:j2])))
    return out


def scale_changed(old, new) -> bool:
    return (old.scale_id, old.answer_type, old.instruction_nl) != (
        new.scale_id,
        new.answer_type,
        new.instruction_nl,
    )
