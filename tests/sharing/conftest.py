"""Sharing personas: an owner municipality, a co-editor and a reader municipality, a
stranger; and peers with results on the same question versions."""

from types import SimpleNamespace

import pytest

from questionsets.models import (
    LocalResult,
    Membership,
    MunicipalitySharing,
    QuestionnaireShare,
    ResultUpload,
)
from questionsets.questionnaires import services
from questionsets.results import services as results
from tests import factories
from tests.results.conftest import build_benchmark, respondent_rows, xlsx_bytes


def make_peer(*, name, region="VR09", inhabitants=60_000, opted_in=True, hidden=False, **kw):
    municipality = factories.make_municipality(
        name=name,
        safety_region_code=region,
        safety_region_name=f"Regio {region}",
        inhabitants=inhabitants,
        **kw,
    )
    if opted_in or hidden:
        MunicipalitySharing.objects.create(
            municipality=municipality, share_aggregates=opted_in, hide_name=hidden
        )
    return municipality


def upload_results(bench, n=100, municipality_id=None):
    return results.results_import(
        questionnaire=bench.questionnaire,
        user=None,
        kind="respondents",
        data=xlsx_bytes(respondent_rows(bench.codes, n)),
        municipality_id=municipality_id,
    )


def peer_results(bench, municipality, *, value=50.0, n=200, fingerprints=None):
    """The peer's own questionnaire with the same set, and results copied from the
    viewer's municipality-level results (same versions, rule and statistic) with another
    value and n."""
    qset = bench.questionnaire.basket_sets.get().question_set
    questionnaire = factories.make_questionnaire(municipality=municipality, title="Peer")
    services.questionnaire_add_set(
        questionnaire=questionnaire, question_set=qset, expected_version=1
    )
    items = {item.code: item for item in questionnaire.items.all()}
    upload = ResultUpload.objects.create(questionnaire=questionnaire, kind="aggregated")
    rows = []
    own = LocalResult.objects.filter(upload__questionnaire=bench.questionnaire, wijk="")
    for result in own.select_related("item"):
        if result.item_id and result.item.kind != "national":
            continue
        result.pk = None
        result.upload = upload
        result.item = items[result.item.code] if result.item_id else None
        result.value, result.n, result.se = value, n, 2.0
        result.ci_low, result.ci_high = value - 4, value + 4
        if fingerprints is not None:
            result.version_fingerprints = fingerprints
        rows.append(result)
    LocalResult.objects.bulk_create(rows)
    return questionnaire


@pytest.fixture
def world(db):
    owner = factories.make_municipality(
        code="GM0344", name="Utrecht", safety_region_code="VR09", inhabitants=374_000
    )
    co = factories.make_municipality(code="GM0307", name="Amersfoort", safety_region_code="VR08")
    reading = factories.make_municipality(code="GM0310", name="De Bilt")
    stranger = factories.make_municipality(code="GM0363", name="Amsterdam")
    bench = build_benchmark(owner)
    questionnaire = bench.questionnaire
    QuestionnaireShare.objects.create(
        questionnaire=questionnaire, municipality=co, role=QuestionnaireShare.Role.EDITOR
    )
    QuestionnaireShare.objects.create(
        questionnaire=questionnaire, municipality=reading, role=QuestionnaireShare.Role.READER
    )
    reader_role = Membership.Role.READER
    return SimpleNamespace(
        bench=bench,
        questionnaire=questionnaire,
        owner=owner,
        co=co,
        reading=reading,
        stranger=stranger,
        owner_editor=factories.make_user(username="owner", municipality=owner),
        co_editor=factories.make_user(username="co-editor", municipality=co),
        co_reader=factories.make_user(username="co-reader", municipality=co, role=reader_role),
        reading_editor=factories.make_user(username="reading-editor", municipality=reading),
        stranger_editor=factories.make_user(username="stranger", municipality=stranger),
    )
