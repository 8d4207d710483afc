"""Plain-text forms of the community; lengths are limited, nothing is rendered as HTML."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX, REASON_MAX, TITLE_MAX


class PostForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Uw vraag of ervaring"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Platte tekst, hoogstens 2000 tekens."),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Uw reactie"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden (de auteur ziet deze)"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProfileForm(forms.Form):
    show_name = forms.BooleanField(
        label=_("Toon mijn naam en contactadres bij mijn berichten"), required=False
    )
    display_name = forms.CharField(
        label=_("Naam"),
        max_length=150,
        required=False,
        help_text=_("Alleen zichtbaar als u hierboven kiest om uw naam te tonen."),
    )
    contact_email = forms.EmailField(
        label=_("Contactadres"),
        required=False,
        help_text=_("Alleen zichtbaar als u hierboven kiest om uw naam te tonen."),
    )

    def clean(self):
        data = super().clean()
        if data.get("show_name") and not (data.get("display_name") or "").strip():
            self.add_error("display_name", _("Vul de naam in die collega's mogen zien."))
        return data
