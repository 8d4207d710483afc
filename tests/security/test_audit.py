"""The audit trail: every write path of the national catalogue records who, when and what."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from questionsets import models as m
from questionsets.curation import audit
from questionsets.curation.audit import history
from questionsets.curation.services import question_version_publish
from questionsets.curation.workbook import import_catalogue_workbook

from .. import factories as f
from ..curation.test_resources import catalogue, question_row, workbook  # noqa: F401

pytestmark = pytest.mark.django_db
Action = m.CatalogueChange.Action


def changes(**filters):
    return list(m.CatalogueChange.objects.filter(**filters).order_by("pk"))


def test_admin_add_and_change_of_a_concept_record_user_and_old_and_new_values(client, curator):
    client.force_login(curator)
    data = {
        "code": "C77",
        "slug": "wantrouwen",
        "name_nl": "Wantrouwen",
        "name_en": "",
        "description": "",
        "domain": "sociaal",
        "framing": "negatief",
        "scope": "maatschappelijk",
        "definitions-TOTAL_FORMS": "1",
        "definitions-INITIAL_FORMS": "0",
        "definitions-0-position": "1",
        "definitions-0-text": "Gebrek aan vertrouwen.",
        "relations_out-TOTAL_FORMS": "0",
        "relations_out-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:questionsets_concept_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    concept = m.Concept.objects.get(code="C77")

    created = changes(model_label="questionsets.concept")
    assert [(c.action, c.user, c.via, c.object_key) for c in created] == [
        (Action.CREATED, curator, "admin", "C77")
    ]
    assert created[0].changes["name_nl"] == [None, "Wantrouwen"]
    definition = changes(model_label="questionsets.definition")[0]
    assert definition.subject == f"questionsets.concept:{concept.pk}"
    assert definition.changes["text"] == [None, "Gebrek aan vertrouwen."]

    definition_pk = concept.definitions.get().pk
    data |= {
        "name_nl": "Wantrouwen in instituties",
        "definitions-INITIAL_FORMS": "1",
        "definitions-0-id": str(definition_pk),
        "definitions-0-concept": str(concept.pk),
    }
    response = client.post(reverse("admin:questionsets_concept_change", args=[concept.pk]), data)
    assert response.status_code == 302
    change = changes(model_label="questionsets.concept", action=Action.CHANGED)
    assert [c.changes for c in change] == [{"name_nl": ["Wantrouwen", "Wantrouwen in instituties"]}]


def test_admin_delete_records_the_last_state(client, curator):
    source = f.make_source(code="weg", instrument="Oude monitor")
    client.force_login(curator)
    response = client.post(
        reverse("admin:questionsets_source_delete", args=[source.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    (deleted,) = changes(action=Action.DELETED)
    assert deleted.object_key == "weg" and deleted.object_pk == str(source.pk)
    assert deleted.changes["instrument"] == ["Oude monitor", None]


def test_publishing_a_version_records_the_version_and_the_moved_set_items(curator):
    question = f.make_question(code="vertrouwen")
    old = question.latest_version()
    qset = f.make_question_set(questions=[question])
    data = {
        "wording_nl": "Hoeveel vertrouwen heeft u?",
        "answer_type": "text",
        "scale": None,
        "source": old.source,
        "verification": "paraphrase",
        "verification_note": "VM 2025, vraag 3",  # a check of the new wording
    }
    version, created = question_version_publish(
        question=question, data=data, change_reason="nieuw", user=curator
    )
    assert created
    (new,) = changes(model_label="questionsets.questionversion")
    assert (new.action, new.user, new.object_key) == (Action.CREATED, curator, "vertrouwen 2")
    assert new.changes["wording_nl"] == [None, "Hoeveel vertrouwen heeft u?"]
    assert new.changes["fingerprint"][1] == version.fingerprint
    (moved,) = changes(model_label="questionsets.questionsetitem")
    assert moved.subject == f"questionsets.questionset:{qset.pk}"
    assert moved.changes == {"question_version_id": [old.pk, version.pk]}

    question_version_publish(
        question=question, data=data | {"verification": "verbatim"}, user=curator
    )
    verified = changes(model_label="questionsets.questionversion", action=Action.CHANGED)
    assert [c.changes for c in verified] == [{"verification": ["paraphrase", "verbatim"]}]
    assert {c.object_key for c in history(question)} == {"vertrouwen 2"}


def test_excel_import_records_each_row_with_the_user_and_a_dry_run_records_nothing(
    catalogue,  # noqa: F811
    curator,
):
    data = workbook(vragen=[question_row("nieuw1")])
    before = m.CatalogueChange.objects.count()
    assert import_catalogue_workbook(data, dry_run=True, user=curator).ok
    assert m.CatalogueChange.objects.count() == before

    assert import_catalogue_workbook(data, user=curator).ok
    rows = changes(via="import")
    assert {(c.model_label, c.object_key, c.action) for c in rows} == {
        ("questionsets.question", "nieuw1", Action.CREATED),
        ("questionsets.questionversion", "nieuw1 1", Action.CREATED),
    }
    assert {c.user for c in rows} == {curator}


def test_audit_rows_written_in_bulk_keep_every_value(curator):
    """The bulk writer (COPY on PostgreSQL, INSERT elsewhere) stores what an ORM save would."""
    text = 'Hoe "vaak" \\ ervaart u\tspanning\nin uw buurt?\u00a0\u00e9\u00eb\u0133 {x} %s \\N'
    when = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
    written = [
        m.CatalogueChange(
            created_at=when,
            user=user,
            via="import",
            model_label="questionsets.questionversion",
            object_pk=str(pk),
            object_key=f"vraag{pk} 1",
            subject=f"questionsets.question:{pk}",
            action=Action.CREATED,
            changes={"wording_nl": [None, text], "number": [None, pk], "note": ["", None]},
        )
        for pk, user in ((1, curator), (2, None), (3, curator))
    ]
    audit.write(written)

    stored = changes(via="import")
    fields = ["created_at", "user_id", "via", "model_label", "object_pk", "object_key"]
    fields += ["subject", "action", "changes"]
    assert [[getattr(c, f) for f in fields] for c in stored] == [
        [getattr(c, f) for f in fields] for c in written
    ]
    assert stored[0].changes["wording_nl"][1] == text


def test_seed_loading_records_the_catalogue_as_system_and_a_rerun_records_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    first = m.CatalogueChange.objects.count()
    assert first > 100
    assert not m.CatalogueChange.objects.exclude(user=None).exists()
    assert set(m.CatalogueChange.objects.values_list("via", flat=True)) == {"seed"}
    call_command("seed_demo", stdout=StringIO())
    assert m.CatalogueChange.objects.count() == first


def test_curator_sees_the_history_of_a_question_and_a_set(client, curator):
    question = f.make_question(code="geschiedenis")
    qset = f.make_question_set(code="sethist", questions=[question])
    question_version_publish(
        question=question,
        data={
            "wording_nl": "Nieuwe <b>tekst</b>?",
            "answer_type": "text",
            "scale": None,
            "source": question.latest_version().source,
            "verification": "verbatim",
        },
        change_reason="eenvoudiger",
        user=curator,
    )
    client.force_login(curator)
    page = client.get(reverse("admin:questionsets_question_history", args=[question.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "versie 2 van vraag geschiedenis" in html and "curator" in html
    assert "Nieuwe &lt;b&gt;tekst&lt;/b&gt;?" in html
    page = client.get(reverse("admin:questionsets_questionset_history", args=[qset.pk]))
    assert "onderdeel 1 van set sethist" in page.content.decode()
    # The trail itself is read-only.
    change = m.CatalogueChange.objects.first()
    url = reverse("admin:questionsets_cataloguechange_change", args=[change.pk])
    assert client.post(url, {"action": "deleted"}).status_code == 403
    assert (
        client.post(
            reverse("admin:questionsets_cataloguechange_delete", args=[change.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
