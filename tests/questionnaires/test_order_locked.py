"""An order-locked set keeps its items together: nothing else may sit between them silently."""

import random

import pytest
from django.urls import reverse

from questionsets.models import AnswerType, QuestionSetItem
from questionsets.questionnaires import comparability, items, ordering, services
from questionsets.questionnaires.builder import questionnaire_builder
from tests import factories

from ..basket import add_local, add_set, fresh, make_set, ordered_codes

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BROKEN_BY_LOK1 = "vaste volgorde van de set onderbroken door lok1"


@pytest.fixture
def questionnaire(municipality, editor):
    return services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def url(name, *args):
    return reverse(f"questionsets:{name}", args=args)


def _locked_set(n=3, **kw):
    kw.setdefault("indivisible", True)
    return make_set(n, order_locked=True, intro_nl="Er zijn spanningen tussen ...", **kw)


def _post_local(client, questionnaire, section, code="lok1"):
    """The "Eigen vraag toevoegen" form, into the given section."""
    response = client.post(
        url("questionnaire-item-create", questionnaire.pk),
        {
            "lock_version": fresh(questionnaire).lock_version,
            "section": section.pk,
            "code": code,
            "wording": "Hoe vaak bezoekt u het buurthuis?",
            "instruction": "",
            "answer_type": AnswerType.NUMERIC,
        },
    )
    assert response.status_code == 302, response.content.decode()
    return questionnaire.items.get(code=code)


def _indicator_row(questionnaire):
    (row,) = questionnaire_builder(fresh(questionnaire)).indicators
    return row


# --------------------------------------------------------------------------- the demo scenario


def test_moving_an_own_question_up_into_a_locked_set_asks_first(editor_client, questionnaire):
    qset = _locked_set()
    section, _skipped = add_set(questionnaire, qset)
    local = _post_local(editor_client, questionnaire, section)
    codes = ordered_codes(questionnaire)
    assert codes[-1] == "lok1"
    path = url("questionnaire-item-move", questionnaire.pk, local.pk)
    lock_version = fresh(questionnaire).lock_version

    response = editor_client.post(path, {"lock_version": lock_version, "direction": "up"}, **HTMX)

    content = response.content.decode()
    assert response.status_code == 200 and response["HX-Retarget"] == "#dialog-slot"
    assert "<dialog open" in content and BROKEN_BY_LOK1 in content
    assert "De volgorde is opgeslagen." not in content
    assert ordered_codes(questionnaire) == codes
    assert _indicator_row(questionnaire).status == comparability.COMPLETE

    response = editor_client.post(
        path, {"lock_version": lock_version, "direction": "up", "confirmed": "on"}, **HTMX
    )

    content = response.content.decode()
    assert "De volgorde is opgeslagen." in content
    assert "compleet en vergelijkbaar" not in content and BROKEN_BY_LOK1 in content
    assert ordered_codes(questionnaire) == [*codes[:-2], "lok1", codes[-2]]
    row = _indicator_row(questionnaire)
    assert (row.status, row.reasons) == (comparability.NOT_COMPARABLE, [BROKEN_BY_LOK1])


def test_moving_the_own_question_out_again_restores_comparability(editor_client, questionnaire):
    section, _skipped = add_set(questionnaire, _locked_set())
    local = _post_local(editor_client, questionnaire, section)
    path = url("questionnaire-item-move", questionnaire.pk, local.pk)
    version = fresh(questionnaire).lock_version
    editor_client.post(path, {"lock_version": version, "direction": "up", "confirmed": "on"})

    response = editor_client.post(path, {"lock_version": version + 1, "direction": "down"})

    assert response.status_code == 302
    assert ordered_codes(questionnaire)[-1] == "lok1"
    assert _indicator_row(questionnaire).status == comparability.COMPLETE


def test_moving_an_intruder_within_the_set_asks_no_second_time(editor_client, questionnaire):
    section, _skipped = add_set(questionnaire, _locked_set(4))
    local = _post_local(editor_client, questionnaire, section)
    path = url("questionnaire-item-move", questionnaire.pk, local.pk)
    version = fresh(questionnaire).lock_version
    editor_client.post(path, {"lock_version": version, "direction": "up", "confirmed": "on"})

    response = editor_client.post(path, {"lock_version": version + 1, "direction": "up"})

    assert response.status_code == 302  # the set was already broken by lok1: nothing new
    assert ordered_codes(questionnaire).index("lok1") == 2


# --------------------------------------------------------------------------- drag and drop


