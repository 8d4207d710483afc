"""Forms of the sharing pages; every error is a clear Dutch message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import QuestionnaireShare

ROLE_CHOICES = QuestionnaireShare.Role.choices


class ShareForm(forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=None,
        label=_("Gemeente"),
        to_field_name="code",
        error_messages={
            "required": _("Kies een gemeente."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        label=_("Als"),
        error_messages={"invalid_choice": _("Kies mederedacteur of lezer.")},
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class RegionShareForm(forms.Form):
    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        label=_("Als"),
        error_messages={"invalid_choice": _("Kies mederedacteur of lezer.")},
    )


class PublicForm(forms.Form):
    public = forms.BooleanField(label=_("Openbaar"), required=False)


class MunicipalitySettingsForm(forms.Form):
    hide_name = forms.BooleanField(
        label=_("Niet bij naam tonen"),
        required=False,
        help_text=_(
            "Bij vragensets en vragen telt uw gemeente dan mee als gebruiker, maar zonder "
            "naam; ook in vergelijkingen met andere gemeenten blijft uw naam weg."
        ),
    )
    share_aggregates = forms.BooleanField(
        label=_("Uitkomsten delen voor vergelijking met vergelijkbare gemeenten"),
        required=False,
        help_text=_(
            "Alleen uitkomsten per vraag of indicator (percentage of gemiddelde, interval en "
            "aantal antwoorden), nooit gegevens van respondenten. Ze tellen mee in het "
            "gezamenlijke cijfer van gemeenten van dezelfde grootteklasse en dezelfde "
            "veiligheidsregio, dat alleen getoond wordt als ten minste vijf gemeenten meedoen."
        ),
    )
