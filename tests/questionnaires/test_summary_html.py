"""The builder summary's indicator and basket-set items are written in Python
(summary_html, issue 20) with the markup the template wrote before, byte for byte: the
template below is that template's loops, rendered by Django from the same data, for an
editor and a reader, in Dutch and English, with reasons, a removed question, a removed
retired question and a set name that needs escaping."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from questionsets.models import Question
from questionsets.questionnaires import items, services
from questionsets.questionnaires.access import questionnaires_for_user
from questionsets.questionnaires.builder import questionnaire_builder
from questionsets.questionnaires.summary_html import basket_items, indicator_items

from ..basket import add_set, fresh, make_set

pytestmark = pytest.mark.django_db

# The template's loops as they were before summary_html.
INDICATORS = """{% load i18n %}{% for row in builder.indicators %}
        <li class="indicator status-{{ row.status }}">
          <span class="indicator-name">{{ row.indicator.name_nl }}</span>
          <strong class="status">{{ row.status_label }}</strong>
          {% if row.reasons %}<span class="reasons">{{ row.reasons|join:"; " }}</span>{% endif %}
        </li>
        {% endfor %}"""

BASKET = """{% load i18n %}{% for row in builder.basket %}{% with basket_set=row.basket_set status=row.status reasons=row.reasons %}
        <li class="status-{{ status }}">{{ basket_set.question_set.name_nl }}:
          <strong>{{ row.status_label }}</strong>
          {% if reasons %}<span class="reasons">({{ reasons|join:"; " }})</span>{% endif %}
          {% if can_edit %}
          <button type="submit" form="bf" formaction="{% url 'questionsets:questionnaire-set-remove' questionnaire.pk basket_set.pk %}" class="link-button set-remove" id="set-remove-{{ basket_set.pk }}" aria-label="{% blocktranslate trimmed with name=basket_set.question_set.name_nl %}Set verwijderen: {{ name }}{% endblocktranslate %}">{% translate "Set verwijderen" %}</button>
          {% if row.missing %}
            {% url 'questionsets:questionnaire-set-restore' questionnaire.pk basket_set.pk as restore_url %}
            <p class="removed-title" id="removed-{{ basket_set.pk }}">{% translate "Verwijderd uit deze set:" %}</p>
            <ul class="removed" aria-labelledby="removed-{{ basket_set.pk }}">
              {% for set_item in row.missing %}{% with code=set_item.question_version.question.code %}
              <li>{{ code }} {% if set_item.question_version.question.retired_at %}<span class="badge badge--retired">{% translate "vervallen" %}</span>{% else %}<button type="submit" form="bf" formaction="{{ restore_url }}" class="link-button" name="set_item" value="{{ set_item.pk }}" id="restore-{{ set_item.pk }}" aria-label="{% blocktranslate trimmed %}Vraag {{ code }} terugzetten{% endblocktranslate %}">{% translate "Terugzetten" %}</button>{% endif %}</li>
              {% endwith %}{% endfor %}
            </ul>
          {% endif %}
          {% endif %}
        </li>
        {% endwith %}{% endfor %}"""


@pytest.fixture
def questionnaire(municipality, editor):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )
    add_set(questionnaire, make_set(3, indivisible=True, name_nl='Buurt & "wijk" <oost>'))
    add_set(questionnaire, make_set(2))
    add_set(questionnaire, make_set(3))
    ordered = list(questionnaire.items.order_by("section__position", "position"))
    assert len(ordered) == 8
    removed = [ordered[1], ordered[6]]  # one of the indivisible set, one of the third
    for item in removed:
        items.questionnaire_remove_item(
            item=item, expected_version=fresh(questionnaire).lock_version, confirmed=True
        )
    Question.objects.filter(code=removed[1].code).update(retired_at=timezone.now())
    return fresh(questionnaire)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("persona", ["editor", "colleague"])
def test_the_summary_lists_are_the_templates_markup(request, questionnaire, persona, language):
    user = request.getfixturevalue(persona)
    seen = questionnaires_for_user(user).get(pk=questionnaire.pk)
    can_edit = persona == "editor"
    http = RequestFactory().get("/")
    http.user = user
    with translation.override(language):
        builder = questionnaire_builder(seen)
        context = {"questionnaire": seen, "builder": builder, "can_edit": can_edit}
        django = engines["django"]
        expected = (
            django.from_string(INDICATORS).render(context, http),
            django.from_string(BASKET).render(context, http),
        )
        written = (indicator_items(builder), basket_items(seen, builder, can_edit=can_edit))
    assert len(builder.basket) == 3 and len(builder.indicators) == 3
    assert [len(row.missing) for row in builder.basket] == [1, 0, 1]
    assert "Buurt &amp; &quot;wijk&quot; &lt;oost&gt;" in written[1]
    assert 'class="reasons"' in written[0]
    assert ("badge--retired" in written[1]) == can_edit
    assert ("restore-" in written[1]) == can_edit
    assert written == expected
