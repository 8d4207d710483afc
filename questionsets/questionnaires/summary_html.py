"""The builder summary's lists of indicators and basket sets, written in Python (issue 20).

A questionnaire built from a hundred sets spent 10 of its 40 ms in the template engine on
these two lists (a URL, a translation with the set's name and a handful of tags per set;
make bench, "builder from sets"), so their items are written here with the markup the
template wrote, byte for byte (tests/questionnaires/test_summary_html.py); the template
keeps the headings and the lists around them. Every value is escaped; translations and
URLs are looked up once per page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .comparability import STATUS_LABELS
from .row_html import escape, split_around, url_parts


def indicator_items(builder) -> str:
    """The `<li>` of each indicator row, in order."""
    out, labels = [], _status_labels()
    for row in builder.indicators:
        reasons = (
            f'<span class="reasons">{escape("; ".join(row.reasons))}</span>' if row.reasons else ""
        )
        out.append(
            f'\n        <li class="indicator status-{escape(row.status)}">'
            f'\n          <span class="indicator-name">{escape(row.indicator.name_nl)}</span>'
            f'\n          <strong class="status">{labels[row.status]}</strong>'
            f"\n          {reasons}\n        </li>\n        "
        )
    return "".join(out)


def basket_items(questionnaire, builder, *, can_edit: bool) -> str:
    """The `<li>` of each basket set: its status and reasons, and for editors the button
    that removes it and those that put back a question taken out of it."""
    writer = _BasketWriter(questionnaire.pk) if can_edit else None
    out, labels = [], _status_labels()
    for row in builder.basket:
        name = escape(row.basket_set.question_set.name_nl)
        reasons = (
            f'<span class="reasons">({escape("; ".join(row.reasons))})</span>'
            if row.reasons
            else ""
        )
        tools = writer.tools(row, name) if writer else ""
        out.append(
            f'\n        <li class="status-{escape(row.status)}">{name}:'
            f"\n          <strong>{labels[row.status]}</strong>"
            f"\n          {reasons}\n          {tools}\n        </li>\n        "
        )
    return "".join(out)


class _BasketWriter:
    def __init__(self, questionnaire_pk: int):
        self.remove = url_parts("questionnaire-set-remove", questionnaire_pk)
        self.restore = url_parts("questionnaire-set-restore", questionnaire_pk)
        self.remove_label = split_around(_("Set verwijderen: %(name)s"), "name")
        self.remove_word = escape(_("Set verwijderen"))
        self.removed_title = escape(_("Verwijderd uit deze set:"))
        self.retired = escape(_("vervallen"))
        self.restore_label = split_around(_("Vraag %(code)s terugzetten"), "code")
        self.restore_word = escape(_("Terugzetten"))

    def tools(self, row, name: str) -> str:
        pk = row.basket_set.pk
        label_head, label_tail = self.remove_label
        out = (
            f'\n          <button type="submit" form="bf" formaction="{self.remove[0]}{pk}'
            f'{self.remove[1]}" class="link-button set-remove" id="set-remove-{pk}" '
            f'aria-label="{label_head}{name}{label_tail}">{self.remove_word}</button>'
            "\n          "
        )
        if row.missing:
            out += (
                "\n            \n"
                f'            <p class="removed-title" id="removed-{pk}">{self.removed_title}</p>'
                f'\n            <ul class="removed" aria-labelledby="removed-{pk}">\n              '
                + "".join(self._missing(pk, set_item) for set_item in row.missing)
                + "\n            </ul>\n          "
            )
        return out + "\n          "

    def _missing(self, pk: int, set_item) -> str:
        question = set_item.question_version.question
        code = escape(question.code)
        if question.retired_at:
            action = f'<span class="badge badge--retired">{self.retired}</span>'
        else:
            head, tail = self.restore_label
            action = (
                f'<button type="submit" form="bf" formaction="{self.restore[0]}{pk}'
                f'{self.restore[1]}" class="link-button" name="set_item" '
                f'value="{set_item.pk}" id="restore-{set_item.pk}" '
                f'aria-label="{head}{code}{tail}">{self.restore_word}</button>'
            )
        return f"\n              <li>{code} {action}</li>\n              "


def _status_labels() -> dict[str, str]:
    """The set statuses' labels, translated and escaped once per page (not once per set)."""
    return {status: escape(label) for status, label in STATUS_LABELS.items()}
