"""A retired national question: not newly addable, kept and marked where it already is."""

import pytest
from django.urls import reverse
from django.utils import timezone

from questionsets.models import Question
from questionsets.questionnaires import items, services

from ..basket import add_set, fresh, make_set

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


def _codes(qset):
    return [i.question_version.question.code for i in qset.items.order_by("position")]


def _retire(code):
    Question.objects.filter(code=code).update(retired_at=timezone.now())


def test_adding_a_set_leaves_its_retired_question_out(editor_client, questionnaire):
    qset = make_set(3)
    codes = _codes(qset)
    _retire(codes[1])
    response = editor_client.post(
        reverse("questionsets:questionnaire-add-set"),
        {"questionnaire": questionnaire.pk, "question_set": qset.pk, "lock_version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    assert f"Vervallen en daarom niet toegevoegd: {codes[1]}." in response.content.decode()
    assert sorted(questionnaire.items.values_list("code", flat=True)) == sorted(
        [codes[0], codes[2]]
    )


def test_a_retired_question_already_in_a_questionnaire_stays_and_is_marked(
    editor_client, questionnaire
):
    qset = make_set(2)
    add_set(questionnaire, qset)
    codes = _codes(qset)
    _retire(codes[0])
    content = editor_client.get(
        reverse("questionsets:questionnaire-detail", args=[questionnaire.pk])
    ).content.decode()
    assert questionnaire.items.filter(code=codes[0]).exists()
    assert content.count('class="item-retired"') == 1
    assert "Deze landelijke vraag is vervallen" in content


def test_a_removed_retired_question_cannot_be_put_back(editor_client, questionnaire):
    qset = make_set(2)
    add_set(questionnaire, qset)
    codes = _codes(qset)
    item = questionnaire.items.get(code=codes[0])
    item.questionnaire = fresh(questionnaire)
    items.questionnaire_remove_item(
        item=item, expected_version=questionnaire.lock_version, confirmed=True
    )
    _retire(codes[0])
    basket_set = questionnaire.basket_sets.get()
    set_item = qset.items.get(position=1)
    detail = reverse("questionsets:questionnaire-detail", args=[questionnaire.pk])
    content = editor_client.get(detail).content.decode()
    assert f'id="restore-{set_item.pk}"' not in content  # no "Terugzetten" button
    response = editor_client.post(
        reverse("questionsets:questionnaire-set-restore", args=[questionnaire.pk, basket_set.pk]),
        {"lock_version": fresh(questionnaire).lock_version, "set_item": set_item.pk},
        **HTMX,
    )
    assert f"Vraag {codes[0]} is vervallen" in response.content.decode()
    assert not questionnaire.items.filter(code=codes[0]).exists()
