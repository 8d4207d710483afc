"""Every upload endpoint refuses oversized files and zip bombs; XML entities never expand."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from questionsets import models as m
from questionsets.curation.workbook import read_workbook

from .. import factories as f
from ..basket import add_set, make_set

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Sets and scales are imported only in /curatie/ (review); their admin import is a 403.
ADMIN_IMPORTS = ["source", "concept", "indicator", "question"]
BOMB_MESSAGE = "verdacht grote hoeveelheid"


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def billion_laughs() -> bytes:
    """A real workbook whose sharedStrings.xml declares an exponential entity."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "placeholder"
    buffer = io.BytesIO()
    workbook.save(buffer)
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    shared = (
        '<?xml version="1.0"?><!DOCTYPE sst [' + entities + "]>"
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b't="inlineStr"', b't="s"').replace(
                    b"<is><t>placeholder</t></is>", b"<v>0</v>"
                )
            archive.writestr(item, data)
        archive.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


@pytest.fixture
def endpoints(editor, municipality, curator):
    questionnaire = f.make_questionnaire(municipality=municipality)
    add_set(questionnaire, make_set(2))
    q = questionnaire.pk
    admin = [
        (curator, f"/admin/questionsets/{name}/import/", "import_file", {"format": "0"})
        for name in [*ADMIN_IMPORTS, "nationalfigure"]
    ]
    return admin + [
        (editor, f"/vragenlijsten/{q}/resultaten/uploaden/", "file", {"kind": "aggregated"}),
        (editor, f"/vragenlijsten/{q}/controle/", "file", {}),
        (editor, "/planner/", "file", {"margin": "5", "confidence": "0.95"}),
        (
            editor,
            f"/vragenlijsten/{q}/resultaten/planner/",
            "file",
            {"margin": "5", "confidence": "0.95", "response_rate": "30", "save": "1"},
        ),
    ]


def stored_counts():
    return {
        model.__name__: model.objects.count()
        for model in (m.Question, m.Source, m.Concept, m.ResultUpload, m.NationalFigure)
    }


def post(client, user, url, field, extra, data, name="bestand.xlsx"):
    client.force_login(user)
    upload = SimpleUploadedFile(name, data, content_type=XLSX)
    return client.post(url, {**extra, field: upload})


def test_zip_bombs_are_refused_on_every_upload_endpoint(client, endpoints):
    bomb = zip_bomb()
    assert len(bomb) < 200 * 1024
    before = stored_counts()
    for user, url, field, extra in endpoints:
        response = post(client, user, url, field, extra, bomb)
        assert response.status_code in (200, 400), url
        assert BOMB_MESSAGE in response.content.decode(), url
    assert stored_counts() == before


def test_oversized_uploads_are_refused_on_every_upload_endpoint(client, endpoints, settings):
    settings.UPLOAD_MAX_BYTES = 100 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    before = stored_counts()
    for size in (150 * 1024, 2 * 1024 * 1024):  # over the form limit; over the request limit
        data = b"PK\x03\x04" + b"x" * size
        for user, url, field, extra in endpoints:
            response = post(client, user, url, field, extra, data)
            assert response.status_code in (200, 400, 413), (url, size)
            if response.status_code == 200:
                assert "te groot" in response.content.decode(), (url, size)
    assert stored_counts() == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"$FL2" + b"x" * (150 * 1024), "te groot"),
        (b"$FL3" + b"\x00" * 1000, "kon niet als SPSS-bestand (.sav) worden gelezen"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "Dit is geen Excel-, CSV- of SPSS-bestand"),
    ],
    ids=["oversized-sav", "broken-zsav", "pdf"],
)
def test_results_and_planner_uploads_refuse_spss_and_other_files_early(
    client, endpoints, settings, data, expected
):
    settings.UPLOAD_MAX_BYTES = 100 * 1024
    before = stored_counts()
    table_endpoints = [e for e in endpoints if "resultaten" in e[1] or "planner" in e[1]]
    assert len(table_endpoints) == 3
    for user, url, field, extra in table_endpoints:
        response = post(client, user, url, field, extra, data, name="bestand.sav")
        assert response.status_code in (200, 400), url
        assert expected in response.content.decode(), url
    assert stored_counts() == before
    assert not m.SamplePlan.objects.exists()


def test_an_entity_expansion_in_shared_strings_is_never_expanded():
    # defusedxml makes openpyxl parse with lxml and resolve_entities=False: the entity stays
    # unexpanded, the shared string is missing and reading the sheet fails with our Dutch
    # message. It never grows.
    assert openpyxl.xml.DEFUSEDXML is True
    with pytest.raises(ValidationError) as caught:
        read_workbook(billion_laughs())
    assert caught.value.messages == ["Het bestand kon niet als Excel-werkmap worden gelezen."]


def test_an_entity_expansion_is_refused_by_the_admin_import(client, curator):
    response = post(
        client,
        curator,
        "/admin/questionsets/source/import/",
        "import_file",
        {"format": "0"},
        billion_laughs(),
    )
    assert response.status_code == 200
    assert "lollol" not in response.content.decode()
    assert "confirm_form" not in response.context
    assert not m.Source.objects.exists()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_pdf_named_xlsx_is_named_as_not_excel_or_csv(client, endpoints):
    for user, url, field, extra in endpoints[-3:]:
        if "controle" in url:
            continue  # the conformance check takes only workbooks, and says so
        body = post(client, user, url, field, extra, PDF).content.decode()
        assert "Dit is geen Excel-" in body and "-bestand" in body, url
        assert "onbekende kolom" not in body and "%PDF" not in body, url


def test_an_oversized_upload_shows_only_the_size_message(client, endpoints, settings):
    settings.UPLOAD_MAX_BYTES = 100 * 1024
    data = b"PK\x03\x04" + b"x" * 150 * 1024
    for user, url, field, extra in endpoints:
        body = post(client, user, url, field, extra, data).content.decode()
        assert "te groot" in body, url  # (in the form's error summary and at the field)
        for other in ("Dit veld is verplicht", "Vul de wijken", "kies een bestand"):
            assert other not in body, (url, other)
