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


@register.simple_tag
def may_add_sets(user) -> bool:
    """Whether the user edits questionnaires of some municipality (one query when logged in)."""
    from ..questionnaires.access import editable_municipalities

    return user.is_authenticated and editable_municipalities(user).exists()
