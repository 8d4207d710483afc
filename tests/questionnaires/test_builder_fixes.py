"""Builder fixes of issue 16: putting a removed set question back, the set picker, the
local-code help text and moving a local question to another section."""

import pytest
from django.urls import reverse

from questionsets.questionnaires import items, services
from tests import factories

from ..basket import add_local, add_set, fresh, make_set, ordered_codes

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


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


def _remove(questionnaire, code):
    item = questionnaire.items.get(code=code)
    item.questionnaire = fresh(questionnaire)
    items.questionnaire_remove_item(
        item=item, expected_version=questionnaire.lock_version, confirmed=True
    )


def _set_of_three(questionnaire):
    qset = make_set(3)
    add_set(questionnaire, qset)
    basket_set = questionnaire.basket_sets.get()
    set_items = list(qset.items.select_related("question_version__question").order_by("position"))
    return basket_set, set_items, [s.question_version.question.code for s in set_items]


# --------------------------------------------------------------------------- restore


def test_a_removed_set_question_is_offered_back(editor_client, questionnaire):
    basket_set, set_items, codes = _set_of_three(questionnaire)
    _remove(questionnaire, codes[1])
    content = editor_client.get(url("questionnaire-detail", questionnaire.pk)).content.decode()
    restore = url("questionnaire-set-restore", questionnaire.pk, basket_set.pk)
    assert f'formaction="{restore}"' in content or f'action="{restore}"' in content
    assert "Terugzetten" in content
    assert f'value="{set_items[1].pk}"' in content
    assert f"Vraag {codes[1]} terugzetten" in content  # the button names its question


