"""Uploaded workbooks are checked before openpyxl opens them."""

import io
import zipfile

import pytest
import tablib
from django.core.exceptions import ValidationError

from questionsets.curation.workbook import write_workbook
from questionsets.files.xlsx_safety import OLE_MAGIC, check_xlsx_upload, open_workbook


def _xlsx() -> bytes:
    return write_workbook([("vragen", tablib.Dataset(["q1"], headers=["code"]))])


def _refused(data: bytes, **kw) -> str:
    with pytest.raises(ValidationError) as exc:
        check_xlsx_upload(data, **kw)
    return exc.value.messages[0]


def test_a_real_workbook_passes():
    check_xlsx_upload(_xlsx())
    assert open_workbook(_xlsx()).sheetnames == ["vragen"]


def test_an_empty_file_is_refused():
    assert _refused(b"") == "Het bestand is leeg."


def test_an_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 100
    assert "te groot" in _refused(_xlsx())


def test_a_non_xlsx_file_is_refused():
    assert _refused(b"code;naam\nq1;x\n") == "Het bestand is geen Excel-werkmap (.xlsx)."


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hallo")
    assert _refused(buffer.getvalue()) == "Het bestand is geen Excel-werkmap (.xlsx)."


def test_a_truncated_zip_is_refused():
    assert "geen geldige Excel-werkmap" in _refused(_xlsx()[:200])


def test_a_password_protected_workbook_is_refused():
    message = _refused(OLE_MAGIC + b"\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    assert "wachtwoord" in message


def test_a_zip_bomb_is_refused_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    assert "verdacht grote hoeveelheid" in _refused(data)


def test_too_many_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(1001):
            archive.writestr(f"x/{i}.xml", "")
    assert "verdacht grote hoeveelheid" in _refused(buffer.getvalue())
