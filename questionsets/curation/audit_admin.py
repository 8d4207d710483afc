"""The audit trail in the admin in words: object kinds by their Dutch names, never
``questionsets.questionversion``."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .area.audit_text import field_changes, kind_name, sentence  # noqa: F401 (re-export)
from .area.log import kind_choices


class KindFilter(admin.SimpleListFilter):
    title = _("soort")
    parameter_name = "soort"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(model_label=value) if value else queryset


def changes_text(change) -> str:
    rows = field_changes(change)
    return "; ".join(f"{field}: {_text(old)} → {_text(new)}" for field, old, new in rows) or "–"


def _text(value) -> str:
    return "—" if value is None else str(value)
