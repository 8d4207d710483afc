import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from questionsets.models import (
    AnswerOption,
    AnswerType,
    ImmutableError,
    Question,
    QuestionVersion,
    fingerprint,
)
from tests.factories import make_question, make_scale, make_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["a", "vert01", "trstplc", "a" + "1" * 19])
def test_code_rule_accepts_tool_safe_codes(code):
    Question(code=code).full_clean()


@pytest.mark.parametrize(
    "code", ["", "1abc", "Abc", "a_b", "a-b", "a b", "é", "a" * 21, "vertrouwen_politie"]
)
def test_code_rule_rejects_codes_a_survey_tool_would_break_on(code):
    with pytest.raises(ValidationError) as exc:
        Question(code=code).full_clean()
    assert "code" in exc.value.message_dict


def test_code_rule_is_enforced_by_the_database_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(code="Bad_Code")


def test_published_version_wording_cannot_be_changed_in_place():
    version = make_question(code="vert1").latest_version()
    version.wording_nl = "Een andere tekst"
    with pytest.raises(ImmutableError):
        version.save()
    version.refresh_from_db()
    assert version.wording_nl == "Hoe tevreden bent u over vert1?"


def test_published_version_cannot_be_changed_through_a_queryset_update():
    make_question()
    with pytest.raises(ImmutableError):
        QuestionVersion.objects.update(wording_nl="overschreven")
    assert not QuestionVersion.objects.filter(wording_nl="overschreven").exists()


def test_published_version_cannot_be_deleted():
    version = make_question().latest_version()
    with pytest.raises(ImmutableError):
        version.delete()
    assert QuestionVersion.objects.filter(pk=version.pk).exists()


def test_verification_status_may_be_upgraded_without_touching_the_wording():
    version = make_question(version_kw={"verification": "paraphrase"}).latest_version()
    version.verification = "verbatim"
    version.verification_note = "VM2023 vragenlijst, vraag 12"
    version.save()
    version.refresh_from_db()
    assert version.is_verified


def test_a_change_is_a_new_version_with_its_own_fingerprint():
    question = make_question()
    v1 = question.latest_version()
    v2 = make_version(
        question=question, wording_nl="Nieuwe tekst", scale=v1.scale, change_reason="VM2025"
    )
    assert v2.number == 2
    assert v1.fingerprint != v2.fingerprint
    assert question.latest_version() == v2


def test_answer_labels_of_a_scale_in_use_are_frozen():
    version = make_question().latest_version()
    option = version.scale.options.first()
    option.label_nl = "Zeer mee eens"
    with pytest.raises(ImmutableError):
        option.save()
    with pytest.raises(ImmutableError):
        option.delete()
    with pytest.raises(ImmutableError):
        AnswerOption.objects.create(scale=version.scale, position=99, code=99, label_nl="x")


def test_answer_labels_of_an_unused_scale_can_be_edited():
    scale = make_scale()
    option = scale.options.first()
    option.label_nl = "Zeer mee eens"
    option.save()
    assert scale.options.first().label_nl == "Zeer mee eens"


def test_fingerprint_changes_with_any_byte_of_wording_or_labels():
    base = dict(wording="Vraag?", instruction="", answer_type="single", options=[(1, "Ja")])
    assert fingerprint(**base) == fingerprint(**base)
    assert fingerprint(**base) != fingerprint(**{**base, "wording": "Vraag? "})
    assert fingerprint(**base) != fingerprint(**{**base, "options": [(1, "ja")]})
    assert fingerprint(**base) != fingerprint(**{**base, "options": [(2, "Ja")]})


def test_choice_question_needs_a_scale_and_open_question_has_none():
    question = make_question()
    version = QuestionVersion(question=question, number=2, wording_nl="x", answer_type="single")
    with pytest.raises(ValidationError):
        version.clean()
    version.answer_type = AnswerType.TEXT
    version.clean()


def test_national_codes_never_enter_the_local_namespace():
    with pytest.raises(ValidationError) as exc:
        Question(code="lok1").full_clean()
    assert "lokale vragen" in exc.value.message_dict["code"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(code="lokveilig")
