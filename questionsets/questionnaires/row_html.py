"""The builder's item rows, written in Python (issue 20).

Rendering 500 rows through the template engine cost about three times the markup itself
(make bench), so the rows are written here, one pass per row, and placed in the page as one
safe block per section (section_html). Every value from the data is escaped as
django.utils.html.escape does; the translations, the URLs and every fixed piece of markup
are prepared once per page (RowWriter.__init__), and texts many rows share (a scale's
answers, a set's name, a state) are escaped once. The markup is the one the template
wrote: the same ids, aria-labels and `formaction` buttons, so the keyboard, focus after
htmx swaps and the forms without JavaScript behave as before. bench.builder_floor writes
the same bytes independently (tests/bench/test_builder_floor.py).
"""

from __future__ import annotations

from functools import cache
from html import escape as _html_escape

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _

from ..models import QuestionnaireItem
from ..templatetags.cached_url import cached_reverse

NATIONAL, SHARED = QuestionnaireItem.Kind.NATIONAL, QuestionnaireItem.Kind.SHARED
_PK_MARKER = "987654321"
_QUESTIONNAIRE_MARKER = "123456789"


def escape(text) -> str:
    """django.utils.html.escape without its per-call lazy-argument check and SafeString
    wrapping (2.0 against 0.5 µs a call, some 4,000 calls per page of 500 rows): the same
    replacements (&, <, >, " and ') on str(text); the page marks its blocks safe once.
    tests/questionnaires/test_row_html.py pins the two to the same output."""
    return _html_escape(str(text))


def url_parts(name: str, questionnaire_pk: int) -> tuple[str, str]:
    """The URL `questionsets:<name>` of something in a questionnaire (an item, a section,
    a basket set), split around that thing's id, for the rows to put their ids in."""
    start, middle, tail = _url_pattern(name, get_script_prefix(), get_urlconf())
    return f"{start}{questionnaire_pk}{middle}", tail


@cache
def _url_pattern(name: str, prefix: str, urlconf) -> tuple[str, str, str]:
    """The URL split around the questionnaire's id and the thing's id: reversed once per
    process for each name, prefix and URLconf (a dozen reverse() calls took 0.4 ms of
    every builder response, issue 20). The URLs are fixed for a deployment, so every
    worker derives the same."""
    url = reverse(f"questionsets:{name}", args=[_QUESTIONNAIRE_MARKER, _PK_MARKER])
    start, _marker, rest = url.partition(_QUESTIONNAIRE_MARKER)
    middle, _marker, tail = rest.partition(_PK_MARKER)
    return start, middle, tail


def questionnaire_url(name: str, questionnaire_pk: int | None, *, namespace="questionsets") -> str:
    """The URL `<namespace>:<name>`, of the questionnaire `questionnaire_pk` (None: a URL
    without arguments), remembered as every template's {% url %} is (cached_url)."""
    args = () if questionnaire_pk is None else (questionnaire_pk,)
    return cached_reverse(f"{namespace}:{name}", args, (), None)


def item_url_parts(questionnaire_pk: int, action: str) -> tuple[str, str]:
    """The URL of an item action, split around the item's id."""
    return url_parts(f"questionnaire-item-{action}", questionnaire_pk)


def split_around(pattern: str, name: str) -> tuple[str, str]:
    """A translation with one %(name)s, filled and escaped, split around the value: the
    row puts the escaped value in between."""
    head, _marker, tail = escape(pattern % {name: "\x00"}).partition("\x00")
    return head, tail


