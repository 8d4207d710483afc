"""The admin's "Nieuwe versie" form: a question's next version, exactly as typed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exports.text_rules import validate_no_survey_syntax
from ..models import QuestionVersion
from .services import VERSION_INPUT_FIELDS


class NewVersionForm(forms.Form):
    """The content of a new version; a reason is required once a version exists.

    Texts are kept as typed, spaces included (no stripping). A browser sends every line
    break of a textarea as CRLF, so a text equal to the stored one after CRLF -> LF is the
    stored text, byte for byte, and a changed text is stored with LF line breaks. A version
    that changes nothing is refused ("Niets gewijzigd").
    """

    change_reason = forms.CharField(
        label=gettext_lazy("reden van wijziging"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, latest: QuestionVersion | None = None, **kwargs):
        initial = (
            {field: getattr(latest, field) for field in VERSION_INPUT_FIELDS} if latest else {}
        )
        super().__init__(*args, initial=initial, **kwargs)
        self.latest = latest
        model_fields = fields_for_model(QuestionVersion, fields=VERSION_INPUT_FIELDS)
        for name, field in model_fields.items():
            if isinstance(field, forms.CharField):
                field.strip = False
            if name.startswith(("wording_", "instruction_")):
                field.validators.append(validate_no_survey_syntax)
        self.fields = {**model_fields, "change_reason": self.fields["change_reason"]}

    def _post_clean_text(self, name: str, value):
        if not isinstance(value, str):
            return value
        stored = getattr(self.latest, name, None) if self.latest else None
        if isinstance(stored, str) and _lf(value) == _lf(stored):
            return stored
        return _lf(value)

    def clean(self):
        data = super().clean()
        for name in VERSION_INPUT_FIELDS:
            if name in data:
                data[name] = self._post_clean_text(name, data[name])
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
        return data

    def _unchanged(self, data) -> bool:
        return all(
            _same(getattr(self.latest, name), data.get(name)) for name in VERSION_INPUT_FIELDS
        )

    def version_data(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in VERSION_INPUT_FIELDS}


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _same(stored, submitted) -> bool:
    if isinstance(stored, models.Model) or isinstance(submitted, models.Model):
        return getattr(stored, "pk", None) == getattr(submitted, "pk", None)
    return (stored or "") == (submitted or "")
