"""The audit trail in plain words."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from questionsets.curation import audit
from questionsets.curation.area.audit_text import kind_name, object_words, sentence
from questionsets.models import CatalogueChange

from ... import factories


def change(**kw) -> CatalogueChange:
    kw.setdefault("via", "service")
    kw.setdefault("model_label", "questionsets.questionversion")
    kw.setdefault("object_pk", "7")
    kw.setdefault("object_key", "c05i1brel 3")
    kw.setdefault("subject", "questionsets.question:1")
    kw.setdefault("action", "created")
    return CatalogueChange(**kw)


@pytest.fixture
def anna(db):
    return factories.make_user(username="anna", first_name="Anna", last_name="de Vries")


def test_a_new_version_in_plain_dutch(anna):
    assert sentence(change(user=anna)) == "Anna de Vries maakte versie 3 van vraag c05i1brel aan"


def test_a_proposal_with_its_reason(anna):
    row = change(user=anna, action="propose", changes={"reason": "kortere zin"})
    assert sentence(row) == (
        "Anna de Vries stelde versie 3 van vraag c05i1brel voor (reden: kortere zin)"
    )


def test_an_approval_with_the_municipalities_notified(db):
    pieter = factories.make_user(username="pj", first_name="Pieter", last_name="Jansen")
    row = change(user=pieter, action="approve", changes={"notified": 12})
    assert sentence(row) == (
        "Pieter Jansen keurde versie 3 van vraag c05i1brel goed · 12 gemeenten kregen een melding"
    )
    one = change(user=pieter, action="approve", changes={"notified": 1})
    assert sentence(one).endswith("· 1 gemeente kreeg een melding")


def test_extra_data_on_an_extra_attribute_is_read_too(anna):
    row = change(user=anna, action="return")
    row.extra = {"reason": "bron ontbreekt"}
    assert sentence(row) == (
        "Anna de Vries stuurde versie 3 van vraag c05i1brel terug (reden: bron ontbreekt)"
    )


def test_submit_and_an_unknown_action(anna):
    assert "legde versie 3 van vraag c05i1brel ter beoordeling voor" in sentence(
        change(user=anna, action="submit")
    )
    assert sentence(change(user=anna, action="merge")) == (
        "Anna de Vries: merge bij versie 3 van vraag c05i1brel"
    )


def test_a_change_names_the_fields_in_words(anna):
    row = change(
        user=anna,
        action="changed",
        model_label="questionsets.source",
        object_key="cbs-vm",
        changes={"year": [2022, 2023], "instrument": ["a", "b"]},
    )
    assert sentence(row) == "Anna de Vries wijzigde bron cbs-vm (jaar, instrument)"


def test_many_changed_fields_are_counted(anna):
    fields = ["code", "instrument", "publisher", "edition", "year", "url"]
    row = change(
        user=anna,
        action="changed",
        model_label="questionsets.source",
        object_key="cbs",
        changes={f: [1, 2] for f in fields},
    )
    assert sentence(row).endswith("(code, instrument, uitgever, editie en 2 andere velden)")


def test_a_change_without_a_person_is_the_system(db):
    row = change(
        user=None,
        via="seed",
        action="deleted",
        model_label="questionsets.concept",
        object_key="C01",
    )
    assert sentence(row) == "Het systeem verwijderde begrip C01"


@pytest.mark.parametrize(
    ("label", "key", "words"),
    [
        ("questionsets.questionsetitem", "vertrouwen 4", "onderdeel 4 van set vertrouwen"),
        ("questionsets.answeroption", "eens5 2", "antwoordoptie 2 van schaal eens5"),
        ("questionsets.definition", "C01 1", "definitie 1 van begrip C01"),
        (
            "questionsets.conceptrelation",
            "C01 kan_leiden_tot C02",
            "de relatie ‘C01 kan leiden tot C02’",
        ),
        (
            "questionsets.scoringrule",
            "C01-I1 in de buurt",
            "rekenregel ‘in de buurt’ van indicator C01-I1",
        ),
        (
            "questionsets.scoringitem",
            "C01-I1 in de buurt 2",
            "onderdeel 2 van rekenregel ‘in de buurt’ van indicator C01-I1",
        ),
        ("questionsets.questionversion", "", "vraagversie #5"),
        ("questionsets.somethingnew", "x1", "somethingnew x1"),
    ],
)
def test_objects_in_words(label, key, words):
    assert object_words(label, key, "5") == words


def test_kinds_are_the_dutch_model_names_never_labels():
    assert kind_name("questionsets.questionversion") == "vraagversie"
    assert kind_name("questionsets.questionset") == "vragenset"


def test_the_sentence_follows_the_language(anna):
    with translation.override("en"):
        text = sentence(change(user=anna, action="approve", changes={"notified": 2}))
    assert "Anna de Vries" in text and "keurde" not in text


def test_the_log_page_shows_sentences_and_filters(client, curator, anna):
    version = factories.make_question(code="c05i1brel").latest_version()
    audit.record(version, audit.Action.CREATED, user=anna, via=audit.Via.SERVICE)
    old = audit.record(factories.make_source(code="cbs-oud"), audit.Action.CREATED, user=curator)
    CatalogueChange.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    client.force_login(curator)
    url = reverse("questionsets:curation-log")
    page = client.get(url).content.decode()
    assert "Anna de Vries maakte versie 1 van vraag c05i1brel aan" in page
    assert "questionsets." not in page.split('class="log-list"')[1]
    by_kind = client.get(url, {"kind": "questionsets.source"}).context["entries"]
    assert [e["sentence"] for e in by_kind] == [f"{curator.username} maakte bron cbs-oud aan"]
    by_person = client.get(url, {"person": anna.pk}).context["entries"]
    assert {e["change"].user_id for e in by_person} == {anna.pk}
    by_code = client.get(url, {"q": "c05i1brel"}).context["entries"]
    assert by_code and all("c05i1brel" in e["sentence"] for e in by_code)
    since = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    recent = client.get(url, {"since": since}).context["entries"]
    assert "cbs-oud" not in " ".join(e["sentence"] for e in recent)
    until = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    older = client.get(url, {"until": until}).context["entries"]
    assert [e["change"].pk for e in older] == [old.pk]
