"""Every URL in the URL configuration: 403 for a POST without CSRF token, no change on GET.

The URLs are enumerated from the resolver, path converters filled with existing objects.
A pattern that cannot be built fails the test: nothing is skipped silently.
"""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import get_resolver, resolve
from django.utils import timezone

from questionsets import models as m
from questionsets.shelf import services as shelf_services
from tests.pages import walk

from .. import factories as f
from ..basket import add_local, add_set, make_set

pytestmark = pytest.mark.django_db

# Patterns we do not request, with the reason. Keep this list short.
NOT_REQUESTED = {
    # Django's password reset by e-mail link: the token is checked before anything else.
    "wachtwoord-vergeten/<uidb64>/<token>/": "GET-only token check; POST is CSRF-checked",
}


@pytest.fixture
def world(editor, municipality, curator):
    qset = make_set(2)
    questionnaire = f.make_questionnaire(municipality=municipality)
    add_set(questionnaire, qset)
    add_local(questionnaire, wording="Lokale vraag?")
    item = questionnaire.items.order_by("pk").last()
    concept = f.make_concept()
    f.make_user(municipality=municipality, role=m.Membership.Role.COORDINATOR)
    invitation = m.Invitation.objects.create(
        email="i@x.nl",
        municipality=municipality,
        role="reader",
        token_digest="0" * 64,
        expires_at=timezone.now() + timedelta(days=7),
    )
    access_request = m.AccessRequest.objects.create(
        name="A", email="a@x.nl", municipality=municipality, role="reader", reason="r"
    )
    partner = f.make_municipality(code="GM0307", name="Amersfoort")
    share = m.QuestionnaireShare.objects.create(questionnaire=questionnaire, municipality=partner)
    post = m.Post.objects.create(
        author=editor, municipality=municipality, concept=concept, title="t", body="b"
    )
    shared = shelf_services.shared_question_publish(item=item, rationale="r", user=None)
    return {
        "share_id": share.pk,
        "shared_id": shared.shared_question_id,
        "municipality_code": municipality.code,
        "pk": questionnaire.pk,
        "item_id": item.pk,
        "section_id": questionnaire.sections.first().pk,
        "set_id": questionnaire.basket_sets.get().pk,
        "slug": concept.slug,
        "set_code": qset.code,
        "question_code": qset.items.first().question_version.question.code,
        "fmt": "xlsx",
        "step": "indienen",
        "language": "nl",
        "uidb64": "MQ",
        "token": "set-password",
        "app_label": "questionsets",
        "url": "bestaat-niet/",
        "content_type_id": ContentType.objects.get_for_model(m.Question).pk,
        "membership_id": editor.memberships.get().pk,
        "invitation_id": invitation.pk,
        "request_id": access_request.pk,
        # The curation workbench's scoring rule and national figure ids (none exist here).
        "rule_id": 1,
        "figure_id": 1,
        "post_id": post.pk,
    }


def admin_object_id(route: str, world) -> str:
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    model = apps.get_model(match.group(1), match.group(2))
    if model is m.Question:
        return str(m.Question.objects.first().pk)
    obj = model.objects.order_by("pk").first()
    return str(obj.pk) if obj else "1"


def build(route: str, world) -> str:
    def value(name):
        if name == "code" and route.startswith("gemeenten/"):
            return world["municipality_code"]
        if name == "code":
            return world["set_code"] if route.startswith("sets/") else world["question_code"]
        if name == "id":  # admin/auth/user/<id>/password/
            return str(m.Membership.objects.first().user_id)
        if name == "object_id":
            if route.startswith("admin/r/"):
                return str(m.Question.objects.first().pk)
            return admin_object_id(route, world)
        return str(world[name])

    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda g: value(g.group(1)), route)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda g: value(g.group(1)), url)
    return "/" + url.replace("^", "").replace("$", "")


def all_urls(world):
    urls = []
    for route, callback in walk(get_resolver().url_patterns):
        if route in NOT_REQUESTED:
            continue
        url = build(route, world)
        assert resolve(url).func == callback, f"{route} built as {url} resolves elsewhere"
        urls.append(url)
    assert len(urls) > 100
    return urls


def test_every_post_without_csrf_token_is_refused(world, editor, curator):
    for user in (editor, curator):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        for url in all_urls(world):
            response = client.post(url, {"title": "x", "code": "x", "post": "yes"})
            assert response.status_code == 403, url
            assert b"CSRF" in response.content, url


def counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_no_get_changes_state(world, editor, curator):
    for user in (editor, curator):
        client = Client()
        client.force_login(user)
        before = counts()
        for url in all_urls(world):
            response = client.get(url)
            assert response.status_code < 500, url
            assert counts() == before, url