class RowWriter:
    """Writes the `<li>` rows of one page: head, retirement, set intro, wording,
    instruction, answers, derivation, version notice and (for editors) actions."""

    def __init__(self, questionnaire_pk: int, *, can_edit: bool):
        self.can_edit = can_edit
        self.kinds = {kind: escape(label) for kind, label in QuestionnaireItem.Kind.choices}
        self.version = _("versie %(number)s")
        self.from_set = _("uit %(name)s")
        self.indivisible, self.order_locked = _("ondeelbaar"), _("vaste volgorde")
        retired = escape(_("vervallen"))
        self.retired = (
            f'" role="note"><span class="badge badge--retired">{retired}</span> '
            + escape(
                _(
                    "Deze landelijke vraag is vervallen: hij blijft in uw vragenlijst staan, "
                    "maar kan niet opnieuw worden toegevoegd. Overweeg bij een nieuwe meting "
                    "een andere vraag."
                )
            )
            + "</p>"
        )
        intro = escape(_("Inleiding van de set:"))
        self.intro = f'<p class="item-intro"><span class="visually-hidden">{intro} </span>'
        missing = _("ontbrekend")
        self.answers, self.missing = _("Antwoorden:"), f" ({missing})"
        self.derived = _(
            "Afgeleid van landelijke vraag %(code)s versie %(number)s; niet vergelijkbaar."
        )
        self.escaped: dict[str, str] = {}  # texts many rows share, escaped once
        self.options: dict[int, str] = {}  # a scale's answers paragraph, by id of its list
        if can_edit:
            self._actions_prepared(questionnaire_pk)

    def _actions_prepared(self, questionnaire_pk: int) -> None:
        base = item_url_parts(questionnaire_pk, "move")[0]
        self.urls = {a: item_url_parts(questionnaire_pk, a) for a in ("upgrade", "keep")}
        self.base = base
        self.tails = {a: item_url_parts(questionnaire_pk, a)[1] for a in ("move", "remove")}
        self.tails["adapt"] = item_url_parts(questionnaire_pk, "adapt")[1]
        self.tails["edit"] = item_url_parts(questionnaire_pk, "edit")[1]
        self.aria = {
            name: split_around(pattern, "code")
            for name, pattern in (
                ("up", _("Vraag %(code)s omhoog")),
                ("down", _("Vraag %(code)s omlaag")),
                ("adapt", _("Vraag %(code)s aanpassen")),
                ("edit", _("Vraag %(code)s bewerken")),
                ("remove", _("Vraag %(code)s verwijderen")),
            )
        }
        self.words = {
            name: escape(word)
            for name, word in (
                ("up", _("Omhoog")),
                ("down", _("Omlaag")),
                ("adapt", _("Aanpassen")),
                ("edit", _("Bewerken")),
                ("remove", _("Verwijderen")),
            )
        }

    def esc(self, text: str) -> str:
        """`text` escaped, once per page for a text many rows share."""
        done = self.escaped.get(text)
        if done is None:
            done = self.escaped[text] = escape(text)
        return done

    def section(self, items, out: list[str]) -> None:
        """Append the rows of one section's items to `out`, in order, a line each; a
        set's shared intro once, before the first of its questions in the section. The
        page joins `out` once: joining each row, then each section, copied the half
        megabyte of rows over again."""
        previous_set, newline = None, ""
        for item in items:
            intro = item.from_set.intro_nl if item.from_set_id else ""
            out.append(newline)
            self.write(item, intro if intro and item.from_set_id != previous_set else "", out)
            newline = "\n"
            if intro:
                previous_set = item.from_set_id

    def row(self, item, intro: str = "") -> str:
        """One row on its own."""
        out: list[str] = []
        self.write(item, intro, out)
        return "".join(out)

    def write(self, item, intro: str, out: list[str]) -> None:
        key, national = str(item.pk), item.kind == NATIONAL
        code = _html_escape(item.code)
        version = item.question_version
        out.append(
            f'<li class="item item-{item.kind}" id="item-{key}"><p class="item-head'
            + (f' state-{item.state}">' if national else '">')
            + f'<b class="item-code">{code}</b> {self.kinds[item.kind]}'
            + self._about(item, national)
            + "</p>"
        )
        if national and version.question.retired_at:
            out.append(f'<p class="item-retired" id="retired-{key}{self.retired}')
        if intro:
            out.append(f"{self.intro}{self.esc(intro)}</p>")
        if national:
            wording, instruction = version.wording_nl, version.instruction_nl
        else:
            wording, instruction = item.wording, item.instruction
        out.append(f'<p class="item-wording">{_html_escape(wording)}</p>')
        if instruction:
            out.append(f'<p class="item-instruction">{_html_escape(instruction)}</p>')
        if item.options:
            out.append(self._options(item.options))
        derived = item.derived_from
        if derived is not None:
            note = self.derived % {"code": derived.question.code, "number": derived.number}
            out.append(f'<p class="item-derived">{escape(note)}</p>')
        if item.notice:
            out.append(self.notice(item, key))
        if self.can_edit:
            out.append(self._actions(key, code, national))
        out.append("</li>")

    def _about(self, item, national: bool) -> str:
        """The head after the kind: state, version and set, each ` · `-led."""
        if national:
            about = f" · {self.esc(item.state_label)} · " + escape(
                self.version % {"number": item.question_version.number}
            )
        elif item.kind == SHARED:  # the fourth state, with the sharing municipality (shelf/)
            about = "".join(f" · {escape(part)}" for part in self._shared(item))
        else:
            about = ""
        qset = item.from_set
        if qset is None:
            return about
        return about + self.esc(self._set_about(qset))

    def _set_about(self, qset) -> str:
        about = " · " + self.from_set % {"name": qset.name_nl}
        if qset.indivisible:
            about += f" · {self.indivisible}"
        if qset.order_locked:
            about += f" · {self.order_locked}"
        return about

    def _shared(self, item) -> list[str]:
        """A shared item's state and version; a newer version or a withdrawal, when so."""
        number = item.shared_version.number
        parts = [f"{item.state_label}, {self.version % {'number': number}}"]
        latest = getattr(item, "latest_shared_number", None)
        if latest and latest > number:
            # Editors upgrade on the page the builder's "Gedeelde vragen bijwerken" opens.
            newer = (
                _('nieuwere versie %(n)s beschikbaar (zie "Gedeelde vragen bijwerken")')
                if self.can_edit
                else _("nieuwere versie %(n)s beschikbaar")
            )
            parts.append(newer % {"n": latest})
        if item.shared_version.shared_question.is_withdrawn:
            parts.append(_("ingetrokken door de gemeente die haar deelde"))
        return parts

    def _options(self, options: list[tuple]) -> str:
        """The answers paragraph, once per scale: items of one scale share its list."""
        done = self.options.get(id(options))
        if done is None:
            missing = self.missing
            text = " · ".join(
                f"{code}. {label}{missing if is_missing else ''}"
                for code, label, is_missing in options
            )
            done = f'<p class="item-options">{escape(f"{self.answers} {text}")}</p>'
            self.options[id(options)] = done
        return done

    def _actions(self, key: str, code: str, national: bool) -> str:
        url, tails, words = self.base + key, self.tails, self.words
        move, (up, up_), (down, down_) = url + tails["move"], self.aria["up"], self.aria["down"]
        change = "adapt" if national else "edit"
        other, other_ = self.aria[change]
        remove, remove_ = self.aria["remove"]
        return (
            f'<p class="item-actions"><button formaction="{move}" name="direction" '
            f'value="up" id="up-{key}" aria-label="{up}{code}{up_}">↑ {words["up"]}</button> '
            f'<button formaction="{move}" name="direction" value="down" id="down-{key}" '
            f'aria-label="{down}{code}{down_}">↓ {words["down"]}</button> '
            f'<a href="{url}{tails[change]}" aria-label="{other}{code}{other_}">'
            f"{words[change]}</a> "
            f'<button formaction="{url}{tails["remove"]}" class="secondary" id="remove-{key}" '
            f'aria-label="{remove}{code}{remove_}">{words["remove"]}</button></p>'
        )

    def notice(self, item, key: str) -> str:
        """The notice of a newer national version: the word diff and, for editors, the
        choice to upgrade or keep."""
        notice = item.notice
        latest = {"number": notice.latest.number}
        newer = _("Er is een nieuwere landelijke versie: versie %(number)s.") % latest
        difference = _("Verschil in vraagtekst:")
        out = (
            f'<div class="version-notice" role="note" aria-labelledby="notice-{key}">\n'
            f'<p id="notice-{key}"><strong>{escape(newer)}</strong></p>\n'
            f'<p class="diff">{escape(difference)} {_diff(notice.diff)}</p>\n'
        )
        if notice.scale_changed:
            changed = _(
                "Ook de instructie, het antwoordtype of de antwoordcategorieën zijn gewijzigd."
            )
            out += f"<p>{escape(changed)}</p>"
        out += "\n"
        if self.can_edit:
            (upgrade, upgrade_), (keep, keep_) = self.urls["upgrade"], self.urls["keep"]
            current = {"number": item.question_version.number}
            to_latest = _("Bijwerken naar versie %(number)s") % latest
            keep_current = _("Versie %(number)s houden") % current
            out += (
                f'<p><button formaction="{upgrade}{key}{upgrade_}" id="upgrade-{key}">'
                f"{escape(to_latest)}</button> "
                f'<button formaction="{keep}{key}{keep_}" class="secondary" '
                f'id="keep-{key}">{escape(keep_current)}</button></p>'
            )
        return out + "\n</div>"


def _diff(diff: list[tuple[str, str]]) -> str:
    marks = {
        "delete": ("<del>", _("weg"), "</del>"),
        "insert": ("<ins>", _("nieuw"), "</ins>"),
    }
    out = []
    for op, text in diff:
        if op in marks:
            start, word, end = marks[op]
            out.append(
                f'{start}<span class="visually-hidden">[{escape(word)}: </span>'
                f'{escape(text)}<span class="visually-hidden">]</span>{end} '
            )
        else:
            out.append(f"{escape(text)} ")
    return "".join(out)
