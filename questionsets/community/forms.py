"""Plain-text forms of the community; lengths are limited, nothing is rendered as HTML."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX, REASON_MAX, TITLE_MAX

NOT_A_MEMBER = _("Kies een gemeente waarvan u lid bent.")


class AsMunicipalityForm(forms.Form):
    """Posts as one of the member's municipalities: a choice only with more than one
    membership (none chosen: the first); a value outside the memberships is refused. With
    one membership nothing is asked and anything sent is ignored."""

    municipality_label = _("Plaatsen namens")

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {str(m.pk): m for m in municipalities}
        if len(self.municipalities) > 1:
            self.fields["municipality"] = forms.ChoiceField(
                label=self.municipality_label,
                choices=[(pk, m.name) for pk, m in self.municipalities.items()],
                initial=next(iter(self.municipalities)),
                required=False,
                error_messages={"invalid_choice": NOT_A_MEMBER},
            )

    def chosen_municipality(self):
        """The municipality to post as, after validation; None without a membership."""
        chosen = self.cleaned_data.get("municipality") or next(iter(self.municipalities), None)
        return self.municipalities.get(chosen) if chosen else None


class PostForm(AsMunicipalityForm):
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Uw vraag of ervaring"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Platte tekst, hoogstens 2000 tekens."),
    )


class ReplyForm(AsMunicipalityForm):
    municipality_label = _("Reageren namens")

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
