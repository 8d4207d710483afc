import pytest

from questionsets.curation.services import question_version_publish
from questionsets.models import ImmutableError, Verification
from tests.factories import make_question, make_question_set

pytestmark = pytest.mark.django_db


def _data(version, **changes):
    data = {
        "wording_nl": version.wording_nl,
        "wording_en": version.wording_en,
        "instruction_nl": version.instruction_nl,
        "instruction_en": version.instruction_en,
        "answer_type": version.answer_type,
        "scale": version.scale,
        "source": version.source,
        "source_reference": version.source_reference,
        "source_variable": version.source_variable,
        "verification": version.verification,
        "verification_note": version.verification_note,
    }
    data.update(changes)
    return data


def test_publishing_identical_content_is_a_no_op():
    question = make_question()
    v1 = question.latest_version()
    version, created = question_version_publish(question=question, data=_data(v1))
    assert (version, created) == (v1, False)
    assert question.versions.count() == 1


def test_publishing_changed_wording_makes_a_new_version_and_moves_national_sets():
    question = make_question()
    v1 = question.latest_version()
    qset = make_question_set(questions=[question])
    v2, created = question_version_publish(
        question=question, data=_data(v1, wording_nl="Nieuw?"), change_reason="VM2025"
    )
    assert created and v2.number == 2 and v2.change_reason == "VM2025"
    v1.refresh_from_db()
    assert v1.wording_nl != "Nieuw?"
    assert list(qset.items.values_list("question_version", flat=True)) == [v2.pk]


def test_a_new_version_needs_a_reason():
    question = make_question()
    with pytest.raises(ImmutableError):
        question_version_publish(
            question=question, data=_data(question.latest_version(), wording_nl="Nieuw?")
        )
    assert question.versions.count() == 1


def test_verification_upgrade_does_not_make_a_new_version():
    question = make_question(version_kw={"verification": Verification.PARAPHRASE})
    v1 = question.latest_version()
    version, created = question_version_publish(
        question=question, data=_data(v1, verification=Verification.VERBATIM)
    )
    assert not created and version.pk == v1.pk
    v1.refresh_from_db()
    assert v1.is_verified
