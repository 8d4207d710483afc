"""Reading a workbook that comes back from the field: our own xlsx or an XLSForm, safely and with row-level errors."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from questionsets.exports import xlsx as xlsx_export
from questionsets.exports.base import (
    ANSWER_TYPE_LABELS_NL,
    CODE_RE,
    KIND_LABELS_NL,
)

MAX_PROBLEMS_SHOWN = 10
MAX_ROWS = 20_000


# Used only when questionsets.files.xlsx_safety is unavailable.
_FALLBACK_MAX_BYTES = 10 * 1024 * 1024


_ZIP_MAGIC = b"PK\x03\x04"


_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


_ANSWER_TYPES_BY_LABEL = {label: key for key, label in ANSWER_TYPE_LABELS_NL.items()}


_KINDS_BY_LABEL = {label: key for key, label in KIND_LABELS_NL.items()}


_XLSFORM_TYPES = {"integer": "numeric", "decimal": "numeric", "text": "text"}


_XLSFORM_SKIP_TYPES = {
    "begin_group",
    "end_group",
    "begin group",
    "end group",
    "begin_repeat",
    "end_repeat",
    "begin repeat",
    "end repeat",
    "note",
    "calculate",
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "audit",
}


# The first option may have any code (so a wrong one is named); a later one starts only
# at "; <number> =" or a new line, so a label like "Eens; score=5" stays one label.
_FIRST_OPTION_RE = re.compile(r"^\s*([^\s;=]+)\s*=\s?")
_NEXT_OPTION_RE = re.compile(r"(?:;\s*|\n\s*)(-?\d+)\s*=\s?")


_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")


class ConformanceError(ValueError):
    """The upload cannot be checked; ``message`` is Dutch and meant for the user."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass
