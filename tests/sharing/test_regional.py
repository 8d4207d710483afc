"""Side by side: every co-owning municipality's results against the national line."""

import pytest
from django.urls import reverse

from questionsets.models import LocalResult, QuestionnaireShare
from tests import factories

from .conftest import upload_results

pytestmark = pytest.mark.django_db


def _url(world):
    return reverse("questionsets:sharing-regional-comparison", args=[world.questionnaire.pk])


def test_each_municipality_stands_next_to_the_others_and_the_national_line(client, world):
    upload_results(world.bench, n=100)
    upload_results(world.bench, n=60, municipality_id=world.co.pk)
    client.force_login(world.reading_editor)
    body = client.get(_url(world)).content.decode()
    head = body.split("<tbody>")[0]
    assert head.index("Utrecht") < head.index("Amersfoort") < head.index("Landelijk")
    assert "De Bilt" not in head  # shared with it, but it uploaded nothing
    assert "n = 100" in body and "n = 60" in body
    assert "significant hoger" in body
    assert "eigen vraag: geen landelijke lijn" in body  # the local item: no national line


def test_results_on_other_versions_are_marked_not_comparable(client, world):
    upload_results(world.bench, n=100)
    upload = upload_results(world.bench, n=60, municipality_id=world.co.pk)
    LocalResult.objects.filter(upload=upload, item__isnull=False).update(
        version_fingerprints=["0" * 64]
    )
    client.force_login(world.owner_editor)
    body = client.get(_url(world)).content.decode()
    assert "niet vergelijkbaar: andere vraagversies of rekenregel" in body


def test_without_results_the_page_says_so(client, world):
    client.force_login(world.owner_editor)
    response = client.get(_url(world))
    assert response.status_code == 200
    assert "nog geen resultaten" in response.content.decode()


@pytest.mark.parametrize("partners", [1, 12])
def test_query_count_is_constant_as_municipalities_join(
    client, world, django_assert_num_queries, partners
):
    upload_results(world.bench)
    for i in range(partners):
        municipality = factories.make_municipality(name=f"Partner {i}")
        QuestionnaireShare.objects.create(
            questionnaire=world.questionnaire, municipality=municipality
        )
        upload_results(world.bench, n=50, municipality_id=municipality.pk)
    client.force_login(world.owner_editor)
    # 1 session, 2 user, 3 questionnaire + role, 4 uploads + municipality, 5 results,
    # 6-7 rules' items and questions, 8-13 like-with-like context (tests/results)
    with django_assert_num_queries(13):
        assert client.get(_url(world)).status_code == 200
