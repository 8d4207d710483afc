"""export_questionnaire and check_conformance, on real files."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from questionsets.exports import FORMATS
from questionsets.exports.build import build_export
from tests import factories

from ..export_data import make_full_questionnaire
from .test_views import edit_workbook, four_edits

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(municipality, editor):
    return make_full_questionnaire(municipality, editor)


def export(questionnaire, tmp_path: Path, fmt: str = "xlsx") -> Path:
    path = tmp_path / ("export.xlsx" if fmt == "xlsform" else f"export.{fmt}")
    out = io.StringIO()
    call_command(
        "export_questionnaire", str(questionnaire.pk), "--format", fmt, "-o", str(path), stdout=out
    )
    assert str(path) in out.getvalue()
    return path


def check(path: Path, *args) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_conformance", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


# --------------------------------------------------------------------------- export_questionnaire


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_writes_the_same_bytes_as_the_writer(questionnaire, tmp_path, fmt):
    path = export(questionnaire, tmp_path, fmt)
    expected = FORMATS[fmt](build_export(questionnaire))
    if fmt in ("xlsx", "xlsform"):  # the workbook stores its creation time
        wb = load_workbook(path)
        assert wb.sheetnames == load_workbook(io.BytesIO(expected.data)).sheetnames
    elif fmt in ("csv", "limesurvey"):
        assert path.read_bytes() == expected.data
    else:  # spss and ddi carry the export time
        assert len(path.read_bytes()) == len(expected.data)


def test_export_defaults_to_the_exports_file_name(questionnaire, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("export_questionnaire", str(questionnaire.pk), stdout=io.StringIO())
    assert (tmp_path / "vragenlijst_utrecht_2026.xlsx").is_file()


@pytest.mark.parametrize(
    "args,message",
    [
        (["999999"], "Vragenlijst 999999 bestaat niet."),
        (["abc"], "Vragenlijst abc bestaat niet."),
        (["{pk}", "--format", "pdf"], "Onbekend formaat 'pdf'"),
    ],
)
def test_export_refuses_unknown_ids_and_formats(questionnaire, tmp_path, args, message):
    args = [a.format(pk=questionnaire.pk) for a in args]
    with pytest.raises(CommandError, match=message) as exc:
        call_command("export_questionnaire", *args, "-o", str(tmp_path / "x"))
    assert exc.value.returncode == 1
    assert not (tmp_path / "x").exists()


def test_export_exits_non_zero_from_the_shell(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "export_questionnaire", "1", "--format", "pdf"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert "Onbekend formaat 'pdf'" in result.stderr


# --------------------------------------------------------------------------- check_conformance


@pytest.mark.parametrize("with_questionnaire", [True, False])
def test_round_trip_is_identical_exit_0(questionnaire, tmp_path, with_questionnaire):
    path = export(questionnaire, tmp_path)
    args = ["--questionnaire", str(questionnaire.pk)] if with_questionnaire else []
    code, output = check(path, *args)
    assert code == 0, output
    assert "Alle landelijke vragen zijn identiek." in output
    assert "vert1" in output and "identiek" in output
    if not with_questionnaire:  # local and adapted rows are listed, not compared
        assert "lokaal (niet vergeleken)" in output


def test_four_edits_give_exactly_four_verdicts_exit_3(questionnaire, tmp_path):
    path = export(questionnaire, tmp_path)
    edited = tmp_path / "bewerkt.xlsx"
    edited.write_bytes(edit_workbook(path.read_bytes(), four_edits))
    code, output = check(edited, "--questionnaire", str(questionnaire.pk))
    assert code == 3
    lines = {
        line.split()[0]: line for line in output.splitlines() if line and not line[0].isspace()
    }
    assert "gewijzigd" in lines["vert2"] and "gewijzigd" in lines["vei1"]
    assert "ontbreekt" in lines["vei2"]
    assert "extra" in lines["nieuw1"]
    assert "identiek" in lines["vert1"]
    for code_ in ("lok1", "lok2", "lok3"):
        assert "lokaal (niet vergeleken)" in lines[code_]
    assert "[-politie-]{+marechaussee+}" in output
    assert "antwoord 3: [-Mee oneens-]{+Oneens+}" in output
    assert (
        "Totaal: identiek: 1, gewijzigd: 2, ontbreekt: 1, extra: 1, lokaal (niet vergeleken): 3"
        in output
    )
    assert "Niet alle landelijke vragen zijn identiek." in output


def test_catalogue_check_reports_no_missing_items_and_honours_named_versions(
    questionnaire, tmp_path
):
    path = export(questionnaire, tmp_path)
    question = questionnaire.items.get(code="vei1").question_version.question
    factories.make_version(question=question, wording_nl="Een nieuwere tekst")
    factories.make_question(code="anders")  # in the catalogue, not in the file
    code, output = check(path)
    assert code == 0, output  # vei1 is checked against the v1 the file names
    assert "anders" not in output and "ontbreekt" not in output


def test_catalogue_check_flags_an_altered_national_wording(questionnaire, tmp_path):
    path = export(questionnaire, tmp_path)
    edited = tmp_path / "bewerkt.xlsx"
    edited.write_bytes(edit_workbook(path.read_bytes(), four_edits))
    code, output = check(edited)
    assert code == 3
    assert "[-politie-]{+marechaussee+}" in output


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "Het bestand is leeg."),
        (b"%PDF-1.7\n" + b"x" * 100, "Het bestand is geen Excel-werkmap (.xlsx)."),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "met een wachtwoord beveiligd"),
        (b"PK\x03\x04" + b"\0" * 100, "geen geldige Excel-werkmap"),
    ],
)
def test_unreadable_files_exit_2(tmp_path, content, message):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(content)
    code, output = check(path)
    assert code == 2
    assert message in output


def test_missing_and_huge_files_exit_2(tmp_path, settings):
    code, output = check(tmp_path / "bestaat-niet.xlsx")
    assert (code, "bestaat niet" in output) == (2, True)
    settings.UPLOAD_MAX_BYTES = 1000
    big = tmp_path / "groot.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * 2000)
    code, output = check(big)
    assert code == 2 and "te groot" in output


def test_unknown_questionnaire_exits_1(tmp_path):
    code, output = check(tmp_path / "x.xlsx", "--questionnaire", "999999")
    assert code == 1 and "Vragenlijst 999999 bestaat niet." in output


def test_check_reads_an_xlsform(questionnaire, tmp_path):
    path = export(questionnaire, tmp_path, "xlsform")
    code, output = check(path, "--questionnaire", str(questionnaire.pk))
    assert code == 0, output
