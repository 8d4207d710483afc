"""SPSS syntax (.sps) that builds the questionnaire's empty data dictionary (FORMATS.md §4.1).

Running the file in SPSS or GNU PSPP creates an empty dataset with one variable per item:

* single choice: a numeric variable with the answer codes as value labels;
* multiple choice: one 0/1 variable per option, named ``<code>_<answer code>`` (item codes
  contain no underscore, so these never clash), grouped with ``MRSETS`` as a dichotomy set;
* numeric: ``F8.0``; open text: ``A1000``.

Then ``VARIABLE LABELS``, ``VALUE LABELS``, ``MISSING VALUES`` (the options marked missing, at
most three values or one range, as SPSS allows), ``VARIABLE LEVEL`` and ``VARIABLE ATTRIBUTE``.

Labels: SPSS cuts variable labels at 256 bytes and value labels at 120 bytes, and labels are one
line. So labels get their whitespace collapsed and are shortened with "…" where needed; the
exact texts (wording, intro, instruction, and any shortened answer label) are stored as
variable attributes, where a newline is written as ``X'0A'`` and long strings are split into
``'...' + '...'`` pieces. Strings use single quotes with apostrophes doubled. Kind, version,
fingerprint and ``vergelijkbaarheid`` (the item's state in the builder's words) are attributes
too. The file is UTF-8 and says so in its first line.
"""

from __future__ import annotations

from collections.abc import Iterator

from .base import ExportFile, ExportItem, ExportQuestionnaire, intro_starts, strip_illegal_chars

CONTENT_TYPE = "text/plain; charset=utf-8"
VARIABLE_LABEL_BYTES = 255
VALUE_LABEL_BYTES = 120
CHUNK_CHARS = 60
ELLIPSIS = "…"
TEXT_FORMAT = "A1000"
NUMERIC_FORMAT = "F8.0"


# --------------------------------------------------------------------------- quoting


def _literal(piece: str) -> str:
    return "'" + piece.replace("'", "''") + "'"


def quote(text: str) -> str:
    """An SPSS string expression for any text: quoted pieces joined with ``+``.

    Newlines become ``X'0A'`` (and CR ``X'0D'``); pieces stay short so no line gets long.
    """
    text = strip_illegal_chars(text)
    parts: list[str] = []
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n")):
        if n:
            parts.append("X'0A'")
        for m, segment in enumerate(line.split("\r")):
            if m:
                parts.append("X'0D'")
            for start in range(0, len(segment), CHUNK_CHARS):
                parts.append(_literal(segment[start : start + CHUNK_CHARS]))
    parts = [p for p in parts if p != "''"] or ["''"]
    return " +\n    ".join(parts)


def label(text: str, max_bytes: int) -> str:
    """One line, collapsed whitespace, at most ``max_bytes`` UTF-8 bytes."""
    flat = " ".join(strip_illegal_chars(text).split())
    if len(flat.encode("utf-8")) <= max_bytes:
        return flat
    budget = max_bytes - len(ELLIPSIS.encode("utf-8"))
    cut = flat.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip()
    return cut + ELLIPSIS


def comment(text: str) -> str:
    return "* " + " ".join(text.split()).rstrip(".") + "."


# --------------------------------------------------------------------------- variables


def variable_names(item: ExportItem) -> list[str]:
    if item.answer_type == "multiple":
        return [f"{item.code}_{o.code}" for o in item.options]
    return [item.code]


def _format(item: ExportItem) -> str:
    if item.answer_type == "text":
        return TEXT_FORMAT
    if item.answer_type == "single":
        width = max([len(str(o.code)) for o in item.options] or [1])
        return f"F{width}.0"
    if item.answer_type == "multiple":
        return "F1.0"
    return NUMERIC_FORMAT


def _missing_spec(item: ExportItem) -> str:
    codes = sorted(item.missing_codes)
    if not codes:
        return ""
    if len(codes) <= 3:
        return " ".join(map(str, codes))
    low, high = codes[0], codes[-1]
    valid = [o.code for o in item.options if not o.is_missing]
    if not any(low <= code <= high for code in valid):
        return f"{low} THRU {high}"
    return " ".join(map(str, codes[:3]))


