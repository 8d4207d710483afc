"""Permissions in the user and group forms in Dutch.

Django stores a permission's name in English when it creates it ("Can add user"); the
forms show it from the table. Here each standard permission is named from its model's
Dutch verbose name, and the permissions of django-axes (English only, not in the admin)
are left out.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("mag toevoegen"),
    "change": _("mag wijzigen"),
    "delete": _("mag verwijderen"),
    "view": _("mag bekijken"),
}
HIDDEN_APPS = ("axes",)


def permission_label(permission) -> str:
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, _rest = permission.codename.partition("_")
    if model is None:
        return permission.name
    app = model._meta.app_config.verbose_name
    what = (
        ACTIONS.get(action) if permission.codename == f"{action}_{model._meta.model_name}" else None
    )
    return f"{app} | {model._meta.verbose_name} | {what or permission.name}"


class DutchPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.queryset = field.queryset.exclude(content_type__app_label__in=HIDDEN_APPS)
            field.label_from_instance = permission_label
            if isinstance(field.widget, forms.Widget) and hasattr(field.widget, "choices"):
                field.widget.choices = field.choices
        return field
