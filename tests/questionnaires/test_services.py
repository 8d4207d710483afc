import pytest
from django.core.exceptions import ValidationError

from questionsets.curation.services import question_version_publish
from questionsets.models import (
    AnswerType,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireSection,
    Verification,
)
from questionsets.questionnaires import comparability, items, ordering, services
from questionsets.questionnaires.builder import format_duration, questionnaire_builder
from tests import factories

from ..basket import add_local, add_set, fresh, make_set, ordered_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(municipality, editor):
    return services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )


def _arrangement_ids(questionnaire):
    return [
        (sid, [i.pk for i in items])
        for sid, items in comparability._arrangement(fresh(questionnaire))
    ]


def test_create_makes_a_first_section(questionnaire):
    assert list(questionnaire.sections.values_list("title", "position")) == [("Algemeen", 1)]
    assert questionnaire.lock_version == 1


def test_touch_increments_once_and_refuses_a_stale_version(questionnaire):
    services.questionnaire_touch(questionnaire=questionnaire, expected_version=1)
    assert fresh(questionnaire).lock_version == 2
    with pytest.raises(services.StaleQuestionnaire) as exc:
        services.questionnaire_touch(questionnaire=questionnaire, expected_version=1)
    assert "Iemand anders heeft deze vragenlijst intussen gewijzigd" in exc.value.messages[0]
    assert fresh(questionnaire).lock_version == 2


def test_add_set_adds_every_question_in_set_order_as_a_new_section(questionnaire):
    qset = make_set(3, indivisible=True, order_locked=True)
    section, skipped = add_set(questionnaire, qset)
    assert skipped == []
    assert section.title == qset.name_nl
    expected = [si.question_version.question.code for si in qset.items.order_by("position")]
    assert ordered_codes(questionnaire) == expected
    assert set(questionnaire.items.values_list("kind", flat=True)) == {"national"}
    assert fresh(questionnaire).lock_version == 2


def test_add_set_twice_is_refused(questionnaire):
    qset = make_set(2)
    add_set(questionnaire, qset)
    with pytest.raises(ValidationError, match="staat al in deze vragenlijst"):
        add_set(questionnaire, qset)


def test_add_set_skips_questions_already_present(questionnaire):
    shared = factories.make_question()
    first = factories.make_question_set(questions=[shared])
    second = factories.make_question_set(questions=[shared, factories.make_question()])
    add_set(questionnaire, first)
    _section, skipped = add_set(questionnaire, second)
    assert skipped == [shared.code]
    assert questionnaire.items.count() == 2


def test_draft_sets_cannot_be_added(questionnaire):
    qset = make_set(1, status="concept")
    with pytest.raises(ValidationError):
        add_set(questionnaire, qset)


def test_comparability_complete_then_incomplete_for_a_divisible_set(questionnaire):
    qset = make_set(3)
    add_set(questionnaire, qset)
    builder = questionnaire_builder(fresh(questionnaire))
    assert [(r.status, r.reasons) for r in builder.indicators] == [("complete", [])]
    item = questionnaire.items.first()
    losses = items.questionnaire_remove_item(item=item, expected_version=2)
    assert losses == []
    row = questionnaire_builder(fresh(questionnaire)).indicators[0]
    assert row.status == "incomplete"
    assert row.reasons == [f"ontbreekt: {item.code}"]


def test_removing_from_an_indivisible_set_needs_confirmation(questionnaire):
    qset = make_set(3, indivisible=True)
    add_set(questionnaire, qset)
    item = questionnaire.items.first()
    with pytest.raises(services.ConfirmationRequired) as exc:
        items.questionnaire_remove_item(item=item, expected_version=2)
    assert exc.value.reasons == [f"ondeelbare set niet compleet, ontbreekt: {item.code}"]
    assert questionnaire.items.count() == 3
    assert fresh(questionnaire).lock_version == 2  # refused changes roll back the claim

    items.questionnaire_remove_item(item=item, expected_version=2, confirmed=True)
    row = questionnaire_builder(fresh(questionnaire)).indicators[0]
    assert row.status == "not_comparable"
    assert row.reasons == exc.value.reasons


