"""Forms for the basket. They validate and normalise; services do the writing."""

from __future__ import annotations

import re
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
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

LOCAL_CODE_HELP = _(
    "begint met lok, dan kleine letters en cijfers, bijvoorbeeld lok1 of lokbuurt2; "
    "hoogstens 20 tekens"
)


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


#: Written after an answer to mark its code as missing: ``9 = Weet niet (ontbrekend)``. It is
#: input syntax, so it is the same word in every interface language.
MISSING_MARKER = "ontbrekend"
_MARKER_RE = re.compile(r"\s*\(\s*" + MISSING_MARKER + r"\s*\)$", re.IGNORECASE)

# Labels that usually mean "no real answer". The form never decides on its own: it asks the
# editor to mark such a code as missing or to confirm it is a real answer. "Geen mening" and
# "geen oordeel" are on the list on purpose: they are a real middle category in some scales
# and a non-answer in others, so the editor has to say which.
_MISSING_LIKE_RE = re.compile(
    r"(?<!\w)(?:weet\s+(?:ik\s+|het\s+)?niet"
    r"|geen\s+(?:antwoord|mening|oordeel)"
    r"|wil\s+(?:ik\s+)?(?:dat\s+)?(?:liever\s+)?niet\s+zeggen|zeg\s+ik\s+liever\s+niet"
    r"|niet\s+van\s+toepassing|n\.?\s?v\.?\s?t\.?"
    r"|don[\'’]?t\s+know|no\s+answer|prefer\s+not\s+to\s+say)(?!\w)",
    re.IGNORECASE,
)


class ParsedOption(NamedTuple):
    code: int
    label: str
    is_missing: bool = False


def looks_missing(label: str) -> bool:
    """Whether an answer label reads like a non-answer ("weet niet", "n.v.t.", ...)."""
    return _MISSING_LIKE_RE.search(label) is not None


def parse_options(text: str) -> list[ParsedOption]:
    """One answer per line; `3 = Soms` sets the answer code, otherwise codes count from 1.

    A line ending in `(ontbrekend)` is a missing code; the marker is not part of the label.
    """
    options, used = [], set()
    lines = [(number, ln.strip()) for number, ln in enumerate(text.splitlines(), start=1)]
    for n, (number, line) in enumerate(((nr, ln) for nr, ln in lines if ln), start=1):
        marked = _MARKER_RE.search(line)
        line = line[: marked.start()].strip() if marked else line
        match = re.fullmatch(r"(\d{1,6})\s*=\s*(.*)", line)
        code, label = (int(match.group(1)), match.group(2).strip()) if match else (n, line)
        if marked and not label:
            raise ValidationError(
                _("Regel %(line)s heeft geen antwoordtekst vóór '(%(marker)s)'."),
                params={"line": number, "marker": MISSING_MARKER},
            )
        if not label:  # `9 =` without a marker: read as before, the whole line is the label
            code, label = n, line
        if code in used:
            raise ValidationError(
                _("Antwoordcode %(code)s komt twee keer voor."), params={"code": code}
            )
        used.add(code)
        options.append(ParsedOption(code, label[:300], bool(marked)))
    return options