class FoundItem:
    code: str
    row: int
    wording: str
    instruction: str
    answer_type: str  # internal key if recognised, else the raw text
    answer_type_raw: str
    options: list[tuple[int, str]] | None  # None when the file has no option column
    version: int | None = None
    declared_kind: str = ""  # national/adapted/local as the file says, if it says
    formulas: dict[str, str] = field(default_factory=dict)  # field name -> "=formula"
    options_raw: str | None = None  # the options cell as written, when the file has one


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_int(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    text = str(value).strip()
    if not text:
        return None
    if not re.fullmatch(r"\d+", text):
        raise ValueError(value)
    return int(text)


def parse_options_text(text: str) -> list[tuple[str, str]]:
    """Split ``"1 = Eens; 2 = Oneens"`` into [("1", "Eens"), ("2", "Oneens")]."""
    first = _FIRST_OPTION_RE.match(text)
    matches = [first, *_NEXT_OPTION_RE.finditer(text, first.end())] if first else []
    if not matches and text.strip():
        return [("", text)]
    parsed = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        parsed.append((match.group(1), text[match.end() : end]))
    return parsed


def _safety_check(data: bytes) -> None:
    try:
        from questionsets.files.xlsx_safety import check_xlsx_upload
    except ImportError:  # pragma: no cover - the module exists in this project
        _fallback_safety_check(data)
        return
    try:
        check_xlsx_upload(data)
    except Exception as exc:
        messages = getattr(exc, "messages", None) or [str(exc)]
        raise ConformanceError(" ".join(str(m) for m in messages)) from exc


def _fallback_safety_check(data: bytes) -> None:  # pragma: no cover
    import zipfile

    if not data:
        raise ConformanceError("Het bestand is leeg.")
    if len(data) > _FALLBACK_MAX_BYTES:
        raise ConformanceError("Het bestand is te groot; het mag hoogstens 10 MB zijn.")
    if data.startswith(_OLE_MAGIC):
        raise ConformanceError(
            "Het bestand is met een wachtwoord beveiligd of is een oud Excel-bestand (.xls). "
            "Sla het op als Excel-werkmap (.xlsx) zonder wachtwoord."
        )
    if not data.startswith(_ZIP_MAGIC):
        raise ConformanceError("Het bestand is geen Excel-werkmap (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ConformanceError("Het bestand is geen geldige Excel-werkmap (.xlsx).") from exc
    if len(members) > 1000 or sum(m.file_size for m in members) > 200 * 1024 * 1024:
        raise ConformanceError("Het bestand pakt uit tot een verdacht grote hoeveelheid gegevens.")


def _open(data: bytes):
    import openpyxl

    _safety_check(data)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken parts
        raise ConformanceError(
            "Het bestand kon niet als Excel-werkmap worden gelezen. Is het beschadigd?"
        ) from exc


def _sheet_rows(ws) -> list[tuple]:
    rows = []
    for row in ws.iter_rows(values_only=True):
        _check_width(row)
        rows.append(tuple(row))
        if len(rows) > MAX_ROWS:
            raise ConformanceError(
                f"Het blad '{ws.title}' heeft meer dan {MAX_ROWS} rijen; dat is geen vragenlijst."
            )
    return rows


def _check_width(row) -> None:
    from questionsets.files.xlsx_safety import check_row_width

    try:
        check_row_width(row)
    except ValidationError as exc:
        raise ConformanceError(" ".join(exc.messages)) from exc


def _header_index(header: tuple) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, value in enumerate(header):
        name = _text(value).strip().lower()
        if name and name not in index:
            index[name] = i
    return index


def _cell(row: tuple, index: dict[str, int], *names: str) -> object:
    for name in names:
        i = index.get(name.lower())
        if i is not None and i < len(row):
            return row[i]
    return None


def _is_blank(row: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _raise_problems(problems: list[str]) -> None:
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    message = "Het bestand kan niet worden gecontroleerd: " + " ".join(shown)
    if more:
        message += f" (en nog {more} andere problemen)"
    raise ConformanceError(message, problems)


def _row_formulas(formulas: dict, row: int, columns: dict[str, int | None]) -> dict[str, str]:
    """The formulas in one row's text columns ({field: "=..."}); columns are 0-based."""
    found = {}
    for name, column in columns.items():
        if column is not None and (row, column + 1) in formulas:
            found[name] = formulas[(row, column + 1)]
    return found


def _read_our_workbook(ws, formulas: dict | None = None) -> list[FoundItem]:
    rows = _sheet_rows(ws)
    header_at = None
    for i, row in enumerate(rows[:10]):
        index = _header_index(row)
        if xlsx_export.COL_CODE in index and xlsx_export.COL_WORDING in index:
            header_at = i
            break
    if header_at is None:
        raise ConformanceError(
            f"Het blad '{ws.title}' heeft geen kopregel met de kolommen 'code' en 'vraagtekst'."
        )
    index = _header_index(rows[header_at])
    has_options = xlsx_export.COL_OPTIONS in index
    text_columns = {
        "vraagtekst": index.get(xlsx_export.COL_WORDING),
        "instructie": index.get(xlsx_export.COL_INSTRUCTION),
        "antwoorden": index.get(xlsx_export.COL_OPTIONS),
        "antwoordtype": index.get(xlsx_export.COL_ANSWER_TYPE),
    }
    problems: list[str] = []
    found: list[FoundItem] = []
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if _is_blank(row):
            continue
        code = _text(_cell(row, index, xlsx_export.COL_CODE)).strip()
        if not code:
            problems.append(f"Rij {offset} heeft geen vraagcode.")
            continue
        if not CODE_RE.fullmatch(code):
            problems.append(
                f"Rij {offset}: vraagcode '{code}' is ongeldig (een kleine letter, dan kleine "
                "letters of cijfers, hoogstens 20 tekens)."
            )
            continue
        version = None
        raw_version = _cell(row, index, xlsx_export.COL_VERSION, xlsx_export.MACHINE_VERSION)
        try:
            version = _as_int(raw_version)
        except ValueError:
            problems.append(
                f"Rij {offset} ({code}): versie '{_text(raw_version)}' is geen geheel getal."
            )
        options = options_raw = None
        if has_options:
            options = []
            raw = options_raw = _text(_cell(row, index, xlsx_export.COL_OPTIONS))
            for raw_code, label in parse_options_text(raw):
                try:
                    option_code = _as_int(raw_code)
                except ValueError:
                    option_code = None
                if option_code is None:
                    problems.append(
                        f"Rij {offset} ({code}): antwoordcode '{raw_code or raw}' is geen "
                        "geheel getal; schrijf antwoorden als '1 = label; 2 = label'."
                    )
                    continue
                options.append((option_code, label))
        answer_raw = _text(_cell(row, index, xlsx_export.COL_ANSWER_TYPE))
        kind_raw = _text(_cell(row, index, xlsx_export.COL_KIND)).strip().lower()
        found.append(
            FoundItem(
                code=code,
                row=offset,
                wording=_text(_cell(row, index, xlsx_export.COL_WORDING)),
                instruction=_text(_cell(row, index, xlsx_export.COL_INSTRUCTION)),
                answer_type=_ANSWER_TYPES_BY_LABEL.get(answer_raw.strip().lower(), answer_raw),
                answer_type_raw=answer_raw,
                options=options,
                version=version,
                declared_kind=_KINDS_BY_LABEL.get(kind_raw, ""),
                formulas=_row_formulas(formulas or {}, offset, text_columns),
                options_raw=options_raw if has_options else None,
            )
        )
    if problems:
        _raise_problems(problems)
    return found


def _label_column(index: dict[str, int], base: str) -> str | None:
    preferred = f"{base}::dutch (nl)"
    if preferred in index:
        return preferred
    if base in index:
        return base
    for name in index:
        if name.startswith(f"{base}::") and "(nl)" in name:
            return name
    return None


def _read_xlsform(wb, formulas: dict | None = None) -> list[FoundItem]:
    survey = _sheet_rows(wb["survey"])
    if not survey:
        raise ConformanceError("Het blad 'survey' is leeg.")
    index = _header_index(survey[0])
    if "type" not in index or "name" not in index:
        raise ConformanceError("Het blad 'survey' mist de kolommen 'type' en 'name'.")
    label_col = _label_column(index, "label")
    hint_col = _label_column(index, "hint")
    formulas = formulas or {}
    text_columns = {"vraagtekst": index.get(label_col), "instructie": index.get(hint_col)}
    problems: list[str] = []
    lists: dict[str, list[tuple[int, str]]] = {}
    list_formulas: dict[str, str] = {}
    if "choices" in wb.sheetnames:
        choices = _sheet_rows(wb["choices"])
        if choices:
            cindex = _header_index(choices[0])
            clabel = _label_column(cindex, "label")
            for offset, row in enumerate(choices[1:], start=2):
                if _is_blank(row):
                    continue
                list_name = _text(_cell(row, cindex, "list_name", "list name")).strip()
                raw_code = _cell(row, cindex, "name")
                try:
                    option_code = _as_int(raw_code)
                except ValueError:
                    option_code = None
                if option_code is None:
                    problems.append(
                        f"Blad choices, rij {offset}: antwoordcode '{_text(raw_code)}' "
                        "is geen geheel getal."
                    )
                    continue
                label = _text(_cell(row, cindex, clabel)) if clabel else ""
                lists.setdefault(list_name, []).append((option_code, label))
                cells = _row_formulas(
                    formulas.get("choices", {}), offset, {"a": cindex.get(clabel)}
                )
                if cells:
                    list_formulas.setdefault(list_name, cells["a"])
    found: list[FoundItem] = []
    for offset, row in enumerate(survey[1:], start=2):
        if _is_blank(row):
            continue
        type_raw = " ".join(_text(_cell(row, index, "type")).split())
        type_key = type_raw.lower()
        if not type_key or type_key in _XLSFORM_SKIP_TYPES:
            continue
        code = _text(_cell(row, index, "name")).strip()
        if not CODE_RE.fullmatch(code):
            problems.append(
                f"Blad survey, rij {offset}: vraagcode '{code}' is ongeldig (een kleine letter, "
                "dan kleine letters of cijfers, hoogstens 20 tekens)."
            )
            continue
        options = None
        row_formulas = _row_formulas(formulas.get("survey", {}), offset, text_columns)
        if type_key.startswith(("select_one ", "select_multiple ")):
            answer_type = "single" if type_key.startswith("select_one") else "multiple"
            list_name = type_raw.split(" ", 1)[1].strip()
            options = list(lists.get(list_name, []))
            if list_name in list_formulas:
                row_formulas["antwoorden"] = list_formulas[list_name]
        else:
            answer_type = _XLSFORM_TYPES.get(type_key, type_raw)
            options = []
        raw_version = _cell(row, index, "instance::versie")
        try:
            version = _as_int(raw_version)
        except ValueError:
            problems.append(
                f"Blad survey, rij {offset} ({code}): versie '{_text(raw_version)}' is geen "
                "geheel getal."
            )
            version = None
        found.append(
            FoundItem(
                code=code,
                row=offset,
                wording=_text(_cell(row, index, label_col)) if label_col else "",
                instruction=_text(_cell(row, index, hint_col)) if hint_col else "",
                answer_type=answer_type,
                answer_type_raw=type_raw,
                options=options,
                version=version,
                declared_kind=_text(_cell(row, index, "instance::soort")).strip(),
                formulas=row_formulas,
            )
        )
    if problems:
        _raise_problems(problems)
    return found
