"""Compare with similar municipalities: the peer pool is shown only with at least five
opted-in municipalities on identical question versions, never counting one that did not
opt in, and names only those that agreed to be named."""

import math

import pytest
from django.urls import reverse

from questionsets.models import MunicipalitySharing
from questionsets.results.comparison import questionnaire_comparison
from questionsets.sharing import pools
from tests import factories
from tests.results.conftest import build_benchmark

from .conftest import make_peer, peer_results, upload_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(db):
    municipality = factories.make_municipality(
        code="GM0344", name="Utrecht", safety_region_code="VR09", inhabitants=70_000
    )
    bench = build_benchmark(municipality)
    upload_results(bench)
    return bench


def _peers(viewer, count, prefix="Peer", **kw):
    made = []
    for i in range(count):
        municipality = make_peer(name=f"{prefix} {i}", **kw)
        peer_results(viewer, municipality, value=40.0 + i, n=100 + 10 * i)
        made.append(municipality)
    return made


def _rows(viewer):
    return pools.peer_pools(viewer.questionnaire, questionnaire_comparison(viewer.questionnaire))


def test_five_opted_in_peers_give_both_pools(viewer):
    _peers(viewer, 5)
    rows = _rows(viewer)
    assert len(rows) == len(viewer.codes) + 1  # national items and the indicator, not local
    for row in rows:
        assert row.size.shown and row.region.shown
        assert len(row.size.members) == 5
        assert row.size.label == "50.000 tot 100.000 inwoners"


def test_never_shown_below_five(viewer):
    _peers(viewer, 4)
    for row in _rows(viewer):
        assert not row.size.shown and row.size.value is None
        assert "te weinig gemeenten" in row.size.reason
        assert not row.region.shown


def test_a_municipality_that_did_not_opt_in_never_counts(viewer):
    _peers(viewer, 4)
    refused = make_peer(name="Zegt nee", opted_in=False)
    peer_results(viewer, refused, value=99.0)
    hidden_only = make_peer(name="Anoniem maar deelt niet", opted_in=False, hidden=True)
    peer_results(viewer, hidden_only, value=99.0)
    for row in _rows(viewer):
        assert not row.size.shown and not row.region.shown
        names = {m.municipality.name for m in row.size.members + row.region.members}
        assert "Zegt nee" not in names and "Anoniem maar deelt niet" not in names


def test_only_identical_question_versions_are_pooled(viewer):
    _peers(viewer, 4)
    other = make_peer(name="Andere versie")
    question = viewer.questions[0]
    newer = factories.make_version(question=question, number=2, wording_nl="Anders gevraagd")
    peer_results(viewer, other, fingerprints=[newer.fingerprint])
    for row in _rows(viewer):
        assert not row.size.shown, row.code
        assert "Andere versie" not in {m.municipality.name for m in row.size.members}


def test_the_viewer_itself_is_never_in_its_pool(viewer):
    _peers(viewer, 4)
    MunicipalitySharing.objects.create(
        municipality=viewer.questionnaire.municipality, share_aggregates=True
    )
    assert not any(row.size.shown for row in _rows(viewer))


def test_size_class_and_region_pools_select_their_own_members(viewer):
    _peers(viewer, 5, inhabitants=8_000)  # same region, other size class
    _peers(viewer, 5, region="VR25")  # same size class, other region
    row = _rows(viewer)[0]
    assert {m.municipality.safety_region_code for m in row.region.members} == {"VR09"}
    assert {m.municipality.inhabitants for m in row.size.members} == {60_000}
    assert len(row.size.members) == len(row.region.members) == 5


def test_pooling_is_weighted_by_respondents_with_a_stratified_interval():
    members = [
        pools.Member(factories.make_municipality(), value, 2.0, n, None, True)
        for value, n in [(40.0, 100), (60.0, 300), (50.0, 100), (50.0, 100), (50.0, 400)]
    ]
    value, se, n, percentage = pools.pooled(members)
    assert n == 1000 and percentage
    assert value == pytest.approx((40 * 100 + 60 * 300 + 50 * 600) / 1000)
    expected = math.sqrt(sum((m.n / 1000) ** 2 * 4.0 for m in members))
    assert se == pytest.approx(expected)


def test_unknown_inhabitants_say_so(viewer):
    municipality = viewer.questionnaire.municipality
    municipality.inhabitants = None
    municipality.save()
    viewer.questionnaire.refresh_from_db()
    _peers(viewer, 5)
    row = _rows(viewer)[0]
    assert not row.size.shown and "grootteklasse van uw gemeente onbekend" in row.size.reason
    assert row.region.shown


def test_the_comparison_page_shows_pools_and_names_only_who_agreed(client, viewer):
    editor = factories.make_user(municipality=viewer.questionnaire.municipality)
    _peers(viewer, 3)
    _peers(viewer, 2, prefix="Verborgen", hidden=True)
    client.force_login(editor)
    url = reverse("questionsets:results-comparison", args=[viewer.questionnaire.pk])
    body = client.get(url).content.decode()
    assert "Vergelijkbare gemeenten" in body and "gewogen naar respondenten" in body
    assert "Peer 0" in body and "Peer 2" in body
    assert "en 2 andere" in body
    assert "Verborgen" not in body


@pytest.mark.parametrize("count", [5, 40])
def test_comparison_query_count_is_constant_as_peers_grow(
    client, viewer, django_assert_num_queries, count
):
    _peers(viewer, count)
    editor = factories.make_user(municipality=viewer.questionnaire.municipality)
    client.force_login(editor)
    url = reverse("questionsets:results-comparison", args=[viewer.questionnaire.pk])
    # 13 of the comparison itself (tests/results), 14 the opted-in peers' results,
    # 15 their municipalities with the viewer's
    with django_assert_num_queries(15):
        response = client.get(url)
    assert f"{count} gemeenten" in response.content.decode()
