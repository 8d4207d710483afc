"""Every template's {% url %} is questionsets.templatetags.cached_url (a builtin): it gives
what Django's tag gives, for any prefix, URLconf and language, and remembers only answers
whose key says everything the URL depends on."""

import pytest
from django.template import engines
from django.template.defaulttags import URLNode
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from questionsets.templatetags.cached_url import CachedURLNode, _reverse


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.fixture(autouse=True)
def _fresh_cache():
    _reverse.cache_clear()
    yield
    set_script_prefix("/")


def test_every_template_uses_it_and_it_renders_what_reverse_gives():
    template = engines["django"].from_string('{% url "questionsets:questionnaire-settings" 7 %}')
    assert type(template.template.nodelist[0]) is CachedURLNode
    assert issubclass(CachedURLNode, URLNode)
    for _ in range(2):  # computed, then remembered
        assert render('{% url "questionsets:questionnaire-settings" pk %}', pk=7) == reverse(
            "questionsets:questionnaire-settings", args=[7]
        )
        assert render('{% url "questionsets:search" as u %}[{{ u }}]') == "[/zoeken/]"
    assert _reverse.cache_info().hits == 2
    assert render('{% url "questionsets:questionnaire-settings" pk %}', pk=8).endswith(
        "/8/instellingen/"
    )


def test_the_script_prefix_and_the_urlconf_are_part_of_the_key():
    assert render('{% url "questionsets:search" %}') == "/zoeken/"
    set_script_prefix("/monitor/")
    assert render('{% url "questionsets:search" %}') == "/monitor/zoeken/"
    set_script_prefix("/")
    with override_settings(ROOT_URLCONF="tests.urls_for_cached_url"):
        assert render('{% url "moved" %}') == "/elders/"
    with pytest.raises(NoReverseMatch):
        render('{% url "moved" %}')  # back on the project's URLconf, not remembered


def test_a_failed_lookup_raises_or_gives_nothing_as_djangos_tag_does():
    with pytest.raises(NoReverseMatch):
        render('{% url "questionsets:no-such-page" %}')
    assert render('{% url "questionsets:no-such-page" as u %}[{{ u }}]') == "[]"
    assert _reverse.cache_info().currsize == 0


def test_an_object_argument_is_reversed_each_time_not_remembered():
    class Code:
        def __init__(self, code):
            self.code = code

        def __str__(self):
            return self.code

        def __hash__(self):  # equal by identity of the row, as a model instance is
            return 1

        def __eq__(self, other):
            return True

    assert render('{% url "questionsets:question-detail" q %}', q=Code("q1")).endswith("/q1/")
    assert render('{% url "questionsets:question-detail" q %}', q=Code("q2")).endswith("/q2/")
    assert _reverse.cache_info().currsize == 0


def test_the_language_is_part_of_the_key():
    with translation.override("en"):
        english = render('{% url "questionsets:search" %}')
    assert english == render('{% url "questionsets:search" %}') == "/zoeken/"
    assert _reverse.cache_info().currsize == 2  # one answer per language
