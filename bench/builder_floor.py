"""The builder's task floor (issue 20): the builder's answer, built by plain Python
string building from the rows the page read, with no template engine and no helper of
the product. It derives what the answer shows (bench.builder_judge: the sets' verdicts,
the items' states, the indicators, the newer versions' differences) and writes the
sections with their rows and tools, and the summary's lists of indicators and sets.
`answer(context, request)` gives byte for byte those parts of the page it bounds
(tests/bench/test_builder_floor.py checks that on real pages), so page / floor shows
what Django's ORM, views and templates add to the work no implementation can skip: the
SQL, replayed raw, judging, writing the markup and encoding it for the wire
(bench.figures: the page's response is bytes, so the floor's answer is too).

Not in the floor: the page's frame around these parts (heading, tools, counts, time
budget, and for the full page the site's header and footer), a few kilobytes of
constant markup that a template writes and a floor would only copy.
"""

from __future__ import annotations

import re
from html import escape

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _

from .builder_judge import Judged, outdated, scale_changed, word_diff

ROW = re.compile(r'<li class="item item-.*?</li>', re.S)
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


def page_rows(html: str) -> str:
    """The item rows of a builder page or fragment, concatenated."""
    return "".join(ROW.findall(html))


def elements(html: str) -> int:
    """How many elements the markup opens."""
    return len(re.findall(r"<[a-z]", html))


def without_tokens(html: str) -> str:
    """The markup with its CSRF tokens blanked: each one is masked anew when written."""
    return TOKEN.sub(r'\1"', html)


def answer(context, request) -> list[str]:
    """The builder's sections list (with the rename forms for editors), its list of
    indicators and its list of basket sets, each as the page has it."""
    builder, can_edit = context["builder"], context["can_edit"]
    questionnaire = context["questionnaire"]
    ordered = [item for row in builder.sections for item in row.items]
    basket = [row.basket_set for row in builder.basket]
    judged = Judged(basket, ordered)
    base = reverse("questionsets:questionnaire-detail", args=[questionnaire.pk])
    t = _Words()
    out = ['<ol class="sections" data-sortable="sections">\n      ']
    tools = _SectionTools(base, request, questionnaire) if can_edit else None
    for row in builder.sections:
        _section(row, base, t, tools, judged, builder.notices, can_edit, out)
    out.append("\n      </ol>\n      ")
    if can_edit:
        out.append("</form>\n      ")
        out += [tools.rename_form(row.section.pk) for row in builder.sections]
        out.append("\n      ")
    summary = _Summary(base, can_edit)
    return ["".join(out), summary.indicators(judged, basket), summary.basket(judged, basket)]


def _rows(items, base, t, judged, notices, can_edit, out: list[str]) -> None:
    """One section's rows, a line each; a set's intro before its first question."""
    previous_set, newline = None, ""
    for item in items:
        intro = item.from_set.intro_nl if item.from_set_id else ""
        show_intro = intro and item.from_set_id != previous_set
        if intro:
            previous_set = item.from_set_id
        out.append(newline)
        _row(item, base, t, judged, notices, can_edit, intro if show_intro else "", out)
        newline = "\n"


def _split(pattern: str, name: str) -> tuple[str, str]:
    """A translation with one placeholder, escaped, as the text before and after it."""
    head, _, tail = escape(pattern % {name: "\x00"}).partition("\x00")
    return head, tail


