"""Using a shared question by reference: the item points at the shared version, is
comparable with every other use of that version, and the exports say where it is from."""

import pytest
from django.core.exceptions import ValidationError

from questionsets.exports.build import build_export
from questionsets.models import Questionnaire, QuestionnaireItem, SharedQuestion
from questionsets.questionnaires import comparability, items
from questionsets.shelf import services


@pytest.fixture
def shared(shelf):
    return services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)


def use(client, shared, questionnaire):
    return client.post(
        f"/gedeelde-vragen/{shared.shared_question_id}/gebruiken/",
        {"questionnaire": questionnaire.pk},
    )


def test_another_municipality_adds_a_shared_question_by_reference(client, shelf, shared):
    client.force_login(shelf.editor_b)
    response = use(client, shared, shelf.questionnaire_b)
    assert response.status_code == 302
    item = shelf.questionnaire_b.items.get()
    assert item.kind == "shared"
    assert item.shared_version_id == shared.pk
    assert item.code.startswith("lok")
    assert item.display_wording() == shared.wording
    assert [o[:2] for o in item.display_options()] == [
        (1, "Veilig"),
        (2, "Onveilig"),
        (9, "Weet niet"),
    ]


def test_the_shared_page_offers_the_users_own_questionnaires_only(client, shelf, shared):
    client.force_login(shelf.editor_b)
    html = client.get(f"/gedeelde-vragen/{shared.shared_question_id}/").content.decode()
    assert "Monitor B" in html
    assert "Monitor A" not in html


def test_a_foreign_questionnaire_is_a_404(client, shelf, shared):
    client.force_login(shelf.editor_c)
    assert use(client, shared, shelf.questionnaire_b).status_code == 404
    assert not shelf.questionnaire_b.items.exists()


def test_a_missing_questionnaire_is_a_dutch_error(client, shelf, shared):
    client.force_login(shelf.editor_b)
    response = client.post(f"/gedeelde-vragen/{shared.shared_question_id}/gebruiken/", {})
    assert response.status_code == 400
    assert "Kies een vragenlijst." in response.content.decode()


def test_adding_the_same_shared_question_twice_is_refused(client, shelf, shared):
    client.force_login(shelf.editor_b)
    use(client, shared, shelf.questionnaire_b)
    response = use(client, shared, shelf.questionnaire_b)
    assert response.status_code == 400
    assert "staat al in de vragenlijst" in response.content.decode()
    assert shelf.questionnaire_b.items.count() == 1


def test_a_withdrawn_shared_question_cannot_be_added(shelf, shared):
    SharedQuestion.objects.update(status=SharedQuestion.Status.WITHDRAWN)
    shared.shared_question.refresh_from_db()
    with pytest.raises(ValidationError):
        services.questionnaire_add_shared(
            questionnaire=shelf.questionnaire_b, version=shared, expected_version=1
        )


def test_a_shared_item_cannot_be_edited_into_something_else(shelf, shared):
    item = services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=shared, expected_version=1
    )
    data = {"code": item.code, "wording": "Anders?", "instruction": "", "answer_type": "text"}
    with pytest.raises(ValidationError):
        items.questionnaire_update_local_item(item=item, data=data, expected_version=2)


def test_the_fourth_state_names_the_sharing_municipality(shelf, shared):
    item = services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=shared, expected_version=1
    )
    item = QuestionnaireItem.objects.for_builder().get(pk=item.pk)
    state = comparability.item_state(item)
    assert state == comparability.SHARED
    assert comparability.state_label(item, state) == "gelijk aan gedeelde vraag van Utrecht"


def test_the_builder_says_the_item_equals_the_shared_question(client, shelf, shared):
    services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=shared, expected_version=1
    )
    client.force_login(shelf.editor_b)
    html = client.get(f"/vragenlijsten/{shelf.questionnaire_b.pk}/").content.decode()
    assert "gelijk aan gedeelde vraag van Utrecht" in html
    assert "Hoe veilig voelt u zich in het park?" in html


def test_the_export_marks_the_shared_item_with_its_origin(shelf, shared):
    services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=shared, expected_version=1
    )
    export = build_export(Questionnaire.objects.get(pk=shelf.questionnaire_b.pk))
    (item,) = export.items
    assert item.kind == "shared"
    assert item.kind_nl == "gedeeld"
    assert item.comparability == "gelijk aan gedeelde vraag van Utrecht"
    expected = f"gedeelde vraag {shared.shared_question_id} van Utrecht (GM0344) v1"
    assert item.derived_from == expected
    assert item.fingerprint == shared.fingerprint
    assert [(o.code, o.is_missing) for o in item.options] == [(1, False), (2, False), (9, True)]
    assert export.summary["Gedeelde vragen van andere gemeenten"] == 1
