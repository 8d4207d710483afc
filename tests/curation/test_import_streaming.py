"""The catalogue import streams: batches of BATCH_SIZE rows in one all-or-nothing import."""

import pytest

from bench.harness import peak_memory
from questionsets import models as m
from questionsets.curation import resource_questions
from questionsets.curation import workbook as catalogue_workbook
from questionsets.curation.workbook import export_catalogue_workbook, import_catalogue_workbook

from .test_resources import catalogue, counts, question_row, stamps, workbook  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(catalogue_workbook, "BATCH_SIZE", 10)


def test_errors_in_different_batches_are_all_reported_with_excel_rows_and_nothing_is_written(
    catalogue,  # noqa: F811
    small_batches,
):
    rows = [question_row(f"nieuw{i}") for i in range(1, 31)]  # Excel rows 2..31
    rows[1]["schaal"] = "abc"  # Excel row 3, batch 1
    rows[23]["bron"] = "onbekend"  # Excel row 25, batch 3
    rows[27]["code"] = "nieuw3"  # Excel row 29 repeats row 4, two batches earlier
    before, before_stamps = counts(), stamps()

    report = import_catalogue_workbook(workbook(vragen=rows))

    assert report.all_errors() == [
        "blad 'vragen', rij 3, kolom 'schaal': onbekende schaal 'abc'",
        "blad 'vragen', rij 25, kolom 'bron': onbekende bron 'onbekend'",
        "blad 'vragen', rij 29, kolom 'code': nieuw3 staat ook in rij 4",
    ]
    assert counts() == before
    assert stamps() == before_stamps


def test_a_valid_file_imports_every_batch_and_a_reimport_is_a_no_op(
    catalogue,  # noqa: F811
    small_batches,
    curator,
):
    rows = [question_row(f"nieuw{i}") for i in range(1, 26)]
    report = import_catalogue_workbook(workbook(vragen=rows), user=curator)

    assert report.ok, report.all_errors()
    assert report.sheets[0].totals["new"] == 25 and report.sheets[0].new_versions == 25
    assert m.Question.objects.filter(code__startswith="nieuw").count() == 25
    created = m.CatalogueChange.objects.filter(via="import", user=curator)
    assert created.count() == 50  # a question and its v1 per row, across three batches

    data = export_catalogue_workbook()
    before, before_stamps, trail = counts(), stamps(), m.CatalogueChange.objects.count()
    report = import_catalogue_workbook(data)
    assert report.ok, report.all_errors()
    assert (counts(), stamps(), m.CatalogueChange.objects.count()) == (
        before,
        before_stamps,
        trail,
    )
    assert report.sheets[4].totals["skip"] == 28


def test_an_import_leaves_the_id_sequences_alone(catalogue, monkeypatch):  # noqa: F811
    """Resetting a sequence to the highest id one transaction sees can move it below ids
    a concurrent transaction already took; rows never bring their own ids."""
    from django.db import connection

    resets = []
    monkeypatch.setattr(connection.ops, "sequence_reset_sql", lambda *a: resets.append(a) or [])

    report = import_catalogue_workbook(workbook(vragen=[question_row("nieuw1")]))
    assert report.ok, report.all_errors()
    # The admin's import: one resource over a whole sheet, with DIE's default Result.
    dataset = catalogue_workbook.read_workbook(workbook(vragen=[question_row("nieuw2")]))["vragen"]
    result = resource_questions.QuestionResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()

    assert m.Question.objects.filter(code__in=["nieuw1", "nieuw2"]).count() == 2
    assert resets == []


def test_an_import_hands_every_frozen_object_back_to_the_collector(
    catalogue,  # noqa: F811
    monkeypatch,
):
    """The import hides older objects from the collector while it runs, and only then."""
    import gc

    seen, real = [], gc.collect
    monkeypatch.setattr(gc, "collect", lambda *a: seen.append(gc.get_freeze_count()) or real())

    assert import_catalogue_workbook(workbook(vragen=[question_row("nieuw1")])).ok
    assert not import_catalogue_workbook(b"PK\x03\x04 no workbook").ok

    assert seen and all(count > 0 for count in seen)  # the batch's collection skipped them
    assert gc.get_freeze_count() == 0


def test_a_changed_wording_in_a_later_batch_becomes_a_new_version(
    catalogue,  # noqa: F811
    small_batches,
):
    rows = [question_row(f"nieuw{i}") for i in range(1, 26)]
    assert import_catalogue_workbook(workbook(vragen=rows)).ok
    rows[21].update(vraagtekst_nl="Anders gevraagd?", reden_wijziging="B1-taal")

    report = import_catalogue_workbook(workbook(vragen=rows))

    assert report.ok, report.all_errors()
    assert report.sheets[0].totals["update"] == 1 and report.sheets[0].new_versions == 1
    version = m.Question.objects.get(code="nieuw22").latest_version()
    assert (version.number, version.wording_nl) == (2, "Anders gevraagd?")
    assert m.CatalogueChange.objects.filter(object_key="nieuw22 2", action="created").exists()


def test_scale_checks_span_batches(catalogue, monkeypatch):  # noqa: F811
    monkeypatch.setattr(catalogue_workbook, "BATCH_SIZE", 2)
    rows = [
        {
            "schaal": "vijf",
            "schaalnaam": "Vijf punten" if i < 4 else "Vijf",
            "volgorde": i if i != 5 else 1,
            "code": i,
            "label_nl": f"optie {i}",
            "label_en": "",
            "ontbrekend": "nee",
        }
        for i in range(1, 6)
    ]
    before = counts()

    report = import_catalogue_workbook(workbook(schalen=rows))

    assert report.all_errors() == [
        "blad 'schalen', rij 5, kolom 'schaalnaam': de schaalnaam verschilt van rij 2",
        "blad 'schalen', rij 6, kolom 'schaalnaam': de schaalnaam verschilt van rij 2",
        "blad 'schalen', rij 6, kolom 'volgorde': 1 staat ook in rij 2 van deze schaal",
    ]
    assert counts() == before


def test_a_bad_version_field_is_a_row_error(catalogue):  # noqa: F811
    rows = [question_row("nieuw1"), question_row("nieuw2", antwoordtype="raar", vraagtekst_nl="")]

    [wording, answer_type] = import_catalogue_workbook(workbook(vragen=rows)).all_errors()

    assert wording.startswith("blad 'vragen', rij 3, kolom 'vraagtekst_nl': ")
    assert answer_type.startswith("blad 'vragen', rij 3, kolom 'antwoordtype': ")
    assert not m.Question.objects.filter(code__startswith="nieuw").exists()


def test_peak_memory_does_not_grow_with_the_rows_objects(catalogue, monkeypatch):  # noqa: F811
    """Three times the rows: the peak grows only by what openpyxl keeps while it parses and
    a key per row (duplicate detection); before streaming each row cost about 6 kB."""
    monkeypatch.setattr(catalogue_workbook, "BATCH_SIZE", 200)

    def data(n, prefix):
        return workbook(vragen=[question_row(f"{prefix}{i}") for i in range(n)])

    def import_(content):
        report = import_catalogue_workbook(content, dry_run=True)
        assert report.ok, report.all_errors()[:3]

    import_(data(300, "warm"))  # one-off allocations (caches, translations) first
    small, large = data(1500, "klein"), data(4500, "groot")
    small_peak = peak_memory(lambda: import_(small))
    large_peak = peak_memory(lambda: import_(large))

    per_row = (large_peak - small_peak) / 3000
    assert per_row < 500, f"{per_row:.0f} bytes per extra row"
    assert large_peak < 1.5 * small_peak
