"""export_catalogue / import_catalogue from the command line."""

from io import StringIO

import openpyxl
import pytest
import tablib
from django.core.management import CommandError, call_command

from questionsets import models as m
from questionsets.curation.resource_questions import QuestionResource
from questionsets.curation.workbook import read_workbook, write_workbook

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    source, scale = f.make_source(code="bron1"), f.make_scale(code="eens4")
    return [f.make_question(version_kw={"source": source, "scale": scale}) for _ in range(2)]


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_writes_one_workbook_with_a_sheet_per_resource(tmp_path, catalogue):
    path = tmp_path / "catalogus.xlsx"
    _run("export_catalogue", str(path))
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames == [
        "bronnen",
        "begrippen",
        "indicatoren",
        "schalen",
        "vragen",
        "sets",
        "berekeningen",
    ]


def test_reimport_prints_unchanged_counts(tmp_path, catalogue):
    path = tmp_path / "catalogus.xlsx"
    _run("export_catalogue", str(path))
    out, err = _run("import_catalogue", str(path))
    assert "blad 'vragen': 0 nieuw, 0 bijgewerkt, 2 ongewijzigd, 0 nieuwe versie(s)" in out
    assert "blad 'schalen': 0 nieuw, 0 bijgewerkt, 4 ongewijzigd" in out
    assert err == ""


def _questions_file(tmp_path, rows):
    headers = QuestionResource().get_export_headers()
    dataset = tablib.Dataset(*[[r.get(h, "") for h in headers] for r in rows], headers=headers)
    path = tmp_path / "vragen.xlsx"
    path.write_bytes(write_workbook([("vragen", dataset)]))
    return path


def _row(code, **over):
    return {
        "code": code,
        "vraagtekst_nl": "Tekst?",
        "antwoordtype": "single",
        "schaal": "eens4",
        "bron": "bron1",
        "verificatie": "verbatim",
        **over,
    }


def test_a_failing_import_exits_non_zero_prints_every_error_and_writes_nothing(tmp_path, catalogue):
    rows = [_row(f"nieuw{i}") for i in range(12)]
    rows[10]["schaal"] = "abc"  # Excel row 12 (row 1 is the header)
    rows[3]["bron"] = "onbekend"  # Excel row 5
    path = _questions_file(tmp_path, rows)
    before = m.Question.objects.count()
    err = StringIO()

    with pytest.raises(CommandError) as exc:
        call_command("import_catalogue", str(path), stdout=StringIO(), stderr=err)

    assert "niets opgeslagen" in str(exc.value)
    assert m.Question.objects.count() == before
    assert err.getvalue().splitlines() == [
        "blad 'vragen', rij 5, kolom 'bron': onbekende bron 'onbekend'",
        "blad 'vragen', rij 12, kolom 'schaal': onbekende schaal 'abc'",
    ]


def test_dry_run_validates_without_writing(tmp_path, catalogue):
    path = _questions_file(tmp_path, [_row("droog")])
    out, _err = _run("import_catalogue", str(path), "--dry-run")
    assert "blad 'vragen': 1 nieuw" in out
    assert "niets opgeslagen" in out
    assert not m.Question.objects.filter(code="droog").exists()


def test_dry_run_reports_the_errors_of_the_rules_sheet(tmp_path, catalogue):
    from questionsets.curation.resource_scoring import ScoringResource

    headers = ScoringResource().get_export_headers()
    row = dict.fromkeys(headers, "") | {
        "indicator": "X-I9",
        "variant": "buurt",
        "soort": "percentage_respondenten",
        "categorieen": "1|2",
        "volgorde": 1,
        "vraag": catalogue[0].code,
        "omgepoold": "nee",
    }
    dataset = tablib.Dataset([row[h] for h in headers], headers=headers)
    path = tmp_path / "berekeningen.xlsx"
    path.write_bytes(write_workbook([("berekeningen", dataset)]))
    err = StringIO()

    with pytest.raises(CommandError) as exc:
        call_command("import_catalogue", str(path), "--dry-run", stdout=StringIO(), stderr=err)

    assert "niets opgeslagen" in str(exc.value)
    assert err.getvalue().splitlines() == [
        "blad 'berekeningen', rij 2, kolom 'indicator': onbekende indicator 'X-I9'"
    ]
    assert not m.ScoringRule.objects.exists()


def test_import_creates_new_questions(tmp_path, catalogue):
    path = _questions_file(tmp_path, [_row("echt")])
    out, _err = _run("import_catalogue", str(path))
    assert "1 nieuw" in out and "1 nieuwe versie(s)" in out
    assert m.Question.objects.get(code="echt").latest_version().number == 1


def test_a_non_xlsx_file_is_refused_in_dutch(tmp_path):
    path = tmp_path / "niet.xlsx"
    path.write_bytes(b"code;tekst\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_catalogue", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == "Het bestand is geen Excel-werkmap (.xlsx)."


def test_the_template_workbook_imports_into_an_empty_catalogue(tmp_path):
    path = tmp_path / "template.xlsx"
    _run("export_catalogue", str(path), "--template")
    assert m.Question.objects.count() == 0  # building the template rolled back
    assert "toelichting" in read_workbook(path.read_bytes())
    out, _err = _run("import_catalogue", str(path))
    assert "blad 'vragen': 2 nieuw" in out
    assert m.QuestionSet.objects.get(code="xvertrouwen").items.count() == 2
    assert "blad 'berekeningen': 2 nieuw" in out
    rule = m.ScoringRule.objects.get(indicator__code="X01-I1")
    assert [i.question.code for i in rule.items.all()] == ["xvertrgem", "xvertrpol"]


def _reworded_catalogue_file(tmp_path, question):
    row = _row(question.code, vraagtekst_nl="Een andere tekst?", reden_wijziging="herstel")
    return _questions_file(tmp_path, [row])


def test_import_refuses_a_changed_published_wording_without_the_flag(tmp_path, catalogue):
    question = catalogue[0]
    path = _reworded_catalogue_file(tmp_path, question)
    err = StringIO()

    with pytest.raises(CommandError) as exc:
        call_command("import_catalogue", str(path), stdout=StringIO(), stderr=err)

    assert "niets opgeslagen" in str(exc.value)
    assert f"gepubliceerde vraag {question.code} zou veranderen" in err.getvalue()
    assert "--publish-directly" in err.getvalue()
    assert question.versions.count() == 1
    assert not question.proposals.exists()


def test_import_publishes_a_changed_wording_with_publish_directly(tmp_path, catalogue):
    question = catalogue[0]
    path = _reworded_catalogue_file(tmp_path, question)

    out, _err = _run("import_catalogue", str(path), "--publish-directly")

    assert "1 nieuwe versie(s)" in out
    assert question.latest_version().wording_nl == "Een andere tekst?"
