"""The builder page's export and results links, written in Python (issue 20).

The links were a template include of thirteen URL and twenty translation tags: half a
millisecond of every builder page, a quarter of what its template still did once the
builder itself was written in Python (make bench). Here they are the same markup, byte
for byte (tests/exports/test_links_html.py renders the include they replace next to
them); every value is escaped.
"""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from ..questionnaires.row_html import escape, questionnaire_url, url_parts

# (format, link text, what it is for), in the order the page lists them.
EXPORTS = (
    ("xlsx", _("Excel-werkmap (.xlsx)"), _("Voor het veldwerkbureau: alle vragen met antwoordcodes, landelijke vragen vergrendeld, met vingerafdruk en verantwoording.")),  # noqa: E501
    ("xlsform", _("XLSForm (.xlsx)"), _("Voor KoboToolbox, ODK en Enketo: direct te laden als formulier.")),  # noqa: E501
    ("limesurvey", _("LimeSurvey (.txt)"), _("Tekstbestand (TSV) om in LimeSurvey als vragenlijst te importeren.")),  # noqa: E501
    ("spss", _("SPSS-syntax (.sps)"), _("Variabelen, labels en ontbrekende waarden voor SPSS of PSPP.")),  # noqa: E501
    ("ddi", _("DDI Codebook (.xml)"), _("Documentatie volgens de DDI-standaard, voor archieven en datacatalogi.")),  # noqa: E501
    ("csv", _("Codeboek (.csv)"), _("Eén regel per antwoordcode, te openen in Excel.")),
)  # fmt: skip


def export_links_html(questionnaire, *, can_edit: bool) -> str:
    """The page's "Exporteren en controleren" and "Resultaten" sections."""
    pk = questionnaire.pk
    # Translated in plain calls: makemessages does not look inside f-strings.
    t = {
        key: escape(text)
        for key, text in (
            ("exports", gettext("Exporteren en controleren")),
            ("print", gettext("Afdrukken of als pdf bewaren")),
            ("conformance", gettext("Een teruggekomen vragenlijst controleren")),
            ("results", gettext("Resultaten vergelijken met de landelijke lijn")),
            ("comparison", gettext("Vergelijking met de landelijke lijn")),
            ("comparison_hint", gettext(
                "Lokale uitkomsten naast de landelijke cijfers, met betrouwbaarheidsintervallen "
                "en per wijk."
            )),
            ("upload", gettext("Resultaten uploaden")),
            ("upload_hint", gettext(
                "Respondentgegevens of totalen per vraag; alleen de totalen worden bewaard."
            )),
            ("planner", gettext("Oversampling plannen")),
            ("planner_hint", gettext(
                "Hoeveel respondenten u per wijk nodig hebt voor de gewenste nauwkeurigheid."
            )),
        )
    }  # fmt: skip
    guide_files = _help(
        questionnaire_url("files", None, namespace="guide") + "#export",
        gettext("exportformaten"),
    )
    guide_results = _help(
        questionnaire_url("index", None, namespace="guide") + "#uploaden",
        gettext("resultaten uploaden en vergelijken"),
    )
    head, tail = url_parts("questionnaire-export", pk)  # split around the format
    exports = [
        f'\n    <li><a href="{head}{key}{tail}" download>{escape(gettext(label))}</a>'
        f'\n      <span class="export-hint">{escape(gettext(hint))}</span></li>'
        for key, label, hint in EXPORTS
    ]
    upload = ""
    if can_edit:
        upload = (
            f'\n    <li><a href="{questionnaire_url("results-upload", pk)}">{t["upload"]}</a>'
            f'\n      <span class="export-hint">{t["upload_hint"]}</span></li>'
        )
    return (
        f'<link rel="stylesheet" href="{escape(static("css/exports.css"))}">\n'
        '<section class="export-links" aria-labelledby="export-links-title" id="export-links">'
        f'\n  <h2 id="export-links-title">{t["exports"]}</h2>\n  {guide_files}'
        f'\n  <ul class="export-list">{"".join(exports)}\n  </ul>\n  '
        f'<p><a href="{questionnaire_url("questionnaire-print", pk)}">{t["print"]}</a>\n    · '
        f'<a href="{questionnaire_url("questionnaire-conformance", pk)}">{t["conformance"]}</a>'
        "</p>\n</section>\n"
        '<section class="export-links" aria-labelledby="results-links-title" id="results-links">'
        f'\n  <h2 id="results-links-title">{t["results"]}</h2>\n  {guide_results}'
        '\n  <ul class="export-list">\n    '
        f'<li><a href="{questionnaire_url("results-comparison", pk)}">{t["comparison"]}</a>'
        f'\n      <span class="export-hint">{t["comparison_hint"]}</span></li>\n{upload}\n    '
        f'<li><a href="{questionnaire_url("results-planner", pk)}">{t["planner"]}</a>'
        f'\n      <span class="export-hint">{t["planner_hint"]}</span></li>\n  </ul>\n</section>\n'
    )


def _help(href: str, topic: str) -> str:
    """The "?" link to the guide (templates/questionsets/includes/help_link.html)."""
    name = gettext("Uitleg: %(topic)s") % {"topic": escape(topic)}
    return (
        f'<p class="help-line"><a class="help-link" href="{escape(href)}">'
        f'<span class="visually-hidden">{name} </span>?</a>\n</p>'
    )
