"""Three honest states per item, and "comparable" only where the catalogue can vouch for it."""

import pytest
from django.urls import reverse

from questionsets.models import QuestionVersion, Verification
from questionsets.questionnaires import comparability, items, services
from questionsets.questionnaires.builder import questionnaire_builder
from tests import factories

from ..basket import add_local, add_set, fresh, make_set

pytestmark = pytest.mark.django_db

PROVISIONAL_LABEL = "vergelijkbaar onder voorbehoud: landelijke tekst niet gecontroleerd"


@pytest.fixture
def questionnaire(municipality, editor):
    return services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )


def _unverified_set(n=3, verification=Verification.VERBATIM_LABEL, **kw):
    """Like the spanningsschaal: only the labels were seen in the source."""
    questions = [
        factories.make_question(version_kw={"verification": verification}) for _ in range(n)
    ]
    return factories.make_question_set(
        questions=questions, indicators=[factories.make_indicator()], **kw
    )


# --------------------------------------------------------------------------- item_state


def test_item_state_of_each_kind_of_item(questionnaire):
    add_set(questionnaire, make_set(1))
    add_set(questionnaire, _unverified_set(2))
    adapted = questionnaire.items.filter(kind="national").last()
    items.questionnaire_adapt_item(
        item=adapted,
        data={"code": "lok9", "wording": "Eigen woorden?", "instruction": ""},
        expected_version=3,
    )
    add_local(questionnaire, code="lok1")
    verified, unverified = questionnaire.items.filter(kind="national").order_by("section__position")

    assert comparability.item_state(verified) == comparability.VERIFIED
    assert comparability.item_state(unverified) == comparability.UNVERIFIED
    assert comparability.item_state(questionnaire.items.get(code="lok9")) == (
        comparability.NOT_COMPARABLE
    )
    assert comparability.item_state(questionnaire.items.get(code="lok1")) == (
        comparability.NOT_COMPARABLE
    )
    assert comparability.item_state(verified, broken_sets={verified.from_set_id}) == (
        comparability.NOT_COMPARABLE
    )
    assert str(comparability.ITEM_STATE_LABELS[comparability.UNVERIFIED]) == (
        "landelijk, identiek aan de catalogus; landelijke tekst niet gecontroleerd"
    )


@pytest.mark.parametrize(
    "verification",
    [v for v in Verification.values if v != Verification.VERBATIM],
)
def test_every_status_but_verbatim_is_unverified(questionnaire, verification):
    add_set(questionnaire, _unverified_set(1, verification=verification))
    item = questionnaire.items.get()
    assert comparability.item_state(item) == comparability.UNVERIFIED


def test_a_broken_indivisible_set_makes_its_national_items_not_comparable(questionnaire):
    add_set(questionnaire, make_set(3, indivisible=True))
    add_set(questionnaire, make_set(1))
    first = questionnaire.items.order_by("section__position", "position").first()
    items.questionnaire_remove_item(item=first, expected_version=3, confirmed=True)
    questionnaire = fresh(questionnaire)
    ordered = list(questionnaire.items.order_by("section__position", "position"))
    states = comparability.item_states(list(comparability.basket_sets_for(questionnaire)), ordered)
    assert [states[i.pk] for i in ordered] == [
        comparability.NOT_COMPARABLE,
        comparability.NOT_COMPARABLE,
        comparability.VERIFIED,  # the other set is whole
    ]


def test_an_adapted_item_in_a_free_set_costs_only_that_item(questionnaire):
    add_set(questionnaire, make_set(2))
    first = questionnaire.items.order_by("position").first()
    items.questionnaire_adapt_item(
        item=first,
        data={"code": "lok1", "wording": "Eigen woorden?", "instruction": ""},
        expected_version=2,
    )
    questionnaire = fresh(questionnaire)
    ordered = list(questionnaire.items.order_by("position"))
    states = comparability.item_states(list(comparability.basket_sets_for(questionnaire)), ordered)
    assert [states[i.pk] for i in ordered] == [
        comparability.NOT_COMPARABLE,
        comparability.VERIFIED,
    ]


