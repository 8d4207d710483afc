"""Django's `{% url %}` tag, with each answer remembered per process (issue 20).

Loaded as a template builtin (monitor/settings.py), so every template's `{% url %}` is
this one. It parses and renders as Django's tag does; only the reverse() call is
remembered: reversing took 30 µs a tag, three times a translation tag, and the builder
page's template had 31 of them, a quarter of its time (make bench). A URL depends on
nothing but the view name, the arguments, the current application, the URLconf (the
request's and ROOT_URLCONF), the script prefix and the language, which together are the
key; the same key gives the same URL in every worker, so nothing depends on which
process answers. Only numbers and strings (a template's literals are SafeStrings) are
remembered as arguments: a model instance stands for its str(), which may change. A
failed lookup is not remembered.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


class CachedURLNode(URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((k, v.resolve(context)) for k, v in self.kwargs.items())
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def cached_reverse(view_name, args: tuple, kwargs: tuple, current_app) -> str:
    """reverse(), remembered for plain keys (see the module's docstring)."""
    values = (view_name, current_app, *args, *(v for _k, v in kwargs))
    if not all(v is None or isinstance(v, (int, str)) for v in values):
        return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)
    return _reverse(
        view_name,
        args,
        kwargs,
        current_app,
        get_urlconf(),
        settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
    )


@lru_cache(maxsize=4096)
def _reverse(view_name, args, kwargs, current_app, urlconf, root, prefix, language) -> str:
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)
