"""The admin import preview's diff, readable and CSP-clean.

django-import-export writes each changed cell with inline styles (``<ins style=...>``),
which the Content-Security-Policy blocks, and shows an empty number or reference as
"None". Here an empty value is empty, and the diff is plain ``<ins>``/``<del>``, which
browsers underline and strike through.
"""

from __future__ import annotations

from diff_match_patch import diff_match_patch
from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.safestring import mark_safe
from import_export.resources import Diff

TAGS = {diff_match_patch.DIFF_INSERT: "ins", diff_match_patch.DIFF_DELETE: "del"}


def shown(value) -> str:
    return "" if value is None else force_str(value)


class CleanDiff(Diff):
    def as_html(self):
        dmp = diff_match_patch()
        cells = []
        for old, new in zip(self.left, self.right, strict=False):
            old, new = shown(old), shown(new)
            if old != new and self.new:
                old = ""
            diff = dmp.diff_main(old, new)
            dmp.diff_cleanupSemantic(diff)
            cells.append(mark_safe("".join(_part(op, text) for op, text in diff)))
        return cells


def _part(op: int, text: str) -> str:
    tag = TAGS.get(op)
    body = escape(text).replace("\n", "<br>")
    return f"<{tag}>{body}</{tag}>" if tag else f"<span>{body}</span>"
