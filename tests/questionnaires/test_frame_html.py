"""The builder (`<div id="builder">`) is written in Python (frame_html, issue 20) with the
markup the template partial wrote before, byte for byte: REFERENCE below is that partial,
rendered by Django from the same context, for editors and readers, the page and htmx,
with messages, a focus, an empty questionnaire and a budget overrun, in Dutch and
English. The sections and summary lists inside it have tests of their own."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe
from django_htmx.middleware import HtmxDetails

from bench.builder_floor import without_tokens
from questionsets.questionnaires import services
from questionsets.questionnaires.access import get_questionnaire_for_user
from questionsets.questionnaires.frame_html import builder_html
from questionsets.questionnaires.responses import _builder_context
from questionsets.questionnaires.section_html import builder_sections
from questionsets.questionnaires.summary_html import basket_items, indicator_items

from ..basket import add_local, add_set, fresh, make_set

pytestmark = pytest.mark.django_db

# The template's builder partial as it was before frame_html.
REFERENCE = """{% load i18n %}
<div id="builder" class="builder" data-reorder-url="{% url 'questionsets:questionnaire-reorder' questionnaire.pk %}" data-can-edit="{% if can_edit %}1{% endif %}"{% if focus_id %} data-focus="{{ focus_id }}"{% endif %}>
  {% if request.htmx %}<div id="builder-status" class="builder-status" role="status" hx-swap-oob="true">{{ status_message }}</div>{% endif %}
  {% if error_message %}<div class="alert alert-error" role="alert">{{ error_message }}</div>{% endif %}
  <div id="dialog-slot"></div>
  <div class="builder-layout">
    <div class="builder-main">
      {% if can_edit %}
      <div class="builder-tools">
        {% url 'questionsets:questionnaire-set-picker' questionnaire.pk as picker_url %}
        <p><a class="button" href="{{ picker_url }}" hx-get="{{ picker_url }}" hx-target="#set-picker-slot" hx-swap="innerHTML" id="open-set-picker">{% translate "Set toevoegen" %}</a></p>
        <div id="set-picker-slot"></div>
        <form method="post" action="{% url 'questionsets:questionnaire-section-create' questionnaire.pk %}" hx-post="{% url 'questionsets:questionnaire-section-create' questionnaire.pk %}" hx-target="#builder" hx-swap="outerHTML" class="tool-form">
          {% csrf_token %}
          <input type="hidden" name="lock_version" value="{{ questionnaire.lock_version }}">
          <label for="new-section-title">{% translate "Naam van het nieuwe onderdeel" %}</label>
          <input id="new-section-title" name="title" maxlength="200" required>
          <button type="submit">{% translate "Onderdeel toevoegen" %}</button>
        </form>
        <p><a class="button" href="{% url 'questionsets:questionnaire-item-create' questionnaire.pk %}">{% translate "Eigen vraag toevoegen" %}</a></p>
      </div>
      {% if builder.item_count %}<p class="hint" id="reorder-hint">{% translate "Verplaats vragen met de knoppen Omhoog en Omlaag, of sleep ze met de muis." %}</p>{% endif %}
      {% endif %}

      {% if can_edit %}{# One form for every button of the rows: one CSRF token and one lock version for the whole builder; each button names its own URL (formaction). sections_html (section_html.py) closes it after the sections, then writes their rename forms. #}
      {% url 'questionsets:questionnaire-detail' questionnaire.pk as detail_url %}<form id="bf" method="post" action="{{ detail_url }}" hx-post="{{ detail_url }}" hx-target="#builder" hx-swap="outerHTML">{% csrf_token %}<input type="hidden" name="lock_version" value="{{ lock_version }}">{% endif %}
      {{ sections_html }}
    </div>

    <aside class="builder-summary" aria-labelledby="summary-title">
      <h2 id="summary-title" tabindex="-1">{% translate "Vergelijkbaarheid" %}</h2>
      {% url 'guide:comparability' as guide_url %}<p class="help-line">{% include "questionsets/includes/help_link.html" with href=guide_url|add:"#staten" topic=_("vergelijkbaarheid") %}</p>
      <dl class="counts">
        <dt>{% translate "Landelijk" %}</dt><dd id="count-national">{{ builder.counts.national }}</dd>
        {% for state, label, count in builder.state_counts %}
        <dt class="count-state">{{ label }}</dt><dd id="count-{{ state }}">{{ count }}</dd>
        {% endfor %}
        <dt>{% translate "Aangepast" %}</dt><dd id="count-adapted">{{ builder.counts.adapted }}</dd>
        <dt>{% translate "Lokaal" %}</dt><dd id="count-local">{{ builder.counts.local }}</dd>
      </dl>
      <h3>{% translate "Indicatoren" %}</h3>
      {% if builder.indicators %}
      <ul class="indicators">
        {{ indicator_items }}
      </ul>
      {% else %}
        <p>{% translate "Nog geen landelijke vragensets: voeg een set toe om indicatoren te meten." %}</p>
      {% endif %}
      {% if builder.basket %}
      <h3>{% translate "Vragensets" %}</h3>
      <ul class="basket-sets">
        {{ basket_items }}
      </ul>
      {% endif %}
      <h3>{% translate "Geschatte interviewduur" %}</h3>
      <p>{% blocktranslate trimmed with total=builder.total_display count=builder.item_count %}Hele vragenlijst: {{ total }} ({{ count }} vragen).{% endblocktranslate %}</p>
      <p class="{% if builder.over_budget %}over-budget{% endif %}" id="local-budget">
        {% blocktranslate trimmed with used=builder.local_display budget=questionnaire.local_time_budget_minutes %}Lokale en aangepaste vragen: {{ used }} van de {{ budget }} minuten tijdsbudget.{% endblocktranslate %}
        {% if builder.over_budget %}<strong>{% translate "Dit past niet in het tijdsbudget." %}</strong>{% endif %}
      </p>
      <div class="assumptions">
        <h4>{% translate "Aannames van de schatting" %}</h4>
        <ul>
          {% for label, seconds in builder.assumptions %}<li>{% blocktranslate trimmed %}{{ label }}: {{ seconds }} seconden{% endblocktranslate %}</li>{% endfor %}
          <li>{% blocktranslate trimmed with s=builder.seconds_per_option %}plus {{ s }} seconden per antwoordmogelijkheid{% endblocktranslate %}</li>
        </ul>
      </div>
    </aside>
  </div>
</div>
"""


@pytest.fixture
def questionnaire(municipality, editor):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )
    add_set(questionnaire, make_set(3, indivisible=True, name_nl='Buurt & "wijk" <oost>'))
    add_set(questionnaire, make_set(2))
    add_local(questionnaire, wording="Hoe <vaak> & waar?")
    return fresh(questionnaire)


def _request(user, htmx: bool):
    request = RequestFactory().get("/", **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
    request.user = user
    request.htmx = HtmxDetails(request)
    return request


def _both(user, questionnaire, *, htmx: bool, **extra) -> tuple[str, str]:
    """(the partial rendered by Django, builder_html) for the same request and context."""
    request = _request(user, htmx)
    seen = get_questionnaire_for_user(user, questionnaire.pk)
    context = _builder_context(request, seen, **extra)
    written = builder_html(request, context)
    can_edit = context["can_edit"]
    builder = context["builder"]
    reference = {
        **context,
        "sections_html": mark_safe(builder_sections(request, seen, builder, can_edit=can_edit)),
        "indicator_items": mark_safe(indicator_items(builder)),
        "basket_items": mark_safe(basket_items(seen, builder, can_edit=can_edit)),
    }
    expected = engines["django"].from_string(REFERENCE).render(reference, request)
    return without_tokens(expected), without_tokens(written)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("persona", ["editor", "colleague"])
def test_the_builder_is_the_partials_markup(request, questionnaire, persona, htmx, language):
    user = request.getfixturevalue(persona)
    with translation.override(language):
        expected, written = _both(user, questionnaire, htmx=htmx)
    assert written == expected
    assert ('id="bf"' in written) == ("open-set-picker" in written) == (persona == "editor")
    assert ("hx-swap-oob" in written) == htmx
    assert "Hoe &lt;vaak&gt; &amp; waar?" in written


def test_messages_focus_and_an_overrun_budget_are_the_partials_markup(editor, questionnaire):
    questionnaire.local_time_budget_minutes = 0
    questionnaire.save()
    expected, written = _both(
        editor,
        questionnaire,
        htmx=True,
        status_message='Opgeslagen: "set" <A & B>',
        error_message="Iemand anders <was> eerder & sneller.",
        focus_id="item-7",
    )
    assert written == expected
    for marker in ('data-focus="item-7"', "over-budget", "alert-error", "&lt;A &amp; B&gt;"):
        assert marker in written


def test_an_empty_questionnaire_is_the_partials_markup(editor, municipality):
    empty = services.questionnaire_create(
        municipality=municipality, title="Leeg", year=2025, user=editor
    )
    expected, written = _both(editor, empty, htmx=False)
    assert written == expected
    assert "reorder-hint" not in written and "basket-sets" not in written
