"""SPSS syntax export, executed by GNU PSPP (Debian package ``pspp``).

PSPP must be installed: ``make test`` installs it. A missing PSPP fails the test, it is not
skipped, so CI can never pass without running the validator.
"""

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from questionsets.exports import spss
from questionsets.exports.base import ExportItem, ExportOption

from .samples import TRUST_INTRO, big_questionnaire, sample_questionnaire

CHECKS = "\nSET TVARS=NAMES.\nDISPLAY DICTIONARY.\nDISPLAY ATTRIBUTES.\nMRSETS /DISPLAY NAME=ALL.\n"


def run_pspp(data: bytes, tmp_path: Path) -> dict[str, list[list[str]]]:
    """Run the syntax plus DISPLAY commands; return PSPP's output tables parsed from CSV."""
    pspp = shutil.which("pspp")
    if pspp is None:
        pytest.fail(
            "GNU PSPP is not installed, so the SPSS export cannot be validated. "
            "Install it with: apt-get install -y pspp"
        )
    syntax = tmp_path / "vragenlijst.sps"
    syntax.write_bytes(data + CHECKS.encode())
    output = tmp_path / "out.csv"
    result = subprocess.run(
        [pspp, "--batch", "-O", "format=csv", "-o", str(output), str(syntax)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    text = output.read_text(encoding="utf-8") if output.exists() else ""
    messages = result.stdout + result.stderr + text
    assert result.returncode == 0, messages
    problems = [line for line in messages.splitlines() if "error" in line.lower()]
    problems += [line for line in messages.splitlines() if "warning" in line.lower()]
    assert problems == [], messages
    tables: dict[str, list[list[str]]] = {}
    for block in text.split("\n\n"):
        lines = block.strip().split("\n", 1)
        if lines[0].startswith("Table: ") and len(lines) == 2:
            tables[lines[0].removeprefix("Table: ")] = list(csv.reader(io.StringIO(lines[1])))
    return tables


def _by_variable(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    result: dict[str, list[list[str]]] = {}
    current = None
    for row in rows[1:]:
        if row[0]:
            current = row[0]
        result.setdefault(current, []).append(row[1:])
    return result


def test_pspp_runs_the_syntax_and_keeps_national_texts(tmp_path):
    q = sample_questionnaire()
    exported = spss.render(q)
    assert exported.filename == "vragenlijst_utrecht_2025.sps"
    assert exported.data.startswith(b"* Encoding: UTF-8.")
    tables = run_pspp(exported.data, tmp_path)

    variables = {row[0]: row for row in tables["Variables"][1:]}
    header = tables["Variables"][0]
    assert list(variables) == [
        "vert1",
        "vert2",
        "vei1",
        "vei2",
        "vei3",
        "voorz1_1",
        "voorz1_2",
        "voorz1_3",
        "voorz1_98",
        "voorz1_99",
        "lokvei1",
        "lok1",
        "verb1",
        "lok2",
    ]
    label_col = header.index("Label")
    missing_col = header.index("Missing Values")
    assert variables["vert1"][label_col] == "De gemeente"
    assert (
        variables["vei1"][label_col] == 'Voelt u zich \'s avonds "veilig" in uw buurt & <straat>?'
    )
    assert variables["vert1"][missing_col] == "9"
    assert variables["verb1"][header.index("Print Format")] == "A1000"

    values = _by_variable(tables["Value Labels"])
    assert [(v.rstrip("[a]"), lab) for v, lab in values["vert1"]] == [
        (str(o.code), o.label_nl) for o in q.items[0].options
    ]
    assert values["voorz1_98"] == [["0", "niet gekozen"], ["1", "gekozen"]]

    attributes = {
        var: dict((name, value) for name, value in rows)
        for var, rows in _by_variable(tables["Variable and Dataset Attributes"]).items()
    }
    for item in q.items:
        var = spss.variable_names(item)[0]
        # PSPP's CSV output drops leading spaces; the syntax and a saved .sav keep them.
        assert attributes[var]["vraagtekst"] == item.wording_nl.replace("\x07", "").lstrip(" ")
        if item.instruction_nl:
            assert attributes[var]["instructie"] == item.instruction_nl.lstrip(" ")
        if item.kind == "national":
            assert attributes[var]["versie"] == str(item.version)
            assert attributes[var]["vingerafdruk"] == item.fingerprint
    assert attributes["vert1"]["inleiding"] == TRUST_INTRO
    assert "inleiding" not in attributes["vert2"]
    (mrset,) = tables["Multiple Response Sets"][1:]
    assert mrset[0] == "$voorz1"


def test_quoting_of_apostrophes_newlines_and_long_labels(tmp_path):
    long_label = "Heel erg lang antwoord met 'aanhalingstekens' en ĳ " * 6
    wording = "Zo'n vraag\nover twee regels " + "x" * 400
    item = ExportItem(
        code="lang1",
        kind="local",
        section="S",
        wording_nl=wording,
        answer_type="single",
        options=(
            ExportOption(1, long_label),
            ExportOption(7, "Weet niet"),
            ExportOption(8, "Wil niet zeggen"),
            ExportOption(97, "n.v.t."),
            ExportOption(99, "Geen antwoord"),
        ),
    )
    item = ExportItem(
        **{
            **item.__dict__,
            "options": tuple(
                ExportOption(o.code, o.label_nl, is_missing=o.code > 5) for o in item.options
            ),
        }
    )
    data = spss.render(sample_questionnaire((item,))).data
    assert "'Zo''n vraag' +\n    X'0A' +" in data.decode()
    tables = run_pspp(data, tmp_path)
    header, row = tables["Variables"]
    label = row[header.index("Label")]
    assert len(label.encode()) <= 255 and label.endswith("…")
    assert label.startswith("Zo'n vraag over twee regels xxx")
    assert row[header.index("Missing Values")] == "7 THRU 99"
    attributes = dict(tuple(r[1:]) for r in tables["Variable and Dataset Attributes"][1:])
    assert attributes["vraagtekst"] == wording
    assert attributes["antwoordlabel1"] == long_label
    value_label = tables["Value Labels"][1][2]
    assert len(value_label.encode()) <= 120 and value_label.endswith("…")


def test_500_items(tmp_path):
    tables = run_pspp(spss.render(big_questionnaire()).data, tmp_path)
    # 125 single + 125 numeric + 125 multiple x 5 options + 125 text
    assert len(tables["Variables"]) - 1 == 125 + 125 + 625 + 125