def test_dropping_an_own_question_between_locked_items_asks_first(editor_client, questionnaire):
    section, _skipped = add_set(questionnaire, _locked_set())
    local = _post_local(editor_client, questionnaire, section)
    first, second, third = questionnaire.items.filter(kind="national").order_by("position")
    order = f"s{section.pk}:{first.pk},{local.pk},{second.pk},{third.pk}"
    algemeen = questionnaire.sections.get(title="Algemeen")
    order = f"s{algemeen.pk}:;{order}"
    path = url("questionnaire-reorder", questionnaire.pk)
    version = fresh(questionnaire).lock_version

    response = editor_client.post(path, {"lock_version": version, "order": order}, **HTMX)

    content = response.content.decode()
    assert "<dialog open" in content and BROKEN_BY_LOK1 in content
    assert ordered_codes(questionnaire)[-1] == "lok1"

    response = editor_client.post(
        path, {"lock_version": version, "order": order, "confirmed": "on"}, **HTMX
    )

    assert "De volgorde is opgeslagen." in response.content.decode()
    assert ordered_codes(questionnaire) == [first.code, "lok1", second.code, third.code]
    assert _indicator_row(questionnaire).reasons == [BROKEN_BY_LOK1]


def test_dropping_an_item_of_another_set_between_locked_items_asks_first(
    editor_client, questionnaire
):
    section, _skipped = add_set(questionnaire, _locked_set(2))
    other_section, _skipped = add_set(questionnaire, make_set(1, indicator=False))
    first, second = questionnaire.items.filter(section=section).order_by("position")
    stranger = questionnaire.items.get(section=other_section)
    algemeen = questionnaire.sections.get(title="Algemeen")
    order = (
        f"s{algemeen.pk}:;s{section.pk}:{first.pk},{stranger.pk},{second.pk};s{other_section.pk}:"
    )

    response = editor_client.post(
        url("questionnaire-reorder", questionnaire.pk), {"lock_version": 3, "order": order}
    )

    content = response.content.decode()
    assert f"vaste volgorde van de set onderbroken door {stranger.code}" in content
    assert questionnaire.items.get(pk=stranger.pk).section == other_section


# --------------------------------------------------------------------------- sections


def test_moving_a_section_between_the_parts_of_a_locked_set_asks_first(
    editor_client, questionnaire
):
    section, _skipped = add_set(questionnaire, _locked_set(2, indivisible=False))
    first, second = questionnaire.items.filter(section=section).order_by("position")
    tail = services.questionnaire_add_section(
        questionnaire=fresh(questionnaire), title="Vervolg", expected_version=2
    )
    own = services.questionnaire_add_section(
        questionnaire=fresh(questionnaire), title="Eigen vragen", expected_version=3
    )
    # the set's last item goes to the next section: still in order, nothing in between
    ordering.questionnaire_move(
        questionnaire=fresh(questionnaire), expected_version=4, direction="down", item_id=second.pk
    )
    items.questionnaire_add_local_item(
        questionnaire=fresh(questionnaire),
        section=own,
        data={"code": "lok1", "wording": "Eigen?", "instruction": "", "answer_type": "text"},
        expected_version=5,
    )
    assert questionnaire.items.get(pk=second.pk).section == tail
    assert _indicator_row(questionnaire).status == comparability.COMPLETE
    path = url("questionnaire-section-move", questionnaire.pk, own.pk)

    response = editor_client.post(path, {"lock_version": 6, "direction": "up"}, **HTMX)

    assert BROKEN_BY_LOK1 in response.content.decode()
    assert list(questionnaire.sections.order_by("position").values_list("title", flat=True))[
        -1
    ] == ("Eigen vragen")
    editor_client.post(path, {"lock_version": 6, "direction": "up", "confirmed": "on"})
    assert ordered_codes(questionnaire) == [first.code, "lok1", second.code]
    assert _indicator_row(questionnaire).reasons == [BROKEN_BY_LOK1]


# --------------------------------------------------------------------------- service level


def test_an_adapted_item_moved_up_into_a_locked_set_needs_confirmation(questionnaire):
    add_set(questionnaire, _locked_set(2))
    add_set(questionnaire, make_set(1, indicator=False))
    stranger = questionnaire.items.order_by("section__position", "position").last()
    items.questionnaire_adapt_item(
        item=stranger,
        data={"code": "lok1", "wording": "Eigen woorden?", "instruction": ""},
        expected_version=3,
    )
    # up once: to the end of the locked set's section; up again: between its two items
    ordering.questionnaire_move(
        questionnaire=fresh(questionnaire), expected_version=4, direction="up", item_id=stranger.pk
    )
    assert _indicator_row(questionnaire).status == comparability.COMPLETE
    with pytest.raises(services.ConfirmationRequired) as exc:
        ordering.questionnaire_move(
            questionnaire=fresh(questionnaire),
            expected_version=5,
            direction="up",
            item_id=stranger.pk,
        )
    assert exc.value.reasons == [BROKEN_BY_LOK1]
    assert fresh(questionnaire).lock_version == 5


