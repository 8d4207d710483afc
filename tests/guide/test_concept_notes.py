"""The concept page shows no internal reference notes and a proper empty state."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from questionsets.curation import seeding

pytestmark = pytest.mark.django_db

SPANNINGEN = "spanningen-tussen-groepen-spanningsschaal"


@pytest.fixture
def national(db):
    path = Path(settings.BASE_DIR) / "fixtures" / "catalogue.json"
    seeding.load_catalogue(json.loads(path.read_text()))


def test_concept_pages_never_show_internal_reference_notes(client, national):
    from questionsets.models import Concept

    for concept in Concept.objects.all():
        content = client.get(reverse("questionsets:concept-detail", args=[concept.slug]))
        assert "in de referentie" not in content.content.decode(), concept.slug


def test_spanningen_keeps_public_relation_notes_and_its_relations(client, national):
    content = client.get(reverse("questionsets:concept-detail", args=["polarisatie"])).content
    assert "verzwakking van sociale stabiliteit (NCTV)" in content.decode()
    page = client.get(reverse("questionsets:concept-detail", args=[SPANNINGEN])).content.decode()
    assert "onderdeel van" in page and 'href="/begrippen/polarisatie/"' in page


def test_spanningen_without_a_source_definition_has_a_proper_empty_state(client, national):
    page = client.get(reverse("questionsets:concept-detail", args=[SPANNINGEN])).content.decode()
    definitions = page.split('id="definitions-heading"')[1].split("</section>")[0]
    assert "Er is nog geen definitie vastgelegd" not in definitions
    assert "Nog geen definitie uit een bron" in definitions
    assert "In hoeverre mensen spanningen zien of zelf ervaren" in page
