"""Garbage in every form field of every URL, as an editor, a reader and a curator: never a 500.

Every URL of the resolver is built as in test_csrf_and_get. The form fields of each URL are
read from the forms on every page the three personas can GET (their `action`), plus the
fields that scripts and dialogs post (COMMON_FIELDS). Each request runs in a savepoint that
is rolled back, so every request meets the same world and a destructive one (archive,
delete) hides nothing from the ones after it.
"""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client

from .test_csrf_and_get import all_urls, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.django_db

GARBAGE = ["", "abc", "1e3", "99999999999999999999999", "-1", "0", "\x00", ["1", "abc"]]
GARBAGE_PER_FIELD = ["", "99999999999999999999999", "-1", ["1", "abc"]]
GARBAGE_QUERY = ["", "abc", "99999999999999999999999", ["1", "abc"]]

# Posted by builder.js, the confirmation dialogs and the catalogue's buttons.
COMMON_FIELDS = {
    "lock_version",
    "confirmed",
    "direction",
    "order",
    "question_set",
    "questionnaire",
    "section",
    "title",
}
COMMON_QUERY = {"section", "page", "q", "margin", "concept", "next"}


class FormParser(HTMLParser):
    """The forms of a page: (method, action, {field: first value})."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append((method, attrs.get("action") or "", {}))
        elif tag in ("input", "select", "textarea", "button") and self.forms and attrs.get("name"):
            self.forms[-1][2].setdefault(attrs["name"], attrs.get("value") or "")


def discover(clients, urls):
    """{path: (post fields with defaults, query fields)} from the pages' forms."""
    posts, queries = defaultdict(dict), defaultdict(set)
    for client in clients:
        for url in urls:
            response = client.get(url)
            if "html" not in response.get("Content-Type", ""):
                continue
            parser = FormParser()
            parser.feed(response.content.decode("utf-8", "replace"))
            for method, action, fields in parser.forms:
                path = urlsplit(urljoin(url, action or url)).path
                if method == "post":
                    posts[path].update(fields)
                else:
                    queries[path].update(fields)
    return posts, queries


def requests_for(url, posts, queries):
    """(method, data, htmx): every field garbage at once, POST and GET."""
    fields = sorted(set(posts.get(url, {})) | COMMON_FIELDS)
    query = sorted(queries.get(url, set()) | COMMON_QUERY)
    for n, value in enumerate(GARBAGE):
        yield "post", {name: value for name in fields}, n % 2 == 0
    for n, value in enumerate(GARBAGE_QUERY):
        yield "get", {name: value for name in query}, n % 2 == 1


def field_requests(url, posts):
    """The page's own form, valid but for one field, so no other field stops the view first:
    letters, and one more kind of garbage per field in turn (the suite's time is bounded)."""
    defaults = posts.get(url, {})
    for n, name in enumerate(sorted(defaults)):
        for value in ("abc", GARBAGE_PER_FIELD[n % len(GARBAGE_PER_FIELD)]):
            yield "post", {**defaults, name: value}, n % 2 == 1


def send(client, method, url, data, htmx):
    """Status code or the exception; a logout or language switch does not leak into the next."""
    cookies = SimpleCookie(client.cookies)
    headers = {"HX-Request": "true"} if htmx else {}
    with transaction.atomic():
        try:
            return getattr(client, method)(url, data, headers=headers).status_code
        except Exception as exc:  # noqa: BLE001  (every exception is the defect we look for)
            return f"{type(exc).__name__}: {str(exc)[:150]}"
        finally:
            transaction.set_rollback(True)
            client.cookies = cookies


def fuzz(client, url, posts, queries):
    """{error: first data that caused it} for one URL."""
    errors, reached = {}, False
    for method, data, htmx in requests_for(url, posts, queries):
        result = send(client, method, url, data, htmx)
        reached |= result in (200, 400, 404, 409, 422) and method == "post"
        if isinstance(result, str) or result >= 500:
            errors.setdefault(str(result), data)
    # A URL the user cannot reach (login redirect, 403, 405) has no deeper code to fuzz.
    for method, data, htmx in field_requests(url, posts) if reached else ():
        result = send(client, method, url, data, htmx)
        if isinstance(result, str) or result >= 500:
            errors.setdefault(str(result), data)
    return errors


def test_garbage_in_every_field_is_never_a_500(world, editor, colleague, curator):  # noqa: F811
    urls = all_urls(world)
    users = (editor, colleague, curator)
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    posts, queries = discover(clients, urls)
    assert len(posts) > 20, "too few forms found on the pages"
    failures = []
    for client, user in zip(clients, users, strict=True):
        for url in urls:
            for error, data in fuzz(client, url, posts, queries).items():
                failures.append(f"{user.username} {url}: {error}\n    {data!r:.300}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
