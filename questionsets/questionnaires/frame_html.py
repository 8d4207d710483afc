"""The builder (`<div id="builder">`, the page's part every htmx change swaps) written in
Python around its sections and summary lists (issue 20).

Its rows, sections and summary lists were already written in Python (row_html,
section_html, summary_html); what the template engine still did was the frame: the
tools, the status, the counts and the time estimate, some forty translation, URL and
if tags that took 1.4 ms of every builder response, more than writing 500 rows' actions
(make bench). Here it is the same markup, byte for byte
(tests/questionnaires/test_frame_html.py renders the template it replaces next to it),
with every value escaped; the page template puts it in where the partial was.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.middleware.csrf import get_token
from django.utils.formats import localize
from django.utils.translation import gettext as _

from ..models import AnswerType
from .builder import SECONDS_PER_ANSWER_TYPE, SECONDS_PER_OPTION, format_duration
from .comparability import ITEM_STATE_LABELS
from .row_html import escape, questionnaire_url
from .section_html import write_sections
from .summary_html import basket_items, indicator_items


def builder_html(request, context: dict) -> str:
    """The builder of `context` (responses._builder_context) as markup."""
    return "".join(builder_parts(request, context))


def builder_parts(request, context: dict) -> list[str]:
    """The builder's markup in pieces, for the response to join once with the page."""
    questionnaire, builder, can_edit = (
        context["questionnaire"],
        context["builder"],
        context["can_edit"],
    )
    pk, t = questionnaire.pk, _texts()
    focus, status, error = (context.get(k) for k in ("focus_id", "status_message", "error_message"))
    out = [
        f'\n<div id="builder" class="builder" '
        f'data-reorder-url="{questionnaire_url("questionnaire-reorder", pk)}" '
        f'data-can-edit="{"1" if can_edit else ""}"'
        f"{f' data-focus={_attr(focus)}' if focus else ''}>\n  "
    ]
    if request.htmx:
        out.append(
            '<div id="builder-status" class="builder-status" role="status" '
            f'hx-swap-oob="true">{escape(status or "")}</div>'
        )
    out.append("\n  ")
    if error:
        out.append(f'<div class="alert alert-error" role="alert">{escape(error)}</div>')
    out.append(
        '\n  <div id="dialog-slot"></div>\n  <div class="builder-layout">\n'
        '    <div class="builder-main">\n      '
    )
    token = get_token(request) if can_edit else ""  # one for all the builder's forms
    if can_edit:
        out.append(_tools(questionnaire, builder, escape(token), t))
        detail = questionnaire_url("questionnaire-detail", pk)
        out.append(
            "\n\n      \n      "
            f'<form id="bf" method="post" action="{detail}" hx-post="{detail}" '
            'hx-target="#builder" hx-swap="outerHTML"><input type="hidden" '
            f'name="csrfmiddlewaretoken" value="{escape(token)}"><input type="hidden" '
            f'name="lock_version" value="{escape(context["lock_version"])}">'
        )
    else:
        out.append("\n\n      ")
    out.append("\n      ")
    write_sections(request, questionnaire, builder, can_edit=can_edit, out=out, token=token)
    out.append("\n    </div>\n\n    ")
    out.append(_summary(questionnaire, builder, can_edit, t))
    out.append("\n  </div>\n</div>\n")
    return out


def _texts() -> SimpleNamespace:
    """The frame's fixed texts, translated and escaped. In plain _() calls: makemessages
    does not look inside f-strings, so a translation called there is not extracted."""
    return SimpleNamespace(
        **{
            key: escape(text)
            for key, text in dict(
                add_set=_("Set toevoegen"),
                new_section_name=_("Naam van het nieuwe onderdeel"),
                add_section=_("Onderdeel toevoegen"),
                add_own=_("Eigen vraag toevoegen"),
                national=_("Landelijk"),
                sets=_("Vragensets"),
                over_budget=_("Dit past niet in het tijdsbudget."),
                comparability=_("Vergelijkbaarheid"),
                adapted=_("Aangepast"),
                local=_("Lokaal"),
                indicators=_("Indicatoren"),
                duration=_("Geschatte interviewduur"),
                assumptions=_("Aannames van de schatting"),
            ).items()
        }
    )


