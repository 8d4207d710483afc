"""The builder's item rows, written in Python (issue 20).

Rendering 500 rows through the template engine cost about three times the markup itself
(make bench), so the rows are written here and placed in the page template as one safe
block per section; the page frame stays a Django template. Every value from the data is
escaped as django.utils.html.escape does, translations come from gettext (looked up once per
page, in rows.row_labels), and the markup is the same the template wrote: the same ids,
aria-labels and `formaction` buttons, so the keyboard, focus after htmx swaps and the
forms without JavaScript behave as before. bench.builder_floor writes the same bytes
independently (tests/bench/test_builder_floor.py).
"""

from __future__ import annotations

from html import escape as _html_escape

from django.utils.safestring import SafeString, mark_safe


def escape(text) -> str:
    """django.utils.html.escape without its per-call lazy-argument check and SafeString
    wrapping (2.0 against 0.5 µs a call, some 4,000 calls per page of 500 rows): the same
    replacements (&, <, >, " and ') on str(text); the block is marked safe once.
    tests/questionnaires/test_row_html.py pins the two to the same output."""
    return _html_escape(str(text))


_DIFF = {
    "delete": ("<del>", "weg", "</del>"),
    "insert": ("<ins>", "nieuw", "</ins>"),
}


def section_rows(items, labels: dict[str, str], can_edit: bool) -> SafeString:
    """The rows of one section's items (prepared by rows.attach_rows), as one block."""
    return mark_safe(  # noqa: S308 - item_row escapes every value it interpolates
        "\n".join(item_row(item, labels, can_edit) for item in items)
    )


def item_row(item, labels: dict[str, str], can_edit: bool) -> str:
    """One `<li>` row: head, set intro, wording, instruction, answers, derivation, notice,
    actions."""
    key = item.key
    state = f" state-{escape(item.state)}" if item.is_national else ""
    head = f'<b class="item-code">{escape(item.code)}</b> {escape(item.kind_label)}'
    if item.is_national:
        head += f" · {escape(item.state_label)}"
    parts = [
        f'<li class="item item-{escape(item.kind)}" id="item-{key}">'
        f'<p class="item-head{state}">{head}{escape(item.about)}</p>'
    ]
    if item.is_national and item.question_version.question.retired_at:
        parts.append(
            f'<p class="item-retired" id="retired-{key}" role="note"><span class="badge '
            f'badge--retired">{escape(labels["retired"])}</span> '
            f"{escape(labels['retired_note'])}</p>"
        )
    if item.intro:
        parts.append(
            f'<p class="item-intro"><span class="visually-hidden">{escape(labels["intro"])} '
            f"</span>{escape(item.intro)}</p>"
        )
    parts.append(f'<p class="item-wording">{escape(item.wording_text)}</p>')
    for css, text in (
        ("item-instruction", item.instruction_text),
        ("item-options", item.options_text),
        ("item-derived", item.derived_text),
    ):
        if text:
            parts.append(f'<p class="{css}">{escape(text)}</p>')
    if item.notice:
        parts.append(notice_html(item, labels, can_edit))
    if can_edit:
        parts.append(item.actions)
    parts.append("</li>")
    return "".join(parts)


def notice_html(item, labels: dict[str, str], can_edit: bool) -> str:
    """The notice of a newer national version: the word diff and, for editors, the
    choice to upgrade or keep."""
    notice, key = item.notice, item.key
    latest = {"number": notice.latest.number}
    out = (
        f'<div class="version-notice" role="note" aria-labelledby="notice-{key}">\n'
        f'<p id="notice-{key}"><strong>{escape(labels["newer"] % latest)}</strong></p>\n'
        f'<p class="diff">{escape(labels["diff"])} {_diff(notice.diff, labels)}</p>\n'
    )
    if notice.scale_changed:
        out += f"<p>{escape(labels['scale_changed'])}</p>"
    out += "\n"
    if can_edit:
        current = {"number": item.question_version.number}
        out += (
            f'<p><button formaction="{escape(item.urls["upgrade"])}" id="upgrade-{key}">'
            f"{escape(labels['upgrade'] % latest)}</button> "
            f'<button formaction="{escape(item.urls["keep"])}" class="secondary" '
            f'id="keep-{key}">{escape(labels["keep"] % current)}</button></p>'
        )
    return out + "\n</div>"


def _diff(diff: list[tuple[str, str]], labels: dict[str, str]) -> str:
    out = []
    for op, text in diff:
        if op in _DIFF:
            start, word, end = _DIFF[op]
            out.append(
                f'{start}<span class="visually-hidden">[{escape(labels[word])}: </span>'
                f'{escape(text)}<span class="visually-hidden">]</span>{end} '
            )
        else:
            out.append(f"{escape(text)} ")
    return "".join(out)