def test_breaking_a_locked_order_needs_confirmation(questionnaire):
    qset = make_set(3, order_locked=True)
    add_set(questionnaire, qset)
    second = questionnaire.items.order_by("position")[1]
    with pytest.raises(services.ConfirmationRequired) as exc:
        ordering.questionnaire_move(
            questionnaire=fresh(questionnaire),
            expected_version=2,
            direction="up",
            item_id=second.pk,
        )
    assert exc.value.reasons == ["vaste volgorde van de set is gewijzigd"]
    ordering.questionnaire_move(
        questionnaire=fresh(questionnaire),
        expected_version=2,
        direction="up",
        item_id=second.pk,
        confirmed=True,
    )
    assert ordered_codes(questionnaire)[0] == second.code
    assert questionnaire_builder(fresh(questionnaire)).indicators[0].status == ("not_comparable")


def test_moving_a_free_item_needs_no_confirmation_and_crosses_sections(questionnaire):
    add_set(questionnaire, make_set(2))
    local = add_local(questionnaire)  # lands in the first section, "Algemeen"
    ordering.questionnaire_move(
        questionnaire=fresh(questionnaire), expected_version=3, direction="down", item_id=local.pk
    )
    local.refresh_from_db()
    assert local.section.title != "Algemeen"
    assert local.position == 1
    assert ordered_codes(questionnaire)[0] == local.code


@pytest.mark.parametrize("direction", ["up", "down"])
@pytest.mark.parametrize("gap", [False, True])
def test_a_keyboard_move_within_a_section_stores_the_new_places(questionnaire, direction, gap):
    """Two neighbours trading places is one UPDATE (each takes the sum of both places
    minus its own); with a gap in the places the section is numbered afresh, as before."""
    for n in range(1, 5):
        add_local(questionnaire, code=f"lokswap{n}")
    section = questionnaire.items.get(code="lokswap1").section
    if gap:
        questionnaire.items.filter(code="lokswap4").update(position=9)
    moving = questionnaire.items.get(code="lokswap2" if direction == "down" else "lokswap3")
    ordering.questionnaire_move(
        questionnaire=fresh(questionnaire),
        expected_version=fresh(questionnaire).lock_version,
        direction=direction,
        item_id=moving.pk,
    )
    places = dict(section.items.values_list("code", "position"))
    assert places == {"lokswap1": 1, "lokswap2": 3, "lokswap3": 2, "lokswap4": 4}


def test_reorder_saves_sections_and_items_in_one_go(questionnaire):
    add_set(questionnaire, make_set(2))
    add_local(questionnaire, code="lokeigen1")
    add_local(questionnaire, code="lokeigen2")
    (first_id, first_items), (second_id, second_items) = _arrangement_ids(questionnaire)
    order = [(second_id, list(reversed(second_items))), (first_id, list(reversed(first_items)))]
    ordering.questionnaire_reorder(
        questionnaire=fresh(questionnaire), expected_version=4, order=order
    )
    assert _arrangement_ids(questionnaire) == order


def test_reorder_refuses_an_incomplete_order(questionnaire):
    add_local(questionnaire, code="lokeigen1")
    add_local(questionnaire, code="lokeigen2")
    [(sid, items)] = _arrangement_ids(questionnaire)
    with pytest.raises(ValidationError, match="past niet"):
        ordering.questionnaire_reorder(
            questionnaire=fresh(questionnaire), expected_version=3, order=[(sid, items[:1])]
        )


def test_local_codes_count_up_and_skip_codes_in_use(questionnaire):
    assert services.next_local_code(questionnaire) == "lok1"
    add_local(questionnaire, code="lok1")
    add_local(fresh(questionnaire), code="lok3")
    assert services.next_local_code(fresh(questionnaire)) == "lok2"


def test_a_local_code_lives_in_the_local_namespace(questionnaire):
    error = services.local_code_error(questionnaire=questionnaire, code="buurthuis")
    assert "begint met 'lok', bijvoorbeeld lokbuurthuis" in error
    assert services.local_code_error(questionnaire=questionnaire, code="lokbuurthuis") is None


def test_local_code_may_not_be_national_or_taken(questionnaire):
    factories.make_question(code="vertrouwen")
    add_local(questionnaire, code="lokeigen1")
    assert "landelijke vraagcode" in services.local_code_error(
        questionnaire=questionnaire, code="vertrouwen"
    )
    assert "al gebruikt" in services.local_code_error(questionnaire=questionnaire, code="lokeigen1")
    with pytest.raises(ValidationError):
        add_local(questionnaire, code="vertrouwen")


