"""Scoring rules in the admin: one rule per indicator variant, its questions inline."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import ScoringItem, ScoringRule
from .admin_input import SafeIdsAdminMixin
from .audit import AuditedAdminMixin


class ScoringItemInline(SafeIdsAdminMixin, admin.TabularInline):
    model = ScoringItem
    extra = 0
    fields = ("position", "question", "reversed", "recode")
    ordering = ("position",)
    autocomplete_fields = ("question",)


@admin.register(ScoringRule)
class ScoringRuleAdmin(SafeIdsAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("indicator", "variant", "kind", "plain_description")
    list_filter = ("kind",)
    list_select_related = ("indicator",)
    search_fields = ("indicator__code", "indicator__name_nl", "variant")
    autocomplete_fields = ("indicator",)
    inlines = [ScoringItemInline]
    fieldsets = [
        (None, {"fields": ("indicator", "variant", "kind", "note")}),
        (_("Percentages"), {"fields": ("categories", "min_matches")}),
        (_("Schaalscore"), {"fields": ("aggregate", "target_min", "target_max")}),
        (_("Geldige antwoorden"), {"fields": ("min_valid",)}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items__question")

    @admin.display(description=_("in gewone woorden"))
    def plain_description(self, obj: ScoringRule) -> str:
        return obj.describe()
