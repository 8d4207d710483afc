"""Numbers on screen follow the page's language: 82,0% in Dutch, 82.0% in English.
Form fields and downloads keep their own formats (see test_planner_numbers)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from questionsets.models import NationalFigure, Statistic
from questionsets.results.numbers import format_count, format_dutch_decimal, format_shown
from questionsets.results.planner import Plan
from questionsets.results.tables import format_number
from tests import factories


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["82,0%", "2,5", "5", "1,25", "1234,5"]),
        ("en", ["82.0%", "2.5", "5", "1.25", "1234.5"]),
    ],
)
def test_numbers_are_written_in_the_active_language(language, expected):
    figure = NationalFigure(statistic=Statistic.PERCENTAGE, value=82)
    with translation.override(language):
        shown = [
            figure.display_value(),
            format_number(2.5),
            format_number(5.0),
            format_shown(1.25, 2),
            format_shown(Decimal("1234.5")),
        ]
    assert shown == expected


def test_form_values_stay_dutch_in_english():
    # what the planner puts back into its Dutch number fields is read by the Dutch parser
    with translation.override("en"):
        assert format_dutch_decimal(Decimal("2.5")) == "2,5"


def test_design_effect_text_follows_the_language():
    plan = Plan.__new__(Plan)
    object.__setattr__(plan, "design_effect", 1.234)  # a frozen dataclass
    with translation.override("nl"):
        dutch = plan.design_effect_text
    with translation.override("en"):
        english = plan.design_effect_text
    assert (dutch, english) == ("1,23", "1.23")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shown"), [("nl", "82,0%"), ("en", "82.0%")])
def test_the_set_page_shows_the_national_figure_in_the_page_language(client, language, shown):
    question = factories.make_question(code="tk")
    source = factories.make_source(code="cbs-sw")
    NationalFigure.objects.create(
        question=question,
        year=2022,
        statistic=Statistic.PERCENTAGE,
        categories=[1, 2],
        value=82.0,
        ci_low=80.2,
        ci_high=83.8,
        source=source,
    )
    factories.make_question_set(code="vertrouwen", questions=[question])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    content = client.get(reverse("questionsets:questionset-detail", args=["vertrouwen"]))
    text = content.content.decode()
    assert f"<strong>{shown}</strong>" in text
    interval = "80,2–83,8" if language == "nl" else "80.2–83.8"
    assert interval in text


def test_counts_in_messages_are_grouped_per_language():
    with translation.override("nl"):
        dutch = format_count(12000)
    with translation.override("en"):
        english = format_count(12000)
    assert (dutch, english) == ("12.000", "12,000")
