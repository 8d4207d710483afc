"""Publishing a local question to the shared shelf, and its page."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from questionsets.models import (
    ImmutableError,
    QuestionnaireItem,
    SharedQuestion,
    SharedQuestionVersion,
)
from questionsets.models.base import fingerprint
from questionsets.shelf import services
from tests import factories
from tests.shelf.conftest import add_local


def publish_url(questionnaire, item):
    return f"/vragenlijsten/{questionnaire.pk}/lokale-vragen-delen/{item.pk}/"


def test_an_editor_publishes_a_local_question_as_version_1(client, shelf):
    client.force_login(shelf.editor_a)
    response = client.post(
        publish_url(shelf.questionnaire_a, shelf.item_a), {"rationale": "Meet parkbeleving."}
    )
    shared = SharedQuestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/gedeelde-vragen/{shared.pk}/"
    assert shared.municipality == shelf.a
    version = shared.versions.get()
    assert (version.number, version.wording, version.answer_type) == (
        1,
        "Hoe veilig voelt u zich in het park?",
        "single",
    )
    assert version.rationale == "Meet parkbeleving."
    options = [(o.code, o.label_nl, o.is_missing) for o in version.options.all()]
    assert options == [(1, "Veilig", False), (2, "Onveilig", False), (9, "Weet niet", True)]
    assert version.fingerprint == fingerprint(
        wording=version.wording,
        instruction="",
        answer_type="single",
        options=[(1, "Veilig"), (2, "Onveilig"), (9, "Weet niet")],
    )


def test_a_shared_version_is_immutable(shelf):
    version = services.shared_question_publish(item=shelf.item_a, rationale="r", user=None)
    version.wording = "Anders"
    with pytest.raises(ImmutableError):
        version.save()


def test_publishing_an_unchanged_question_again_is_refused_with_a_dutch_error(client, shelf):
    services.shared_question_publish(item=shelf.item_a, rationale="r", user=None)
    client.force_login(shelf.editor_a)
    response = client.post(publish_url(shelf.questionnaire_a, shelf.item_a), {"rationale": "r"})
    assert response.status_code == 400
    assert "niet gewijzigd sinds gedeelde versie 1" in response.content.decode()
    assert SharedQuestionVersion.objects.count() == 1


def test_a_changed_question_published_again_becomes_version_2(shelf):
    first = services.shared_question_publish(item=shelf.item_a, rationale="r", user=None)
    shelf.item_a.wording = "Hoe veilig voelt u zich in het stadspark?"
    shelf.item_a.save()
    second = services.shared_question_publish(item=shelf.item_a, rationale="r2", user=None)
    assert second.shared_question_id == first.shared_question_id
    assert second.number == 2
    assert second.fingerprint != first.fingerprint


def test_an_empty_rationale_is_a_dutch_form_error(client, shelf):
    client.force_login(shelf.editor_a)
    response = client.post(publish_url(shelf.questionnaire_a, shelf.item_a), {"rationale": " "})
    assert response.status_code == 400
    assert "Schrijf kort waarom" in response.content.decode()
    assert not SharedQuestion.objects.exists()


def test_another_municipality_cannot_publish_a_foreign_question(client, shelf):
    client.force_login(shelf.editor_c)
    response = client.post(publish_url(shelf.questionnaire_a, shelf.item_a), {"rationale": "r"})
    assert response.status_code == 404
    response = client.get(f"/vragenlijsten/{shelf.questionnaire_a.pk}/lokale-vragen-delen/")
    assert response.status_code == 404
    assert not SharedQuestion.objects.exists()


def test_an_item_of_another_questionnaire_is_a_404(client, shelf):
    foreign = add_local(shelf.questionnaire_b, code="lok7")
    client.force_login(shelf.editor_a)
    response = client.post(publish_url(shelf.questionnaire_a, foreign), {"rationale": "r"})
    assert response.status_code == 404


def test_only_local_items_can_be_shared(shelf):
    shelf.item_a.kind = "adapted"
    with pytest.raises(ValidationError):
        services.shared_question_publish(item=shelf.item_a, rationale="r", user=None)


def test_the_shareable_list_shows_local_questions_and_their_shared_state(
    client, shelf, django_assert_num_queries
):
    services.shared_question_publish(item=shelf.item_a, rationale="r", user=None)
    add_local(shelf.questionnaire_a, code="lok2", wording="Tweede vraag?")
    client.force_login(shelf.editor_a)
    url = f"/vragenlijsten/{shelf.questionnaire_a.pk}/lokale-vragen-delen/"
    # session, user, questionnaire; items, their local options, shared questions; the
    # shared questions of others it uses (none here, so no versions prefetched)
    with django_assert_num_queries(7):
        response = client.get(url)
    html = response.content.decode()
    assert "ja, bekijk de gedeelde vraag" in html
    assert "lok2 delen" in html
    assert "Nieuwe versie van lok1 delen" in html


@pytest.mark.parametrize("extra_versions", [0, 5])
def test_the_shared_question_page_labels_it_local_with_constant_queries(
    client, shelf, django_assert_num_queries, extra_versions
):
    version = services.shared_question_publish(item=shelf.item_a, rationale="Park.", user=None)
    for n in range(extra_versions):
        shelf.item_a.wording = f"Variant {n}?"
        shelf.item_a.save()
        services.shared_question_publish(item=shelf.item_a, rationale="r", user=None)
    # the shared question and municipality, its versions, their options
    with django_assert_num_queries(3):
        response = client.get(f"/gedeelde-vragen/{version.shared_question_id}/")
    html = response.content.decode()
    assert "lokaal, gedeeld door gemeente Utrecht" in html
    assert "Dit is geen landelijke vraag" in html
    assert "Weet niet" in html


def test_an_unknown_shared_question_is_a_404(client, db):
    assert client.get("/gedeelde-vragen/999/").status_code == 404


def test_a_reader_of_the_owning_municipality_can_neither_see_nor_share(client, shelf):
    reader = factories.make_user(username="reader-a", municipality=shelf.a, role="reader")
    client.force_login(reader)
    assert (
        client.get(f"/vragenlijsten/{shelf.questionnaire_a.pk}/lokale-vragen-delen/").status_code
        == 403
    )
    url = publish_url(shelf.questionnaire_a, shelf.item_a)
    assert client.get(url).status_code == 403
    assert client.post(url, {"rationale": "r"}).status_code == 403
    assert not SharedQuestion.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_first_publishes_at_the_same_instant_make_one_shared_question(shelf):
    """Both editors find no shared question yet; without a lock on the source item both
    would create one. PostgreSQL only: SQLite serialises writers on the whole database."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is only meaningful on PostgreSQL")
    barrier = threading.Barrier(2)
    outcomes = []

    def publish():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.shared_question_publish(
                item=QuestionnaireItem.objects.get(pk=shelf.item_a.pk), rationale="r", user=None
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("unchanged")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "unchanged"]
    assert SharedQuestion.objects.filter(source_item=shelf.item_a).count() == 1
