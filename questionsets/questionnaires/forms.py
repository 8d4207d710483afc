"""Forms for the basket. They validate and normalise; services do the writing."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..exports.text_rules import validate_no_survey_syntax
from ..models import (
    CHOICE_TYPES,
    CODE_MAX_LENGTH,
    AnswerScale,
    AnswerType,
    LocalScale,
    Questionnaire,
    QuestionnaireSection,
    code_validator,
)
from .items import NewScale
from .services import local_code_error


class LockedForm(forms.Form):
    """Every write carries the lock_version the user's page was based on."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["municipality", "title", "year", "description", "local_time_budget_minutes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].empty_label = None
        self.fields["year"].widget.attrs.update(min=2000, max=2100)


class QuestionnaireCopyForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)


class QuestionnaireSettingsForm(LockedForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    local_time_budget_minutes = forms.IntegerField(
        label=_("Tijdsbudget lokale vragen (minuten)"), min_value=0, max_value=120
    )


class SectionForm(LockedForm):
    title = forms.CharField(label=_("Naam van het nieuwe onderdeel"), max_length=200)


class SectionRenameForm(LockedForm):
    title = forms.CharField(label=_("Naam van het onderdeel"), max_length=200)


class MoveForm(LockedForm):
    direction = forms.ChoiceField(choices=[("up", _("omhoog")), ("down", _("omlaag"))])
    confirmed = forms.BooleanField(required=False)


class ConfirmForm(LockedForm):
    confirmed = forms.BooleanField(required=False)


class ReorderForm(LockedForm):
    """Drag and drop posts `order` as `s12:4,5,6;s13:7,8` (section id, then its item ids)."""

    order = forms.CharField(max_length=100_000)
    confirmed = forms.BooleanField(required=False)

    def clean_order(self) -> list[tuple[int, list[int]]]:
        result = []
        for part in filter(None, self.cleaned_data["order"].split(";")):
            match = re.fullmatch(r"s(\d+):([\d,]*)", part.strip())
            if match is None:
                raise ValidationError(_("De nieuwe volgorde is onleesbaar."))
            ids = [int(x) for x in match.group(2).split(",") if x]
            result.append((int(match.group(1)), ids))
        return result


def parse_options(text: str) -> list[tuple[int, str]]:
    """One answer per line; `3 = Soms` sets the answer code, otherwise codes count from 1."""
    options, used = [], set()
    for n, line in enumerate((ln.strip() for ln in text.splitlines() if ln.strip()), start=1):
        match = re.fullmatch(r"(\d{1,6})\s*=\s*(.+)", line)
        code, label = (int(match.group(1)), match.group(2).strip()) if match else (n, line)
        if code in used:
            raise ValidationError(
                _("Antwoordcode %(code)s komt twee keer voor."), params={"code": code}
            )
        used.add(code)
        options.append((code, label[:300]))
    return options


class ScaleChoiceField(forms.ChoiceField):
    """Catalogue scales and this questionnaire's local scales in one select."""

    def __init__(self, *, questionnaire: Questionnaire, **kwargs):
        self.catalogue = {f"c{s.pk}": s for s in AnswerScale.objects.order_by("name")}
        self.local = {f"l{s.pk}": s for s in LocalScale.objects.filter(questionnaire=questionnaire)}
        choices = [("", _("geen, of een nieuwe lokale schaal hieronder"))]
        if self.local:
            choices.append((_("Lokale schalen"), [(k, str(s)) for k, s in self.local.items()]))
        choices.append((_("Catalogus"), [(k, str(s)) for k, s in self.catalogue.items()]))
        super().__init__(choices=choices, required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.catalogue.get(value) or self.local.get(value) or None

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


class LocalItemForm(LockedForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=CODE_MAX_LENGTH,
        validators=[code_validator],
        help_text=_("kleine letter, dan kleine letters en cijfers; hoogstens 20 tekens"),
    )
    wording = forms.CharField(
        label=_("Vraagtekst"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_survey_syntax],
    )
    instruction = forms.CharField(
        label=_("Instructie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_no_survey_syntax],
    )
    answer_type = forms.ChoiceField(label=_("Antwoordtype"), choices=AnswerType.choices)
    new_scale_name = forms.CharField(label=_("Naam nieuwe lokale schaal"), required=False)
    new_scale_options = forms.CharField(
        label=_("Antwoorden van de nieuwe lokale schaal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eén antwoord per regel; schrijf '9 = Weet niet' voor een eigen antwoordcode."),
    )

    def __init__(self, *args, questionnaire, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.item = item
        self.fields["scale"] = ScaleChoiceField(
            questionnaire=questionnaire, label=_("Bestaande antwoordschaal")
        )
        self.order_fields(["lock_version", "section", "code", "wording", "instruction"])

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        error = local_code_error(
            questionnaire=self.questionnaire,
            code=code,
            exclude_item_id=self.item.pk if self.item else None,
        )
        if error:
            raise ValidationError(error)
        return code

    def clean_new_scale_options(self) -> list[tuple[int, str]]:
        options = parse_options(self.cleaned_data["new_scale_options"])
        for _code, label in options:
            validate_no_survey_syntax(label)
        return options

    def clean(self):
        data = super().clean()
        options = data.get("new_scale_options") or []
        choice = data.get("answer_type") in CHOICE_TYPES
        if choice and not options and data.get("scale") is None:
            self.add_error(
                "scale",
                _("Kies een antwoordschaal of vul de antwoorden van een nieuwe lokale schaal in."),
            )
        if choice and options and data.get("scale") is not None:
            self.add_error("scale", _("Kies een bestaande schaal óf maak een nieuwe, niet beide."))
        if choice and options and len(options) < 2:
            self.add_error(
                "new_scale_options", _("Een antwoordschaal heeft minstens twee antwoorden.")
            )
        if not choice and (options or data.get("scale") is not None):
            self.add_error("answer_type", _("Alleen keuzevragen hebben een antwoordschaal."))
        return data

    def new_scale(self) -> NewScale | None:
        options = self.cleaned_data.get("new_scale_options")
        if not options or self.cleaned_data["answer_type"] not in CHOICE_TYPES:
            return None
        name = self.cleaned_data["new_scale_name"].strip() or self.cleaned_data["code"]
        return NewScale(name=name, options=options)


class NewLocalItemForm(LocalItemForm):
    section = forms.ModelChoiceField(
        label=_("Onderdeel"), queryset=QuestionnaireSection.objects.none()
    )

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, questionnaire=questionnaire, **kwargs)
        self.fields["section"].queryset = questionnaire.sections.order_by("position")
        self.fields["section"].empty_label = None
        self.order_fields(["lock_version", "section", "code", "wording", "instruction"])


class AdaptForm(LockedForm):
    code = forms.CharField(
        label=_("Lokale code"), max_length=CODE_MAX_LENGTH, validators=[code_validator]
    )
    wording = forms.CharField(
        label=_("Vraagtekst"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_survey_syntax],
    )
    instruction = forms.CharField(
        label=_("Instructie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_no_survey_syntax],
    )

    def __init__(self, *args, questionnaire, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire, self.item = questionnaire, item

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        error = local_code_error(
            questionnaire=self.questionnaire, code=code, exclude_item_id=self.item.pk
        )
        if error:
            raise ValidationError(error)
        return code