class _Words:
    """What every row shares, worked out once per render: the translations (the states'
    labels among them), escaped and split around the value each row puts in; and the
    texts many rows repeat (a set's name and flags, a scale's answers), escaped the first
    time they occur. Doing any of it per row would time the floor's own repetition, not
    the task."""

    def __init__(self):
        self.kinds = {k: escape(v) for k, v in (
            ("national", _("landelijk")), ("adapted", _("aangepast")), ("local", _("lokaal"))
        )}  # fmt: skip
        self.up, self.down = _("Omhoog"), _("Omlaag")
        self.adapt, self.edit, self.remove = _("Aanpassen"), _("Bewerken"), _("Verwijderen")
        self.intro = escape(_("Inleiding van de set:"))
        self.empty = escape(_("Nog geen vragen in dit onderdeel."))
        self.answers, self.missing = _("Antwoorden:"), f" ({_('ontbrekend')})"
        self.version = _split(_("versie %(number)s"), "number")
        self.from_set = _("uit %(name)s")
        self.retired = (
            f'<span class="badge badge--retired">{escape(_("vervallen"))}</span> '
            + escape(
                _(
                    "Deze landelijke vraag is vervallen: hij blijft in uw vragenlijst staan, "
                    "maar kan niet opnieuw worden toegevoegd. Overweeg bij een nieuwe meting "
                    "een andere vraag."
                )
            )
        )
        self.indivisible, self.order_locked = _("ondeelbaar"), _("vaste volgorde")
        self.derived = _(
            "Afgeleid van landelijke vraag %(code)s versie %(number)s; niet vergelijkbaar."
        )
        self.aria = {
            key: _split(pattern, "code")
            for key, pattern in (
                ("up", _("Vraag %(code)s omhoog")),
                ("down", _("Vraag %(code)s omlaag")),
                ("adapt", _("Vraag %(code)s aanpassen")),
                ("edit", _("Vraag %(code)s bewerken")),
                ("remove", _("Vraag %(code)s verwijderen")),
            )
        }
        self.states = {
            "verified": escape(_("landelijk, identiek en gecontroleerd")),
            "unverified": escape(
                _("landelijk, identiek aan de catalogus; landelijke tekst niet gecontroleerd")
            ),
            "not_comparable": escape(_("niet vergelijkbaar")),
        }
        self.sets: dict[int, str] = {}
        self.options: dict[int, str] = {}

    def set_about(self, qset) -> str:
        done = self.sets.get(qset.pk)
        if done is None:
            about = f" · {escape(self.from_set % {'name': qset.name_nl})}"
            about += f" · {self.indivisible}" if qset.indivisible else ""
            about += f" · {self.order_locked}" if qset.order_locked else ""
            done = self.sets[qset.pk] = about
        return done

    def answers_of(self, options) -> str:
        done = self.options.get(id(options))  # the rows of one scale share its list
        if done is None:
            missing = self.missing
            text = " · ".join(
                f"{code}. {label}{missing if is_missing else ''}"
                for code, label, is_missing in options
            )
            done = self.options[id(options)] = (
                f'<p class="item-options">{escape(f"{self.answers} {text}")}</p>'
            )
        return done


def _row(item, base, t: _Words, judged: Judged, notices, can_edit, intro, out) -> None:
    pk, code, national = item.pk, escape(item.code), item.kind == "national"
    version = item.question_version
    head = f'<b class="item-code">{code}</b> {t.kinds[item.kind]}'
    state = ""
    if national:
        name = judged.state(item)
        state = f" state-{name}"
        head += f" · {t.states[name]} · {t.version[0]}{version.number}{t.version[1]}"
    if item.from_set is not None:
        head += t.set_about(item.from_set)
    out.append(
        f'<li class="item item-{item.kind}" id="item-{pk}"><p class="item-head{state}">{head}</p>'
    )
    if national and version.question.retired_at:
        out.append(f'<p class="item-retired" id="retired-{pk}" role="note">{t.retired}</p>')
    if intro:
        out.append(
            f'<p class="item-intro"><span class="visually-hidden">{t.intro} </span>'
            f"{escape(intro)}</p>"
        )
    wording = version.wording_nl if national else item.wording
    instruction = version.instruction_nl if national else item.instruction
    out.append(f'<p class="item-wording">{escape(wording)}</p>')
    if instruction:
        out.append(f'<p class="item-instruction">{escape(instruction)}</p>')
    if item.options:  # (code, label, is_missing), as the page read them
        out.append(t.answers_of(item.options))
    derived = item.derived_from
    if derived is not None:
        note = t.derived % {"code": derived.question.code, "number": derived.number}
        out.append(f'<p class="item-derived">{escape(note)}</p>')
    if national and outdated(item):  # the newer version as the page read it
        out.append(_notice(item, notices[pk].latest, base, can_edit))
    if can_edit:
        out.append(_actions(item, base, t, code, national))
    out.append("</li>")


