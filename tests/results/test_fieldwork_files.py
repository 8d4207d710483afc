"""Results files as fieldwork delivers them: extra columns, any case, codes as text, junk."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from questionsets.models import LocalResult, ResultUpload
from questionsets.results import services as results

from .conftest import csv_bytes, respondent_rows, xlsx_bytes

pytestmark = pytest.mark.django_db
NOT_A_TABLE = "Dit is geen Excel-, CSV- of SPSS-bestand"


def run_import(bench, data, kind="respondents"):
    return results.results_import(
        questionnaire=bench.questionnaire, user=None, kind=kind, data=data
    )


def problems(bench, data, kind="respondents") -> list[str]:
    with pytest.raises(ValidationError) as exc:
        run_import(bench, data, kind)
    assert not ResultUpload.objects.exists() and not LocalResult.objects.exists()
    return exc.value.messages


def with_extra_columns(rows):
    """A respondent id in front and a date at the end, as agencies deliver them."""
    header, *body = rows
    return [["respondent_id", *header, "datum"]] + [
        [1000 + i, *row, "2025-03-01"] for i, row in enumerate(body)
    ]


def test_extra_columns_are_ignored_and_listed(bench):
    upload = run_import(bench, xlsx_bytes(with_extra_columns(respondent_rows(bench.codes, 60))))
    assert upload.respondents == 60
    assert upload.ignored_columns == ["respondent_id", "datum"]
    plain = LocalResult.objects.get(upload=upload, item__code=bench.codes[0], wijk="").value
    ResultUpload.objects.all().delete()
    again = run_import(bench, xlsx_bytes(respondent_rows(bench.codes, 60)))
    assert again.ignored_columns == []
    assert LocalResult.objects.get(upload=again, item__code=bench.codes[0], wijk="").value == plain


def test_the_upload_page_lists_the_ignored_columns(client, editor, bench):
    client.force_login(editor)
    url = reverse("questionsets:results-upload", args=[bench.questionnaire.pk])
    data = csv_bytes(with_extra_columns(respondent_rows(bench.codes, 40)))
    response = client.post(
        url, {"kind": "respondents", "file": SimpleUploadedFile("r.csv", data)}, follow=True
    )
    assert response.redirect_chain[-1][1] == 302
    assert "Genegeerde kolommen: respondent_id, datum" in response.content.decode()


def test_duplicated_and_missing_columns_are_still_refused(bench):
    rows = respondent_rows(bench.codes, 5)
    rows[0].append(bench.codes[1].upper())  # the same column twice, in another case
    for row in rows[1:]:
        row.append(1)
    messages = problems(bench, xlsx_bytes(rows))
    assert messages == [f"kolom '{bench.codes[1]}': deze kolom komt meer dan eens voor"]
    rows = [row[1:] for row in respondent_rows(bench.codes, 5)]
    messages = problems(bench, xlsx_bytes(rows))
    assert messages == [
        f"kolom '{bench.codes[0]}': deze kolom ontbreekt (een vraag uit de vragenlijst)"
    ]


def test_headers_and_codes_match_without_case_or_surrounding_space(bench):
    rows = respondent_rows(bench.codes, 60, weights=True)
    rows[0] = [h.upper() for h in rows[0][:-2]] + [" Wijk ", "Gewicht"]
    for row in rows[1:]:
        row[0] = f" {row[0]} "  # codes delivered as text, with spaces around them
        row[1] = str(row[1])
    upload = run_import(bench, csv_bytes(rows))
    assert upload.ignored_columns == [] and upload.weighted
    assert upload.wijk_counts == {"Noord": 26, "Zuid": 27}
    first = LocalResult.objects.get(upload=upload, item__code=bench.codes[0], wijk="")
    third = LocalResult.objects.get(upload=upload, item__code=bench.codes[2], wijk="")
    assert first.n == third.n and first.value == pytest.approx(third.value)


def test_aggregated_files_match_headers_and_codes_without_case(bench):
    rows = [
        ["Code", "N", "Waarde", "opmerking"],
        [bench.codes[0].upper(), 400, 55.5, "uit rapport"],
        [bench.indicator.code.lower(), 400, 52, ""],
    ]
    upload = run_import(bench, xlsx_bytes(rows), kind="aggregated")
    assert upload.results.count() == 2 and upload.ignored_columns == ["opmerking"]


def test_a_file_without_any_questionnaire_column_gets_one_message(bench):
    rows = [["naam", "adres"], ["a", "b"]]
    messages = problems(bench, xlsx_bytes(rows))
    assert len(messages) == 1
    assert messages[0].startswith("Geen enkele kolom is een vraagcode uit deze vragenlijst")
    assert "sjabloon" in messages[0]


def docx_like() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"GIF89a\x01\x00\x01\x00",
        b"\x00\x01binary\x00junk",
        b"\x7fELF\x02\x01\x01",
        docx_like(),
    ],
    ids=["pdf", "png", "jpeg", "gif", "binary", "elf", "docx"],
)
def test_a_file_that_is_no_table_gets_one_clear_message(bench, data):
    assert problems(bench, data) == [f"{NOT_A_TABLE} (.xlsx, .csv of .sav)."]


def test_a_csv_with_semicolons_and_decimal_commas_keeps_its_columns(bench):
    rows = respondent_rows(bench.codes, 40, weights=True)
    for row in rows[1:]:
        row[-1] = str(row[-1]).replace(".", ",")
    upload = run_import(bench, csv_bytes(rows, delimiter=";"))
    assert upload.weighted and upload.design_effect == pytest.approx(1.25)
