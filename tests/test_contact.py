"""The catalogue team's contact address appears where users look for it."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_footer_and_the_accessibility_statement_give_the_contact_address(client, settings):
    settings.CONTACT_EMAIL = "team@catalogus.test"
    for url in (reverse("questionsets:home"), reverse("accessibility-statement")):
        html = client.get(url).content.decode()
        assert 'href="mailto:team@catalogus.test"' in html, url
    statement = client.get(reverse("accessibility-statement")).content.decode()
    assert "contactgegevens van uw" not in statement
