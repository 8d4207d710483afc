"""The builder's task floor (issue 20): the page's item rows, built by plain Python string
building from the data the page read, with no template engine and no per-row helpers of
the product. `item_rows(context)` gives byte for byte the rows of the page it bounds
(tests/bench/test_builder_floor.py checks that on a real page), so page / floor shows
what Django's ORM, views and templates add to the work no implementation can skip: the
SQL, replayed raw, writing the rows' markup and encoding it for the wire (bench.figures:
the page's response is bytes, so the floor's answer is too; 0.5 ms of 500 rows).
"""

from __future__ import annotations

import re
from html import escape

from django.urls import reverse
from django.utils.translation import gettext as _

ROW = re.compile(r'<li class="item item-.*?</li>', re.S)


def page_rows(html: str) -> str:
    """The item rows of a builder page or fragment, concatenated."""
    return "".join(ROW.findall(html))


def elements(html: str) -> int:
    """How many elements the markup opens."""
    return len(re.findall(r"<[a-z]", html))


def item_rows(context) -> str:
    """Every item row of the builder in `context` (the page's own render context)."""
    builder, can_edit = context["builder"], context["can_edit"]
    base = reverse("questionsets:questionnaire-detail", args=[builder.questionnaire.pk])
    t = _Words()
    out: list[str] = []
    for row in builder.sections:
        previous_set = None
        for item in row.items:
            intro = item.from_set.intro_nl if item.from_set_id else ""
            show_intro = intro and item.from_set_id != previous_set
            if intro:
                previous_set = item.from_set_id
            _row(item, base, t, can_edit, intro if show_intro else "", out)
    return "".join(out)  # once: joining each row first copied every row twice


def _split(pattern: str, name: str) -> tuple[str, str]:
    """A translation with one placeholder, escaped, as the text before and after it."""
    head, _, tail = escape(pattern % {name: "\x00"}).partition("\x00")
    return head, tail


class _Words:
    """What every row shares, worked out once per render: the translations, escaped and
    split around the value each row puts in; and the texts many rows repeat (a state, a
    set's name and flags, a scale's answers), escaped the first time they occur. Doing
    any of it per row would time the floor's own repetition, not the task."""

    def __init__(self):
        self.kinds = {k: escape(v) for k, v in (
            ("national", _("landelijk")), ("adapted", _("aangepast")), ("local", _("lokaal"))
        )}  # fmt: skip
        self.up, self.down = _("Omhoog"), _("Omlaag")
        self.adapt, self.edit, self.remove = _("Aanpassen"), _("Bewerken"), _("Verwijderen")
        self.intro = escape(_("Inleiding van de set:"))
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
            key: _split(_(f"Vraag %(code)s {word}"), "code")
            for key, word in (
                ("up", "omhoog"),
                ("down", "omlaag"),
                ("adapt", "aanpassen"),
                ("edit", "bewerken"),
                ("remove", "verwijderen"),
            )
        }
        self.states: dict[str, str] = {}
        self.sets: dict[int, str] = {}
        self.options: dict[int, str] = {}

    def state(self, label: str) -> str:
        done = self.states.get(label)
        if done is None:
            done = self.states[label] = escape(label)
        return done

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


def _row(item, base: str, t: _Words, can_edit: bool, intro: str, out: list[str]) -> None:
    pk, code, national = item.pk, escape(item.code), item.kind == "national"
    version = item.question_version
    head = f'<b class="item-code">{code}</b> {t.kinds[item.kind]}'
    state = ""
    if national:
        state = f" state-{item.state}"
        head += f" · {t.state(item.state_label)} · {t.version[0]}{version.number}{t.version[1]}"
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
    if item.notice:
        out.append(_notice(item, base, can_edit))
    if can_edit:
        out.append(_actions(item, base, t, code, national))
    out.append("</li>")


def _actions(item, base: str, t: _Words, code: str, national: bool) -> str:
    url = f"{base}vragen/{item.pk}/"
    change, label = ("adapt", t.adapt) if national else ("edit", t.edit)
    path = "aanpassen" if national else "bewerken"
    aria = {key: f"{head}{code}{tail}" for key, (head, tail) in t.aria.items()}
    return (
        f'<p class="item-actions"><button formaction="{url}verplaatsen/" name="direction" '
        f'value="up" id="up-{item.pk}" aria-label="{aria["up"]}">↑ {t.up}</button> '
        f'<button formaction="{url}verplaatsen/" name="direction" value="down" '
        f'id="down-{item.pk}" aria-label="{aria["down"]}">↓ {t.down}</button> '
        f'<a href="{url}{path}/" aria-label="{aria[change]}">{label}</a> '
        f'<button formaction="{url}verwijderen/" class="secondary" id="remove-{item.pk}" '
        f'aria-label="{aria["remove"]}">{t.remove}</button></p>'
    )


def _notice(item, base: str, can_edit: bool) -> str:
    notice, pk = item.notice, item.pk
    latest = notice.latest.number
    diff = []
    for op, text in notice.diff:
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
    newer = _("Er is een nieuwere landelijke versie: versie %(number)s.") % {"number": latest}
    out = (
        f'<div class="version-notice" role="note" aria-labelledby="notice-{pk}">\n'
        f'<p id="notice-{pk}"><strong>{newer}</strong></p>\n'
        f'<p class="diff">{_("Verschil in vraagtekst:")} {"".join(diff)}</p>\n'
    )
    if notice.scale_changed:
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