def test_local_item_with_a_new_local_scale(questionnaire):
    scale = items.NewScale(name="Vaak", options=[(1, "Nooit"), (2, "Soms"), (9, "Weet niet")])
    item = add_local(
        questionnaire, code="lokeigen1", answer_type=AnswerType.SINGLE, new_scale=scale
    )
    assert item.local_scale.name == "Vaak"
    assert [(o.code, o.label_nl) for o in item.local_scale.options.all()] == scale.options
    assert item.kind == QuestionnaireItem.Kind.LOCAL


def test_choice_item_without_scale_is_invalid(questionnaire):
    with pytest.raises(ValidationError):
        add_local(questionnaire, code="lokeigen1", answer_type=AnswerType.SINGLE)


def test_adapt_makes_a_local_copy_that_remembers_its_origin(questionnaire):
    add_set(questionnaire, make_set(2))
    item = questionnaire.items.first()
    version = item.question_version
    items.questionnaire_adapt_item(
        item=item,
        data={"code": "lok1", "wording": "Eigen woorden?", "instruction": ""},
        expected_version=2,
    )
    item.refresh_from_db()
    assert (item.kind, item.code, item.derived_from, item.question_version) == (
        "adapted",
        "lok1",
        version,
        None,
    )
    assert item.scale == version.scale
    assert f"{version.question.code} versie 1" in item.not_comparable_reason
    builder = questionnaire_builder(fresh(questionnaire))
    assert builder.counts == {"national": 1, "adapted": 1, "local": 0, "shared": 0}
    assert builder.indicators[0].status == "not_comparable"
    assert builder.indicators[0].reasons == ["aangepaste vraag: lok1"]


def test_newer_version_notice_with_upgrade_and_keep(questionnaire):
    question = factories.make_question(version_kw={"wording_nl": "Voelt u zich veilig?"})
    add_set(questionnaire, factories.make_question_set(questions=[question]))
    v1 = question.latest_version()
    v2, _ = question_version_publish(
        question=question,
        data={
            "wording_nl": "Voelt u zich veilig in uw buurt?",
            "answer_type": v1.answer_type,
            "scale": v1.scale,
            "source": v1.source,
            "verification": Verification.VERBATIM,
        },
        change_reason="buurt toegevoegd",
    )
    item = questionnaire.items.get()
    assert item.question_version == v1  # questionnaires keep their version
    notice = questionnaire_builder(fresh(questionnaire)).sections[1].items[0].notice
    assert notice.latest == v2
    assert notice.diff == [
        ("equal", "Voelt u zich"),
        ("delete", "veilig?"),
        ("insert", "veilig in uw buurt?"),
    ]

    items.questionnaire_keep_version(item=item, expected_version=2)
    assert questionnaire_builder(fresh(questionnaire)).sections[1].items[0].notice is None
    items.questionnaire_upgrade_item(item=item, expected_version=3)
    item.refresh_from_db()
    assert item.question_version == v2


def test_copy_keeps_versions_sections_sets_and_local_scales(questionnaire, editor):
    add_set(questionnaire, make_set(2, indivisible=True))
    scale = items.NewScale(name="Vaak", options=[(1, "Nooit"), (2, "Vaak")])
    add_local(questionnaire, code="lokeigen1", answer_type=AnswerType.SINGLE, new_scale=scale)
    copy = services.questionnaire_copy(
        source=questionnaire, title="Monitor", year=2026, user=editor
    )
    assert copy.year == 2026 and copy.lock_version == 1
    assert list(copy.sections.values_list("title", flat=True)) == list(
        questionnaire.sections.values_list("title", flat=True)
    )
    assert ordered_codes(copy) == ordered_codes(questionnaire)
    assert sorted(copy.items.values_list("question_version", flat=True), key=str) == sorted(
        questionnaire.items.values_list("question_version", flat=True), key=str
    )
    local = copy.items.get(code="lokeigen1")
    assert local.local_scale.questionnaire == copy
    assert copy.basket_sets.count() == 1
    assert QuestionnaireSection.objects.filter(questionnaire=questionnaire).count() == 2


def test_copy_to_the_same_title_and_year_is_refused(questionnaire, editor):
    with pytest.raises(ValidationError):
        services.questionnaire_copy(source=questionnaire, title="Monitor", year=2025, user=editor)


