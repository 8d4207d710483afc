"""SPSS .sav results files, written with pyreadstat: labels, user-missing values, safety."""

import pandas as pd
import pyreadstat
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from questionsets.models import LocalResult, ResultUpload
from questionsets.results import services as results
from questionsets.results.tables import read_table

from .conftest import TRUST, respondent_rows

pytestmark = pytest.mark.django_db
SCALE_LABELS = {1: TRUST[0], 2: TRUST[1], 3: TRUST[2], 4: TRUST[3], 9: "Weet niet"}


def sav_bytes(tmp_path, rows, *, labels=None, missing=None, compress=False, name="r.sav"):
    """A real .sav (or .zsav) file from respondent_rows-style rows."""
    header, *body = rows
    frame = pd.DataFrame(
        {
            column: [
                None if row[i] in ("", None) else row[i] for row in body
            ]  # SPSS has no empty string for numbers
            for i, column in enumerate(header)
        }
    )
    path = tmp_path / name
    pyreadstat.write_sav(
        frame,
        str(path),
        variable_value_labels=labels or {},
        missing_ranges=missing or {},
        compress=compress,
    )
    return path.read_bytes()


def fieldwork_rows(bench, n=60):
    """Upper case variable names, a respondent id and an interview date, as SPSS files come."""
    rows = respondent_rows(bench.codes, n)
    header = ["RESPONDENT_ID", *(h.upper() for h in rows[0][:-1]), "WIJK", "datum"]
    body = [[i + 1, *row, 20250301.0] for i, row in enumerate(rows[1:])]
    return [header, *body]


def item_labels(bench, **changes):
    labels = {code.upper(): dict(SCALE_LABELS) for code in bench.codes}
    for column, mapping in changes.items():
        labels[column.upper()] = mapping
    return labels


def run_import(bench, data):
    return results.results_import(
        questionnaire=bench.questionnaire, user=None, kind="respondents", data=data
    )


def problems(bench, data) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        run_import(bench, data)
    assert not ResultUpload.objects.exists()
    return exc.value.messages


def test_a_sav_file_gives_the_same_results_as_the_spreadsheet(bench, tmp_path):
    rows = fieldwork_rows(bench)
    data = sav_bytes(tmp_path, rows, labels=item_labels(bench))
    assert data[:4] == b"$FL2"
    upload = run_import(bench, data)
    assert upload.respondents == 60 and upload.wijk_counts == {"Noord": 26, "Zuid": 27}
    assert upload.ignored_columns == ["RESPONDENT_ID", "datum"]
    from .conftest import xlsx_bytes

    sav_values = dict(upload.results.values_list("item__code", "value").filter(wijk=""))
    ResultUpload.objects.all().delete()
    xlsx = run_import(bench, xlsx_bytes(respondent_rows(bench.codes, 60)))
    assert dict(xlsx.results.values_list("item__code", "value").filter(wijk="")) == sav_values


def test_a_compressed_zsav_file_is_read_too(bench, tmp_path):
    data = sav_bytes(tmp_path, fieldwork_rows(bench), compress=True, name="r.zsav")
    assert data[:4] == b"$FL3"
    assert run_import(bench, data).respondents == 60


def test_user_missing_values_count_as_missing(bench, tmp_path):
    rows = fieldwork_rows(bench, 40)
    column = 1 + bench.codes.index(bench.codes[0])
    for row in rows[2:7]:  # respondents 1-5 (respondent 0 answered 9 everywhere)
        row[column] = 8  # no code of the scale, but declared user-missing in SPSS
    missing = {bench.codes[0].upper(): [8, 9]}
    labels = item_labels(bench, **{bench.codes[0]: {**SCALE_LABELS, 8: "geen antwoord"}})
    upload = run_import(bench, sav_bytes(tmp_path, rows, labels=labels, missing=missing))
    first = LocalResult.objects.get(upload=upload, item__code=bench.codes[0], wijk="")
    second = LocalResult.objects.get(upload=upload, item__code=bench.codes[1], wijk="")
    assert first.n == second.n - 5


