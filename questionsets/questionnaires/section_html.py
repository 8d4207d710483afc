"""The builder's sections with their rows, written in Python (issue 20).

The template engine spent more on the 21 sections' tools of a 500-item builder (a dozen
translation and URL tags each) than on anything else the page does (make bench), so the
`<ol class="sections">` list, and for editors the sections' rename forms after the rows'
form, are written here with the markup the template wrote, byte for byte
(tests/questionnaires/test_section_html.py). The rows come from row_html.RowWriter;
translations and URLs are looked up once per page.
"""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.utils.translation import gettext as _

from .row_html import RowWriter, escape, url_parts


def builder_sections(request, questionnaire, builder, *, can_edit: bool) -> str:
    """The sections list of the builder (with the rename forms when `can_edit`), as
    markup: every value in it is escaped."""
    out: list[str] = []
    write_sections(request, questionnaire, builder, can_edit=can_edit, out=out)
    return "".join(out)


def write_sections(
    request, questionnaire, builder, *, can_edit: bool, out: list[str], token: str = ""
) -> None:
    """Append the sections list's pieces to `out`, which the response joins once (each
    join of half a megabyte of rows is a copy of it, issue 20). `token`: the CSRF token
    the rest of the response carries (each new one is masked anew, 40 µs)."""
    rows = RowWriter(questionnaire.pk, can_edit=can_edit)
    writer = _EditorSection(request, questionnaire, token) if can_edit else _Section()
    out.append('<ol class="sections" data-sortable="sections">\n      ')
    for row in builder.sections:
        writer.write(row.section, row.items, rows, out)
    out.append("\n      </ol>\n      ")
    if can_edit:
        out.append("</form>\n      ")
        out += [writer.rename_form(row.section) for row in builder.sections]
        out.append("\n      ")


class _Section:
    """A section as readers see it: title and rows."""

    def __init__(self):
        empty = escape(_("Nog geen vragen in dit onderdeel."))
        self.empty = f'\n            <li class="item-empty">{empty}</li>\n          '

    def write(self, section, items, rows: RowWriter, out: list[str]) -> None:
        pk, title = section.pk, escape(section.title)
        out.append(
            f'\n        \n        <li class="section" id="section-{pk}" data-section-id="{pk}">'
            '\n          <div class="section-head">\n            '
            f'<h2 id="section-title-{pk}" tabindex="-1">{title}</h2>\n            '
            f"{self.tools_head(pk, title)}\n          </div>\n          "
            f"{self.tools(pk, title, bool(items))}"
            f'\n          <ol class="items" data-sortable="items" '
            f'aria-labelledby="section-title-{pk}">\n          '
        )
        if items:
            out.append("\n")
            rows.section(items, out)
            out.append("\n          ")
        else:
            out.append(self.empty)
        out.append("\n          </ol>\n        </li>\n        \n      ")

    def tools_head(self, pk: int, title: str) -> str:
        return ""

    def tools(self, pk: int, title: str, has_items: bool) -> str:
        return ""


class _EditorSection(_Section):
    """A section with an editor's tools: move, rename, delete."""

    def __init__(self, request, questionnaire, token: str = ""):
        super().__init__()
        pk = questionnaire.pk
        self.move = url_parts("questionnaire-section-move", pk)
        self.delete = url_parts("questionnaire-section-delete", pk)
        self.rename = url_parts("questionnaire-section-rename", pk)
        self.hidden = (
            '<input type="hidden" name="csrfmiddlewaretoken" '
            f'value="{escape(token or get_token(request))}"><input type="hidden" name="lock_version" '
            f'value="{questionnaire.lock_version}">'
        )
        self.up, self.down = escape(_("Omhoog")), escape(_("Omlaag"))
        self.aria = {
            "up": _("Onderdeel %(title)s omhoog"),
            "down": _("Onderdeel %(title)s omlaag"),
            "tools": _("Onderdeel bewerken: %(title)s"),
            "rename": _("Naam opslaan: %(title)s"),
            "delete": _("Onderdeel verwijderen: %(title)s"),
        }
        self.words = {
            "tools": escape(_("Onderdeel bewerken")),
            "name": escape(_("Naam van het onderdeel")),
            "save": escape(_("Naam opslaan")),
            "delete": escape(_("Onderdeel verwijderen")),
            True: escape(
                _("Verwijderen vraagt eerst om bevestiging: de vragen in dit onderdeel gaan mee.")
            ),
            False: escape(_("Dit onderdeel is leeg en wordt zonder verdere vraag verwijderd.")),
        }

    def tools_head(self, pk: int, title: str) -> str:
        move = f"{self.move[0]}{pk}{self.move[1]}"
        named = {"title": title}
        return (
            '\n            \n            <p class="move-form">\n              '
            f'<button formaction="{move}" name="direction" value="up" id="section-up-{pk}" '
            f'aria-label="{self.aria["up"] % named}">↑ {self.up}</button>\n              '
            f'<button formaction="{move}" name="direction" value="down" id="section-down-{pk}" '
            f'aria-label="{self.aria["down"] % named}">↓ {self.down}</button>\n            '
            "</p>\n            "
        )

    def tools(self, pk: int, title: str, has_items: bool) -> str:
        named, words, aria = {"title": title}, self.words, self.aria
        return (
            '\n          <details class="section-tools">\n            '
            f'<summary id="section-tools-{pk}" aria-label="{aria["tools"] % named}">'
            f"{words['tools']}</summary>\n            "
            '<div class="tool-form rename-form">\n              '
            f'<label for="section-name-{pk}">{words["name"]}</label>\n              '
            f'<input id="section-name-{pk}" name="title" value="{title}" maxlength="200" '
            f'required form="rename-{pk}">\n              '
            f'<button type="submit" form="rename-{pk}" id="section-rename-{pk}" '
            f'aria-label="{aria["rename"] % named}">{words["save"]}</button>\n            '
            '</div>\n            <p class="inline-form">'
            f'<button formaction="{self.delete[0]}{pk}{self.delete[1]}" class="secondary" '
            f'id="section-delete-{pk}" aria-label="{aria["delete"] % named}">'
            f"{words['delete']}</button></p>\n            "
            f'<p class="help">{words[has_items]}</p>\n          </details>\n          '
        )

    def rename_form(self, section) -> str:
        url = f"{self.rename[0]}{section.pk}{self.rename[1]}"
        return (
            f'<form id="rename-{section.pk}" method="post" action="{url}" hx-post="{url}" '
            f'hx-target="#builder" hx-swap="outerHTML">{self.hidden}</form>'
        )
