"""The results template of a questionnaire: the columns an upload expects, and their codes.

Sheet 'gegevens' has one column per analysable item (the codes `parse_respondents`
requires) plus the optional `wijk` and `gewicht`; sheet 'codes' lists, per column, the
valid answer codes with their labels exactly as in the questionnaire, missing codes marked.
Every text is written as a plain string, never as a formula.
"""

from __future__ import annotations

import tablib
from django.utils.translation import gettext as _

from ..curation import workbook
from .analysis import WIJK_COLUMN, ItemSpec, analysis_specs
from .comparison import file_stem

WEIGHT_COLUMN = "gewicht"


def template_workbook(questionnaire) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of the template for `questionnaire`."""
    specs, _indicators = analysis_specs(questionnaire)
    columns = [spec.code for spec in specs] + [WIJK_COLUMN, WEIGHT_COLUMN]
    data = tablib.Dataset(headers=columns)
    codes = tablib.Dataset(headers=[_("kolom"), _("vraag"), _("code"), _("label"), _("ontbrekend")])
    for spec in specs:
        for line in _code_lines(spec):
            codes.append(line)
    codes.append([WIJK_COLUMN, _("naam van de wijk (optioneel)"), None, _("tekst"), None])
    codes.append([WEIGHT_COLUMN, _("weegfactor (optioneel)"), None, _("getal groter dan 0"), None])
    sheets = [(_("gegevens"), data), (_("codes"), codes)]
    return (
        f"sjabloon-{file_stem(questionnaire)}.xlsx",
        workbook.XLSX_CONTENT_TYPE,
        workbook.write_workbook(sheets),
    )


def _code_lines(spec: ItemSpec) -> list[list]:
    wording = spec.item.display_wording()
    if spec.substantive is None:
        return [[spec.code, wording, None, _("een getal"), None]]
    yes, no = _("ja"), _("nee")
    return [
        [spec.code, wording, code, label, yes if missing else no]
        for code, label, missing in spec.item.display_options()
    ]