def test_archive(questionnaire):
    services.questionnaire_archive(questionnaire=questionnaire, expected_version=1)
    assert fresh(questionnaire).status == Questionnaire.Status.ARCHIVED


def test_interview_estimate_counts_answer_types_and_options(questionnaire):
    qset = make_set(1)  # one single-choice question with 4 options: 5 + 4 * 1.5 = 11 s
    add_set(questionnaire, qset)
    add_local(questionnaire, code="lokeigen1", answer_type=AnswerType.TEXT)  # 30 s
    builder = questionnaire_builder(fresh(questionnaire))
    assert (builder.seconds_total, builder.seconds_local) == (41, 30)
    assert builder.budget_seconds == 300 and not builder.over_budget
    assert builder.local_display == "30 s"
    assert format_duration(75) == "1 min 15 s"


# --------------------------------------------------------------------------- sections and sets


def test_rename_section_claims_a_version(questionnaire):
    section = questionnaire.sections.get()
    services.questionnaire_rename_section(section=section, title="Buurt", expected_version=1)
    assert questionnaire.sections.get().title == "Buurt"
    assert fresh(questionnaire).lock_version == 2
    with pytest.raises(services.StaleQuestionnaire):
        services.questionnaire_rename_section(section=section, title="Wijk", expected_version=1)
    assert questionnaire.sections.get().title == "Buurt"


def test_rename_section_needs_a_title(questionnaire):
    with pytest.raises(ValidationError):
        services.questionnaire_rename_section(
            section=questionnaire.sections.get(), title="", expected_version=1
        )
    assert fresh(questionnaire).lock_version == 1


def test_deleting_an_empty_section_needs_no_confirmation(questionnaire):
    section, _skipped = add_set(questionnaire, make_set(1))
    empty = questionnaire.sections.get(title="Algemeen")
    impact = services.questionnaire_delete_section(section=empty, expected_version=2)
    assert impact.codes == []
    assert list(questionnaire.sections.all()) == [section]


def test_the_last_section_cannot_be_deleted(questionnaire):
    with pytest.raises(ValidationError, match="minstens één onderdeel"):
        services.questionnaire_delete_section(
            section=questionnaire.sections.get(), expected_version=1
        )
    assert questionnaire.sections.count() == 1


def test_deleting_a_section_with_items_asks_then_removes_them_together(questionnaire):
    qset = make_set(2, indivisible=True)
    section, _skipped = add_set(questionnaire, qset)
    add_local(questionnaire, code="lokeigen1")
    codes = ordered_codes(questionnaire)[1:]
    with pytest.raises(services.DeletionNeedsConfirmation) as exc:
        services.questionnaire_delete_section(section=section, expected_version=3)
    impact = exc.value.impact
    assert impact.codes == codes
    [row] = impact.worse
    assert row.indicator.pk == qset.indicators.get().pk and row.status == "not_comparable"
    assert row.reasons == [f"ondeelbare set niet compleet, ontbreekt: {', '.join(codes)}"]
    assert questionnaire.items.count() == 3 and fresh(questionnaire).lock_version == 3

    services.questionnaire_delete_section(section=section, expected_version=3, confirmed=True)
    assert ordered_codes(questionnaire) == ["lokeigen1"]
    assert not QuestionnaireSection.objects.filter(pk=section.pk).exists()
    assert questionnaire.basket_sets.count() == 1  # the set stays, shown as not comparable
    assert fresh(questionnaire).lock_version == 4


def test_deleting_part_of_a_divisible_set_makes_it_incomplete(questionnaire):
    add_set(questionnaire, make_set(1))
    section = questionnaire.sections.get(title="Algemeen")
    item = questionnaire.items.get()
    ordering.questionnaire_move(
        questionnaire=fresh(questionnaire), expected_version=2, direction="up", item_id=item.pk
    )
    with pytest.raises(services.DeletionNeedsConfirmation) as exc:
        services.questionnaire_delete_section(section=section, expected_version=3)
    assert [(r.status, r.reasons) for r in exc.value.impact.worse] == [
        ("incomplete", [f"ontbreekt: {item.code}"])
    ]


