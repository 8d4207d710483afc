"""Template helpers of the curators' workbench."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def current_page(context, prefix: str, exact: bool = False) -> str:
    """` aria-current="page"` on the navigation link of the section being shown."""
    path = context["request"].path
    current = path == prefix if exact else path.startswith(prefix)
    return mark_safe(' aria-current="page"') if current else ""


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current list's query string with another page number."""
    query = context["listing"].query
    return f"?{query}&page={number}" if query else f"?page={number}"