def options_as_text(options) -> str:
    """Options in the input syntax on one line: `1 = Ja; 9 = Weet niet (ontbrekend)`."""
    return "; ".join(
        f"{o.code} = {o.label_nl}" + (f" ({MISSING_MARKER})" if o.is_missing else "")
        for o in options
    )


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
        help_text=LOCAL_CODE_HELP,
    )
    section = forms.ModelChoiceField(
        label=_("Onderdeel"), queryset=QuestionnaireSection.objects.none(), required=False
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
        help_text=_(
            "Eén antwoord per regel; schrijf '9 = Weet niet' voor een eigen antwoordcode. "
            "Is een antwoord geen echt antwoord (weet niet, geen antwoord, wil niet zeggen, "
            "n.v.t.), zet dan '(ontbrekend)' erachter: '9 = Weet niet (ontbrekend)'. Zo'n code "
            "telt niet mee in percentages en gemiddelden en is een ontbrekende waarde in de "
            "exports."
        ),
    )
    # A checkbox whose value names the answers it confirms (see confirmation_key), so a
    # confirmation never covers a "weet niet" that was added after the editor ticked it.
    real_answers_confirmed = forms.CharField(
        label=_("De antwoorden die op 'weet niet' lijken zijn echte antwoorden"),
        required=False,
        strip=False,
    )

    def __init__(self, *args, questionnaire, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.item = item
        self.suspect_options: list[ParsedOption] = []
        self.confirmation_key = ""
        self.answers_confirmed = False
        self.fields["scale"] = ScaleChoiceField(
            questionnaire=questionnaire, label=_("Bestaande antwoordschaal")
        )
        # Only this questionnaire's sections: another one's id is "not a valid choice".
        self.fields["section"].queryset = questionnaire.sections.order_by("position", "pk")
        self.fields["section"].empty_label = None
        self.order_fields(["lock_version", "section", "code", "wording", "instruction"])

    def current_scale_text(self) -> str:
        """The item's local scale in the input syntax, marks included (edit page)."""
        if self.item is None or self.item.local_scale_id is None:
            return ""
        return options_as_text(self.item.local_scale.options.all())

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

    def clean_new_scale_options(self) -> list[ParsedOption]:
        options = parse_options(self.cleaned_data["new_scale_options"])
        for option in options:
            validate_no_survey_syntax(option.label)
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
        if choice and options:
            self._check_missing_codes(options, confirmed=data.get("real_answers_confirmed", ""))
        if not choice and (options or data.get("scale") is not None):
            self.add_error("answer_type", _("Alleen keuzevragen hebben een antwoordschaal."))
        return data

    def _check_missing_codes(self, options: list[ParsedOption], *, confirmed: str) -> None:
        """Refuse a scale of only missing codes; ask about unmarked "weet niet" answers."""
        if all(o.is_missing for o in options):
            message = _(
                "Minstens één antwoord moet een echt antwoord zijn, niet alleen ontbrekende codes."
            )
            self.add_error("new_scale_options", message)
        self.suspect_options = [o for o in options if not o.is_missing and looks_missing(o.label)]
        if not self.suspect_options:
            return
        label = _confirmation_label(self.suspect_options)
        self.fields["real_answers_confirmed"].label = self["real_answers_confirmed"].label = label
        self.confirmation_key = confirmation_key(self.suspect_options)
        self.answers_confirmed = confirmed == self.confirmation_key
        if self.answers_confirmed:
            return
        for o in self.suspect_options:
            line = f"{o.code} = {o.label}"
            self.add_error(
                "new_scale_options",
                gettext(
                    "Het antwoord '%(line)s' lijkt geen echt antwoord. Schrijf '%(marked)s' als "
                    "het niet mag meetellen in percentages en gemiddelden, of vink hieronder aan "
                    "dat het een echt antwoord is."
                )
                % {"line": line, "marked": f"{line} ({MISSING_MARKER})"},
            )

    def new_scale(self) -> NewScale | None:
        options = self.cleaned_data.get("new_scale_options")
        if not options or self.cleaned_data["answer_type"] not in CHOICE_TYPES:
            return None
        name = self.cleaned_data["new_scale_name"].strip() or self.cleaned_data["code"]
        return NewScale(
            name=name,
            options=[(o.code, o.label) for o in options],
            missing_codes=frozenset(o.code for o in options if o.is_missing),
        )


def confirmation_key(suspects: list[ParsedOption]) -> str:
    """What the confirmation checkbox posts: the answers it says are real."""
    return "; ".join(f"{o.code} = {o.label}" for o in suspects)


def _confirmation_label(suspects: list[ParsedOption]) -> str:
    quoted = [f"'{o.label}'" for o in suspects]
    labels = quoted[0]
    if len(quoted) > 1:
        labels = gettext("%(first)s en %(last)s") % {
            "first": ", ".join(quoted[:-1]),
            "last": quoted[-1],
        }
    return ngettext(
        "%(labels)s is een echt antwoord en telt mee in percentages en gemiddelden",
        "%(labels)s zijn echte antwoorden en tellen mee in percentages en gemiddelden",
        len(suspects),
    ) % {"labels": labels}


class NewLocalItemForm(LocalItemForm):
    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, questionnaire=questionnaire, **kwargs)
        self.fields["section"].required = True


class AdaptForm(LockedForm):
    code = forms.CharField(
        label=_("Lokale code"),
        max_length=CODE_MAX_LENGTH,
        validators=[code_validator],
        help_text=LOCAL_CODE_HELP,
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
