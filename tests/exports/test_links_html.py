"""The builder page's heading (frame_html.header_html) and its export and results links
(exports.links_html) are written in Python with the markup the template wrote before:
REFERENCE_* below are those template parts, rendered by Django from the same context,
for each role a user can have, in Dutch and English. Only the whitespace between
and around elements differs, which HTML does not show, so both sides are compared
with their whitespace runs made one space."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from questionsets.exports.links_html import export_links_html
from questionsets.questionnaires import services
from questionsets.questionnaires.access import get_questionnaire_for_user
from questionsets.questionnaires.frame_html import header_html
from questionsets.questionnaires.responses import _builder_context
from questionsets.sharing.models import QuestionnaireShare

from ..basket import fresh

pytestmark = pytest.mark.django_db

REFERENCE_HEADER = """{% load i18n %}<div class="builder-header">
  <h1>{{ questionnaire.title }} <span class="year">({{ questionnaire.year }})</span></h1>
  <p class="meta">
    {{ questionnaire.municipality.name }} · {{ questionnaire.get_status_display }}
    {% if not is_owner %}<br><strong>{% blocktranslate with name=questionnaire.municipality.name %}Gedeeld door {{ name }}{% endblocktranslate %}</strong> · {% if can_edit %}{% translate "u bent mederedacteur" %}{% else %}{% translate "u kunt lezen, niet wijzigen" %}{% endif %}{% endif %}
    {% if questionnaire.description %}<br>{{ questionnaire.description }}{% endif %}
  </p>
  <ul class="actions">
    <li><a href="{% url 'questionsets:questionnaire-list' %}">{% translate "Alle vragenlijsten" %}</a></li>
    {% if can_edit %}
      <li><a href="{% url 'questionsets:questionnaire-settings' questionnaire.pk %}">{% translate "Instellingen en tijdsbudget" %}</a></li>
    {% endif %}
    {% if can_edit and can_manage %}
      <li><a href="{% url 'questionsets:questionnaire-archive' questionnaire.pk %}" hx-get="{% url 'questionsets:questionnaire-archive' questionnaire.pk %}">{% translate "Archiveren" %}</a></li>
    {% endif %}
    {% if can_manage %}
      <li><a href="{% url 'questionsets:questionnaire-copy' questionnaire.pk %}">{% translate "Kopiëren naar een nieuw jaar" %}</a></li>
      <li><a href="{% url 'questionsets:sharing-questionnaire' questionnaire.pk %}">{% translate "Delen met andere gemeenten" %}</a></li>
    {% endif %}
    {% if can_edit %}
      <li><a href="{% url 'questionsets:shelf-shareable' questionnaire.pk %}">{% translate "Gedeelde vragen bijwerken" %}</a></li>
    {% endif %}
  </ul>
</div>
<div id="builder-status" class="builder-status" role="status"></div>
"""

REFERENCE_EXPORTS = """{% load i18n static %}<link rel="stylesheet" href="{% static 'css/exports.css' %}">
<section class="export-links" aria-labelledby="export-links-title" id="export-links">
  <h2 id="export-links-title">{% translate "Exporteren en controleren" %}</h2>
  {% url 'guide:files' as guide_url %}<p class="help-line">{% include "questionsets/includes/help_link.html" with href=guide_url|add:"#export" topic=_("exportformaten") %}</p>
  <ul class="export-list">
    <li><a href="{% url 'questionsets:questionnaire-export' questionnaire.pk 'xlsx' %}" download>{% translate "Excel-werkmap (.xlsx)" %}</a>
      <span class="export-hint">{% translate "Voor het veldwerkbureau: alle vragen met antwoordcodes, landelijke vragen vergrendeld, met vingerafdruk en verantwoording." %}</span></li>
    <li><a href="{% url 'questionsets:questionnaire-export' questionnaire.pk 'xlsform' %}" download>{% translate "XLSForm (.xlsx)" %}</a>
      <span class="export-hint">{% translate "Voor KoboToolbox, ODK en Enketo: direct te laden als formulier." %}</span></li>
    <li><a href="{% url 'questionsets:questionnaire-export' questionnaire.pk 'limesurvey' %}" download>{% translate "LimeSurvey (.txt)" %}</a>
      <span class="export-hint">{% translate "Tekstbestand (TSV) om in LimeSurvey als vragenlijst te importeren." %}</span></li>
    <li><a href="{% url 'questionsets:questionnaire-export' questionnaire.pk 'spss' %}" download>{% translate "SPSS-syntax (.sps)" %}</a>
      <span class="export-hint">{% translate "Variabelen, labels en ontbrekende waarden voor SPSS of PSPP." %}</span></li>
    <li><a href="{% url 'questionsets:questionnaire-export' questionnaire.pk 'ddi' %}" download>{% translate "DDI Codebook (.xml)" %}</a>
      <span class="export-hint">{% translate "Documentatie volgens de DDI-standaard, voor archieven en datacatalogi." %}</span></li>
    <li><a href="{% url 'questionsets:questionnaire-export' questionnaire.pk 'csv' %}" download>{% translate "Codeboek (.csv)" %}</a>
      <span class="export-hint">{% translate "Eén regel per antwoordcode, te openen in Excel." %}</span></li>
  </ul>
  <p><a href="{% url 'questionsets:questionnaire-print' questionnaire.pk %}">{% translate "Afdrukken of als pdf bewaren" %}</a>
    · <a href="{% url 'questionsets:questionnaire-conformance' questionnaire.pk %}">{% translate "Een teruggekomen vragenlijst controleren" %}</a></p>
