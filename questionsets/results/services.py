"""Local results: reading uploads, computing estimates, storing aggregates; national figures.

Privacy rule for respondent-level data: it is parsed from memory (``MemoryOnlyUploadHandler``
never spills to a temporary file), turned into aggregates in this module and dropped.
Only ``LocalResult`` rows (estimates, intervals, counts) and per-wijk respondent counts
are stored; no value of a single respondent is stored, written to disk or logged.
Error messages quote at most a short cell value back to the uploader.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy

from ..models import (
    LocalResult,
    QuestionnaireItem,
    ResultUpload,
    SamplePlan,
)
from . import stats
from .aggregates import (
    aggregate_columns,
    parse_aggregates,
)
from .analysis import (
    MIN_N_WIJK,
    analysis_specs,
    compute_results,
    parse_respondents,
    wijk_counts,
)
from .tables import (
    read_table,
)

# --------------------------------------------------------------------------- national figures
# The curators' Excel import, built on the catalogue's Resource conventions (strict headers,
# Excel row numbers, Dutch row/column errors, references resolved from one query per table,
# all or nothing in one transaction with a dry-run preview in the admin).


class ResultUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort gegevens"),
        choices=ResultUpload.Kind.choices,
        initial=ResultUpload.Kind.RESPONDENTS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("Bestand (.xlsx, .csv of SPSS .sav)"),
        help_text=gettext_lazy(
            "Per respondent: één kolom per vraagcode, optioneel 'wijk' en 'gewicht'; andere "
            "kolommen worden genegeerd. Geaggregeerd: kolommen code, n, waarde en optioneel "
            "standaardfout, statistiek, wijk."
        ),
    )


def results_import(
    *, questionnaire, user, kind: str, data: bytes, municipality_id: int | None = None
) -> ResultUpload:
    """Validate an upload, compute the aggregates and store only those (replacing old ones).

    Raises ValidationError with every problem (row and column) and stores nothing then.
    The returned upload carries `ignored_columns` (not stored): the file's extra columns.
    """
    rows, meta = compute_upload(questionnaire=questionnaire, kind=kind, data=data)
    ignored = meta.pop("ignored_columns")
    upload = store_results(
        questionnaire=questionnaire,
        user=user,
        kind=kind,
        rows=rows,
        municipality_id=municipality_id,
        **meta,
    )
    upload.ignored_columns = ignored
    return upload


def compute_upload(*, questionnaire, kind: str, data: bytes) -> tuple[list[LocalResult], dict]:
    """The aggregates of an upload, in memory: (unsaved LocalResult rows, upload facts,
    with the file's ignored extra columns under "ignored_columns")."""
    table = read_table(data)
    specs, indicator_specs = analysis_specs(questionnaire)
    if kind == ResultUpload.Kind.AGGREGATED:
        table, ignored = aggregate_columns(table)
        rows = parse_aggregates(table, specs, indicator_specs)
        meta = {"respondents": None, "weighted": False, "design_effect": None, "wijk_counts": {}}
    else:
        respondents = parse_respondents(table, specs, ignorable=_unanalysed_codes(questionnaire))
        ignored = respondents.ignored
        del table  # nothing respondent-level outlives this function
        rows = compute_results(respondents, specs, indicator_specs)
        deff = stats.kish(respondents.weights)[1] if respondents.weights else None
        meta = {
            "respondents": respondents.count,
            "weighted": respondents.weights is not None,
            "design_effect": deff,
            "wijk_counts": wijk_counts(respondents),
        }
    meta["ignored_columns"] = ignored
    return rows, meta


def _unanalysed_codes(questionnaire) -> set[str]:
    """Codes of text and multiple-choice items: allowed as columns, but not analysed."""
    return set(
        QuestionnaireItem.objects.filter(questionnaire=questionnaire).values_list("code", flat=True)
    )


@transaction.atomic
def store_results(*, questionnaire, user, kind, rows, municipality_id=None, **meta) -> ResultUpload:
    """Replace the results of the owner (municipality_id None) or of one municipality the
    questionnaire was shared with."""
    ResultUpload.objects.filter(
        questionnaire=questionnaire, municipality_id=municipality_id
    ).delete()
    upload = ResultUpload.objects.create(
        questionnaire=questionnaire,
        kind=kind,
        uploaded_by=user,
        min_n_wijk=MIN_N_WIJK,
        municipality_id=municipality_id,
        **meta,
    )
    for row in rows:
        row.upload = upload
    LocalResult.objects.bulk_create(rows)
    return upload


def sample_plan_save(
    *, questionnaire, user, wijken, margin, confidence, response_rate
) -> SamplePlan:
    """Save the planner's inputs with the questionnaire, replacing an earlier plan."""
    plan, _created = SamplePlan.objects.update_or_create(
        questionnaire=questionnaire,
        defaults={
            "districts": [[name, population] for name, population in wijken],
            "margin": margin,
            "confidence": confidence,
            "response_rate": response_rate,
            "saved_by": user,
        },
    )
    return plan
