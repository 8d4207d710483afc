"""The Excel round trip of the catalogue: all or nothing, idempotent, byte for byte."""

import io

import openpyxl
import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questionsets import models as m
from questionsets.curation.resource_questions import QuestionResource
from questionsets.curation.workbook import (
    export_catalogue_workbook,
    import_catalogue_workbook,
    read_workbook,
    write_workbook,
)

from .. import factories as f

pytestmark = pytest.mark.django_db

TRICKY = [
    "  spaties voor en na  ",
    "niet-afbrekende\u00a0spatie",
    "\"aanhalingstekens\" en 'enkele'",
    "regel 1\nregel 2\r\nregel 3",
    "é ë ĳ Ĳ ü — …",
]
FORMULA_LIKE = ["=1+1", "+31 6 12345678", "-", "@SUM(A1)", "\tmet tab", "\rmet CR"]
COUNTED = [
    m.Source,
    m.Concept,
    m.Definition,
    m.ConceptRelation,
    m.Indicator,
    m.AnswerScale,
    m.AnswerOption,
    m.Question,
    m.QuestionVersion,
    m.QuestionSet,
    m.QuestionSetItem,
    m.ScoringRule,
    m.ScoringItem,
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def stamps():
    return {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
        for model in COUNTED
        if hasattr(model, "updated_at")
    }


@pytest.fixture
def catalogue():
    source = f.make_source(code="cbs-vm-2023")
    concept = f.make_concept(code="C01")
    indicator = f.make_indicator(concept=concept, code="C01-I1")
    scale = f.make_scale(code="eens4")
    questions = [
        f.make_question(
            code=f"q{i}",
            concept=concept,
            version_kw={"scale": scale, "source": source, "wording_nl": f"Vraag {i}?"},
        )
        for i in range(1, 4)
    ]
    qset = f.make_question_set(code="set1", questions=questions, indicators=[indicator])
    rule = m.ScoringRule.objects.create(
        indicator=indicator, variant="eens", kind=m.ScoringKind.ANY_PERCENTAGE, categories=[1, 2]
    )
    for position, question in enumerate(questions, start=1):
        rule.items.create(question=question, position=position)
    return {"source": source, "scale": scale, "questions": questions, "set": qset}


def sheets_of(data: bytes) -> dict[str, tablib.Dataset]:
    return read_workbook(data)


def question_row(code, **over):
    row = {h: "" for h in QuestionResource().get_export_headers()}
    row.update(
        code=code,
        vraagtekst_nl=f"Hoe vaak {code}?",
        antwoordtype="single",
        schaal="eens4",
        bron="cbs-vm-2023",
        verificatie="verbatim",
    )
    row.update(over)
    return row


def workbook(**sheets) -> bytes:
    """sheets: name -> list of row dicts (all with the same keys)."""
    out = []
    for name, rows in sheets.items():
        headers = list(rows[0])
        out.append(
            (name, tablib.Dataset(*[[r[h] for h in headers] for r in rows], headers=headers))
        )
    return write_workbook(out)


def test_one_bad_row_among_300_changes_nothing_and_names_row_and_column(catalogue):
    rows = [question_row(f"nieuw{i}") for i in range(1, 301)]
    rows[215]["schaal"] = "abc"  # data row 216 = Excel row 217 (row 1 is the header)
    sources = [
        {
            "code": "nieuwe-bron",
            "instrument": "Nieuw",
            "uitgever": "",
            "editie": "",
            "jaar": 2024,
            "url": "",
            "toelichting": "",
        }
    ]
    before, before_stamps = counts(), stamps()

    report = import_catalogue_workbook(workbook(bronnen=sources, vragen=rows))

    assert not report.ok
    assert report.all_errors() == ["blad 'vragen', rij 217, kolom 'schaal': onbekende schaal 'abc'"]
    assert counts() == before  # the valid bronnen sheet was rolled back too
    assert stamps() == before_stamps


def test_reimporting_an_unchanged_export_is_a_no_op(catalogue):
    data = export_catalogue_workbook()
    before, before_stamps = counts(), stamps()

    report = import_catalogue_workbook(data)

    assert report.ok, report.all_errors()
    assert counts() == before
    assert stamps() == before_stamps
    for sheet in report.sheets:
        assert sheet.totals["new"] == sheet.totals["update"] == 0, sheet
        assert sheet.totals["skip"] > 0
    assert [s.new_versions for s in report.sheets if s.sheet == "vragen"] == [0]


@pytest.mark.parametrize(
    ("sheet", "column", "value", "message"),
    [
        ("vragen", "bron", "geen-bron", "onbekende bron 'geen-bron'"),
        ("vragen", "begrip", "C99", "onbekend begrip 'C99'"),
        ("vragen", "schaal", "geenschaal", "onbekende schaal 'geenschaal'"),
        ("indicatoren", "begrip", "C99", "onbekend begrip 'C99'"),
        ("sets", "vragen", "q1|qbestaatniet", "onbekende vraag 'qbestaatniet'"),
        ("sets", "indicatoren", "C01-I1|X-I9", "onbekende indicator 'X-I9'"),
    ],
)
def test_an_unknown_reference_is_an_error_never_dropped(catalogue, sheet, column, value, message):
    sheets = sheets_of(export_catalogue_workbook())
    dataset = sheets[sheet]
    rows = [dict(zip(dataset.headers, r, strict=True)) for r in dataset]
    rows[0][column] = value
    before = counts()

    report = import_catalogue_workbook(workbook(**{sheet: rows}))

    assert report.all_errors() == [f"blad '{sheet}', rij 2, kolom '{column}': {message}"]
    assert counts() == before


def test_wordings_survive_the_round_trip_byte_for_byte(catalogue):
    texts = TRICKY + FORMULA_LIKE
    rows = [
        question_row(f"tekst{i}", vraagtekst_nl=t, instructie_nl=t, vraagtekst_en=t)
        for i, t in enumerate(texts, start=1)
    ]
    assert import_catalogue_workbook(workbook(vragen=rows)).ok

    for i, text in enumerate(texts, start=1):
        version = m.QuestionVersion.objects.get(question__code=f"tekst{i}")
        assert (version.wording_nl, version.instruction_nl, version.wording_en) == (text,) * 3
        assert version.fingerprint == version.compute_fingerprint()

    data = export_catalogue_workbook()
    exported = {r[0]: r[2] for r in sheets_of(data)["vragen"]}
    assert [exported[f"tekst{i}"] for i in range(1, len(texts) + 1)] == texts
    report = import_catalogue_workbook(data)
    assert report.ok and report.sheets[4].totals["skip"] == len(texts) + 3


def test_formula_like_texts_are_written_as_text_cells(catalogue):
    rows = [question_row(f"formule{i}", vraagtekst_nl=t) for i, t in enumerate(FORMULA_LIKE)]
    assert import_catalogue_workbook(workbook(vragen=rows)).ok

    sheet = openpyxl.load_workbook(io.BytesIO(export_catalogue_workbook()))["vragen"]
    cells = {row[0].value: row[2] for row in sheet.iter_rows(min_row=2)}
    for i, text in enumerate(FORMULA_LIKE):
        assert cells[f"formule{i}"].value == text
        assert cells[f"formule{i}"].data_type == "s"


def test_control_characters_do_not_crash_an_export(catalogue):
    # NUL itself cannot be stored (PostgreSQL refuses it, forms reject it, xlsx cannot
    # hold it), so the other control characters that xlsx refuses are what can occur.
    f.make_question(code="ctrl", version_kw={"wording_nl": "bel\x07 en\x1bescape"})
    sheet = sheets_of(export_catalogue_workbook())["vragen"]
    assert {r[0]: r[2] for r in sheet}["ctrl"] == "bel\ufffd en\ufffdescape"


def test_a_changed_wording_becomes_a_new_version(catalogue):
    q1 = catalogue["questions"][0]
    old = q1.latest_version()
    old_content = old.content()
    sheets = sheets_of(export_catalogue_workbook())
    rows = [dict(zip(sheets["vragen"].headers, r, strict=True)) for r in sheets["vragen"]]
    rows[0].update(vraagtekst_nl="Vraag 1, nieuw geformuleerd?", reden_wijziging="B1-taal")

    report = import_catalogue_workbook(workbook(vragen=rows))

    assert report.ok, report.all_errors()
    assert report.sheets[0].totals["update"] == 1 and report.sheets[0].new_versions == 1
    new = q1.latest_version()
    assert (new.number, new.wording_nl, new.change_reason) == (
        2,
        "Vraag 1, nieuw geformuleerd?",
        "B1-taal",
    )
    old.refresh_from_db()
    assert old.content() == old_content
    assert catalogue["set"].items.get(position=1).question_version == new


def test_a_changed_wording_without_a_reason_is_a_row_error(catalogue):
    sheets = sheets_of(export_catalogue_workbook())
    rows = [dict(zip(sheets["vragen"].headers, r, strict=True)) for r in sheets["vragen"]]
    rows[1]["vraagtekst_nl"] = "Anders"
    before = counts()

    report = import_catalogue_workbook(workbook(vragen=rows))

    assert report.all_errors() == [
        "blad 'vragen', rij 3, kolom 'reden_wijziging': de inhoud van vraag q2 is gewijzigd; "
        "vul een reden van wijziging in (er komt een nieuwe versie)"
    ]
    assert counts() == before


def test_changing_options_of_a_scale_in_use_is_a_row_error(catalogue):
    sheets = sheets_of(export_catalogue_workbook())
    rows = [dict(zip(sheets["schalen"].headers, r, strict=True)) for r in sheets["schalen"]]
    rows[1]["label_nl"] = "Eens!"
    before = counts()

    report = import_catalogue_workbook(workbook(schalen=rows))

    [error] = report.all_errors()
    assert error.startswith("blad 'schalen', rij 3, kolom 'schaal': schaal 'eens4' wordt gebruikt")
    assert error.endswith("maak een nieuwe schaal")
    assert counts() == before


def test_a_new_scale_and_questions_using_it_import_together(catalogue):
    scale_rows = [
        {
            "schaal": "ja2",
            "schaalnaam": "Ja/nee",
            "volgorde": i,
            "code": i,
            "label_nl": label,
            "label_en": "",
            "ontbrekend": "nee",
        }
        for i, label in enumerate(["Ja", "Nee"], start=1)
    ]
    rows = [question_row("nieuwja", schaal="ja2")]

    report = import_catalogue_workbook(workbook(schalen=scale_rows, vragen=rows))

    assert report.ok, report.all_errors()
    version = m.QuestionVersion.objects.get(question__code="nieuwja")
    assert version.scale.code == "ja2"
    assert version.fingerprint == version.compute_fingerprint()


def test_dry_run_writes_nothing(catalogue):
    before = counts()
    report = import_catalogue_workbook(workbook(vragen=[question_row("droog")]), dry_run=True)
    assert report.ok and report.sheets[0].totals["new"] == 1
    assert counts() == before


def test_question_import_queries_do_not_grow_with_rows(catalogue):
    def queries_for(n, prefix):
        rows = [question_row(f"{prefix}{i}") for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            assert import_catalogue_workbook(workbook(vragen=rows)).ok
        return len(ctx.captured_queries)

    small, large = queries_for(20, "klein"), queries_for(200, "groot")
    # Lookups are one query per referenced table; only the bulk INSERTs grow, because
    # SQLite caps bound variables per statement and Django splits the batch.
    # +5 for the audit trail: questions and versions read before and after, one INSERT.
    assert small < 30
    assert large - small <= 10