def test_a_different_value_label_is_an_error_naming_column_code_and_both_labels(bench, tmp_path):
    code = bench.codes[1]
    other = {**SCALE_LABELS, 2: "tamelijk"}
    labels = item_labels(bench, **{code: other})
    messages = problems(bench, sav_bytes(tmp_path, fieldwork_rows(bench), labels=labels))
    assert messages == [
        f"kolom '{code.upper()}': code 2 heeft in het bestand het label 'tamelijk', in de "
        "vragenlijst 'tamelijk veel'; een ander label wijst op een andere antwoordschaal"
    ]


def test_labels_differing_only_in_case_and_spacing_are_the_same(bench, tmp_path):
    labels = item_labels(bench, **{bench.codes[0]: {1: "Heel  veel ", 9: "WEET NIET"}})
    assert run_import(bench, sav_bytes(tmp_path, fieldwork_rows(bench), labels=labels))


def test_a_labelled_code_outside_the_scale_and_a_substantive_code_marked_missing_are_errors(
    bench, tmp_path
):
    first, second = bench.codes[0], bench.codes[1]
    labels = item_labels(bench, **{first: {**SCALE_LABELS, 5: "weet niet"}})
    missing = {second.upper(): [{"lo": 4, "hi": 9}]}
    data = sav_bytes(tmp_path, fieldwork_rows(bench), labels=labels, missing=missing)
    assert problems(bench, data) == [
        f"kolom '{first.upper()}': code 5 ('weet niet') komt niet voor in de antwoordschaal "
        "van deze vraag; het bestand gebruikt een andere codering dan de vragenlijst",
        f"kolom '{second.upper()}': code 4 is in het bestand als ontbrekend gemarkeerd, maar is "
        "in de vragenlijst het antwoord 'helemaal geen'; haal die markering weg of controleer "
        "de codering",
    ]


@pytest.mark.parametrize(
    "data",
    [b"$FL2", b"$FL2" + b"\x00" * 200, b"$FL3garbage\xff" * 50],
    ids=["magic-only", "zeros", "garbage"],
)
def test_a_broken_sav_file_gets_a_dutch_message(bench, data):
    assert problems(bench, data) == ["Het bestand kon niet als SPSS-bestand (.sav) worden gelezen."]


def test_a_sav_file_over_the_size_limit_is_refused_before_reading(bench, tmp_path, settings):
    data = sav_bytes(tmp_path, fieldwork_rows(bench))
    settings.UPLOAD_MAX_BYTES = 2048
    assert len(data) > 2048
    assert problems(bench, data) == ["Het bestand is te groot; het mag hoogstens 2,0\xa0KB zijn."]


def test_a_sav_file_never_holds_more_than_the_cell_limit(bench, tmp_path, monkeypatch):
    from questionsets.results import spss

    data = sav_bytes(tmp_path, fieldwork_rows(bench, 30))
    monkeypatch.setattr(spss, "MAX_CELLS", 7 * 20)  # 7 columns: room for 20 rows
    with pytest.raises(ValidationError) as exc:
        read_table(data)
    assert "meer dan" in exc.value.messages[0]


def test_the_upload_view_accepts_a_sav_file(client, editor, bench, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    client.force_login(editor)
    url = reverse("questionsets:results-upload", args=[bench.questionnaire.pk])
    data = sav_bytes(tmp_path, fieldwork_rows(bench), labels=item_labels(bench))
    upload = SimpleUploadedFile("veldwerk.sav", data, content_type="application/x-spss-sav")
    response = client.post(url, {"kind": "respondents", "file": upload}, follow=True)
    body = response.content.decode()
    assert response.redirect_chain and "Genegeerde kolommen: RESPONDENT_ID, datum" in body
    assert ResultUpload.objects.get().respondents == 60
    assert list((tmp_path / "uploads").iterdir()) == []
