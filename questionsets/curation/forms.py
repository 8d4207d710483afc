"""The admin's "nieuwe versie" form: the content of a new version of a national question."""

from __future__ import annotations

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import QuestionVersion, Verification
from .services import VERIFICATION_FIELDS, VERSION_INPUT_FIELDS

NOT_CHECKED_CHOICE = gettext_lazy("niet gecontroleerd: de nieuwe tekst is niet in de bron gezien")
VERIFICATION_HELP = gettext_lazy(
    "Een verificatie hoort bij de tekst die is gecontroleerd. Laat verificatie en vindplaats "
    "leeg als u de nieuwe tekst niet zelf in de bron hebt gecontroleerd: de nieuwe versie is "
    "dan 'niet gecontroleerd'. Hebt u dat wel gedaan, vul dan beide in."
)


class NewVersionForm(forms.Form):
    """The content of a new version; a reason is required once a version exists.

    The verification of the current version is not offered again: it describes that
    wording. For a later version, verification and vindplaats start empty and are filled in
    together or not at all (empty: "niet gecontroleerd").
    """

    change_reason = forms.CharField(
        label=gettext_lazy("reden van wijziging"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, latest: QuestionVersion | None = None, **kwargs):
        initial = {}
        if latest is not None:
            initial = {f: getattr(latest, f) for f in VERSION_INPUT_FIELDS}
            for field in VERIFICATION_FIELDS:
                del initial[field]
        super().__init__(*args, initial=initial, **kwargs)
        self.latest = latest
        model_fields = fields_for_model(QuestionVersion, fields=VERSION_INPUT_FIELDS)
        self.fields = {**model_fields, "change_reason": self.fields["change_reason"]}
        if latest is not None:
            verification = self.fields["verification"]
            stated = [c for c in Verification.choices if c[0] != Verification.UNVERIFIED]
            verification.choices = [("", NOT_CHECKED_CHOICE), *stated]
            verification.required = False
            verification.help_text = VERIFICATION_HELP

    def clean(self):
        data = super().clean()
        if self.latest is not None and not (data.get("change_reason") or "").strip():
            self.add_error(
                "change_reason", _("Een nieuwe versie heeft een reden van wijziging nodig.")
            )
        if self.latest is not None:
            self._check_verification(data)
        return data

    def _check_verification(self, data: dict) -> None:
        status = data.get("verification") or ""
        note = (data.get("verification_note") or "").strip()
        if status and not note and status != Verification.UNVERIFIED:
            self.add_error(
                "verification_note",
                _(
                    "Vul ook de vindplaats in: waar hebt u de nieuwe tekst gecontroleerd? Of laat "
                    "de verificatie leeg; de nieuwe versie is dan 'niet gecontroleerd'."
                ),
            )
        elif note and not status:
            self.add_error(
                "verification",
                _("Kies ook de verificatie bij deze vindplaats, of laat beide leeg."),
            )
        elif note and note == self.latest.verification_note.strip():
            self.add_error(
                "verification_note",
                _(
                    "Dit is dezelfde vindplaats als versie %(number)s: die hoort bij de oude "
                    "tekst. Beschrijf waar u de nieuwe tekst hebt gecontroleerd, of laat "
                    "verificatie en vindplaats leeg."
                )
                % {"number": self.latest.number},
            )

    def version_data(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in VERSION_INPUT_FIELDS}
