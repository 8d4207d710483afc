"""Local results: validation messages, computation, and that only aggregates are stored."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from questionsets.models import LocalResult, ResultUpload
from questionsets.results import services as results

from .conftest import csv_bytes, respondent_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def run_import(bench, data, kind="respondents", user=None):
    return results.results_import(
        questionnaire=bench.questionnaire, user=user, kind=kind, data=data
    )


def problems(bench, data, kind="respondents") -> list[str]:
    with pytest.raises(ValidationError) as exc:
        run_import(bench, data, kind)
    assert not ResultUpload.objects.exists() and not LocalResult.objects.exists()
    return exc.value.messages


def test_respondent_upload_stores_item_indicator_and_wijk_aggregates(bench):
    upload = run_import(bench, xlsx_bytes(respondent_rows(bench.codes, 100)))
    assert upload.respondents == 100 and not upload.weighted
    assert upload.wijk_counts == {"Noord": 44, "Zuid": 44}
    first = LocalResult.objects.get(upload=upload, item__code=bench.codes[0], wijk="")
    # 100 rows, 6 are 'weet niet' (every 17th from 0): 94 substantive answers
    assert first.n == 94
    in_categories = sum(
        1 for i in range(100) if i % 17 and [1, 2, 2, 1, 2, 1, 2, 3, 4, 3][i % 10] <= 2
    )
    assert first.value == pytest.approx(100 * in_categories / 94)
    assert first.ci_low < first.value < first.ci_high
    indicator = LocalResult.objects.get(upload=upload, indicator=bench.indicator, wijk="")
    assert indicator.value == pytest.approx(first.value)  # same answers on every item
    local = LocalResult.objects.get(upload=upload, item=bench.local, wijk="")
    assert local.statistic == "percentage" and local.categories == [1]
    assert local.value == pytest.approx(75.0)
    wijken = set(LocalResult.objects.filter(upload=upload).values_list("wijk", flat=True))
    assert wijken == {"", "Noord", "Zuid"}


def test_weighted_upload_reports_kish_design_effect(bench):
    upload = run_import(bench, csv_bytes(respondent_rows(bench.codes, 60, weights=True)))
    # weights alternate 1.5 / 0.5: deff = n * sum(w^2) / sum(w)^2 = 60 * 75 / 3600 = 1.25
    assert upload.weighted and upload.design_effect == pytest.approx(1.25)
    row = LocalResult.objects.get(upload=upload, item=bench.local, wijk="")
    assert row.n == 60 and row.n_effective == pytest.approx(48.0)


def test_small_wijken_get_no_results_of_their_own(bench):
    rows = respondent_rows(bench.codes, 40, wijken=("Noord", "Centrum", "Oost"))
    upload = run_import(bench, xlsx_bytes(rows))
    assert set(upload.results.values_list("wijk", flat=True)) == {""}


def test_new_upload_replaces_the_previous_one(bench):
    run_import(bench, xlsx_bytes(respondent_rows(bench.codes, 50)))
    upload = run_import(bench, xlsx_bytes(respondent_rows(bench.codes, 60)))
    assert list(ResultUpload.objects.all()) == [upload]


def test_unknown_code_missing_column_and_bad_values_are_listed_with_row_and_column(bench):
    rows = respondent_rows(bench.codes, 5)
    rows[0][0] = "onbekend"  # first item column renamed: unknown + missing
    rows[2][1] = 7  # out of range, Excel row 3
    rows[3][2] = "veel"  # text in a numeric column, Excel row 4
    messages = problems(bench, xlsx_bytes(rows))
    assert f"kolom '{bench.codes[0]}': deze kolom ontbreekt (een vraag uit de vragenlijst)" in (
        messages
    )
    assert "kolom 'onbekend': onbekende kolom: geen code uit deze vragenlijst" in messages
    rows[0][0] = bench.codes[0]
    messages = problems(bench, xlsx_bytes(rows))
    assert messages == [
        f"rij 3, kolom '{bench.codes[1]}': 7 is geen antwoordcode van deze vraag "
        "(toegestaan: 1, 2, 3, 4, 9)",
        f"rij 4, kolom '{bench.codes[2]}': 'veel' is geen getal",
    ]


def test_bad_weight_and_empty_files_are_refused(bench):
    rows = respondent_rows(bench.codes, 3, weights=True)
    rows[2][-1] = 0
    assert problems(bench, csv_bytes(rows)) == [
        "rij 3, kolom 'weight': '0' is geen gewicht groter dan 0"
    ]
    assert problems(bench, b"") == ["Het bestand is leeg."]
    header_only = respondent_rows(bench.codes, 0)
    assert problems(bench, xlsx_bytes(header_only)) == ["Het bestand bevat geen respondenten."]


def test_non_excel_and_legacy_files_are_refused(bench):
    assert problems(bench, b"\x00\x01binary\x00junk") == [
        "Dit is geen Excel- of CSV-bestand. Upload een Excel-werkmap (.xlsx) of een CSV-bestand."
    ]
    assert "oud Excel-bestand" in problems(bench, b"\xd0\xcf\x11\xe0" + b"\x00" * 100)[0]
    assert problems(bench, b"PK\x03\x04broken") == [
        "Het bestand is geen geldige Excel-werkmap (.xlsx)."
    ]


def test_aggregated_upload_with_and_without_standard_error(bench):
    rows = [
        ["code", "n", "waarde", "standaardfout", "wijk"],
        [bench.codes[0], 400, 55.5, 2.5, ""],
        [bench.codes[1], 400, 70, "", ""],
        [bench.indicator.code, 400, 52, "", ""],
        [bench.codes[0], 80, 40, "", "Noord"],
    ]
    upload = run_import(bench, xlsx_bytes(rows), kind="aggregated")
    first = upload.results.get(item__code=bench.codes[0], wijk="")
    assert first.ci_low == pytest.approx(55.5 - 1.959964 * 2.5, abs=1e-4)
    second = upload.results.get(item__code=bench.codes[1])
    assert second.se == pytest.approx(100 * (0.7 * 0.3 / 400) ** 0.5)
    assert upload.results.count() == 4


def test_aggregated_upload_errors(bench):
    rows = [
        ["code", "n", "waarde"],
        ["xyz", 10, 5],
        [bench.codes[0], 0, 50],
        [bench.codes[1], 10, 150],
    ]
    assert problems(bench, xlsx_bytes(rows), kind="aggregated") == [
        "rij 2, kolom 'code': 'xyz' is geen vraag of indicator uit deze vragenlijst",
        "rij 3, kolom 'n': n is een geheel getal groter dan 0",
        "rij 4, kolom 'waarde': een percentage ligt tussen 0 en 100",
    ]
    assert problems(bench, xlsx_bytes([["code", "waarde"], ["a", 1]]), kind="aggregated") == [
        "kolom 'n': deze kolom ontbreekt"
    ]


# --------------------------------------------------------------------------- through the view


def post_upload(client, bench, data, name="resultaten.xlsx", kind="respondents"):
    url = reverse("questionsets:results-upload", args=[bench.questionnaire.pk])
    return client.post(url, {"kind": kind, "file": SimpleUploadedFile(name, data)})


def test_upload_view_stores_only_aggregates_and_writes_no_temp_file(
    client, editor, bench, settings, tmp_path
):
    """Respondent-level data never reaches the database or the disk."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django's default chain would spill to disk
    client.force_login(editor)
    response = post_upload(client, bench, xlsx_bytes(respondent_rows(bench.codes, 100)))
    assert response.status_code == 302
    assert list(tmp_path.iterdir()) == []
    upload = ResultUpload.objects.get()
    stored = list(upload.results.values("n", "wijk", "value"))
    assert all(row["n"] >= 30 for row in stored)  # aggregates only, never single answers
    assert {f.name for f in LocalResult._meta.concrete_fields} == {
        "id",
        "upload",
        "item",
        "indicator",
        "wijk",
        "statistic",
        "categories",
        "value",
        "se",
        "ci_low",
        "ci_high",
        "n",
        "n_effective",
        "design_effect",
        "scale_min",
        "scale_max",
    }


