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


@register.filter
def change_object(change) -> str:
    """The object of an audit row in words ("versie 3 van vraag c05i1brel")."""
    from questionsets.curation.area.audit_text import object_words

    return object_words(change.model_label, change.object_key, change.object_pk)


@register.filter
def change_fields(change) -> list:
    from questionsets.curation.area.audit_text import field_changes

    return field_changes(change)
