"""The builder's sections are written in Python (section_html, issue 20) with the markup
the template wrote before, byte for byte: the template below is that template's part,
rendered by Django from the same data, for an editor and a reader, with an empty section
and a title that needs escaping."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from questionsets.questionnaires import services
from questionsets.questionnaires.access import questionnaires_for_user
from questionsets.questionnaires.builder import questionnaire_builder
from questionsets.questionnaires.row_html import RowWriter
from questionsets.questionnaires.section_html import builder_sections
from tests import factories

from ..basket import add_local, add_set, fresh

pytestmark = pytest.mark.django_db

# The template's sections list as it was before section_html (the rows as one block).
REFERENCE = """{% load i18n %}<ol class="sections" data-sortable="sections">
      {% for row in builder.sections %}
        {% with section=row.section %}
        <li class="section" id="section-{{ section.pk }}" data-section-id="{{ section.pk }}">
          <div class="section-head">
            <h2 id="section-title-{{ section.pk }}" tabindex="-1">{{ section.title }}</h2>
            {% if can_edit %}
            {% url 'questionsets:questionnaire-section-move' questionnaire.pk section.pk as move_url %}
            <p class="move-form">
              <button formaction="{{ move_url }}" name="direction" value="up" id="section-up-{{ section.pk }}" aria-label="{% blocktranslate trimmed with title=section.title %}Onderdeel {{ title }} omhoog{% endblocktranslate %}">↑ {% translate "Omhoog" %}</button>
              <button formaction="{{ move_url }}" name="direction" value="down" id="section-down-{{ section.pk }}" aria-label="{% blocktranslate trimmed with title=section.title %}Onderdeel {{ title }} omlaag{% endblocktranslate %}">↓ {% translate "Omlaag" %}</button>
            </p>
            {% endif %}
          </div>
          {% if can_edit %}
          <details class="section-tools">
            <summary id="section-tools-{{ section.pk }}" aria-label="{% blocktranslate trimmed with title=section.title %}Onderdeel bewerken: {{ title }}{% endblocktranslate %}">{% translate "Onderdeel bewerken" %}</summary>
            <div class="tool-form rename-form">
              <label for="section-name-{{ section.pk }}">{% translate "Naam van het onderdeel" %}</label>
              <input id="section-name-{{ section.pk }}" name="title" value="{{ section.title }}" maxlength="200" required form="rename-{{ section.pk }}">
              <button type="submit" form="rename-{{ section.pk }}" id="section-rename-{{ section.pk }}" aria-label="{% blocktranslate trimmed with title=section.title %}Naam opslaan: {{ title }}{% endblocktranslate %}">{% translate "Naam opslaan" %}</button>
            </div>
            <p class="inline-form"><button formaction="{% url 'questionsets:questionnaire-section-delete' questionnaire.pk section.pk %}" class="secondary" id="section-delete-{{ section.pk }}" aria-label="{% blocktranslate trimmed with title=section.title %}Onderdeel verwijderen: {{ title }}{% endblocktranslate %}">{% translate "Onderdeel verwijderen" %}</button></p>
            <p class="help">{% if row.items %}{% translate "Verwijderen vraagt eerst om bevestiging: de vragen in dit onderdeel gaan mee." %}{% else %}{% translate "Dit onderdeel is leeg en wordt zonder verdere vraag verwijderd." %}{% endif %}</p>
          </details>
          {% endif %}
          <ol class="items" data-sortable="items" aria-labelledby="section-title-{{ section.pk }}">
          {% if row.items %}
{{ row.items_html }}
          {% else %}
            <li class="item-empty">{% translate "Nog geen vragen in dit onderdeel." %}</li>
          {% endif %}
          </ol>
        </li>
        {% endwith %}
      {% endfor %}
      </ol>
      {% if can_edit %}</form>
      {% for row in builder.sections %}<form id="rename-{{ row.section.pk }}" method="post" action="{% url 'questionsets:questionnaire-section-rename' questionnaire.pk row.section.pk %}" hx-post="{% url 'questionsets:questionnaire-section-rename' questionnaire.pk row.section.pk %}" hx-target="#builder" hx-swap="outerHTML">{% csrf_token %}<input type="hidden" name="lock_version" value="{{ lock_version }}"></form>{% endfor %}
      {% endif %}
"""

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def questionnaire(municipality, editor):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )
    add_set(questionnaire, factories.make_question_set(questions=[factories.make_question()]))
    add_local(questionnaire, code="lok1")
    for title in ('Buurt & "wijk" <oost>', "Leeg"):
        services.questionnaire_add_section(
            questionnaire=fresh(questionnaire),
            title=title,
            expected_version=fresh(questionnaire).lock_version,
        )
    return fresh(questionnaire)


@pytest.mark.parametrize("persona", ["editor", "colleague"])
def test_the_sections_are_the_templates_markup(request, questionnaire, persona):
    user = request.getfixturevalue(persona)
    seen = questionnaires_for_user(user).get(pk=questionnaire.pk)
    can_edit = persona == "editor"
    builder = questionnaire_builder(seen)
    rows = RowWriter(seen.pk, can_edit=can_edit)
    for row in builder.sections:
        out = []
        rows.section(row.items, out)
        row.items_html = mark_safe("".join(out))
    http = RequestFactory().get("/")
    http.user = user
    context = {
        "questionnaire": seen,
        "builder": builder,
        "can_edit": can_edit,
        "lock_version": str(seen.lock_version),
    }
    expected = engines["django"].from_string(REFERENCE).render(context, http)
    written = builder_sections(http, seen, builder, can_edit=can_edit) + "\n"
    assert len(builder.sections) == 4 and not builder.sections[-1].items
    assert "Buurt &amp; &quot;wijk&quot; &lt;oost&gt;" in written
    assert ("item-actions" in written) == can_edit == ("rename-form" in written)
    assert CSRF.sub("CSRF", written) == CSRF.sub("CSRF", expected)
