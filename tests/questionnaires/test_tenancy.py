"""Tenant matrix: every questionnaire URL that takes an object id, for every persona.

The patterns are enumerated from every route of questionsets.urls that takes a
questionnaire id (builder, exports, print, conformance check, results), so a new view is
covered the moment it is routed. An outsider (editor of another municipality) gets the
same answer as for an id that does not exist: 404, or for a method the view does not
take, the same 405 that a missing id gets (require_POST/require_GET answer before any
lookup, so they tell nothing about the object). A reader of the same municipality
can read the builder but gets 403 on every write.
"""

import pytest
from django.urls import reverse

from questionsets.models import QuestionnaireShare
from questionsets.questionnaires import services
from questionsets.urls import urlpatterns

from ..basket import add_local, add_set, make_set
from ..factories import make_municipality
from ..pages import same_page

pytestmark = pytest.mark.django_db

ID_PATTERNS = [p for p in urlpatterns if "pk" in p.pattern.converters]
NESTED_IDS = {"item_id", "section_id", "set_id", "share_id"}
NESTED_PATTERNS = [p for p in ID_PATTERNS if NESTED_IDS & set(p.pattern.converters)]
# Readers may open these; everything else writes and is refused to them.
READ_ONLY = {
    "questionnaire-detail",
    "questionnaire-export",
    "questionnaire-print",
    "results-comparison",
    "results-export",
    "results-json",
    "results-template",
    "sharing-regional-comparison",
}
# A POST here checks an uploaded file against the questionnaire, or computes a sample plan,
# and stores nothing (saving the plan is refused to readers: tests/results/test_planner_saved).
READ_ONLY_POST = {"questionnaire-conformance", "results-planner"}


def test_the_matrix_covers_every_object_route():
    names = {p.name for p in ID_PATTERNS}
    assert len(names) == len(ID_PATTERNS) == 38
    assert {
        "questionnaire-detail",
        "questionnaire-item-remove",
        "questionnaire-reorder",
        "questionnaire-section-rename",
        "questionnaire-section-delete",
        "questionnaire-set-remove",
        "questionnaire-export",
        "questionnaire-conformance",
        "results-upload",
        "results-planner",
        "results-template",
        "sharing-questionnaire",
        "sharing-unshare",
        "sharing-regional-comparison",
    } <= names


@pytest.fixture
def objects(municipality, editor):
    questionnaire = services.questionnaire_create(
        municipality=municipality, title="Monitor", year=2025, user=editor
    )
    add_set(questionnaire, make_set(1))
    add_local(questionnaire, code="lokeigen1")
    national = questionnaire.items.get(kind="national")
    partner = make_municipality(code="GM0307", name="Amersfoort")
    share = QuestionnaireShare.objects.create(questionnaire=questionnaire, municipality=partner)
    return {
        "share_id": share.pk,
        "pk": questionnaire.pk,
        "item_id": national.pk,
        "section_id": national.section_id,
        "set_id": questionnaire.basket_sets.get().pk,
        "_local_item_id": questionnaire.items.get(kind="local").pk,
        "fmt": "xlsx",
    }


def _kwargs(pattern, objects, **override):
    values = {**objects, **override}
    return {name: values[name] for name in pattern.pattern.converters}


def _url(pattern, objects, **override):
    return reverse(f"questionsets:{pattern.name}", kwargs=_kwargs(pattern, objects, **override))


POST_DATA = {"lock_version": 3, "direction": "up", "title": "X", "order": "", "year": 2030}


@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
def test_outsider_gets_the_same_answer_as_for_a_missing_object(client, outsider, objects, pattern):
    client.force_login(outsider)
    url = _url(pattern, objects)
    missing = _url(pattern, objects, pk=999_999)
    for method in (client.post, client.get):
        data = POST_DATA if method == client.post else None
        got, expected = method(url, data), method(missing, data)
        assert got.status_code == expected.status_code
        assert got.status_code in (404, 405)
        assert same_page(got) == same_page(expected)


@pytest.mark.parametrize("pattern", NESTED_PATTERNS, ids=lambda p: p.name)
def test_an_item_of_another_questionnaire_is_a_404(client, editor, objects, pattern, municipality):
    other = services.questionnaire_create(municipality=municipality, title="Ander", year=2025)
    client.force_login(editor)
    assert client.post(_url(pattern, objects, pk=other.pk), {"lock_version": 1}).status_code == 404


@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
def test_reader_has_no_write_access(client, colleague, objects, pattern):
    client.force_login(colleague)
    url = _url(pattern, objects)
    if pattern.name in READ_ONLY:
        assert client.get(url).status_code == 200
        return
    if pattern.name in READ_ONLY_POST:
        assert client.get(url).status_code == 200
        assert client.post(url, POST_DATA).status_code in (200, 400)
        return
    assert client.post(url, POST_DATA).status_code == 403
    assert client.get(url).status_code in (403, 405)


@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
def test_anonymous_is_sent_to_login(client, objects, pattern):
    response = client.post(_url(pattern, objects), POST_DATA)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
