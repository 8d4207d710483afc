"""The admin's "nieuwe versie" form: the content of a new version of a national question."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exports.text_rules import validate_no_survey_syntax
from ..models import QuestionVersion, Verification
from .services import VERIFICATION_FIELDS, VERSION_INPUT_FIELDS, VERSIONED_FIELDS

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

    Texts are kept as typed, spaces included (no stripping). A browser sends every line
    break of a textarea as CRLF, so a text equal to the stored one after CRLF -> LF is the
    stored text, byte for byte, and a changed text is stored with LF line breaks. A version
    whose content changes nothing is refused ("Niets gewijzigd").
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
        for name, field in model_fields.items():
            if isinstance(field, forms.CharField):
                field.strip = False
            if name.startswith(("wording_", "instruction_")):
                field.validators.append(validate_no_survey_syntax)
        self.fields = {**model_fields, "change_reason": self.fields["change_reason"]}
        if latest is not None:
            verification = self.fields["verification"]
            stated = [c for c in Verification.choices if c[0] != Verification.UNVERIFIED]
            verification.choices = [("", NOT_CHECKED_CHOICE), *stated]
            verification.required = False
            verification.help_text = VERIFICATION_HELP

    def clean(self):
        data = super().clean()
        for name in VERSION_INPUT_FIELDS:
            if name in data:
                data[name] = self._as_stored(name, data[name])
        if self.latest is not None and not self.errors and self._unchanged(data):
            raise ValidationError(
                _("Niets gewijzigd: de inhoud is gelijk aan versie %(n)s."),
                code="unchanged",
                params={"n": self.latest.number},
            )
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

    def _as_stored(self, name: str, value):
        if not isinstance(value, str):
            return value
        stored = getattr(self.latest, name, None) if self.latest else None
        if isinstance(stored, str) and _lf(value) == _lf(stored):
            return stored
        return _lf(value)

    def _unchanged(self, data) -> bool:
        return all(_same(getattr(self.latest, name), data.get(name)) for name in VERSIONED_FIELDS)

    def version_data(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in VERSION_INPUT_FIELDS}


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _same(stored, submitted) -> bool:
    if isinstance(stored, models.Model) or isinstance(submitted, models.Model):
        return getattr(stored, "pk", None) == getattr(submitted, "pk", None)
    return (stored or "") == (submitted or "")