def _attr(value) -> str:
    return f'"{escape(value)}"'


def _tools(questionnaire, builder, token: str, t: SimpleNamespace) -> str:
    pk = questionnaire.pk
    picker = questionnaire_url("questionnaire-set-picker", pk)
    create = questionnaire_url("questionnaire-section-create", pk)
    hint = ""
    if builder.item_count:
        hint = (
            '<p class="hint" id="reorder-hint">'
            + escape(
                _("Verplaats vragen met de knoppen Omhoog en Omlaag, of sleep ze met de muis.")
            )
            + "</p>"
        )
    return (
        '\n      <div class="builder-tools">\n        \n        '
        f'<p><a class="button" href="{picker}" hx-get="{picker}" hx-target="#set-picker-slot" '
        f'hx-swap="innerHTML" id="open-set-picker">{t.add_set}</a></p>'
        '\n        <div id="set-picker-slot"></div>\n        '
        f'<form method="post" action="{create}" hx-post="{create}" hx-target="#builder" '
        'hx-swap="outerHTML" class="tool-form">\n          '
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">\n          '
        '<input type="hidden" name="lock_version" '
        f'value="{questionnaire.lock_version}">\n          '
        '<label for="new-section-title">'
        f"{t.new_section_name}</label>\n          "
        '<input id="new-section-title" name="title" maxlength="200" required>\n          '
        f'<button type="submit">{t.add_section}</button>\n        '
        "</form>\n        "
        f'<p><a class="button" href="{questionnaire_url("questionnaire-item-create", pk)}">'
        f"{t.add_own}</a></p>\n      </div>\n      {hint}\n      "
    )


def _summary(questionnaire, builder, can_edit: bool, t: SimpleNamespace) -> str:
    guide = questionnaire_url("comparability", None, namespace="guide")
    help_topic = _("Uitleg: %(topic)s") % {"topic": escape(_("vergelijkbaarheid"))}
    counts = [
        f"<dt>{t.national}</dt>"
        f'<dd id="count-national">{localize(builder.counts["national"])}</dd>\n        '
    ]
    for state, count in builder.states.items():
        if count or state != "not_comparable":
            counts.append(
                f'\n        <dt class="count-state">{escape(ITEM_STATE_LABELS[state])}</dt>'
                f'<dd id="count-{state}">{localize(count)}</dd>\n        '
            )
    if builder.indicators:
        indicators = (
            '\n      <ul class="indicators">\n        '
            f"{indicator_items(builder)}\n      </ul>\n      "
        )
    else:
        none = _("Nog geen landelijke vragensets: voeg een set toe om indicatoren te meten.")
        indicators = f"\n        <p>{escape(none)}</p>\n      "
    sets = ""
    if builder.basket:
        sets = (
            f"\n      <h3>{t.sets}</h3>\n      "
            '<ul class="basket-sets">\n        '
            f"{basket_items(questionnaire, builder, can_edit=can_edit)}\n      </ul>\n      "
        )
    whole = _("Hele vragenlijst: %(total)s (%(count)s vragen).") % {
        "total": escape(format_duration(builder.seconds_total)),
        "count": localize(builder.item_count),
    }
    local = _("Lokale en aangepaste vragen: %(used)s van de %(budget)s minuten tijdsbudget.") % {
        "used": escape(format_duration(builder.seconds_local)),
        "budget": localize(questionnaire.local_time_budget_minutes),
    }
    over = ""
    if builder.over_budget:
        over = f"<strong>{t.over_budget}</strong>"
    assumptions = "".join(
        "<li>"
        + _("%(label)s: %(seconds)s seconden")
        % {"label": escape(AnswerType(kind).label), "seconds": localize(seconds)}
        + "</li>"
        for kind, seconds in SECONDS_PER_ANSWER_TYPE.items()
    )
    per_option = _("plus %(s)s seconden per antwoordmogelijkheid") % {
        "s": localize(SECONDS_PER_OPTION)
    }
    return (
        '<aside class="builder-summary" aria-labelledby="summary-title">\n      '
        f'<h2 id="summary-title" tabindex="-1">{t.comparability}</h2>\n      '
        f'<p class="help-line"><a class="help-link" href="{guide}#staten">'
        f'<span class="visually-hidden">{help_topic} </span>?</a>\n</p>\n      '
        '<dl class="counts">\n        ' + "".join(counts) + f"\n        <dt>{t.adapted}</dt>"
        f'<dd id="count-adapted">{localize(builder.counts["adapted"])}</dd>\n        '
        f"<dt>{t.local}</dt>"
        f'<dd id="count-local">{localize(builder.counts["local"])}</dd>\n      </dl>\n      '
        f"<h3>{t.indicators}</h3>\n      "
        f"{indicators}\n      {sets}\n      "
        f"<h3>{t.duration}</h3>\n      "
        f"<p>{whole}</p>\n      "
        f'<p class="{"over-budget" if builder.over_budget else ""}" id="local-budget">\n        '
        f"{local}\n        {over}\n      </p>\n      "
        '<div class="assumptions">\n        '
        f"<h4>{t.assumptions}</h4>\n        <ul>\n          "
        f"{assumptions}\n          <li>{per_option}</li>\n        </ul>\n      </div>\n    "
        "</aside>"
    )


