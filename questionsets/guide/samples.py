"""The example files the guide offers: written by the product's own writers, never stored.

* exports: one example questionnaire made of the first published national set (by code),
  rendered by every export writer exactly as a municipal questionnaire would be;
* the planner's district file: columns ``wijk`` and ``inwoners``, as the planner reads it;
* the curators' catalogue workbook: ``fixtures/catalogue-template.xlsx``.
"""

from __future__ import annotations

import csv
import io

import tablib
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ..curation import workbook
from ..exports import FORMATS, ExportFile, ExportQuestionnaire
from ..exports.build import catalogue_version, version_item
from ..models import QuestionSet

PLANNER_COLUMNS = ("wijk", "inwoners")
PLANNER_ROWS = (("Noord", 12000), ("Oost", 8500), ("Zuid", 15250), ("West", 6400))
CATALOGUE_TEMPLATE = settings.BASE_DIR / "fixtures" / "catalogue-template.xlsx"


def example_set() -> QuestionSet | None:
    """The first published set with questions, with its versions: two queries."""
    return (
        QuestionSet.objects.published()
        .filter(items__isnull=False)
        .distinct()
        .order_by("code")
        .with_items()
        .first()
    )


def example_questionnaire(qset: QuestionSet) -> ExportQuestionnaire:
    """The set as the only content of an example questionnaire (nothing is stored)."""
    intro = (qset.intro_nl, qset.intro_en)
    items = tuple(
        version_item(si.question_version, section=qset.name_nl, intro=intro)
        for si in qset.items.all()
    )
    return ExportQuestionnaire(
        title=_("Voorbeeldvragenlijst"),
        year=timezone.localdate().year,
        municipality_code="GM0000",
        municipality_name=_("Voorbeeldgemeente"),
        catalogue_version=catalogue_version(),
        exported_at=timezone.localtime(),
        items=items,
    )


def example_export(fmt: str) -> ExportFile | None:
    writer = FORMATS.get(fmt)
    qset = example_set() if writer else None
    return writer(example_questionnaire(qset)) if qset else None


def planner_file(ext: str) -> ExportFile | None:
    if ext == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(PLANNER_COLUMNS)
        writer.writerows(PLANNER_ROWS)
        return ExportFile(
            "wijken-voorbeeld.csv", "text/csv; charset=utf-8", out.getvalue().encode()
        )
    if ext == "xlsx":
        data = tablib.Dataset(*PLANNER_ROWS, headers=list(PLANNER_COLUMNS))
        body = workbook.write_workbook([(_("wijken"), data)])
        return ExportFile("wijken-voorbeeld.xlsx", workbook.XLSX_CONTENT_TYPE, body)
    return None


def catalogue_file() -> ExportFile:
    return ExportFile(
        "catalogus-voorbeeld.xlsx", workbook.XLSX_CONTENT_TYPE, CATALOGUE_TEMPLATE.read_bytes()
    )
