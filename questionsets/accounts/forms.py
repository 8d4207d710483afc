"""Forms of the accounts capability; every message Dutch by default."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..questionnaires.models import Membership, Municipality
from .models import REQUESTABLE_ROLES


class MunicipalitySelect(forms.Select):
    """A native select (keyboard type-ahead, screen readers); static/js/accounts.js adds a
    filter box above it."""

    def __init__(self):
        super().__init__(attrs={"data-filterable": "1", "autocomplete": "off"})


class AccessRequestForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres op het werk"),
        max_length=150,
        help_text=_("Dit wordt ook uw gebruikersnaam."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("Kies uw gemeente"),
        widget=MunicipalitySelect(),
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
    role = forms.ChoiceField(
        label=_("Gewenste rol"),
        choices=REQUESTABLE_ROLES,
        widget=forms.RadioSelect,
        help_text=_("Een lezer bekijkt en downloadt; een redacteur stelt ook vragenlijsten samen."),
    )
    reason = forms.CharField(
        label=_("Korte toelichting"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waarvoor heeft u toegang nodig? Hoogstens 1000 tekens."),
    )


class DecisionForm(forms.Form):
    APPROVE, DECLINE = "approve", "decline"
    decision = forms.ChoiceField(choices=[(APPROVE, APPROVE), (DECLINE, DECLINE)])
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De aanvrager krijgt deze reden per e-mail."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.DECLINE and not data.get("reason", "").strip():
            self.add_error("reason", _("Geef een reden op; de aanvrager krijgt die te lezen."))
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=150)
    name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Rol"), choices=Membership.Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Membership.Role.choices)


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
