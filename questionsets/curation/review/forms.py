"""The proposal forms: a set with its question picker, a scale with its missing codes, a retirement, a review step."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import AnswerScale, Question, QuestionSet, QuestionVersion, Source
from ...models.base import code_validator
from ...questionnaires.forms import looks_missing, parse_options

REASON_LABEL = gettext_lazy("reden")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=REASON_LABEL, widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("opmerking voor de indiener"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def latest_versions():
    """The newest version of every question, with its question: one query."""
    newest = QuestionVersion.objects.filter(question=OuterRef("question")).order_by("-number")
    return (
        QuestionVersion.objects.filter(pk=Subquery(newest.values("pk")[:1]))
        .select_related("question")
        .order_by("question__code")
    )


class SetProposalForm(forms.Form):
    """A set's own fields and its questions: a position per question in the picker (empty: not in it)."""

    code = forms.CharField(label=gettext_lazy("code"), max_length=20, validators=[code_validator])
    name_nl = forms.CharField(label=gettext_lazy("naam (Nederlands)"), max_length=300)
    name_en = forms.CharField(label=gettext_lazy("naam (Engels)"), max_length=300, required=False)
    description = forms.CharField(
        label=gettext_lazy("beschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    intro_nl = forms.CharField(
        label=gettext_lazy("gedeelde inleiding (Nederlands)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    intro_en = forms.CharField(
        label=gettext_lazy("gedeelde inleiding (Engels)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    indivisible = forms.BooleanField(label=gettext_lazy("ondeelbaar"), required=False)
    order_locked = forms.BooleanField(label=gettext_lazy("vaste volgorde"), required=False)
    source = forms.ModelChoiceField(
        label=gettext_lazy("bron"), queryset=Source.objects.all(), required=False
    )
    reason = forms.CharField(label=REASON_LABEL, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, question_set: QuestionSet | None = None, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.question_set = question_set
        self.versions = list(versions)
        if question_set is not None:
            self.fields["code"].required = False
            self.fields["code"].disabled = True
        self.picker = []
        for version in self.versions:
            name = f"pos_{version.question_id}"
            self.fields[name] = forms.IntegerField(
                label=f"{version.question.code} v{version.number}",
                required=False,
                min_value=1,
                max_value=999,
            )
            self.picker.append((self[name], version))

    def clean_code(self):
        code = self.cleaned_data.get("code") or ""
        if self.question_set is None and QuestionSet.objects.filter(code=code).exists():
            raise ValidationError(_("Er is al een set met code %(code)s.") % {"code": code})
        return code

    def clean(self):
        data = super().clean()
        chosen = [
            (data[f"pos_{v.question_id}"], v.question.code, v)
            for v in self.versions
            if data.get(f"pos_{v.question_id}") is not None
        ]
        if not self.errors and not chosen:
            raise ValidationError(_("Kies minstens één vraag voor de set (vul een volgnummer in)."))
        self.chosen = [v for _pos, _code, v in sorted(chosen, key=lambda c: (c[0], c[1]))]
        return data

    def payload(self) -> dict:
        data = self.cleaned_data
        fields = ("name_nl", "name_en", "description", "intro_nl", "intro_en")
        payload = {f: data[f].replace("\r\n", "\n") for f in fields}
        payload.update(
            code=self.question_set.code if self.question_set else data["code"],
            indivisible=data["indivisible"],
            order_locked=data["order_locked"],
            source=data["source"].pk if data["source"] else None,
            items=[v.pk for v in self.chosen],
        )
        return payload


def set_initial(question_set: QuestionSet) -> dict:
    initial = {
        f: getattr(question_set, f)
        for f in ("code", "name_nl", "name_en", "description", "intro_nl", "intro_en")
    }
    initial.update(
        indivisible=question_set.indivisible,
        order_locked=question_set.order_locked,
        source=question_set.source_id,
    )
    for item in question_set.items.all():
        initial[f"pos_{item.question_version.question_id}"] = item.position
    return initial


def payload_initial(payload: dict) -> dict:
    """A set proposal's payload as the form's initial values."""
    initial = {k: v for k, v in payload.items() if k != "items"}
    by_version = dict(
        QuestionVersion.objects.filter(pk__in=payload.get("items", [])).values_list(
            "pk", "question_id"
        )
    )
    for position, pk in enumerate(payload.get("items", []), start=1):
        if pk in by_version:
            initial[f"pos_{by_version[pk]}"] = position
    return initial


class ScaleProposalForm(forms.Form):
    """A new scale, or a change to a scale no published version uses yet.

    A scale a published version uses never changes: its change is a new scale with its own
    code (a question moves to it with a new version).
    """

    code = forms.CharField(label=gettext_lazy("code"), max_length=20, validators=[code_validator])
    name = forms.CharField(label=gettext_lazy("naam"), max_length=200)
    note = forms.CharField(
        label=gettext_lazy("toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    options = forms.CharField(
        label=gettext_lazy("antwoorden (Nederlands), één per regel"),
        help_text=gettext_lazy(
            "Schrijf '1 = Helemaal mee eens'. Een ontbrekende code (weet niet, geen antwoord) "
            "markeert u zo: '9 = Weet niet (ontbrekend)'."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    labels_en = forms.CharField(
        label=gettext_lazy("antwoorden (Engels), in dezelfde volgorde, één per regel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    confirm_real = forms.BooleanField(
        label=gettext_lazy(
            "Antwoorden als 'weet niet' zonder '(ontbrekend)' zijn echte antwoorden"
        ),
        required=False,
    )
    reason = forms.CharField(label=REASON_LABEL, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, scale: AnswerScale | None = None, in_use: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale, self.in_use = scale, in_use
        if scale is not None and not in_use:
            self.fields["code"].disabled = True
            self.fields["code"].required = False
        elif scale is not None:
            self.fields["code"].help_text = _(
                "Schaal %(code)s wordt gebruikt door een gepubliceerde vraagversie en verandert "
                "nooit: uw wijziging wordt een nieuwe schaal. Geef die een eigen code."
            ) % {"code": scale.code}

    def clean_code(self):
        code = self.cleaned_data.get("code") or ""
        if self.scale is not None and not self.in_use:
            return self.scale.code
        if AnswerScale.objects.filter(code=code).exists():
            raise ValidationError(_("Er is al een schaal met code %(code)s.") % {"code": code})
        return code

    def clean_options(self):
        options = parse_options(self.cleaned_data["options"])
        if not options:
            raise ValidationError(_("Geef minstens één antwoord."))
        if all(o.is_missing for o in options):
            raise ValidationError(_("Minstens één antwoord moet een echt antwoord zijn."))
        return options

    def clean(self):
        data = super().clean()
        options = data.get("options") or []
        suspicious = [o.label for o in options if not o.is_missing and looks_missing(o.label)]
        if suspicious and not data.get("confirm_real"):
            self.add_error(
                "options",
                _(
                    "'%(label)s' lijkt geen echt antwoord. Zet '(ontbrekend)' erachter, of "
                    "bevestig hieronder dat het een echt antwoord is."
                )
                % {"label": suspicious[0]},
            )
        english = [ln.strip() for ln in (data.get("labels_en") or "").splitlines() if ln.strip()]
        if english and options and len(english) != len(options):
            self.add_error(
                "labels_en",
                _("Geef evenveel Engelse als Nederlandse antwoorden (%(n)s), of geen.")
                % {"n": len(options)},
            )
        self.english = english
        return data

    def payload(self) -> dict:
        data = self.cleaned_data
        english = self.english or [""] * len(data["options"])
        return {
            "code": data["code"],
            "name": data["name"],
            "note": data["note"],
            "options": [
                {"code": o.code, "label_nl": o.label, "label_en": en, "missing": o.is_missing}
                for o, en in zip(data["options"], english, strict=True)
            ],
        }


def scale_initial(payload: dict) -> dict:
    options = payload.get("options", [])
    return {
        "code": payload.get("code", ""),
        "name": payload.get("name", ""),
        "note": payload.get("note", ""),
        "options": "\n".join(
            f"{o['code']} = {o['label_nl']}" + (" (ontbrekend)" if o.get("missing") else "")
            for o in options
        ),
        "labels_en": "\n".join(o.get("label_en", "") for o in options)
        if any(o.get("label_en") for o in options)
        else "",
    }


def scale_payload(scale: AnswerScale) -> dict:
    return {
        "code": scale.code,
        "name": scale.name,
        "note": scale.note,
        "options": [
            {
                "code": o.code,
                "label_nl": o.label_nl,
                "label_en": o.label_en,
                "missing": o.is_missing,
            }
            for o in scale.options.all()
        ],
    }


class VerificationForm(forms.Form):
    """Record where a wording was checked: a status and a vindplaats."""

    verification = forms.ChoiceField(label=gettext_lazy("verificatie"))
    verification_note = forms.CharField(
        label=gettext_lazy("vindplaats: waar is deze tekst gecontroleerd?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        from ...models import Verification

        super().__init__(*args, **kwargs)
        self.fields["verification"].choices = [
            c for c in Verification.choices if c[0] != Verification.UNVERIFIED
        ]


def question_for_code(code: str) -> Question | None:
    return Question.objects.filter(code=code).first()
