"""Reading SPSS .sav (and compressed .zsav) results files from memory with pyreadstat.

The caller (tables.read_table) has already checked the size limit and the magic bytes
(``$FL2`` for .sav, ``$FL3`` for .zsav). pyreadstat reads from a BytesIO through Python
read/seek callbacks, so the respondent data never touches the disk. The header's row count
is not trusted: at most MAX_CELLS values are read (a .zsav can inflate far beyond its size).
SPSS user-missing values arrive as blanks; the value labels and the user-missing ranges
travel with the Table so the questionnaire's scales can be checked against them.
"""

from __future__ import annotations

import datetime
import io
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .tables import MAX_ROWS, Table, too_many_rows

SAV_MAGICS = (b"$FL2", b"$FL3")
MAX_CELLS = 5_000_000


def read_sav(data: bytes) -> Table:
    import pyreadstat

    try:
        # user_missing=True only here: the metadata then holds the user-missing ranges.
        _empty, meta = pyreadstat.read_sav(io.BytesIO(data), metadataonly=True, user_missing=True)
        limit = min(MAX_ROWS, MAX_CELLS // max(len(meta.column_names), 1))
        columns, _meta = pyreadstat.read_sav(
            io.BytesIO(data),
            output_format="dict",
            disable_datetime_conversion=True,
            row_limit=limit + 1,
        )
    except Exception as exc:  # pyreadstat raises several types for broken files
        raise ValidationError(
            _("Het bestand kon niet als SPSS-bestand (.sav) worden gelezen."), code="unreadable"
        ) from exc
    headers = [str(name).strip() for name in meta.column_names]
    values = [list(columns.get(name, ())) for name in meta.column_names]
    count = len(values[0]) if values else 0
    if count > limit:
        raise too_many_rows()
    table = Table(headers=headers)
    for index in range(count):
        row = {h: _value(column[index]) for h, column in zip(headers, values, strict=True) if h}
        if any(v is not None and v != "" for v in row.values()):
            table.rows.append((index + 2, row))
    table.value_labels = _labels(meta)
    table.user_missing = _missing_ranges(meta)
    return table


def _value(value):
    """Blank for SPSS system- and user-missing values, plain Python numbers otherwise."""
    if value is None:
        return None
    if isinstance(value, float | int) and not isinstance(value, bool):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if hasattr(value, "item"):  # a numpy scalar
        return _value(value.item())
    return str(value)


def _labels(meta) -> dict[str, dict[float, str]]:
    labels = {}
    for name, mapping in (meta.variable_value_labels or {}).items():
        numeric = {}
        for code, label in mapping.items():
            try:
                numeric[float(code)] = str(label)
            except (TypeError, ValueError):
                continue  # labels of a string variable: nothing to compare with a scale
        if numeric:
            labels[str(name).strip()] = numeric
    return labels


def _missing_ranges(meta) -> dict[str, list[tuple[float, float]]]:
    ranges = {}
    for name, entries in (meta.missing_ranges or {}).items():
        pairs = []
        for entry in entries:
            try:
                pairs.append((float(entry["lo"]), float(entry["hi"])))
            except (KeyError, TypeError, ValueError):
                continue
        if pairs:
            ranges[str(name).strip()] = pairs
    return ranges


# --------------------------------------------------------------------------- value labels

LABEL_LENGTH = 80


def check_value_labels(table: Table, columns: dict[str, str], specs: dict, errors) -> None:
    """The file's value labels and user-missing codes against the questionnaire's scales.

    A label that differs from the scale's label for that code (case and spacing aside),
    or a labelled code that the scale does not have, means another coding: an error
    naming the column, the code and both labels. A substantive answer code marked
    user-missing would silently drop answers: an error too. Other user-missing codes
    are simply missing.
    """
    for code, header in columns.items():
        spec = specs[code]
        if spec.substantive is None:  # a number question: no scale to compare with
            continue
        if header not in table.value_labels and header not in table.user_missing:
            continue
        scale = {code: label for code, label, _missing in spec.item.display_options()}
        ranges = table.user_missing.get(header, [])
        for answer in sorted(spec.substantive):
            if _in_ranges(answer, ranges):
                errors.add(None, header, _marked_missing(answer, scale[answer]))
        for value, label in sorted(table.value_labels.get(header, {}).items()):
            if not _in_ranges(value, ranges):
                _check_label(header, value, label, scale, errors)


def _in_ranges(value: float, ranges) -> bool:
    return any(low <= value <= high for low, high in ranges)


def _check_label(header: str, value: float, label: str, scale: dict, errors) -> None:
    code = int(value) if value.is_integer() else None
    shown = {"code": _code_text(value), "label": _label_text(label)}
    if code not in scale:
        message = _(
            "code %(code)s ('%(label)s') komt niet voor in de antwoordschaal van deze vraag; "
            "het bestand gebruikt een andere codering dan de vragenlijst"
        )
        errors.add(None, header, message % shown)
    elif _same(label) != _same(scale[code]):
        message = _(
            "code %(code)s heeft in het bestand het label '%(label)s', in de vragenlijst "
            "'%(expected)s'; een ander label wijst op een andere antwoordschaal"
        )
        errors.add(None, header, message % {**shown, "expected": _label_text(scale[code])})


def _marked_missing(code: int, label: str) -> str:
    return _(
        "code %(code)s is in het bestand als ontbrekend gemarkeerd, maar is in de vragenlijst "
        "het antwoord '%(label)s'; haal die markering weg of controleer de codering"
    ) % {"code": code, "label": _label_text(label)}


def _same(label: str) -> str:
    return " ".join(str(label).split()).casefold()


def _code_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value).replace(".", ",")


def _label_text(label: str) -> str:
    text = " ".join(str(label).split())
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"