def _actions(item, base: str, t: _Words, code: str, national: bool) -> str:
    pk, aria = item.pk, t.aria
    url = f"{base}vragen/{pk}/"
    change, label, path = (
        ("adapt", t.adapt, "aanpassen") if national else ("edit", t.edit, "bewerken")
    )
    return (
        f'<p class="item-actions"><button formaction="{url}verplaatsen/" name="direction" '
        f'value="up" id="up-{pk}" aria-label="{aria["up"][0]}{code}{aria["up"][1]}">'
        f"↑ {t.up}</button> "
        f'<button formaction="{url}verplaatsen/" name="direction" value="down" '
        f'id="down-{pk}" aria-label="{aria["down"][0]}{code}{aria["down"][1]}">'
        f"↓ {t.down}</button> "
        f'<a href="{url}{path}/" aria-label="{aria[change][0]}{code}{aria[change][1]}">'
        f"{label}</a> "
        f'<button formaction="{url}verwijderen/" class="secondary" id="remove-{pk}" '
        f'aria-label="{aria["remove"][0]}{code}{aria["remove"][1]}">{t.remove}</button></p>'
    )


def _notice(item, newer, base: str, can_edit: bool) -> str:
    pk, latest, version = item.pk, newer.number, item.question_version
    diff = []
    for op, text in word_diff(version.wording_nl, newer.wording_nl):
        if op == "delete":
            diff.append(
                f'<del><span class="visually-hidden">[{_("weg")}: </span>{escape(text)}'
                '<span class="visually-hidden">]</span></del> '
            )
        elif op == "insert":
            diff.append(
                f'<ins><span class="visually-hidden">[{_("nieuw")}: </span>{escape(text)}'
                '<span class="visually-hidden">]</span></ins> '
            )
        else:
            diff.append(f"{escape(text)} ")
    title = _("Er is een nieuwere landelijke versie: versie %(number)s.") % {"number": latest}
    out = (
        f'<div class="version-notice" role="note" aria-labelledby="notice-{pk}">\n'
        f'<p id="notice-{pk}"><strong>{title}</strong></p>\n'
        f'<p class="diff">{_("Verschil in vraagtekst:")} {"".join(diff)}</p>\n'
    )
    if scale_changed(version, newer):
        changed = _("Ook de instructie, het antwoordtype of de antwoordcategorieën zijn gewijzigd.")
        out += f"<p>{changed}</p>"
    out += "\n"
    if can_edit:
        url = f"{base}vragen/{pk}/"
        upgrade = _("Bijwerken naar versie %(number)s") % {"number": latest}
        keep = _("Versie %(number)s houden") % {"number": item.question_version.number}
        out += (
            f'<p><button formaction="{url}bijwerken/" id="upgrade-{pk}">{upgrade}</button> '
            f'<button formaction="{url}behouden/" class="secondary" id="keep-{pk}">{keep}'
            "</button></p>"
        )
    return out + "\n</div>"


