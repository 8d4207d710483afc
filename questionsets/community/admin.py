"""Community posts and follows in the admin, for the staff who moderate them.

What members wrote stays as they wrote it: a post's content is read-only here, posts are
neither added nor deleted (authors delete their own in the panel), and the one change is
hiding with a reason, through the same service as the curators' hide button in the panel
(``services.hide_post``: who hid it and when are kept with the reason the author sees).
The changelists load their rows in a fixed number of queries.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _

from . import services
from .models import REASON_MAX, Follow, Post

CONTENT = ("kind", "page", "parent", "municipality", "author", "created_at", "title", "body")
HIDDEN = ("hidden_at", "hidden_by", "hidden_reason")


class HiddenFilter(admin.SimpleListFilter):
    title = _("verborgen")
    parameter_name = "hidden"

    def lookups(self, request, model_admin):
        return [("yes", _("verborgen")), ("no", _("zichtbaar"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(hidden_at__isnull=True)
        return queryset


class KindFilter(admin.SimpleListFilter):
    title = _("soort")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("post", _("bericht")), ("reply", _("reactie"))]

    def queryset(self, request, queryset):
        if self.value() == "post":
            return queryset.filter(parent__isnull=True)
        if self.value() == "reply":
            return queryset.filter(parent__isnull=False)
        return queryset


class HidePostForm(forms.ModelForm):
    """Hiding needs a reason, and a reason is only stored by hiding."""

    hide = forms.BooleanField(
        label=_("Verbergen"),
        required=False,
        help_text=_("Het bericht verdwijnt voor iedereen behalve curatoren en de auteur."),
    )
    hidden_reason = forms.CharField(
        label=_("Reden (de auteur ziet deze)"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Post
        fields = ["hidden_reason"]

    def clean(self):
        data = super().clean()
        reason = (data.get("hidden_reason") or "").strip()
        if data.get("hide") and not reason:
            self.add_error("hidden_reason", _("Geef de reden van verbergen; de auteur ziet deze."))
        if reason and not data.get("hide"):
            self.add_error(
                "hide", _("Vink Verbergen aan om het bericht met deze reden te verbergen.")
            )
        return data


class ReplyInline(admin.TabularInline):
    model = Post
    fk_name = "parent"
    verbose_name = _("reactie")
    verbose_name_plural = _("reacties")
    fields = ("municipality", "author", "created_at", "body", "hidden_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality", "author")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = HidePostForm
    list_display = ("text", "kind", "page", "municipality", "author", "created_at", "hidden")
    list_filter = (
        HiddenFilter,
        KindFilter,
        ("concept", admin.RelatedOnlyFieldListFilter),
        ("question_set", admin.RelatedOnlyFieldListFilter),
        ("municipality", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("concept", "question_set", "municipality", "author")
    search_fields = (
        "title",
        "body",
        "hidden_reason",
        "municipality__name",
        "author__username",
        "author__email",
    )
    inlines = [ReplyInline]

    def get_fieldsets(self, request, obj=None):
        hiding = HIDDEN if obj is not None and obj.is_hidden else ("hide", "hidden_reason")
        return [(None, {"fields": CONTENT}), (_("Verbergen"), {"fields": hiding})]

    def get_readonly_fields(self, request, obj=None):
        return CONTENT + HIDDEN if obj is not None and obj.is_hidden else CONTENT

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.is_hidden:
            kwargs["form"] = forms.ModelForm  # hidden stays hidden: nothing to change
        return super().get_form(request, obj, change, **kwargs)

    def get_inlines(self, request, obj):
        return [] if obj is not None and obj.parent_id else self.inlines

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if form.cleaned_data.get("hide") and not obj.is_hidden:
            reason = form.cleaned_data["hidden_reason"]
            services.hide_post(post=obj, curator=request.user, reason=reason)

    @admin.display(description=_("bericht"), ordering="title")
    def text(self, obj: Post) -> str:
        return obj.title or truncatechars(obj.body, 80)

    @admin.display(description=_("soort"))
    def kind(self, obj: Post) -> str:
        return str(_("reactie")) if obj.parent_id else str(_("bericht"))

    @admin.display(description=_("pagina"))
    def page(self, obj: Post) -> str:
        if obj.concept_id:
            return f"{_('begrip')}: {obj.concept.name_nl}"
        return f"{_('set')}: {obj.question_set.name_nl}"

    @admin.display(description=_("verborgen"), boolean=True, ordering="hidden_at")
    def hidden(self, obj: Post) -> bool:
        return obj.is_hidden


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    """Who follows which concept; read-only (a follow may be removed on request)."""

    list_display = ("user", "concept", "language", "last_digest_at")
    list_filter = (("concept", admin.RelatedOnlyFieldListFilter), "language")
    list_select_related = ("user", "concept")
    search_fields = ("user__username", "user__email", "concept__name_nl", "concept__slug")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