# --------------------------------------------------------------------------- builder


def test_a_set_of_unverified_wordings_is_comparable_only_with_reservation(questionnaire):
    qset = _unverified_set(3, indivisible=True, order_locked=True)
    add_set(questionnaire, qset)
    builder = questionnaire_builder(fresh(questionnaire))
    (row,) = builder.indicators
    codes = [si.question_version.question.code for si in qset.items.order_by("position")]
    assert row.status == comparability.PROVISIONAL
    assert str(row.status_label) == PROVISIONAL_LABEL
    assert row.reasons == [f"niet gecontroleerd: {', '.join(codes)}"]
    assert builder.states == {"verified": 0, "unverified": 3, "not_comparable": 0}
    assert builder.counts == {"national": 3, "adapted": 0, "local": 0, "shared": 0}


def test_one_unverified_wording_is_enough_for_the_reservation(questionnaire):
    questions = [factories.make_question(), factories.make_question()]
    QuestionVersion.objects.filter(question=questions[1]).update(
        verification=Verification.PARAPHRASE
    )
    add_set(
        questionnaire,
        factories.make_question_set(questions=questions, indicators=[factories.make_indicator()]),
    )
    (row,) = questionnaire_builder(fresh(questionnaire)).indicators
    assert (row.status, row.reasons) == (
        comparability.PROVISIONAL,
        [f"niet gecontroleerd: {questions[1].code}"],
    )


def test_an_incomplete_set_stays_incomplete_and_names_its_unverified_wordings(questionnaire):
    add_set(questionnaire, _unverified_set(2))
    first = questionnaire.items.order_by("position").first()
    items.questionnaire_remove_item(item=first, expected_version=2)
    (row,) = questionnaire_builder(fresh(questionnaire)).indicators
    second = questionnaire.items.get().code
    assert row.status == comparability.INCOMPLETE
    assert row.reasons == [f"ontbreekt: {first.code}", f"niet gecontroleerd: {second}"]


def test_an_indicator_takes_the_best_status_complete_before_provisional_before_incomplete(
    questionnaire,
):
    indicator = factories.make_indicator()
    verified = make_set(2, indicator=False)
    verified.indicators.set([indicator])
    unverified = _unverified_set(2)
    unverified.indicators.set([indicator])
    add_set(questionnaire, unverified)
    assert questionnaire_builder(fresh(questionnaire)).indicators[0].status == "provisional"
    add_set(questionnaire, verified)
    assert questionnaire_builder(fresh(questionnaire)).indicators[0].status == "complete"
    first = questionnaire.items.filter(from_set=verified).first()
    items.questionnaire_remove_item(item=first, expected_version=3)
    assert questionnaire_builder(fresh(questionnaire)).indicators[0].status == "provisional"


def test_builder_page_shows_the_reservation_and_the_counts_per_state(client, editor, questionnaire):
    add_set(questionnaire, _unverified_set(2, indivisible=True, order_locked=True))
    add_set(questionnaire, make_set(1, indicator=False))
    add_local(questionnaire, code="lok1")
    client.force_login(editor)
    response = client.get(reverse("questionsets:questionnaire-detail", args=[questionnaire.pk]))
    content = response.content.decode()
    # the indicator and the set of unverified wordings have the reservation; only the
    # set of verified wordings (no indicator) is complete and comparable
    assert content.count(PROVISIONAL_LABEL) == 2
    assert content.count("compleet en vergelijkbaar") == 1
    assert '<dd id="count-national">3</dd>' in content
    assert '<dd id="count-verified">1</dd>' in content
    assert '<dd id="count-unverified">2</dd>' in content
    assert '<dd id="count-local">1</dd>' in content
    assert (
        content.count("landelijk, identiek aan de catalogus; landelijke tekst niet gecontroleerd")
        >= 3
    )  # the count and each of the two items
    assert "landelijk, identiek en gecontroleerd" in content
