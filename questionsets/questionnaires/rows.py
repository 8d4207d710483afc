"""The text of the builder's item rows, prepared once per page in Python.

row_html then writes the rows from these strings: one reverse() per action for the whole
page instead of one per item (issue 7), and each translation looked up once per page
rather than about sixteen translation tags per item (issue 20). The strings here are plain
text (except the actions' markup); row_html escapes them.
"""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models import QuestionnaireItem
from .row_html import section_rows

ITEM_ACTIONS = ("move", "adapt", "edit", "remove", "upgrade", "keep")

_PK_MARKER = "987654321"


def row_labels() -> dict[str, str]:
    """The translated words every row uses, looked up once per page."""
    return {
        "up": _("Omhoog"),
        "down": _("Omlaag"),
        "adapt": _("Aanpassen"),
        "edit": _("Bewerken"),
        "remove": _("Verwijderen"),
        "intro": _("Inleiding van de set:"),
        "retired": _("vervallen"),
        "retired_note": _(
            "Deze landelijke vraag is vervallen: hij blijft in uw vragenlijst staan, maar kan "
            "niet opnieuw worden toegevoegd. Overweeg bij een nieuwe meting een andere vraag."
        ),
        "answers": _("Antwoorden:"),
        "missing": _("ontbrekend"),
        "version": _("versie %(number)s"),
        "from_set": _("uit %(name)s"),
        "indivisible": _("ondeelbaar"),
        "order_locked": _("vaste volgorde"),
        "weg": _("weg"),
        "nieuw": _("nieuw"),
        "diff": _("Verschil in vraagtekst:"),
        "newer": _("Er is een nieuwere landelijke versie: versie %(number)s."),
        "scale_changed": _(
            "Ook de instructie, het antwoordtype of de antwoordcategorieën zijn gewijzigd."
        ),
        "upgrade": _("Bijwerken naar versie %(number)s"),
        "keep": _("Versie %(number)s houden"),
        "derived": _(
            "Afgeleid van landelijke vraag %(code)s versie %(number)s; niet vergelijkbaar."
        ),
        "aria_up": _("Vraag %(code)s omhoog"),
        "aria_down": _("Vraag %(code)s omlaag"),
        "aria_adapt": _("Vraag %(code)s aanpassen"),
        "aria_edit": _("Vraag %(code)s bewerken"),
        "aria_remove": _("Vraag %(code)s verwijderen"),
    }


def attach_rows(questionnaire, builder, *, can_edit: bool) -> dict[str, str]:
    """Give each section of `builder` its item rows as markup (row_html); returns the
    page's labels."""
    patterns = {
        action: reverse(
            f"questionsets:questionnaire-item-{action}", args=[questionnaire.pk, _PK_MARKER]
        )
        for action in ITEM_ACTIONS
    }
    labels = row_labels()
    kinds = {kind: str(label) for kind, label in QuestionnaireItem.Kind.choices}
    for row in builder.sections:
        previous_set = None
        for item in row.items:
            item.key = key = str(item.pk)
            item.urls = {a: url.replace(_PK_MARKER, key) for a, url in patterns.items()}
            item.kind_label = kinds[item.kind]
            _texts(item, labels)
            # A set's shared intro once, before the first of its questions in the section.
            intro = item.from_set.intro_nl if item.from_set_id else ""
            item.intro = intro if intro and item.from_set_id != previous_set else ""
            if intro:
                previous_set = item.from_set_id
        row.items_html = section_rows(row.items, labels, can_edit)
    return labels


def _texts(item, labels: dict[str, str]) -> None:
    code = {"code": item.code}
    national = item.is_national
    version = item.question_version if national else None
    item.wording_text = version.wording_nl if national else item.wording
    item.instruction_text = version.instruction_nl if national else item.instruction
    item.about = _about(item, labels)
    item.options_text = _options(item, labels)
    derived = item.derived_from
    item.derived_text = (
        labels["derived"] % {"code": derived.question.code, "number": derived.number}
        if derived is not None
        else ""
    )
    item.actions = _actions(item, labels, code, "adapt" if national else "edit")


def _actions(item, labels: dict[str, str], code: dict, change: str) -> str:
    """The row's buttons, as markup: a quarter of a row's template variables were these
    (make bench: 500 rows). Every value is escaped here; the URLs hold only digits."""
    key, urls = item.key, item.urls
    up, down, other, remove = (
        escape(labels[f"aria_{name}"] % code) for name in ("up", "down", change, "remove")
    )
    return mark_safe(  # noqa: S308 - every interpolated value is escaped above
        f'<p class="item-actions"><button formaction="{urls["move"]}" name="direction" '
        f'value="up" id="up-{key}" aria-label="{up}">↑ {escape(labels["up"])}</button> '
        f'<button formaction="{urls["move"]}" name="direction" value="down" id="down-{key}" '
        f'aria-label="{down}">↓ {escape(labels["down"])}</button> '
        f'<a href="{urls[change]}" aria-label="{other}">{escape(labels[change])}</a> '
        f'<button formaction="{urls["remove"]}" class="secondary" id="remove-{key}" '
        f'aria-label="{remove}">{escape(labels["remove"])}</button></p>'
    )


def _about(item, labels: dict[str, str]) -> str:
    """What follows the kind and state in the row's head: version and set, ` · `-led."""
    parts = []
    if item.is_national:
        parts.append(labels["version"] % {"number": item.question_version.number})
    elif item.is_shared:  # the fourth state, with the sharing municipality (shelf/)
        parts += shared_about(item, labels)
    qset = item.from_set
    if qset is not None:
        parts.append(labels["from_set"] % {"name": qset.name_nl})
        if qset.indivisible:
            parts.append(labels["indivisible"])
        if qset.order_locked:
            parts.append(labels["order_locked"])
    return "".join(f" · {part}" for part in parts)


def shared_about(item, labels: dict[str, str]) -> list[str]:
    """A shared item's state and version; a newer version or a withdrawal, when so."""
    number = item.shared_version.number
    parts = [f"{item.state_label}, {labels['version'] % {'number': number}}"]
    latest = getattr(item, "latest_shared_number", None)
    if latest and latest > number:
        parts.append(_("nieuwere versie %(n)s beschikbaar (bijwerken onder Delen)") % {"n": latest})
    if item.shared_version.shared_question.is_withdrawn:
        parts.append(_("ingetrokken door de gemeente die haar deelde"))
    return parts


def _options(item, labels: dict[str, str]) -> str:
    options = item.display_options()
    if not options:
        return ""
    missing = f" ({labels['missing']})"
    return f"{labels['answers']} " + " · ".join(
        f"{code}. {label}{missing if is_missing else ''}" for code, label, is_missing in options
    )