def _section(row, base, t, tools, judged, notices, can_edit, out: list[str]) -> None:
    pk, title = row.section.pk, escape(row.section.title)
    head = tools.head(pk, title) if tools else ""
    body = tools.body(pk, title, bool(row.items)) if tools else ""
    out.append(
        f'\n        \n        <li class="section" id="section-{pk}" data-section-id="{pk}">'
        '\n          <div class="section-head">\n            '
        f'<h2 id="section-title-{pk}" tabindex="-1">{title}</h2>\n            '
        f"{head}\n          </div>\n          {body}"
        f'\n          <ol class="items" data-sortable="items" '
        f'aria-labelledby="section-title-{pk}">\n          '
    )
    if row.items:
        out.append("\n")
        _rows(row.items, base, t, judged, notices, can_edit, out)
        out.append("\n          ")
    else:
        out.append(f'\n            <li class="item-empty">{t.empty}</li>\n          ')
    out.append("\n          </ol>\n        </li>\n        \n      ")


class _SectionTools:
    """An editor's tools of a section: move, rename, delete; the texts once per render."""

    def __init__(self, base: str, request, questionnaire):
        self.base = f"{base}onderdelen/"
        self.hidden = (
            '<input type="hidden" name="csrfmiddlewaretoken" '
            f'value="{escape(get_token(request))}"><input type="hidden" name="lock_version" '
            f'value="{questionnaire.lock_version}">'
        )
        self.up, self.down = escape(_("Omhoog")), escape(_("Omlaag"))
        self.aria = {
            key: _split(pattern, "title")
            for key, pattern in (
                ("up", _("Onderdeel %(title)s omhoog")),
                ("down", _("Onderdeel %(title)s omlaag")),
                ("tools", _("Onderdeel bewerken: %(title)s")),
                ("rename", _("Naam opslaan: %(title)s")),
                ("delete", _("Onderdeel verwijderen: %(title)s")),
            )
        }
        self.tools, self.name = escape(_("Onderdeel bewerken")), escape(_("Naam van het onderdeel"))
        self.save, self.delete = escape(_("Naam opslaan")), escape(_("Onderdeel verwijderen"))
        self.help = {
            True: escape(
                _("Verwijderen vraagt eerst om bevestiging: de vragen in dit onderdeel gaan mee.")
            ),
            False: escape(_("Dit onderdeel is leeg en wordt zonder verdere vraag verwijderd.")),
        }

    def head(self, pk: int, title: str) -> str:
        url = f"{self.base}{pk}/verplaatsen/"
        up, down = (f"{h}{title}{t}" for h, t in (self.aria["up"], self.aria["down"]))
        return (
            '\n            \n            <p class="move-form">\n              '
            f'<button formaction="{url}" name="direction" value="up" id="section-up-{pk}" '
            f'aria-label="{up}">↑ {self.up}</button>\n              '
            f'<button formaction="{url}" name="direction" value="down" id="section-down-{pk}" '
            f'aria-label="{down}">↓ {self.down}</button>\n            </p>\n            '
        )

    def body(self, pk: int, title: str, has_items: bool) -> str:
        tools, rename, delete = (
            f"{h}{title}{t}" for h, t in (self.aria[k] for k in ("tools", "rename", "delete"))
        )
        return (
            '\n          <details class="section-tools">\n            '
            f'<summary id="section-tools-{pk}" aria-label="{tools}">{self.tools}</summary>'
            '\n            <div class="tool-form rename-form">\n              '
            f'<label for="section-name-{pk}">{self.name}</label>\n              '
            f'<input id="section-name-{pk}" name="title" value="{title}" maxlength="200" '
            f'required form="rename-{pk}">\n              '
            f'<button type="submit" form="rename-{pk}" id="section-rename-{pk}" '
            f'aria-label="{rename}">{self.save}</button>\n            '
            '</div>\n            <p class="inline-form">'
            f'<button formaction="{self.base}{pk}/verwijderen/" class="secondary" '
            f'id="section-delete-{pk}" aria-label="{delete}">{self.delete}</button></p>'
            f'\n            <p class="help">{self.help[has_items]}</p>\n          </details>'
            "\n          "
        )

    def rename_form(self, pk: int) -> str:
        url = f"{self.base}{pk}/naam/"
        return (
            f'<form id="rename-{pk}" method="post" action="{url}" hx-post="{url}" '
            f'hx-target="#builder" hx-swap="outerHTML">{self.hidden}</form>'
        )


