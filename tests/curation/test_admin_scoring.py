"""Curators maintain scoring rules in the admin; the change is audited."""

import pytest
from django.urls import reverse

from questionsets.models import CatalogueChange, ScoringKind, ScoringRule
from tests import factories

pytestmark = pytest.mark.django_db


def make_rule():
    indicator = factories.make_indicator(code="C05-I8")
    rule = ScoringRule.objects.create(
        indicator=indicator,
        variant="in uw buurt",
        kind=ScoringKind.ANY_PERCENTAGE,
        categories=[1, 2],
    )
    rule.items.create(question=factories.make_question(code="spanbuurt1"), position=0)
    return rule


def test_the_curator_sees_each_rule_in_plain_words(client, curator):
    rule = make_rule()
    client.force_login(curator)
    listing = client.get(reverse("admin:questionsets_scoringrule_changelist"))
    assert listing.status_code == 200
    assert "op minstens 1 van de vragen spanbuurt1 antwoordcode 1, 2" in listing.content.decode()
    change = client.get(reverse("admin:questionsets_scoringrule_change", args=[rule.pk]))
    assert change.status_code == 200 and "spanbuurt1" in change.content.decode()


def test_a_changed_rule_is_audited(client, curator):
    rule = make_rule()
    client.force_login(curator)
    url = reverse("admin:questionsets_scoringrule_change", args=[rule.pk])
    item = rule.items.get()
    data = {
        "indicator": rule.indicator_id,
        "variant": rule.variant,
        "kind": rule.kind,
        "note": "",
        "categories": "[1]",
        "min_matches": 1,
        "aggregate": "mean",
        "target_min": "",
        "target_max": "",
        "min_valid": 1,
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 1,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
        "items-0-id": item.pk,
        "items-0-rule": rule.pk,
        "items-0-position": 0,
        "items-0-question": item.question_id,
        "items-0-recode": "{}",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.categories == [1]
    change = CatalogueChange.objects.filter(subject__contains="scoringrule").latest("pk")
    assert change.changes["categories"] == [[1, 2], [1]]  # [old, new]


def test_editors_cannot_open_the_rules(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:questionsets_scoringrule_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
