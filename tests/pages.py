"""Helpers for tests that look at whole pages: comparing two renders (they differ only in
their masked CSRF tokens and in the language switch's `next`, which echoes the address
the user asked for), and walking every route of the site."""

import re

from django.urls import URLResolver

_VARYING = re.compile(rb'(name="(?:csrfmiddlewaretoken|next)" (?:type="hidden" )?value=")[^"]*(")')


def same_page(response) -> bytes:
    """The body with those per-request values blanked."""
    return _VARYING.sub(rb"\1\2", response.content)


def walk(patterns, prefix=""):
    """Every (route, view) of a URL configuration, the includes followed."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        else:
            yield route, pattern.callback