class _Summary:
    """The summary's lists: the indicators, and the basket sets with their removed
    questions (and, for editors, the buttons to remove a set or put a question back)."""

    def __init__(self, base: str, can_edit: bool):
        self.base, self.can_edit = f"{base}sets/", can_edit
        self.labels = {
            "complete": escape(_("compleet en vergelijkbaar")),
            "provisional": escape(
                _("vergelijkbaar onder voorbehoud: landelijke tekst niet gecontroleerd")
            ),
            "incomplete": escape(_("onvolledig")),
            "not_comparable": escape(_("niet vergelijkbaar")),
        }

    def indicators(self, judged: Judged, basket) -> str:
        rows = judged.indicators(basket)
        if not rows:
            none = _("Nog geen landelijke vragensets: voeg een set toe om indicatoren te meten.")
            return f"<p>{none}</p>"
        out = ['<ul class="indicators">\n        ']
        for indicator, status, reasons in rows:
            why = f'<span class="reasons">{escape("; ".join(reasons))}</span>' if reasons else ""
            out.append(
                f'\n        <li class="indicator status-{status}">'
                f'\n          <span class="indicator-name">{escape(indicator.name_nl)}</span>'
                f'\n          <strong class="status">{self.labels[status]}</strong>'
                f"\n          {why}\n        </li>\n        "
            )
        out.append("\n      </ul>")
        return "".join(out)

    def basket(self, judged: Judged, basket) -> str:
        if not basket:
            return ""
        if self.can_edit:
            remove = _split(_("Set verwijderen: %(name)s"), "name")
            restore = _split(_("Vraag %(code)s terugzetten"), "code")
            words = [escape(w) for w in (_("Set verwijderen"), _("Verwijderd uit deze set:"))]
            words += [escape(_("vervallen")), escape(_("Terugzetten"))]
        out = ['<ul class="basket-sets">\n        ']
        for basket_set in basket:
            pk, qset = basket_set.pk, basket_set.question_set
            status, reasons = judged.verdicts[basket_set.question_set_id]
            name = escape(qset.name_nl)
            why = f'<span class="reasons">({escape("; ".join(reasons))})</span>' if reasons else ""
            tools = ""
            if self.can_edit:
                url = f"{self.base}{pk}/"
                tools = (
                    f'\n          <button type="submit" form="bf" formaction="{url}verwijderen/" '
                    f'class="link-button set-remove" id="set-remove-{pk}" '
                    f'aria-label="{remove[0]}{name}{remove[1]}">{words[0]}</button>\n          '
                )
                gone = [si for si in qset.items if si.question_id not in judged.present]
                if gone:
                    tools += (
                        "\n            \n"
                        f'            <p class="removed-title" id="removed-{pk}">{words[1]}</p>'
                        f'\n            <ul class="removed" aria-labelledby="removed-{pk}">'
                        "\n              "
                    )
                    for si in gone:
                        code = escape(si.code)
                        if si.retired_at:
                            action = f'<span class="badge badge--retired">{words[2]}</span>'
                        else:
                            action = (
                                f'<button type="submit" form="bf" formaction="{url}terugzetten/" '
                                f'class="link-button" name="set_item" value="{si.pk}" '
                                f'id="restore-{si.pk}" aria-label="{restore[0]}{code}'
                                f'{restore[1]}">{words[3]}</button>'
                            )
                        tools += f"\n              <li>{code} {action}</li>\n              "
                    tools += "\n            </ul>\n          "
                tools += "\n          "
            out.append(
                f'\n        <li class="status-{status}">{name}:'
                f"\n          <strong>{self.labels[status]}</strong>"
                f"\n          {why}\n          {tools}\n        </li>\n        "
            )
        out.append("\n      </ul>")
        return "".join(out)
