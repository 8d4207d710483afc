"""Readable differences: a word diff with visible whitespace, and table diffs of sets and scales.

A change is never shown by colour alone: deleted and inserted words are ``<del>``/``<ins>``
with a visually hidden "verwijderd:"/"toegevoegd:" for screen readers, and a changed space,
tab or line break is drawn as a visible marker (␣, →, ↵).
"""

from __future__ import annotations

import difflib
import re

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
MARKERS = {" ": "\u2423", "\t": "\u2192", "\n": "\u21b5\n", "\r": "", "\u00a0": "\u2423"}


def tokens(text: str) -> list[str]:
    return TOKENS.findall(text or "")


def visible(text: str) -> str:
    """Whitespace as markers, so a changed space or line break can be seen."""
    return "".join(MARKERS.get(ch, ch) if ch.isspace() else ch for ch in text)


def word_diff(old: str, new: str) -> SafeString:
    """HTML of ``new`` against ``old`` word by word; whitespace inside a change is made visible."""
    a, b = tokens(old), tokens(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(_marked("del", _("verwijderd:"), "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(_marked("ins", _("toegevoegd:"), "".join(b[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html


def _marked(tag: str, label: str, text: str) -> SafeString:
    shown = visible(text) if not text.strip() else _inner_breaks(text)
    return format_html(
        '<{tag}><span class="visually-hidden">{label} </span>{text}</{tag}>',
        tag=mark_safe(tag),  # noqa: S308 - a fixed tag name
        label=label,
        text=shown,
    )


def _inner_breaks(text: str) -> str:
    """Inside a changed phrase, line breaks, tabs, double spaces and spaces at either end are
    shown; a single space between words stays a space."""
    core = text.strip()
    start, end = text.index(core), text.index(core) + len(core)
    inner = re.sub(r"[\t\n\r\u00a0]|  +", lambda m: visible(m.group(0)), core)
    return visible(text[:start]) + inner + visible(text[end:])


def has_change(old: str, new: str) -> bool:
    return (old or "") != (new or "")


# --------------------------------------------------------------------------- tables


def status_label(status: str) -> str:
    return {
        "same": _("ongewijzigd"),
        "added": _("nieuw"),
        "removed": _("verwijderd"),
        "changed": _("gewijzigd"),
        "moved": _("andere plaats"),
    }[status]


def field_rows(fields: list[tuple[str, object, object]]) -> list[dict]:
    """[(label, old, new)] -> rows with a status; texts get a word diff."""
    rows = []
    for label, old, new in fields:
        changed = old != new
        diff = word_diff(old, new) if changed and isinstance(new, str) else None
        rows.append(
            {
                "label": label,
                "old": _shown(old),
                "new": _shown(new),
                "diff": diff,
                "changed": changed,
                "status": status_label("changed" if changed else "same"),
            }
        )
    return rows


def _shown(value) -> str:
    if value is True:
        return _("ja")
    if value is False:
        return _("nee")
    return "" if value is None else str(value)


def item_rows(old: list[dict], new: list[dict]) -> list[dict]:
    """Set items before and after, by question: added, removed, moved, other version, same.

    Each item: {"question": code, "number": version number, "wording": text}.
    """
    old_pos = {o["question"]: (i, o) for i, o in enumerate(old, start=1)}
    new_codes = {n["question"] for n in new}
    rows = []
    for position, item in enumerate(new, start=1):
        before = old_pos.get(item["question"])
        if before is None:
            status = "added"
        elif before[1]["number"] != item["number"]:
            status = "changed"
        elif before[0] != position:
            status = "moved"
        else:
            status = "same"
        rows.append(_item_row(status, position, before, item))
    for code, (position, item) in old_pos.items():
        if code not in new_codes:
            rows.append(_item_row("removed", None, (position, item), item))
    return rows


def _item_row(status, position, before, item) -> dict:
    old_number = before[1]["number"] if before else None
    old_wording = before[1]["wording"] if before else ""
    return {
        "status": status,
        "status_label": status_label(status),
        "position": position,
        "old_position": before[0] if before else None,
        "question": item["question"],
        "number": item["number"] if status != "removed" else None,
        "old_number": old_number,
        "wording": item["wording"],
        "diff": word_diff(old_wording, item["wording"]) if status == "changed" else None,
    }


def option_rows(old: list[dict], new: list[dict]) -> list[dict]:
    """Scale options before and after, by answer code."""
    old_by_code = {o["code"]: o for o in old}
    new_codes = {n["code"] for n in new}
    rows = []
    for option in new:
        before = old_by_code.get(option["code"])
        if before is None:
            status = "added"
        elif _option_key(before) != _option_key(option):
            status = "changed"
        else:
            status = "same"
        rows.append(_option_row(status, before, option))
    for code, option in old_by_code.items():
        if code not in new_codes:
            rows.append(_option_row("removed", option, option))
    return rows


def _option_key(option: dict) -> tuple:
    return (option["label_nl"], option.get("label_en", ""), bool(option.get("missing")))


def _option_row(status, before, option) -> dict:
    return {
        "status": status,
        "status_label": status_label(status),
        "code": option["code"],
        "label_nl": option["label_nl"] if status != "removed" else "",
        "old_label_nl": before["label_nl"] if before else "",
        "label_en": option.get("label_en", "") if status != "removed" else "",
        "missing": _shown(bool(option.get("missing"))) if status != "removed" else "",
        "old_missing": _shown(bool(before.get("missing"))) if before else "",
        "diff": word_diff(before["label_nl"], option["label_nl"]) if status == "changed" else None,
    }
