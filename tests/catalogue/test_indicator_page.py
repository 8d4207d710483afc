"""The indicator page: the rule in plain words and the national trend as a chart and table."""

import pytest
from django.urls import reverse

from questionsets.catalogue.trend import trend_series
from questionsets.models import NationalFigure, ScoringItem, ScoringKind, ScoringRule, Statistic
from tests import factories

pytestmark = pytest.mark.django_db


def make_indicator_with_trend(years=(2019, 2021, 2023), extra_questions=0):
    indicator = factories.make_indicator(code="C08-I7", name_nl="Sociale cohesie")
    source = factories.make_source(code="cbs-vm-test")
    rule = ScoringRule.objects.create(
        indicator=indicator,
        variant="cohesieschaal",
        kind=ScoringKind.SCALE_SCORE,
        min_valid=2,
        target_min=0,
        target_max=10,
    )
    questions = [factories.make_question() for _ in range(2 + extra_questions)]
    for n, question in enumerate(questions):
        ScoringItem.objects.create(rule=rule, question=question, position=n, reversed=n > 0)
        NationalFigure.objects.create(
            question=question,
            year=2023,
            statistic=Statistic.PERCENTAGE,
            categories=[1, 2],
            value=60.0 + n,
            source=source,
        )
    for year, value in zip(years, (6.2, 6.4, 6.5), strict=False):
        NationalFigure.objects.create(
            indicator=indicator,
            year=year,
            statistic=Statistic.MEAN,
            scale_min=0,
            scale_max=10,
            value=value,
            ci_low=value - 0.1,
            ci_high=value + 0.1,
            source=source,
            variant="cohesieschaal",
        )
    factories.make_question_set(questions=questions, indicators=[indicator])
    return indicator, questions


def test_the_indicator_page_states_the_rule_and_shows_the_trend(client):
    indicator, questions = make_indicator_with_trend()
    response = client.get(reverse("questionsets:indicator-detail", args=[indicator.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Variant: cohesieschaal" in body
    assert f"Schaalscore over {questions[0].code}, {questions[1].code}" in body
    assert "omgerekend naar een schaal van 0 tot 10" in body
    for year in ("2019", "2021", "2023"):
        assert f'<th scope="row">{year}</th>' in body
    assert "6,2–6,4" not in body and "6,1–6,3" in body  # the interval of 2019 in the table
    assert body.count('class="dot-national"') == 3 + 2  # the indicator's 3 years, 2 items


def test_an_unknown_indicator_is_a_404(client):
    assert client.get(reverse("questionsets:indicator-detail", args=["C99-I9"])).status_code == 404


@pytest.mark.parametrize("extra", [0, 20])
def test_the_indicator_page_query_count_does_not_grow(client, django_assert_num_queries, extra):
    indicator, _questions = make_indicator_with_trend(extra_questions=extra)
    # indicator + concept, rules, their items + questions, figures + source + subject,
    # published sets
    with django_assert_num_queries(5):
        client.get(reverse("questionsets:indicator-detail", args=[indicator.code]))


def test_trend_points_are_placed_by_year_and_value():
    indicator, _questions = make_indicator_with_trend()
    series = trend_series(list(NationalFigure.objects.filter(indicator=indicator)))
    (only,) = series
    xs = [p.x for p in only.points]
    assert xs == [48.0, 256.0, 464.0]  # 2019, 2021, 2023 spread over the plot width
    assert only.points[0].y == pytest.approx(128 - 0.62 * 112, abs=0.1)  # 6.2 on 0-10
    assert (only.axis_low, only.axis_high) == ("0", "10")
    assert only.path.startswith("M48.0,")


def test_the_rule_is_stated_in_english_on_the_english_site(client, settings):
    indicator, questions = make_indicator_with_trend()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("questionsets:indicator-detail", args=[indicator.code])).text
    assert f"Scale score over {questions[0].code}, {questions[1].code}" in body
    assert "rescaled to a range of 0 to 10" in body