@pytest.mark.parametrize("gone", [0, 1, 2])
def test_restore_puts_the_question_back_in_its_set_place_with_htmx(
    editor_client, questionnaire, gone
):
    basket_set, set_items, codes = _set_of_three(questionnaire)
    local = add_local(questionnaire, code="lokeigen1")  # in the first section, before the set
    _remove(questionnaire, codes[gone])
    response = editor_client.post(
        url("questionnaire-set-restore", questionnaire.pk, basket_set.pk),
        {"lock_version": fresh(questionnaire).lock_version, "set_item": set_items[gone].pk},
        **HTMX,
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="builder"')
    assert f"Vraag {codes[gone]} is teruggezet." in content
    assert ordered_codes(questionnaire) == [local.code, *codes]
    item = questionnaire.items.get(code=codes[gone])
    assert item.is_national and item.from_set_id == basket_set.question_set_id
    assert item.question_version_id == set_items[gone].question_version_id
    assert f'data-focus="up-{item.pk}"' in content  # focus lands on the restored question


def test_restore_follows_the_set_neighbour_into_another_section(editor_client, questionnaire):
    basket_set, set_items, codes = _set_of_three(questionnaire)
    section = services.questionnaire_add_section(
        questionnaire=fresh(questionnaire), title="Buurt", expected_version=2
    )
    first = questionnaire.items.get(code=codes[0])
    first.section, first.position = section, 1
    first.save()
    _remove(questionnaire, codes[1])
    response = editor_client.post(
        url("questionnaire-set-restore", questionnaire.pk, basket_set.pk),
        {"lock_version": fresh(questionnaire).lock_version, "set_item": set_items[1].pk},
    )
    assert response.status_code == 302 and "#item-" in response.url
    assert questionnaire.items.get(code=codes[1]).section_id == section.pk
    assert ordered_codes(questionnaire) == [codes[2], codes[0], codes[1]]


def test_restore_of_a_question_that_is_present_is_refused_in_dutch(editor_client, questionnaire):
    basket_set, set_items, codes = _set_of_three(questionnaire)
    response = editor_client.post(
        url("questionnaire-set-restore", questionnaire.pk, basket_set.pk),
        {"lock_version": 2, "set_item": set_items[0].pk},
    )
    assert response.status_code == 409
    assert "staat al in de vragenlijst" in response.content.decode()
    assert questionnaire.items.count() == 3


@pytest.mark.parametrize("bad", ["x", "", "999999"])
def test_restore_with_a_bad_set_item_is_refused_in_dutch(editor_client, questionnaire, bad):
    basket_set, _set_items, _codes = _set_of_three(questionnaire)
    other = make_set(1).items.get()
    for value in (bad, other.pk):
        response = editor_client.post(
            url("questionnaire-set-restore", questionnaire.pk, basket_set.pk),
            {"lock_version": 2, "set_item": value},
        )
        assert response.status_code == 409
        assert "hoort niet bij deze vragenset" in response.content.decode()


def test_restore_of_another_municipalitys_set_is_a_404(client, outsider, questionnaire):
    basket_set, set_items, codes = _set_of_three(questionnaire)
    _remove(questionnaire, codes[0])
    client.force_login(outsider)
    response = client.post(
        url("questionnaire-set-restore", questionnaire.pk, basket_set.pk),
        {"lock_version": 3, "set_item": set_items[0].pk},
    )
    assert response.status_code == 404
    assert questionnaire.items.count() == 2


# --------------------------------------------------------------------------- set picker


def _grouped_sets():
    concept = factories.make_concept(name_nl="Eenzaamheid")
    lonely = factories.make_question_set(
        questions=[factories.make_question()],
        indicators=[factories.make_indicator(concept=concept)],
        name_nl="Sociale eenzaamheid",
    )
    other = factories.make_question_set(
        questions=[factories.make_question()], name_nl="Afval en zwerfvuil"
    )
    return concept, lonely, other


def test_builder_does_not_render_the_set_list(editor_client, questionnaire):
    _concept, lonely, _other = _grouped_sets()
    content = editor_client.get(url("questionnaire-detail", questionnaire.pk)).content.decode()
    picker = url("questionnaire-set-picker", questionnaire.pk)
    assert f'href="{picker}"' in content and f'hx-get="{picker}"' in content
    assert lonely.name_nl not in content
    assert "Set toevoegen" in content


def test_set_picker_fragment_is_grouped_by_concept_and_labelled(editor_client, questionnaire):
    concept, lonely, other = _grouped_sets()
    response = editor_client.get(url("questionnaire-set-picker", questionnaire.pk), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert f'<optgroup label="{concept.name_nl}">' in content
    assert '<optgroup label="Zonder begrip">' in content
    group = content.split(f'<optgroup label="{concept.name_nl}">')[1].split("</optgroup>")[0]
    assert lonely.name_nl in group and other.name_nl not in group
    assert '<label for="set-search"' in content and 'id="set-search"' in content
    assert '<label for="add-set-select"' in content


def test_set_picker_filters_by_typed_text(editor_client, questionnaire):
    _concept, lonely, other = _grouped_sets()
    response = editor_client.get(
        url("questionnaire-set-picker", questionnaire.pk), {"q": "eenzaam"}, **HTMX
    )
    content = response.content.decode()
    assert lonely.name_nl in content and other.name_nl not in content
    response = editor_client.get(
        url("questionnaire-set-picker", questionnaire.pk), {"q": "zzzqqq"}, **HTMX
    )
    assert "Geen vragensets gevonden" in response.content.decode()


def test_set_picker_works_without_javascript(editor_client, questionnaire):
    _concept, lonely, _other = _grouped_sets()
    response = editor_client.get(url("questionnaire-set-picker", questionnaire.pk))
    content = response.content.decode()
    assert response.status_code == 200 and "<html" in content
    assert f'action="{url("questionnaire-add-set")}"' in content
    assert "csrfmiddlewaretoken" in content
    response = editor_client.post(
        url("questionnaire-add-set"),
        {"questionnaire": questionnaire.pk, "question_set": lonely.pk, "lock_version": 1},
    )
    assert response.status_code == 302
    assert questionnaire.basket_sets.get().question_set == lonely


def test_set_picker_is_for_editors_only(client, colleague, outsider, questionnaire):
    client.force_login(colleague)
    assert client.get(url("questionnaire-set-picker", questionnaire.pk)).status_code == 403
    client.force_login(outsider)
    assert client.get(url("questionnaire-set-picker", questionnaire.pk)).status_code == 404


# --------------------------------------------------------------------------- local codes


def test_local_code_help_text_names_the_lok_prefix(editor_client, questionnaire):
    content = editor_client.get(url("questionnaire-item-create", questionnaire.pk)).content
    assert "begint met lok" in content.decode()
    add_set(questionnaire, make_set(1))
    item = questionnaire.items.get()
    content = editor_client.get(url("questionnaire-item-adapt", questionnaire.pk, item.pk)).content
    assert "begint met lok" in content.decode()


# --------------------------------------------------------------------------- edit: section


def _two_sections(questionnaire):
    first = questionnaire.sections.get()
    second = services.questionnaire_add_section(
        questionnaire=fresh(questionnaire), title="Buurt", expected_version=1
    )
    return first, second


def test_edit_moves_a_local_question_to_another_section(editor_client, questionnaire):
    first, second = _two_sections(questionnaire)
    moving = add_local(questionnaire, code="lokeigen1")
    item = questionnaire.items.get(pk=moving.pk)
    item.section = second
    item.save()
    there = add_local(questionnaire, code="lokeigen2")  # lands in the first section
    path = url("questionnaire-item-edit", questionnaire.pk, there.pk)
    content = editor_client.get(path).content.decode()
    assert 'name="section"' in content and "Buurt" in content
    data = {"lock_version": 4, "code": "lokeigen2", "wording": "Nieuw", "answer_type": "text"}
    response = editor_client.post(path, {**data, "section": second.pk})
    assert response.status_code == 302
    there.refresh_from_db()
    assert there.section_id == second.pk
    assert ordered_codes(questionnaire) == ["lokeigen1", "lokeigen2"]
    assert first.items.count() == 0


def test_edit_refuses_a_section_of_another_questionnaire(
    editor_client, questionnaire, municipality
):
    item = add_local(questionnaire, code="lokeigen1")
    other = services.questionnaire_create(municipality=municipality, title="Ander", year=2024)
    foreign = other.sections.get()
    response = editor_client.post(
        url("questionnaire-item-edit", questionnaire.pk, item.pk),
        {
            "lock_version": 2,
            "code": "lokeigen1",
            "wording": "Nieuw",
            "answer_type": "text",
            "section": foreign.pk,
        },
    )
    assert response.status_code == 422
    assert "geldige keuze" in response.content.decode()
    item.refresh_from_db()
    assert item.section_id == questionnaire.sections.get().pk and item.wording != "Nieuw"
