"""Shelf forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import RATIONALE_MAX


class PublishForm(forms.Form):
    rationale = forms.CharField(
        label=_("Toelichting voor andere gemeenten"),
        help_text=_("Kort: waarom u deze vraag stelt en wat u ermee meet."),
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf kort waarom deze vraag nuttig is voor anderen.")},
    )
