"""The "Wijzigingslog": the catalogue's audit trail in plain words, filterable."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ...models import CatalogueChange
from ..access import curator_required
from ..audit import TRACKED
from .audit_text import kind_name, sentence
from .listing import ListForm, listing

# Pages of the workbench by model label, keyed by the first word of the natural key.
LINKS = {
    "questionsets.concept": "questionsets:curation-concept",
    "questionsets.definition": "questionsets:curation-concept",
    "questionsets.conceptrelation": "questionsets:curation-concept",
    "questionsets.indicator": "questionsets:curation-indicator",
    "questionsets.scoringrule": "questionsets:curation-indicator",
    "questionsets.scoringitem": "questionsets:curation-indicator",
    "questionsets.answerscale": "questionsets:curation-scale",
    "questionsets.answeroption": "questionsets:curation-scale",
    "questionsets.question": "questionsets:curation-question",
    "questionsets.questionversion": "questionsets:curation-question",
    "questionsets.questionset": "questionsets:curation-set",
    "questionsets.questionsetitem": "questionsets:curation-set",
}


def kind_choices() -> list[tuple[str, str]]:
    labels = [m._meta.label_lower for m in TRACKED] + ["questionsets.nationalfigure"]
    return sorted(((label, kind_name(label)) for label in labels), key=lambda c: c[1])


class LogFilter(ListForm):
    kind = forms.ChoiceField(label=gettext_lazy("soort object"), choices=kind_choices)
    person = forms.ModelChoiceField(
        label=gettext_lazy("persoon"),
        queryset=get_user_model()
        .objects.filter(pk__in=CatalogueChange.objects.values("user_id"))
        .order_by("username"),
        empty_label=gettext_lazy("iedereen"),
    )
    since = forms.DateField(
        label=gettext_lazy("vanaf (datum)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("tot en met (datum)"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = gettext_lazy("Code van het object")
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise ValidationError(_("De begindatum ligt na de einddatum."))
        return data


def _day_start(day: datetime.date) -> datetime.datetime:
    day = max(day, datetime.date.min + datetime.timedelta(days=2))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _day_after(day: datetime.date) -> datetime.datetime:
    if day >= datetime.date.max - datetime.timedelta(days=2):
        return timezone.make_aware(datetime.datetime.max - datetime.timedelta(days=2))
    return _day_start(day + datetime.timedelta(days=1))


@require_GET
@curator_required
def change_log(request: HttpRequest) -> HttpResponse:
    queryset = CatalogueChange.objects.select_related("user").order_by("-created_at", "-pk")
    result = listing(
        request,
        form_class=LogFilter,
        queryset=queryset,
        search=("object_key",),
        filters={
            "kind": "model_label",
            "person": "user",
            "since": lambda qs, day: qs.filter(created_at__gte=_day_start(day)),
            "until": lambda qs, day: qs.filter(created_at__lt=_day_after(day)),
        },
    )
    if result.form.non_field_errors():
        result.page.object_list = []
    entries = [_entry(change) for change in result.page.object_list]
    return render(
        request, "questionsets/curation/change_log.html", {"listing": result, "entries": entries}
    )


def _entry(change: CatalogueChange) -> dict:
    code = (change.object_key or "").split(" ")[0]
    return {
        "change": change,
        "sentence": sentence(change),
        "kind": kind_name(change.model_label),
        "link_name": LINKS.get(change.model_label) if code else None,
        "code": code,
    }