def test_items_after_or_before_a_locked_set_do_not_break_it(questionnaire):
    section, _skipped = add_set(questionnaire, _locked_set(2))
    add_local(questionnaire, code="lok1")  # in Algemeen, before the set
    items.questionnaire_add_local_item(
        questionnaire=fresh(questionnaire),
        section=section,
        data={"code": "lok2", "wording": "Na de set?", "instruction": "", "answer_type": "text"},
        expected_version=3,
    )
    row = _indicator_row(questionnaire)
    assert (row.status, row.reasons) == (comparability.COMPLETE, [])


def test_a_free_set_may_have_questions_between_its_items(questionnaire):
    section, _skipped = add_set(questionnaire, make_set(2))
    local = items.questionnaire_add_local_item(
        questionnaire=fresh(questionnaire),
        section=section,
        data={"code": "lok1", "wording": "Eigen?", "instruction": "", "answer_type": "text"},
        expected_version=2,
    )
    ordering.questionnaire_move(
        questionnaire=fresh(questionnaire), expected_version=3, direction="up", item_id=local.pk
    )
    assert ordered_codes(questionnaire)[1] == "lok1"
    assert _indicator_row(questionnaire).status == comparability.COMPLETE


def test_comparability_names_every_intruder_in_order(questionnaire):
    add_set(questionnaire, _locked_set(3))
    first, second, third = questionnaire.items.order_by("position")
    lok1 = add_local(questionnaire, code="lok1")
    lok2 = add_local(questionnaire, code="lok2")
    basket = list(comparability.basket_sets_for(questionnaire))
    ordered = [first, lok2, second, lok1, third]
    ((status, reasons),) = comparability.comparability(basket, ordered).values()
    assert status == comparability.NOT_COMPARABLE
    assert reasons == ["vaste volgorde van de set onderbroken door lok2, lok1"]


def test_a_question_placed_by_another_set_can_split_a_locked_set_and_says_so(questionnaire):
    shared, other = factories.make_question(), factories.make_question()
    add_set(questionnaire, factories.make_question_set(questions=[shared, other]))
    locked = _locked_set(1, indivisible=False)
    QuestionSetItem.objects.filter(question_set=locked).update(position=2)
    QuestionSetItem.objects.create(
        question_set=locked, position=1, question_version=shared.latest_version()
    )
    add_set(questionnaire, locked)  # the shared question stays where the first set put it
    row = _indicator_row(questionnaire)
    assert row.status == comparability.NOT_COMPARABLE
    assert row.reasons == [f"vaste volgorde van de set onderbroken door {other.code}"]


def test_a_move_judges_only_locked_orders_and_loses_what_judging_every_set_loses(
    questionnaire,
):
    """ordering uses comparability._order_losses (only sets with a locked order, issue 20):
    for every possible move of every item and section of a questionnaire with a locked
    set, a locked set already broken by an adapted question, an indivisible and a free
    set and local questions, and for 40 shuffled orders (drag and drop), it gives exactly
    what _new_losses (every set) gives."""
    add_set(questionnaire, _locked_set(3))
    add_set(questionnaire, make_set(2, indivisible=True))
    add_set(questionnaire, _locked_set(2, indivisible=False))
    add_set(questionnaire, make_set(2))
    add_local(questionnaire, code="lok1")
    national = fresh(questionnaire).items.filter(kind="national").order_by("pk")[6]
    items.questionnaire_adapt_item(
        item=national,
        data={"code": "lokaangepast", "wording": "Anders?", "instruction": ""},
        expected_version=fresh(questionnaire).lock_version,
    )
    questionnaire = fresh(questionnaire)
    basket = comparability.basket_sets_for(questionnaire)
    before = comparability._arrangement(questionnaire)
    moves = [
        ordering.move_item_in(before, item.pk, direction)
        for _sid, section_items in before
        for item in section_items
        for direction in ("up", "down")
    ] + [
        ordering.move_section_in(before, sid, direction)
        for sid, _items in before
        for direction in ("up", "down")
    ]
    # and drag and drop: whole new orders, from a fixed seed
    shuffle = random.Random(20).shuffle
    flat = [(sid, list(section_items)) for sid, section_items in before]
    orders = []
    for _ in range(40):
        for _sid, section_items in flat:
            shuffle(section_items)
        shuffle(flat)
        orders.append([(sid, list(section_items)) for sid, section_items in flat])
    losing = {"moves": 0, "orders": 0}
    for kind, arrangements in (("moves", moves), ("orders", orders)):
        for after in arrangements:
            expected = comparability._new_losses(questionnaire, before, after, basket=basket)
            assert comparability._order_losses(basket, before, after) == expected
            losing[kind] += bool(expected)
    assert len(moves) == 2 * (10 + 5) and 0 < losing["moves"] < len(moves)
    assert 0 < losing["orders"]