def test_delete_section_with_a_stale_version_is_refused(questionnaire):
    add_set(questionnaire, make_set(1))
    with pytest.raises(services.StaleQuestionnaire):
        services.questionnaire_delete_section(
            section=questionnaire.sections.get(title="Algemeen"), expected_version=1
        )
    assert questionnaire.sections.count() == 2


def test_remove_set_asks_then_takes_out_its_items_row_and_emptied_section(questionnaire):
    qset = make_set(2, indivisible=True, order_locked=True)
    section, _skipped = add_set(questionnaire, qset)
    add_local(questionnaire, code="lokeigen1")
    basket_set = fresh(questionnaire).basket_sets.get()
    with pytest.raises(services.DeletionNeedsConfirmation) as exc:
        services.questionnaire_remove_set(basket_set=basket_set, expected_version=3)
    impact = exc.value.impact
    assert impact.codes == ordered_codes(questionnaire)[1:]
    assert [(i.pk, i.name_nl) for i in impact.leaving] == [
        (i.pk, i.name_nl) for i in qset.indicators.all()
    ]
    assert impact.sections == [section.title]
    assert (impact.kept, impact.worse) == ([], [])
    assert questionnaire.items.count() == 3 and fresh(questionnaire).lock_version == 3

    services.questionnaire_remove_set(basket_set=basket_set, expected_version=3, confirmed=True)
    assert ordered_codes(questionnaire) == ["lokeigen1"]
    assert questionnaire.basket_sets.count() == 0
    assert list(questionnaire.sections.values_list("title", flat=True)) == ["Algemeen"]
    assert questionnaire_builder(fresh(questionnaire)).indicators == []


def test_remove_set_takes_its_adapted_items_and_keeps_a_section_with_other_items(questionnaire):
    section, _skipped = add_set(questionnaire, make_set(2))
    adapted = questionnaire.items.first()
    items.questionnaire_adapt_item(
        item=adapted,
        data={"code": "lok1", "wording": "Anders?", "instruction": ""},
        expected_version=2,
    )
    local = add_local(questionnaire, code="lokeigen1")
    ordering.questionnaire_move(
        questionnaire=fresh(questionnaire),
        expected_version=4,
        direction="down",
        item_id=local.pk,
    )
    basket_set = fresh(questionnaire).basket_sets.get()
    impact = services.questionnaire_remove_set(
        basket_set=basket_set, expected_version=5, confirmed=True
    )
    assert "lok1" in impact.codes and len(impact.codes) == 2
    assert impact.sections == []
    assert ordered_codes(questionnaire) == ["lokeigen1"]
    assert questionnaire.sections.filter(pk=section.pk).exists()


def test_remove_set_keeps_questions_another_set_asks_and_costs_it_nothing(questionnaire):
    shared = factories.make_question()
    # the shared question comes last in the first set, so nothing stands between it and
    # the rest of the locked second set
    first = factories.make_question_set(
        questions=[factories.make_question(), shared], indicators=[factories.make_indicator()]
    )
    second = factories.make_question_set(
        questions=[shared, factories.make_question()],
        indicators=[factories.make_indicator()],
        indivisible=True,
        order_locked=True,
    )
    add_set(questionnaire, first)
    add_set(questionnaire, second)  # the shared question stays where the first set put it
    before = questionnaire_builder(fresh(questionnaire)).basket[1][1:3]
    assert before == ("complete", [])
    basket_set = fresh(questionnaire).basket_sets.get(question_set=first)
    impact = services.questionnaire_remove_set(
        basket_set=basket_set, expected_version=3, confirmed=True
    )
    assert impact.kept == [shared.code] and len(impact.codes) == 1
    assert [i.pk for i in impact.leaving] == [first.indicators.get().pk]
    kept = questionnaire.items.get(code=shared.code)
    assert kept.from_set == second
    builder = questionnaire_builder(fresh(questionnaire))
    assert [(b.question_set_id, status) for b, status, _r, _m in builder.basket] == [
        (second.pk, "complete")
    ]


def test_remove_set_with_a_stale_version_is_refused(questionnaire):
    add_set(questionnaire, make_set(1))
    basket_set = fresh(questionnaire).basket_sets.get()
    with pytest.raises(services.StaleQuestionnaire):
        services.questionnaire_remove_set(basket_set=basket_set, expected_version=1)
    assert questionnaire.items.count() == 1 and questionnaire.basket_sets.count() == 1