def _attributes(item: ExportItem, intro: str) -> list[tuple[str, str]]:
    pairs = [
        ("vraagtekst", item.wording_nl),
        ("inleiding", intro),
        ("instructie", item.instruction_nl),
        ("soort", item.kind),
        ("versie", "" if item.version is None else str(item.version)),
        ("vingerafdruk", item.fingerprint),
        ("bron", item.source_label),
        ("indicatoren", " ".join(item.indicator_codes)),
        ("vergelijkbaarheid", item.comparability),
        ("afgeleidvan", item.derived_from),
        ("nietvergelijkbaar", item.not_comparable_reason),
    ]
    for option in item.options:
        if label(option.label_nl, VALUE_LABEL_BYTES) != option.label_nl:
            pairs.append((f"antwoordlabel{option.code}", option.label_nl))
    return [(name, value) for name, value in pairs if value]


# --------------------------------------------------------------------------- commands


def command_lines(q: ExportQuestionnaire) -> Iterator[str]:
    items = list(q.items)
    intros = {item.code: (item.intro_nl if starts else "") for item, starts in intro_starts(items)}
    yield "* Encoding: UTF-8."
    yield comment(f"{q.title}, {q.municipality_name} ({q.municipality_code}), {q.year}")
    yield comment(
        f"Gemaakt met de vragencatalogus op {q.exported_at:%Y-%m-%d %H:%M}, "
        f"catalogusversie {q.catalogue_version}"
    )
    yield comment(
        "Landelijke vragen staan er woordelijk in; de exacte teksten, versie en vingerafdruk "
        "staan als variabele-attributen (DISPLAY ATTRIBUTES)"
    )
    yield ""
    yield "NEW FILE."
    yield "INPUT PROGRAM."
    numeric = [(n, _format(i)) for i in items if i.answer_type != "text" for n in variable_names(i)]
    strings = [(i.code, TEXT_FORMAT) for i in items if i.answer_type == "text"]
    if numeric:
        yield "NUMERIC " + "\n  /".join(f"{n} ({f})" for n, f in numeric) + "."
    if strings:
        yield "STRING " + "\n  /".join(f"{n} ({f})" for n, f in strings) + "."
    yield "END FILE."
    yield "END INPUT PROGRAM."
    if not items:
        return
    yield ""

    var_labels = []
    for item in items:
        if item.answer_type == "multiple":
            for option in item.options:
                text = label(f"{item.wording_nl} - {option.label_nl}", VARIABLE_LABEL_BYTES)
                var_labels.append(f"{item.code}_{option.code} {quote(text)}")
        else:
            var_labels.append(f"{item.code} {quote(label(item.wording_nl, VARIABLE_LABEL_BYTES))}")
    yield "VARIABLE LABELS " + "\n  /".join(var_labels) + "."

    value_labels = []
    multiple = []
    for item in items:
        if item.answer_type == "single" and item.options:
            pairs = " ".join(
                f"{o.code} {quote(label(o.label_nl, VALUE_LABEL_BYTES))}" for o in item.options
            )
            value_labels.append(f"{item.code} {pairs}")
        elif item.answer_type == "multiple" and item.options:
            multiple.extend(variable_names(item))
    if multiple:
        value_labels.append(" ".join(multiple) + " 0 'niet gekozen' 1 'gekozen'")
    if value_labels:
        yield "VALUE LABELS " + "\n  /".join(value_labels) + "."

    missing = [
        f"{i.code} ({_missing_spec(i)})"
        for i in items
        if i.answer_type == "single" and i.missing_codes
    ]
    if missing:
        yield "MISSING VALUES " + "\n  /".join(missing) + "."

    levels = {"NOMINAL": [], "SCALE": []}
    for item in items:
        level = "SCALE" if item.answer_type == "numeric" else "NOMINAL"
        if item.answer_type != "text":
            levels[level].extend(variable_names(item))
    specs = [f"{' '.join(names)} ({level})" for level, names in levels.items() if names]
    if specs:
        yield "VARIABLE LEVEL " + "\n  /".join(specs) + "."

    for item in items:
        attributes = _attributes(item, intros[item.code])
        if not attributes:
            continue
        body = "\n  ".join(f"{name}({quote(value)})" for name, value in attributes)
        yield f"VARIABLE ATTRIBUTE VARIABLES={' '.join(variable_names(item))}\n  ATTRIBUTE={body}."

    for item in items:
        if item.answer_type == "multiple" and len(item.options) >= 2:
            yield (
                f"MRSETS /MDGROUP NAME=${item.code}"
                f" LABEL={quote(label(item.wording_nl, VARIABLE_LABEL_BYTES))}"
                f"\n  VARIABLES={' '.join(variable_names(item))} VALUE=1."
            )


def render(q: ExportQuestionnaire) -> ExportFile:
    text = "\n".join(command_lines(q)) + "\n"
    return ExportFile(q.filename("sps"), CONTENT_TYPE, text.encode("utf-8"))
