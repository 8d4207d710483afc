"""Shelf forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Source
from .proposals import MOTIVATION_MAX
from .services import RATIONALE_MAX


class PublishForm(forms.Form):
    rationale = forms.CharField(
        label=_("Toelichting voor andere gemeenten"),
        help_text=_("Kort: waarom u deze vraag stelt en wat u ermee meet."),
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf kort waarom deze vraag nuttig is voor anderen.")},
    )


class ProposeForm(forms.Form):
    motivation = forms.CharField(
        label=_("Motivatie voor de curatoren"),
        help_text=_("Kort: waarom deze vraag in de nationale catalogus hoort."),
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Schrijf kort waarom deze vraag in de nationale catalogus hoort.")
        },
    )


class AcceptForm(forms.Form):
    """What a curator adds when accepting: the national code and the source."""

    code = forms.CharField(
        label=_("Code van de nieuwe landelijke vraag"),
        max_length=20,
        help_text=_("kleine letter, dan kleine letters en cijfers; hoogstens 20 tekens"),
        error_messages={"required": _("Geef de nieuwe vraag een code.")},
    )
    source = forms.ModelChoiceField(
        label=_("Bron"),
        queryset=Source.objects.order_by("instrument", "edition"),
        error_messages={"required": _("Kies de bron van de vraag.")},
    )
    scale_code = forms.CharField(
        label=_("Code voor een nieuwe antwoordschaal"),
        max_length=20,
        required=False,
        help_text=_(
            "Alleen nodig als geen landelijke schaal precies deze antwoorden heeft; "
            "leeg: de code van de vraag."
        ),
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting voor de gemeente"),
        max_length=MOTIVATION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij wijzigingen vragen en bij afwijzen; de gemeente ziet haar."),
    )
