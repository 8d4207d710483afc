"""Missing codes of a local scale stay out of n, percentages and means.

Expected values are computed by hand from the ten respondents below.
"""

import pytest

from questionsets.models import AnswerType, LocalResult, Statistic
from questionsets.questionnaires import items, services
from questionsets.results import services as results

from ..basket import add_local
from .conftest import xlsx_bytes

pytestmark = pytest.mark.django_db

# lokja: 1 = Ja, 2 = Nee, 9 = Weet niet (missing). Four Ja, three Nee, three Weet niet.
YES_NO = [1, 1, 1, 2, 2, 9, 9, 9, 1, 2]
# lokschaal: 1..5 and 9 = Weet niet (missing). Valid: 1+2+3+4+5+3+4+5 = 27 over 8 answers.
FIVE = [1, 2, 3, 4, 5, 9, 9, 3, 4, 5]


@pytest.fixture
def questionnaire(municipality):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Lokaal", year=2025
    )
    scales = [
        ("lokja", [(1, "Ja"), (2, "Nee"), (9, "Weet niet")]),
        ("lokschaal", [(c, f"{c}") for c in range(1, 6)] + [(9, "Weet niet")]),
    ]
    for code, options in scales:
        add_local(
            questionnaire,
            code=code,
            answer_type=AnswerType.SINGLE,
            new_scale=items.NewScale(name=code, options=options, missing_codes=frozenset({9})),
        )
    return questionnaire


def upload(questionnaire, rows, kind="respondents"):
    return results.results_import(
        questionnaire=questionnaire, user=None, kind=kind, data=xlsx_bytes(rows)
    )


def test_respondent_file_with_code_9_counts_only_valid_answers(questionnaire):
    rows = [["lokja", "lokschaal"], *zip(YES_NO, FIVE, strict=True)]
    done = upload(questionnaire, rows)
    assert done.respondents == 10
    yes_no = LocalResult.objects.get(upload=done, item__code="lokja", wijk="")
    # Two real answers: the share of Ja among the seven who answered Ja or Nee.
    assert yes_no.statistic == Statistic.PERCENTAGE and yes_no.categories == [1]
    assert yes_no.n == 7
    assert yes_no.value == pytest.approx(100 * 4 / 7)
    five = LocalResult.objects.get(upload=done, item__code="lokschaal", wijk="")
    # Without a national figure a scale shows the share of its first two answers, not a
    # mean of codes: 1 and 2 among the eight valid answers 1, 2, 3, 4, 5, 3, 4, 5.
    assert five.statistic == Statistic.PERCENTAGE and five.categories == [1, 2]
    assert (five.n, five.n_missing) == (8, 2)
    assert five.value == pytest.approx(100 * 2 / 8)


def test_aggregated_file_gets_the_statistic_and_range_of_the_valid_codes(questionnaire):
    rows = [
        ["code", "n", "waarde", "statistiek"],
        ["lokja", 7, 57.1, ""],
        ["lokschaal", 8, 3.375, "gemiddelde"],
    ]
    done = upload(questionnaire, rows, kind="aggregated")
    yes_no = done.results.get(item__code="lokja")
    assert yes_no.statistic == Statistic.PERCENTAGE and yes_no.categories == [1]
    five = done.results.get(item__code="lokschaal")
    assert five.statistic == Statistic.MEAN
    assert (five.scale_min, five.scale_max) == (1, 5)


def test_unmarked_codes_still_count_as_answers(municipality):
    """The control: without the mark, a 9 is an answer like any other."""
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Ongemarkeerd", year=2025
    )
    add_local(
        questionnaire,
        code="lokja",
        answer_type=AnswerType.SINGLE,
        new_scale=items.NewScale(name="ja/nee", options=[(1, "Ja"), (2, "Nee"), (9, "Anders")]),
    )
    done = upload(questionnaire, [["lokja"], *([a] for a in YES_NO)])
    row = done.results.get(item__code="lokja")
    assert row.statistic == Statistic.PERCENTAGE and row.categories == [1]
    assert (row.n, row.n_missing) == (10, 0)  # the 9s count as answers
    assert row.value == pytest.approx(100 * 4 / 10)
