"""Garbage ids in the admin are a form error or a 400, never a 500.

Django's admin queries with posted ids in three places that do not validate them first:
the autocomplete widget, when it renders a refused form again (`field__in=['abc']`); a
many-to-many field (`__in` with a number too large for the database); and
django-import-export's export page, which filters by its query string
(IncorrectLookupParameters). `SafeIdsAdminMixin` closes the first two for every model admin
and inline of the project (Django's own User and Group admins are registered again with
it), `SafeExportMixin` the third.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext as _

from ..questionnaires.access import parse_id
from .admin_permissions import DutchPermissionsMixin


def _ids_only(field, values) -> list:
    """The values that can be an id of `field`'s model (integer primary keys only)."""
    if field.remote_field.model._meta.pk.get_internal_type() not in INTEGER_KEYS:
        return list(values)
    return [v for v in values if parse_id(str(v)) is not None]


INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


class SafeAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _ids_only(self.field, value), attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _ids_only(self.field, value), attr)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        pk = self.queryset.model._meta.pk
        if self.to_field_name in (None, pk.name) and pk.get_internal_type() in INTEGER_KEYS:
            for item in value:
                if parse_id(str(item)) is None:
                    raise ValidationError(
                        _("%(value)s is geen geldige keuze.") % {"value": str(item)[:20]},
                        code="invalid_pk_value",
                    )
        return super()._check_values(value)


class SafeIdsAdminMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SafeExportMixin:
    """The export page filters like the changelist; an unknown filter is a 400."""

    def get_export_queryset(self, request):
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters as exc:
            raise BadRequest(_("Onbekend of ongeldig filter in het adres.")) from exc


class ReviewedImportMixin:
    """Sheets whose published content changes only through review are not imported here."""

    def has_import_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "import_elsewhere": True}
        return super().changelist_view(request, extra_context)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class SafeUserAdmin(DutchPermissionsMixin, SafeIdsAdminMixin, UserAdmin):
    pass


@admin.register(Group)
class SafeGroupAdmin(DutchPermissionsMixin, SafeIdsAdminMixin, GroupAdmin):
    pass
