"""Thin template filters over the plain functions in questionsets.catalogue.display."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from ..catalogue.display import in_language
from ..catalogue.display import localized as localized_value

register = template.Library()

FRAMING_SYMBOLS = {"positief": "+", "negatief": "−", "ambivalent": "±"}


@register.filter
def localized(obj, field_name: str) -> str:
    """{{ concept|localized:"name" }} -> name_en in English (when filled in), else name_nl."""
    return localized_value(obj, field_name)


@register.filter
def in_page_language(obj, field_name: str) -> str:
    """{{ qset|in_page_language:"name" }}: the localized text, wrapped in
    <span lang="nl"> when it is Dutch on an English page (WCAG 3.1.2)."""
    text, language = in_language(obj, field_name)
    return mark_language(text, language)


@register.filter
def language_of(obj, field_name: str) -> str:
    """{{ version|language_of:"wording" }}: "en" or "nl", for a block's lang attribute."""
    return in_language(obj, field_name)[1]


@register.filter
def dutch_text(text) -> str:
    """A text the catalogue keeps in Dutch only, marked as Dutch on an English page."""
    return mark_language(text, "nl")


def mark_language(text, language: str) -> str:
    if not text or (get_language() or "nl")[:2] == language:
        return format_html("{}", text or "")
    return format_html('<span lang="{}">{}</span>', language, text)


@register.filter
def framing_symbol(framing: str) -> str:
    return FRAMING_SYMBOLS.get(framing, "")


@register.simple_tag
def may_add_sets(user) -> bool:
    """Whether the user edits questionnaires of some municipality (one query when logged in)."""
    from ..questionnaires.access import editable_municipalities

    return user.is_authenticated and editable_municipalities(user).exists()


@register.filter
def relates_to(node, slug: str) -> bool:
    """Whether a concept-map node has a relation with the concept `slug` (in focus)."""
    return any(tag.partner_item.slug == slug for tag in node.tags)
