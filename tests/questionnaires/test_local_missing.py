"""Missing codes on local scales: marking them in the form, the prompt, editing and copying."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from questionsets.models import AnswerType, LocalOption
from questionsets.questionnaires import forms, items, services

from ..basket import add_local, fresh

pytestmark = pytest.mark.django_db

YES_NO_DONT_KNOW = "1 = Ja\n2 = Nee\n9 = Weet niet (ontbrekend)"


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


def post_new(client, questionnaire, options, **extra):
    return client.post(
        url("questionnaire-item-create", questionnaire.pk),
        {
            "lock_version": fresh(questionnaire).lock_version,
            "section": questionnaire.sections.get().pk,
            "code": "lok1",
            "wording": "Kent u de wijkagent?",
            "answer_type": "single",
            "new_scale_name": "Ja/nee",
            "new_scale_options": options,
            **extra,
        },
    )


def stored_options(item):
    return [(o.code, o.label_nl, o.is_missing) for o in item.local_scale.options.all()]


def with_missing(questionnaire, code="lok1"):
    scale = items.NewScale(
        name="Ja/nee",
        options=[(1, "Ja"), (2, "Nee"), (9, "Weet niet")],
        missing_codes=frozenset({9}),
    )
    return add_local(questionnaire, code=code, answer_type=AnswerType.SINGLE, new_scale=scale)


# --------------------------------------------------------------------------- the syntax


def test_a_trailing_marker_makes_a_code_missing_and_is_not_part_of_the_label():
    assert forms.parse_options(
        "1 = Ja\nNee\n9 = Weet niet (ontbrekend)\n99 = Geen antwoord (Ontbrekend) "
    ) == [
        (1, "Ja", False),
        (2, "Nee", False),
        (9, "Weet niet", True),
        (99, "Geen antwoord", True),
    ]


def test_input_without_markers_reads_as_before():
    assert forms.parse_options("Nooit\nSoms\n9 = Weet niet") == [
        (1, "Nooit", False),
        (2, "Soms", False),
        (9, "Weet niet", False),
    ]


def test_a_marker_without_a_label_is_refused_in_dutch():
    with pytest.raises(ValidationError) as exc:
        forms.parse_options("1 = Ja\n9 = (ontbrekend)")
    assert exc.value.messages == ["Regel 2 heeft geen antwoordtekst vóór '(ontbrekend)'."]


@pytest.mark.parametrize(
    "label",
    [
        "Weet niet",
        "weet ik niet",
        "Geen antwoord",
        "Wil niet zeggen",
        "Wil ik liever niet zeggen",
        "n.v.t.",
        "Niet van toepassing",
        "Geen mening",
        "Geen oordeel",
        "Don't know",
    ],
)
def test_labels_that_look_like_missing_answers(label):
    assert forms.looks_missing(label)


@pytest.mark.parametrize(
    "label", ["Nooit", "Helemaal niet", "Niet tevreden", "Neutraal", "Weet het zeker", "Geen"]
)
def test_ordinary_answers_do_not_look_missing(label):
    assert not forms.looks_missing(label)


# --------------------------------------------------------------------------- the form


def test_marked_codes_are_stored_as_missing(editor_client, questionnaire):
    response = post_new(editor_client, questionnaire, YES_NO_DONT_KNOW)
    assert response.status_code == 302
    item = questionnaire.items.get()
    assert stored_options(item) == [(1, "Ja", False), (2, "Nee", False), (9, "Weet niet", True)]


def test_an_unmarked_dont_know_is_not_silently_accepted(editor_client, questionnaire):
    response = post_new(editor_client, questionnaire, "1 = Ja\n2 = Nee\n9 = Weet niet")
    assert response.status_code == 422
    content = response.content.decode()
    assert (
        "Het antwoord &#x27;9 = Weet niet&#x27; lijkt geen echt antwoord. Schrijf "
        "&#x27;9 = Weet niet (ontbrekend)&#x27; als het niet mag meetellen in percentages en "
        "gemiddelden, of vink hieronder aan dat het een echt antwoord is."
    ) in content
    # The confirmation is a labelled checkbox that names the answer.
    assert 'name="real_answers_confirmed"' in content
    assert "&#x27;Weet niet&#x27; is een echt antwoord" in content
    assert not questionnaire.items.exists() and not LocalOption.objects.exists()


def test_the_checkbox_is_only_offered_when_something_looks_missing(editor_client, questionnaire):
    response = editor_client.get(url("questionnaire-item-create", questionnaire.pk))
    assert 'name="real_answers_confirmed"' not in response.content.decode()


def confirmation_value(response) -> str:
    """The value the confirmation checkbox on this page would post when ticked."""
    match = re.search(r'name="real_answers_confirmed"[^>]* value="([^"]*)"', response.text)
    return html.unescape(match.group(1))


def test_confirming_a_real_answer_keeps_it_counted(editor_client, questionnaire):
    options = "1 = Eens\n2 = Geen mening\n3 = Oneens"
    asked = post_new(editor_client, questionnaire, options)
    assert asked.status_code == 422
    response = post_new(
        editor_client, questionnaire, options, real_answers_confirmed=confirmation_value(asked)
    )
    assert response.status_code == 302
    item = questionnaire.items.get()
    assert [m for _c, _l, m in stored_options(item)] == [False, False, False]


def test_a_confirmation_does_not_cover_an_answer_added_afterwards(editor_client, questionnaire):
    asked = post_new(editor_client, questionnaire, "1 = Eens\n2 = Geen mening\n3 = Oneens")
    response = post_new(
        editor_client,
        questionnaire,
        "1 = Eens\n2 = Geen mening\n3 = Oneens\n9 = Weet niet",
        real_answers_confirmed=confirmation_value(asked),
    )
    assert response.status_code == 422
    assert "&#x27;9 = Weet niet&#x27; lijkt geen echt antwoord" in response.text
    assert "&#x27;Geen mening&#x27; en &#x27;Weet niet&#x27; zijn echte antwoorden" in response.text
    assert not questionnaire.items.exists()


def test_an_unticked_confirmation_is_offered_again(editor_client, questionnaire):
    response = post_new(editor_client, questionnaire, "Ja\nNee\nWeet niet")
    checkbox = re.search(
        r'<input type="checkbox" name="real_answers_confirmed"[^>]*>', response.text
    )
    assert "checked" not in checkbox.group(0)


def test_every_flagged_line_is_named(editor_client, questionnaire):
    response = post_new(editor_client, questionnaire, "Ja\nNee\nWeet niet\n99 = Wil niet zeggen")
    content = response.content.decode()
    assert "&#x27;3 = Weet niet (ontbrekend)&#x27;" in content
    assert "&#x27;99 = Wil niet zeggen (ontbrekend)&#x27;" in content


def test_a_scale_of_only_missing_codes_is_refused(editor_client, questionnaire):
    response = post_new(
        editor_client, questionnaire, "8 = Weet niet (ontbrekend)\n9 = Geen antwoord (ontbrekend)"
    )
    assert response.status_code == 422
    assert "Minstens één antwoord moet een echt antwoord zijn" in response.content.decode()


def test_help_text_explains_the_marker(editor_client, questionnaire):
    content = editor_client.get(url("questionnaire-item-create", questionnaire.pk)).content
    assert "9 = Weet niet (ontbrekend)" in content.decode()


# --------------------------------------------------------------------------- editing, copying


def test_service_stores_missing_codes(questionnaire):
    item = with_missing(questionnaire)
    assert stored_options(item) == [(1, "Ja", False), (2, "Nee", False), (9, "Weet niet", True)]


def test_edit_page_shows_the_marks_and_saving_keeps_them(editor_client, questionnaire):
    item = with_missing(questionnaire)
    page = editor_client.get(url("questionnaire-item-edit", questionnaire.pk, item.pk))
    content = page.content.decode()
    assert "1 = Ja; 2 = Nee; 9 = Weet niet (ontbrekend)" in content
    response = editor_client.post(
        url("questionnaire-item-edit", questionnaire.pk, item.pk),
        {
            "lock_version": fresh(questionnaire).lock_version,
            "code": "lok1",
            "wording": "Kent u uw wijkagent?",
            "answer_type": "single",
            "scale": f"l{item.local_scale_id}",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.wording == "Kent u uw wijkagent?"
    assert stored_options(item) == [(1, "Ja", False), (2, "Nee", False), (9, "Weet niet", True)]


def test_builder_marks_missing_codes(editor_client, questionnaire):
    with_missing(questionnaire)
    content = editor_client.get(url("questionnaire-detail", questionnaire.pk)).content.decode()
    assert "Antwoorden: 1. Ja · 2. Nee · 9. Weet niet (ontbrekend)</p>" in content


def test_copy_keeps_the_missing_codes(questionnaire, editor):
    with_missing(questionnaire)
    copy = services.questionnaire_copy(
        source=questionnaire, title="Monitor", year=2026, user=editor
    )
    item = copy.items.get(code="lok1")
    assert item.local_scale.questionnaire == copy
    assert stored_options(item) == [(1, "Ja", False), (2, "Nee", False), (9, "Weet niet", True)]