</section>
<section class="export-links" aria-labelledby="results-links-title" id="results-links">
  <h2 id="results-links-title">{% translate "Resultaten vergelijken met de landelijke lijn" %}</h2>
  {% url 'guide:index' as guide_url %}<p class="help-line">{% include "questionsets/includes/help_link.html" with href=guide_url|add:"#uploaden" topic=_("resultaten uploaden en vergelijken") %}</p>
  <ul class="export-list">
    <li><a href="{% url 'questionsets:results-comparison' questionnaire.pk %}">{% translate "Vergelijking met de landelijke lijn" %}</a>
      <span class="export-hint">{% translate "Lokale uitkomsten naast de landelijke cijfers, met betrouwbaarheidsintervallen en per wijk." %}</span></li>
{% if can_edit %}
    <li><a href="{% url 'questionsets:results-upload' questionnaire.pk %}">{% translate "Resultaten uploaden" %}</a>
      <span class="export-hint">{% translate "Respondentgegevens of totalen per vraag; alleen de totalen worden bewaard." %}</span></li>{% endif %}
    <li><a href="{% url 'questionsets:results-planner' questionnaire.pk %}">{% translate "Oversampling plannen" %}</a>
      <span class="export-hint">{% translate "Hoeveel respondenten u per wijk nodig hebt voor de gewenste nauwkeurigheid." %}</span></li>
  </ul>
</section>
"""


def normal(html: str) -> str:
    return re.sub(r"> <", "><", " ".join(html.split()))


@pytest.fixture
def questionnaire(municipality, editor):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title='Monitor "A & B" <2025>', year=2025, user=editor
    )
    questionnaire.description = "Voor <wijk> & dorp"
    questionnaire.save()
    return fresh(questionnaire)


def _context(user, questionnaire):
    request = RequestFactory().get("/")
    request.user = user
    return request, _builder_context(request, get_questionnaire_for_user(user, questionnaire.pk))


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("persona", ["editor", "colleague", "co_editor", "shared_reader"])
def test_the_heading_and_links_are_the_templates_markup(request, questionnaire, persona, language):
    if persona in ("co_editor", "shared_reader"):
        user = request.getfixturevalue("outsider")
        role = (
            QuestionnaireShare.Role.EDITOR
            if persona == "co_editor"
            else QuestionnaireShare.Role.READER
        )
        QuestionnaireShare.objects.create(
            questionnaire=questionnaire, municipality=user.memberships.get().municipality, role=role
        )
    else:
        user = request.getfixturevalue(persona)
    http, context = _context(user, questionnaire)
    django = engines["django"]
    with translation.override(language):
        expected = (
            django.from_string(REFERENCE_HEADER).render(context, http),
            django.from_string(REFERENCE_EXPORTS).render(context, http),
        )
        written = (
            header_html(context),
            export_links_html(context["questionnaire"], can_edit=context["can_edit"]),
        )
    assert [normal(w) for w in written] == [normal(e) for e in expected]
    assert "Monitor &quot;A &amp; B&quot; &lt;2025&gt;" in written[0]
    assert ("Archiveren" in written[0] or "Archive" in written[0]) == (persona == "editor")
    upload = reverse("questionsets:results-upload", args=[questionnaire.pk])
    assert (f'href="{upload}"' in written[1]) == (persona in ("editor", "co_editor"))


def test_every_export_format_has_a_link_and_every_link_a_format():
    from questionsets.exports import FORMATS
    from questionsets.exports.links_html import EXPORTS

    assert [key for key, _label, _hint in EXPORTS] == list(FORMATS)
