"""Thin template filters over the plain functions in questionsets.catalogue.display."""

from django import template

from ..catalogue.display import localized as localized_value

register = template.Library()

FRAMING_SYMBOLS = {"positief": "+", "negatief": "−", "ambivalent": "±"}


@register.filter
def localized(obj, field_name: str) -> str:
    """{{ concept|localized:"name" }} -> name_en in English (when filled in), else name_nl."""
    return localized_value(obj, field_name)


@register.filter
def framing_symbol(framing: str) -> str:
    return FRAMING_SYMBOLS.get(framing, "")


@register.filter
def relates_to(node, slug: str) -> bool:
    """Whether a concept-map node has a relation with the concept `slug` (in focus)."""
    return any(tag.partner_item.slug == slug for tag in node.tags)
