"""Searchable, filterable, paginated lists: one GET form, one count and one page query."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

PER_PAGE = 50


class ListForm(forms.Form):
    """The search box of every list; subclasses add optional filters."""

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = False
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                field.choices = [("", _("alle")), *field.choices]
            field.widget.attrs.setdefault("id", f"filter-{name}")


@dataclass
class Listing:
    form: ListForm
    page: Page
    query: str  # the filters as a query string without the page number

    @property
    def rows(self):
        return self.page.object_list


def search_q(term: str, fields: tuple[str, ...]) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": term})
    return condition


def listing(request, *, form_class, queryset: QuerySet, search: tuple[str, ...], filters: dict):
    """Apply the valid part of the GET form to `queryset` and return one page.

    `filters` maps a form field to a lookup (or a callable(queryset, value)). Invalid
    values are shown as form errors and ignored, never a 500.
    """
    form = form_class(request.GET)
    form.is_valid()
    data = form.cleaned_data
    if term := (data.get("q") or "").strip():
        queryset = queryset.filter(search_q(term, search))
    for name, lookup in filters.items():
        value = data.get(name)
        if value in (None, ""):
            continue
        queryset = (
            lookup(queryset, value) if callable(lookup) else queryset.filter(**{lookup: value})
        )
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return Listing(form=form, page=page, query=query.urlencode())


def yes_no_choices():
    return [("ja", _("ja")), ("nee", _("nee"))]


def as_bool(value: str) -> bool:
    return value == "ja"
