"""monitor.prepared: hot reads compiled once must return exactly what the ORM returns, and
the session store and auth backend built on them must keep Django's behaviour."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import F
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitor.auth import ModelBackend
from monitor.prepared import PreparedQuery, RowReader
from monitor.sessions import SessionStore
from questionsets.catalogue import selectors
from questionsets.models import (
    ConceptRelation,
    NationalFigure,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Verification,
)
from tests import factories


def field_values(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def same_rows(prepared, orm):
    assert [field_values(o) for o in prepared] == [field_values(o) for o in orm]


@pytest.fixture
def questions(db):
    nullable = factories.make_question(code="zonder", concept=None)
    factories.make_version(question=nullable, number=2, scale=None, answer_type="numeric")
    scale = factories.make_scale()
    return [
        factories.make_question(code="vraaga", version_kw={"scale": scale}),
        factories.make_question(code="vraagb", version_kw={"scale": scale}),
        nullable,
    ]


VERSIONS = PreparedQuery(
    lambda code: (
        QuestionVersion.objects.filter(question__code=code)
        .select_related("question__concept", "scale", "source")
        .order_by("number")
    ),
    str,
)


@pytest.mark.parametrize("code", ["vraaga", "zonder", "bestaat-niet"])
def test_prepared_query_returns_what_the_orm_returns_with_related_rows(questions, code):
    orm = list(VERSIONS.build(code))
    prepared = VERSIONS(code)
    same_rows(prepared, orm)
    for mine, theirs in zip(prepared, orm, strict=True):
        assert field_values(mine.question) == field_values(theirs.question)
        assert (mine.question.concept and field_values(mine.question.concept)) == (
            theirs.question.concept and field_values(theirs.question.concept)
        )
        assert (mine.scale and field_values(mine.scale)) == (
            theirs.scale and field_values(theirs.scale)
        )
        assert mine.created_at.tzinfo is not None  # converted like the ORM does
        assert mine._state.adding is False and mine._state.db == "default"


def test_prepared_query_with_int_arguments_annotations_and_slices(questions):
    prepared = PreparedQuery(
        lambda pk, code: (
            Question.objects.filter(pk__gte=pk)
            .exclude(code=code)
            .annotate(twice=F("id") * 2)
            .order_by("-code")[:2]
        ),
        int,
        str,
    )
    first = min(q.pk for q in questions)
    result = prepared(first, "vraagb")
    orm = list(prepared.build(first, "vraagb"))
    same_rows(result, orm)
    assert [q.twice for q in result] == [q.pk * 2 for q in orm]
    assert [q.code for q in result] == ["zonder", "vraaga"]


def test_prepared_query_runs_one_query_and_reuses_its_sql(questions):
    VERSIONS("vraaga")
    with CaptureQueriesContext(connection) as first:
        VERSIONS("vraagb")
    with CaptureQueriesContext(connection) as second:
        VERSIONS("zonder")
    assert len(first) == len(second) == 1
    assert first[0]["sql"].replace("vraagb", "?") == second[0]["sql"].replace("zonder", "?")


def test_prepared_query_refuses_what_it_cannot_replay(db):
    with pytest.raises(TypeError, match="plain model querysets"):
        PreparedQuery(lambda code: Question.objects.filter(code=code).values("code"), str)("x")
    with pytest.raises(TypeError, match="transformed"):
        PreparedQuery(lambda code: Question.objects.filter(code__icontains=code), str)("x")
    with pytest.raises(TypeError, match="str or int"):
        PreparedQuery(lambda when: Question.objects.filter(created_at=when), float)(1.0)


def test_question_page_reads_match_the_orm(questions):
    question = questions[0]
    factories.make_question_set(code="seta", questions=[question])
    draft = factories.make_question_set(code="setb", questions=[question])
    draft.status = "concept"
    draft.save()
    source = factories.make_source()
    for year in (2021, 2023, 2022):
        NationalFigure.objects.create(
            question=question, year=year, statistic="mean", value=3, source=source
        )
    same_rows(
        selectors._public_set_items_of(question.code),
        QuestionSetItem.objects.filter(question_version__question=question)
        .exclude(question_set__status="concept")
        .order_by("question_set__code"),
    )
    assert [f.year for f in selectors._latest_figure_of(question.code)] == [2023]
    detail = selectors.question_detail(question.code)
    scale = detail.versions[0].version.scale
    with CaptureQueriesContext(connection) as queries:
        options = list(scale.options.all())
    assert len(queries) == 0
    assert [o.code for o in options] == [o.code for o in scale.options.order_by("position")]


# --------------------------------------------------------------------------- sessions


def test_row_reader_returns_what_get_returns(editor):
    reader = RowReader(get_user_model(), "{} = %s", ("id",))
    assert field_values(reader.get([editor.pk])) == field_values(
        get_user_model().objects.get(pk=editor.pk)
    )
    assert reader.get([editor.pk + 1000]) is None


def test_session_store_loads_saves_and_expires(db):
    store = SessionStore()
    store["answer"] = 42
    store.create()
    key = store.session_key
    assert SessionStore(key)["answer"] == 42
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None  # as Django's store: a new key on the next save
    assert SessionStore("unknown-key-" + "x" * 20).load() == {}


def test_logged_in_pages_work_and_expired_sessions_log_out(client, editor):
    client.force_login(editor)
    assert client.get("/vragenlijsten/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/vragenlijsten/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_backend_get_user_matches_django_and_refuses_junk_and_inactive(editor):
    backend = ModelBackend()
    assert field_values(backend.get_user(str(editor.pk))) == field_values(editor)
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(None) is None
    assert backend.get_user(editor.pk + 1000) is None
    editor.is_active = False
    editor.save()
    assert backend.get_user(editor.pk) is None


def test_changing_the_password_logs_other_sessions_out(client, editor):
    client.force_login(editor)
    editor.set_password("nieuw-wachtwoord-2026")
    editor.save()
    response = client.get("/vragenlijsten/")
    assert response.status_code == 302


def test_concept_page_reads_match_the_orm(db):
    concept = factories.make_concept()
    other = factories.make_concept()
    ConceptRelation.objects.create(source=concept, target=other, kind="kan_leiden_tot")
    ConceptRelation.objects.create(source=other, target=concept, kind="ondermijnt")
    first, second = (factories.make_indicator(concept=concept) for _ in range(2))
    factories.make_indicator(concept=other)
    verified = factories.make_question(code="geverifieerd")
    loose = factories.make_question(
        code="los", version_kw={"verification": Verification.PARAPHRASE}
    )
    set_source = factories.make_source()
    factories.make_question_set(
        code="beide", questions=[verified, loose], indicators=[first, second], source=set_source
    )
    retired = factories.make_question_set(code="oud", questions=[verified], indicators=[first])
    retired.status = QuestionSet.Status.RETIRED
    retired.save()
    draft = factories.make_question_set(code="klad", questions=[loose], indicators=[first])
    draft.status = QuestionSet.Status.DRAFT
    draft.save()
    figure_source = factories.make_source()
    for year in (2021, 2023, 2022):
        NationalFigure.objects.create(
            indicator=first, year=year, statistic="mean", value=year - 2000, source=figure_source
        )

    detail = selectors.concept_detail(concept.slug)

    assert detail.concept == concept
    assert [r.target for r in detail.relations_out] == [other]
    assert [r.source for r in detail.relations_in] == [other]
    assert [i.code for i in detail.indicators] == [
        i.code for i in concept.indicators.order_by("code")
    ]
    public = {i.pk: [s.code for s in i.public_sets] for i in detail.indicators}
    assert public == {first.pk: ["beide", "oud"], second.pk: ["beide"]}
    counted = {s.code: (s.item_count, s.unverified_count) for s in detail.indicators[0].public_sets}
    assert counted == {"beide": (2, 1), "oud": (1, 0)}
    assert detail.indicators[0].latest_national_figure.year == 2023
    assert detail.indicators[1].latest_national_figure is None
    assert [s.code for s in detail.handleiding.sets] == ["beide"]
    assert [s.code for s in detail.handleiding.unverified_sets] == ["beide"]
    expected_sources = {set_source.pk} | {
        v.source_id for v in QuestionVersion.objects.filter(question__in=[verified, loose])
    }
    assert {s.pk for s in detail.handleiding.sources} == expected_sources


def test_unknown_concept_is_404(db):
    with pytest.raises(Http404):
        selectors.concept_detail("bestaat-niet")
