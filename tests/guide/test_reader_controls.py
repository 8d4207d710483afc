"""Controls only for those who may use them; an anonymous "add" returns to the set page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from questionsets.models import Membership, QuestionSet

from .. import factories
from ..export_data import make_full_questionnaire

pytestmark = pytest.mark.django_db

PASSWORD = "s3cret-pass"  # tests.factories.make_user's default
EDIT_CONTROLS = ("Resultaten uploaden", "Aan mijn vragenlijst toevoegen")


@pytest.fixture
def questionnaire(municipality, editor):
    return make_full_questionnaire(municipality, editor)


@pytest.fixture
def published_set(questionnaire):
    return QuestionSet.objects.get(code="veilig")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reader_pages(questionnaire, qset):
    pk = questionnaire.pk
    return [
        reverse("questionsets:questionnaire-list"),
        reverse("questionsets:questionnaire-detail", args=[pk]),
        reverse("questionsets:questionnaire-conformance", args=[pk]),
        reverse("questionsets:results-comparison", args=[pk]),
        reverse("questionsets:results-planner", args=[pk]),
        reverse("questionsets:questionset-detail", args=[qset.code]),
        reverse("questionsets:home"),
    ]


def test_reader_sees_no_upload_add_or_edit_controls(colleague, questionnaire, published_set):
    client = logged_in(colleague)
    for url in reader_pages(questionnaire, published_set):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for control in EDIT_CONTROLS:
            assert control not in content, (url, control)
        for name in ("results-upload", "questionnaire-settings", "questionnaire-create"):
            target = (
                reverse("questionsets:questionnaire-create")
                if name == "questionnaire-create"
                else reverse(f"questionsets:{name}", args=[questionnaire.pk])
            )
            assert f'href="{target}"' not in content, (url, name)


def test_every_link_a_reader_is_shown_on_the_questionnaire_pages_answers(colleague, questionnaire):
    client = logged_in(colleague)
    detail = reverse("questionsets:questionnaire-detail", args=[questionnaire.pk])
    content = client.get(detail).content.decode()
    links = set(re.findall(r'href="(/vragenlijsten/[^"#]*)"', content))
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_editor_still_sees_upload_and_add(editor, questionnaire, published_set):
    client = logged_in(editor)
    detail = client.get(reverse("questionsets:questionnaire-detail", args=[questionnaire.pk]))
    assert "Resultaten uploaden" in detail.content.decode()
    page = client.get(reverse("questionsets:questionset-detail", args=[published_set.code]))
    assert "Aan mijn vragenlijst toevoegen" in page.content.decode()


def test_user_without_any_editor_role_sees_no_add_button(db, published_set):
    user = factories.make_user(username="nobody")
    page = logged_in(user).get(
        reverse("questionsets:questionset-detail", args=[published_set.code])
    )
    assert "Aan mijn vragenlijst toevoegen" not in page.content.decode()


def test_anonymous_add_leads_to_login_and_back_to_the_set_page(client, editor, published_set):
    set_url = reverse("questionsets:questionset-detail", args=[published_set.code])
    content = client.get(set_url).content.decode()
    href = re.search(r'href="(/accounts/login/\?next=[^"]+)"', content).group(1)
    login_page = client.get(href.replace("&amp;", "&"))
    assert login_page.status_code == 200
    assert f'name="next" value="{set_url}"' in login_page.content.decode()
    response = client.post(
        reverse("login"),
        {"username": "editor", "password": PASSWORD, "next": set_url},
    )
    assert response.status_code == 302
    assert response["Location"] == set_url


def test_login_never_redirects_off_site(client, editor):
    response = client.post(
        reverse("login"),
        {"username": "editor", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")


def test_reader_role_is_reader(colleague, municipality):
    assert Membership.objects.get(user=colleague, municipality=municipality).role == "reader"