def test_upload_view_refuses_a_50_mb_file_in_dutch(client, editor, bench, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client.force_login(editor)
    response = post_upload(client, bench, b"a;b\n" * (50 * 1024 * 1024 // 4), name="groot.csv")
    assert response.status_code == 400
    assert (
        "Het bestand is te groot; het mag hoogstens 10,0\xa0MB zijn." in response.content.decode()
    )
    assert not ResultUpload.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_upload_view_lists_problems_and_stores_nothing(client, editor, bench):
    client.force_login(editor)
    rows = respondent_rows(bench.codes, 3)
    rows[2][0] = 5
    response = post_upload(client, bench, xlsx_bytes(rows))
    body = response.content.decode()
    assert response.status_code == 400
    assert "er is niets opgeslagen" in body
    assert f"rij 3, kolom &#x27;{bench.codes[0]}&#x27;: 5 is geen antwoordcode" in body
    assert not ResultUpload.objects.exists()


def test_reader_cannot_upload_and_outsider_gets_404(client, colleague, outsider, bench):
    url = reverse("questionsets:results-upload", args=[bench.questionnaire.pk])
    client.force_login(colleague)
    assert client.get(url).status_code == 403
    assert post_upload(client, bench, b"x").status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert post_upload(client, bench, b"x").status_code == 404
    assert not ResultUpload.objects.exists()
