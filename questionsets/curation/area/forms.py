"""The workbench's edit forms. Validation is the models' own (``full_clean``), as in the
admin: a scoring rule's categories and recodes, a national figure's statistic and range,
plus the Excel import's check that a percentage counts answer codes of the question."""

from __future__ import annotations

import json
import math

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import (
    AnswerOption,
    Concept,
    ConceptRelation,
    Definition,
    Indicator,
    NationalFigure,
    Question,
    ScoringItem,
    ScoringRule,
    Source,
)


class CodeLabelledChoiceField(forms.ModelChoiceField):
    """A choice of a catalogue object that shows its name, not only its code."""

    def label_from_instance(self, obj):
        name = getattr(obj, "name_nl", None) or getattr(obj, "instrument", None)
        return f"{obj.code} – {name}" if name else obj.code


class SourceForm(forms.ModelForm):
    url = forms.URLField(
        label=gettext_lazy("URL"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Source
        fields = ("code", "instrument", "publisher", "edition", "year", "url", "note")


class ConceptForm(forms.ModelForm):
    class Meta:
        model = Concept
        fields = ("code", "slug", "name_nl", "name_en", "description", "domain", "framing", "scope")


class DefinitionForm(forms.ModelForm):
    source = CodeLabelledChoiceField(
        queryset=Source.objects.order_by("code"), required=False, label=gettext_lazy("bron")
    )

    class Meta:
        model = Definition
        fields = ("position", "text", "source", "source_note", "is_verbatim")


class RelationForm(forms.ModelForm):
    target = CodeLabelledChoiceField(
        queryset=Concept.objects.order_by("code"), label=gettext_lazy("naar begrip")
    )

    class Meta:
        model = ConceptRelation
        fields = ("kind", "target", "note")


DefinitionFormSet = inlineformset_factory(
    Concept, Definition, form=DefinitionForm, extra=1, can_delete=True
)
RelationFormSet = inlineformset_factory(
    Concept, ConceptRelation, form=RelationForm, fk_name="source", extra=1, can_delete=True
)


class IndicatorForm(forms.ModelForm):
    concept = CodeLabelledChoiceField(
        queryset=Concept.objects.order_by("code"), label=gettext_lazy("begrip")
    )

    class Meta:
        model = Indicator
        fields = ("code", "concept", "name_nl", "name_en", "kind", "computation", "note")


class CodesField(forms.CharField):
    """Answer codes typed as "1|2" (as in the Excel sheet) or "1, 2"."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "|".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").replace(",", "|")
        parts = [p.strip() for p in text.split("|") if p.strip()]
        try:
            return [int(p) for p in parts]
        except ValueError:
            raise ValidationError(
                _("Antwoordcodes zijn gehele getallen, gescheiden door | (bijv. 1|2).")
            ) from None


RECODE_HELP = gettext_lazy("Een hercodering is bijv. 1=0|2=1: antwoordcode = getal.")


class RecodeField(forms.CharField):
    """A recode typed as "1=0|2=1" (as in the Excel sheet)."""

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "|".join(f"{k}={_number(v)}" for k, v in value.items())
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        recode = {}
        for pair in filter(None, (p.strip() for p in text.split("|"))):
            code, sep, target = pair.partition("=")
            try:
                number = json.loads(target.replace(",", "."))
                recode[str(int(code))] = number
            except ValueError:  # json.JSONDecodeError is a ValueError
                raise ValidationError(RECODE_HELP) from None
            if not sep or not isinstance(number, int | float) or isinstance(number, bool):
                raise ValidationError(RECODE_HELP)
            if not math.isfinite(number):
                raise ValidationError(RECODE_HELP)
        return recode


def _number(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


class ScoringRuleForm(forms.ModelForm):
    categories = CodesField(label=gettext_lazy("antwoordcategorieën"), required=False)

    class Meta:
        model = ScoringRule
        fields = (
            "variant",
            "kind",
            "categories",
            "min_matches",
            "min_valid",
            "aggregate",
            "target_min",
            "target_max",
            "note",
        )


class ScoringItemForm(forms.ModelForm):
    question = CodeLabelledChoiceField(
        queryset=Question.objects.order_by("code"), label=gettext_lazy("vraag")
    )
    recode = RecodeField(label=gettext_lazy("hercodering"), required=False)

    class Meta:
        model = ScoringItem
        fields = ("position", "question", "reversed", "recode")


ScoringItemFormSet = inlineformset_factory(
    ScoringRule, ScoringItem, form=ScoringItemForm, extra=1, can_delete=True
)


class FigureForm(forms.ModelForm):
    question = CodeLabelledChoiceField(
        queryset=Question.objects.order_by("code"), required=False, label=gettext_lazy("vraag")
    )
    indicator = CodeLabelledChoiceField(
        queryset=Indicator.objects.order_by("code"), required=False, label=gettext_lazy("indicator")
    )
    source = CodeLabelledChoiceField(
        queryset=Source.objects.order_by("code"), label=gettext_lazy("bron")
    )
    categories = CodesField(label=gettext_lazy("antwoordcategorieën"), required=False)

    class Meta:
        model = NationalFigure
        fields = (
            "question",
            "indicator",
            "variant",
            "year",
            "statistic",
            "categories",
            "scale_min",
            "scale_max",
            "value",
            "n",
            "standard_error",
            "ci_low",
            "ci_high",
            "population",
            "source",
            "note",
        )

    def clean(self):
        data = super().clean()
        question, codes = data.get("question"), data.get("categories")
        if question is not None and codes and "categories" not in self.errors:
            known = set(
                AnswerOption.objects.filter(
                    scale__question_versions__question=question
                ).values_list("code", flat=True)
            )
            unknown = [c for c in codes if known and c not in known]
            if unknown:
                self.add_error(
                    "categories",
                    _("antwoordcode %(codes)s komt niet voor in de schaal van de vraag")
                    % {"codes": ", ".join(str(c) for c in unknown)},
                )
        return data