def header_html(context: dict) -> str:
    """The page's heading above the builder: title, owner and status, and the links to
    the questionnaire's other pages the user may use."""
    questionnaire, can_edit, can_manage = (
        context["questionnaire"],
        context["can_edit"],
        context["can_manage"],
    )
    pk, owner = questionnaire.pk, escape(questionnaire.municipality.name)
    shared = ""
    if not context["is_owner"]:
        role = _("u bent mederedacteur") if can_edit else _("u kunt lezen, niet wijzigen")
        by = _("Gedeeld door %(name)s") % {"name": owner}
        shared = f"<br><strong>{by}</strong> · {escape(role)}"
    description = f"<br>{escape(questionnaire.description)}" if questionnaire.description else ""

    def link(name: str, text: str, extra: str = "") -> tuple[str, str, str]:
        return questionnaire_url(name, pk), text, extra

    links = [(questionnaire_url("questionnaire-list", None), _("Alle vragenlijsten"), "")]
    if can_edit:
        links.append(link("questionnaire-settings", _("Instellingen en tijdsbudget")))
    if can_edit and can_manage:
        archive = questionnaire_url("questionnaire-archive", pk)
        links.append((archive, _("Archiveren"), f' hx-get="{archive}"'))
    if can_manage:
        links.append(link("questionnaire-copy", _("Kopiëren naar een nieuw jaar")))
        links.append(link("sharing-questionnaire", _("Delen met andere gemeenten")))
    if can_edit:
        links.append(link("shelf-shareable", _("Gedeelde vragen bijwerken")))
    actions = "".join(
        f'\n    <li><a href="{url}"{extra}>{escape(text)}</a></li>' for url, text, extra in links
    )
    return (
        '<div class="builder-header">\n  '
        f"<h1>{escape(questionnaire.title)} "
        f'<span class="year">({localize(questionnaire.year)})</span></h1>\n  '
        f'<p class="meta">\n    {owner} · {escape(questionnaire.get_status_display())}\n    '
        f"{shared}\n    {description}\n  </p>\n  "
        f'<ul class="actions">{actions}\n  </ul>\n</div>\n'
        '<div id="builder-status" class="builder-status" role="status"></div>\n'
    )
