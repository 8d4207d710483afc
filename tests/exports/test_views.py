"""Downloads, the print view and the conformance check, through the real views."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from lxml import etree
from openpyxl import Workbook, load_workbook

from questionsets.exports import FORMATS, spss
from questionsets.exports import xlsx as xlsx_export
from questionsets.exports.base import options_text
from questionsets.exports.urls import urlpatterns as export_urls
from questionsets.exports.views import safe_filename
from questionsets.models import AnswerType, QuestionnaireItem, QuestionVersion
from questionsets.questionnaires import items

from ..basket import add_local
from ..export_data import TRUST_INTRO, make_full_questionnaire
from ..pages import same_page

pytestmark = pytest.mark.django_db

NATIONAL = ("vert1", "vert2", "vei1", "vei2")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsform": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@pytest.fixture
def questionnaire(municipality, editor):
    return make_full_questionnaire(municipality, editor)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reader_client(colleague):
    client = Client()
    client.force_login(colleague)
    return client


@pytest.fixture
def outsider_client(outsider):
    client = Client()
    client.force_login(outsider)
    return client


@pytest.fixture(autouse=True)
def _upload_dirs(settings, tmp_path):
    """Media and upload temp dirs under tmp_path, so a test can prove nothing lands there."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "media" / "tmp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir(parents=True)


def text(response) -> str:
    """The page as a reader sees it: entities decoded, non-breaking spaces as spaces."""
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def url(name, *args):
    return reverse(f"questionsets:{name}", args=args)


def export_url(questionnaire, fmt):
    return url("questionnaire-export", questionnaire.pk, fmt)


def versions():
    return {
        v.question.code: v
        for v in QuestionVersion.objects.with_scale().filter(question__code__in=NATIONAL)
    }


# --------------------------------------------------------------------------- downloads


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("who", ["editor_client", "reader_client"])
def test_every_format_downloads_for_members(request, questionnaire, fmt, who):
    client = request.getfixturevalue(who)
    response = client.get(export_url(questionnaire, fmt))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert "vragenlijst_utrecht_2026" in disposition
    assert response["Cache-Control"] == "private, no-store"
    if fmt in CONTENT_TYPES:
        assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert len(response.content) > 100


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_outsiders_get_the_same_404_as_a_missing_questionnaire(outsider_client, questionnaire, fmt):
    foreign = outsider_client.get(export_url(questionnaire, fmt))
    missing = outsider_client.get(url("questionnaire-export", questionnaire.pk + 999, fmt))
    assert foreign.status_code == missing.status_code == 404
    assert same_page(foreign) == same_page(missing)
    assert "Content-Disposition" not in foreign


def test_anonymous_users_are_sent_to_login(client, questionnaire):
    for name, args in (
        ("questionnaire-export", (questionnaire.pk, "xlsx")),
        ("questionnaire-print", (questionnaire.pk,)),
        ("questionnaire-conformance", (questionnaire.pk,)),
    ):
        response = client.get(url(name, *args))
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_unknown_format_is_404(editor_client, questionnaire):
    assert editor_client.get(export_url(questionnaire, "pdf")).status_code == 404
    assert editor_client.get(export_url(questionnaire, "XLSX")).status_code == 404


def test_export_error_shows_a_dutch_message(editor_client, questionnaire):
    scale = items.NewScale(name="Groot", options=[(123456, "Heel groot")])
    add_local(questionnaire, code="lok9", answer_type=AnswerType.SINGLE, new_scale=scale)
    response = editor_client.get(export_url(questionnaire, "limesurvey"))
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    content = response.content.decode()
    assert "Export niet mogelijk" in content
    assert "Antwoordcode 123456 van vraag lok9 is langer dan 5 tekens" in content
    assert editor_client.get(export_url(questionnaire, "xlsx")).status_code == 200


def test_safe_filename_keeps_only_plain_characters():
    assert safe_filename("vragenlijst_utrecht_2026.xlsx") == "vragenlijst_utrecht_2026.xlsx"
    assert safe_filename('../a b"\r\nc;.sps') == "a_b_c_.sps"
    assert safe_filename("...") == "export"


# Every export, whatever the number of items:
#  1 session  2 user  3 questionnaire + municipality + role (access helper)
#  4 items (+ section, version, question, scale, source, catalogue and local scale,
#    derived version, set)  5-7 options of national, catalogue and local scales
#  8 the sets' indicators  9 newest version date and count (catalogue version)
#  10 basket sets with their set items and questions  11 their indicators
EXPORT_QUERIES = 11


@pytest.mark.parametrize("extra_sets", [1, 99])
def test_export_query_count_is_constant_from_10_to_500_items(
    editor_client, municipality, editor, django_assert_num_queries, extra_sets
):
    questionnaire = make_full_questionnaire(municipality, editor, extra_sets=extra_sets)
    assert questionnaire.items.count() in (12, 502)
    for fmt in sorted(FORMATS):
        with django_assert_num_queries(EXPORT_QUERIES, info=fmt):
            response = editor_client.get(export_url(questionnaire, fmt))
        assert response.status_code == 200, fmt


# --------------------------------------------------------------------------- exact texts


def test_xlsx_national_texts_are_byte_identical(editor_client, questionnaire):
    data = editor_client.get(export_url(questionnaire, "xlsx")).content
    wb = load_workbook(io.BytesIO(data))
    ws = wb[xlsx_export.SHEET_QUESTIONS]
    header = [c.value for c in ws[1]]
    rows = {
        row[header.index(xlsx_export.MACHINE_CODE)]: row
        for row in ws.iter_rows(min_row=2, values_only=True)
    }
    for code, version in versions().items():
        row = rows[code]
        wording = row[header.index(xlsx_export.COL_WORDING)]
        expected = (
            f"{TRUST_INTRO}\n\n{version.wording_nl}" if code == "vert1" else version.wording_nl
        )
        assert wording == expected
        assert (row[header.index(xlsx_export.COL_INSTRUCTION)] or "") == version.instruction_nl
        assert (row[header.index(xlsx_export.COL_OPTIONS)] or "") == options_text(
            version.answer_options()
        )
        assert row[header.index(xlsx_export.MACHINE_VERSION)] == version.number
        assert row[header.index(xlsx_export.MACHINE_FINGERPRINT)] == version.fingerprint
    scales = {}
    for scale, code, label, *_rest in wb[xlsx_export.SHEET_SCALES].iter_rows(
        min_row=2, values_only=True
    ):
        scales.setdefault(scale, []).append((code, label))
    for version in versions().values():
        if version.scale_id:
            assert scales[version.scale.code] == [
                (o.code, o.label_nl) for o in version.answer_options()
            ]


def test_xlsform_national_texts_are_byte_identical(editor_client, questionnaire):
    data = editor_client.get(export_url(questionnaire, "xlsform")).content
    wb = load_workbook(io.BytesIO(data))
    survey = list(wb["survey"].iter_rows(values_only=True))
    header = list(survey[0])
    by_name = {row[header.index("name")]: row for row in survey[1:]}
    choices = {}
    for list_name, code, label, *_rest in wb["choices"].iter_rows(min_row=2, values_only=True):
        choices.setdefault(list_name, []).append((int(code), label))
    for code, version in versions().items():
        row = by_name[code]
        assert row[header.index("label::Dutch (nl)")] == version.wording_nl
        assert (row[header.index("hint::Dutch (nl)")] or "") == version.instruction_nl
        if version.scale_id:
            list_name = row[header.index("type")].split(" ", 1)[1]
            assert choices[list_name] == [(o.code, o.label_nl) for o in version.answer_options()]


def test_ddi_national_texts_are_byte_identical(editor_client, questionnaire):
    data = editor_client.get(export_url(questionnaire, "ddi")).content
    root = etree.fromstring(data)
    ns = {"d": root.nsmap[None]}
    variables = {v.get("name"): v for v in root.iterfind(".//d:var", ns)}
    for code, version in versions().items():
        var = variables[code]
        (literal,) = var.xpath("d:qstn/d:qstnLit[@xml:lang='nl']/text()", namespaces=ns)
        assert literal == version.wording_nl
        categories = [
            (int(c.findtext("d:catValu", namespaces=ns)), c.findtext("d:labl", namespaces=ns))
            for c in var.iterfind("d:catgry", ns)
        ]
        assert categories == [(o.code, o.label_nl) for o in version.answer_options()]
    intro = variables["vert2"].xpath("d:qstn/d:preQTxt[@xml:lang='nl']/text()", namespaces=ns)
    assert intro == [TRUST_INTRO]


def test_csv_national_texts_are_byte_identical(editor_client, questionnaire):
    text = editor_client.get(export_url(questionnaire, "csv")).content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    for code, version in versions().items():
        own = [r for r in rows if r["code"] == code]
        assert {r["vraagtekst"] for r in own} == {version.wording_nl}
        assert {r["instructie"] for r in own} == {version.instruction_nl}
        assert {r["versie"] for r in own} == {str(version.number)}
        assert {r["vingerafdruk"] for r in own} == {version.fingerprint}
        if version.scale_id:
            assert [(int(r["antwoordcode"]), r["antwoordlabel"]) for r in own] == [
                (o.code, o.label_nl) for o in version.answer_options()
            ]


def test_spss_carries_the_national_texts(editor_client, questionnaire):
    syntax = editor_client.get(export_url(questionnaire, "spss")).content.decode("utf-8")
    for version in versions().values():
        assert spss.quote(version.wording_nl) in syntax
        for option in version.answer_options():
            assert f"{option.code} {spss.quote(option.label_nl)}" in syntax


def test_limesurvey_national_texts_are_exact(editor_client, questionnaire):
    data = editor_client.get(export_url(questionnaire, "limesurvey")).content.decode("utf-8")
    reader = csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline=""), delimiter="\t")
    rows = [r for r in reader if r["language"] == "nl"]
    questions = {r["name"]: i for i, r in enumerate(rows) if r["class"] == "Q"}

    def visible(value: str) -> str:
        return html.unescape(value.replace("<br />", "\n"))

    for code, version in versions().items():
        i = questions[code]
        assert visible(rows[i]["text"]) == version.wording_nl
        assert visible(rows[i]["help"]) == version.instruction_nl
        answers = []
        for row in rows[i + 1 :]:
            if row["class"] != "A":
                break
            answers.append((int(row["name"]), visible(row["text"])))
        assert answers == [(o.code, o.label_nl) for o in version.answer_options()]


# --------------------------------------------------------------------------- print view


def test_print_view_shows_every_item_exactly_and_escaped(reader_client, questionnaire):
    response = reader_client.get(url("questionnaire-print", questionnaire.pk))
    assert response.status_code == 200
    content = response.content.decode()
    for item in QuestionnaireItem.objects.filter(questionnaire=questionnaire).for_builder():
        assert escape(item.display_wording()) in content
        assert f'id="print-item-{item.code}"' in content
    assert "De politie &amp; &lt;de &quot;wijkagent&quot;&gt;" in content
    assert '<de "wijkagent">' not in content
    assert content.count(escape(TRUST_INTRO)) == 1
    assert escape("Lees de antwoorden voor.\nKies één antwoord.") in content
    assert "Heel veel vertrouwen" in content and "Weet niet" in content
    vert1 = QuestionVersion.objects.get(question__code="vert1")
    assert vert1.fingerprint[:12] in content
    assert 'media="print"' in content and "css/print.css" in content
    assert "aangepast, niet vergelijkbaar" in content and "Afgeleid van vei3 v1." in content


def test_print_stylesheet_hides_navigation_and_breaks_pages():
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "print.css").read_text()
    assert ".site-header" in css and "display: none" in css
    assert "break-before: page" in css and "break-inside: avoid" in css


def test_print_view_is_404_for_outsiders(outsider_client, questionnaire):
    assert outsider_client.get(url("questionnaire-print", questionnaire.pk)).status_code == 404


# --------------------------------------------------------------------------- conformance check


def exported_xlsx(client, questionnaire) -> bytes:
    return client.get(export_url(questionnaire, "xlsx")).content


def edit_workbook(data: bytes, change) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[xlsx_export.SHEET_QUESTIONS]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(row=r, column=2).value: r for r in range(2, ws.max_row + 1)}
    change(ws, lambda name: header.index(name) + 1, rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def four_edits(ws, col, rows):
    """One word, one answer label, one deleted row, one added row."""
    ws.cell(rows["vert2"], col("vraagtekst")).value = 'De marechaussee & <de "wijkagent">'
    options = ws.cell(rows["vei1"], col("antwoordcategorieën"))
    options.value = options.value.replace("Mee oneens", "Oneens")
    ws.append(["Extra", "nieuw1", "Een nieuwe vraag?", "", "open tekst", "", "landelijk"])
    ws.delete_rows(rows["vei2"])


def upload(client, questionnaire, data: bytes, name="vragenlijst.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(url("questionnaire-conformance", questionnaire.pk), {"file": file})


def model_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in apps.get_app_config("questionsets").get_models()}


def test_conformance_page_has_an_accessible_form(reader_client, questionnaire):
    response = reader_client.get(url("questionnaire-conformance", questionnaire.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<label for="id_file">' in content
    assert 'aria-describedby="id_file_helptext"' in content
    assert 'enctype="multipart/form-data"' in content
    assert "csrfmiddlewaretoken" in content


def test_conformance_is_404_for_outsiders(outsider_client, questionnaire, editor_client):
    data = exported_xlsx(editor_client, questionnaire)
    assert (
        outsider_client.get(url("questionnaire-conformance", questionnaire.pk)).status_code == 404
    )
    assert upload(outsider_client, questionnaire, data).status_code == 404


def test_conformance_post_needs_the_csrf_token(editor, questionnaire, editor_client):
    data = exported_xlsx(editor_client, questionnaire)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert upload(client, questionnaire, data).status_code == 403


def test_round_trip_through_the_view_is_identical(reader_client, questionnaire):
    before = model_counts()
    response = upload(reader_client, questionnaire, exported_xlsx(reader_client, questionnaire))
    assert response.status_code == 200
    report = response.context["report"]
    assert {v.code: v.verdict for v in report.verdicts} == {
        **{code: "identical" for code in ("vert1", "vert2", "vei1", "vei2")},
        **{code: "local" for code in ("lok1", "lok2", "lok3")},
    }
    assert report.exit_code == 0
    content = response.content.decode()
    assert "Alle landelijke vragen zijn identiek" in content
    assert model_counts() == before


def test_four_edits_give_exactly_four_verdicts_with_highlighted_differences(
    editor_client, questionnaire
):
    data = edit_workbook(exported_xlsx(editor_client, questionnaire), four_edits)
    before = model_counts()
    response = upload(editor_client, questionnaire, data)
    assert response.status_code == 200
    report = response.context["report"]
    verdicts = {v.code: v.verdict for v in report.verdicts}
    assert verdicts == {
        "lok1": "local",
        "lok2": "local",
        "vert1": "identical",
        "vert2": "altered",
        "vei1": "altered",
        "vei2": "missing",
        "lok3": "local",
        "nieuw1": "extra",
    }
    assert report.exit_code == 3
    content = response.content.decode()
    assert '<del><span class="visually-hidden">[verwijderd: </span>politie' in content
    assert '<ins><span class="visually-hidden">[toegevoegd: </span>marechaussee' in content
    assert "Antwoordcode 3" in content
    assert (
        'data-verdict="altered"><span class="verdict verdict-altered">gewijzigd</span>: <strong>2'
        in content
    )
    assert "Niet alles is gelijk" in content
    assert model_counts() == before


def _workbook_bytes(rows, sheet="Vragenlijst") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


HEADER = ["code", "vraagtekst", "antwoordcategorieën", "versie"]
BAD_UPLOADS = {
    "wrong codes": (
        _workbook_bytes([HEADER, ["Vraag 1", "De gemeente", "1 = Ja", 1]]),
        "vraagcode 'Vraag 1' is ongeldig",
    ),
    "text in the version column": (
        _workbook_bytes([HEADER, ["vert1", "De gemeente", "1 = Ja", "twee"]]),
        "versie 'twee' is geen geheel getal",
    ),
    "text as answer code": (
        _workbook_bytes([HEADER, ["vert1", "De gemeente", "een = Ja", 1]]),
        "antwoordcode 'een' is geen geheel getal",
    ),
    "empty file": (b"", "Het bestand is leeg."),
    "password-protected or .xls": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000,
        "met een wachtwoord beveiligd",
    ),
    "no header row": (
        _workbook_bytes([["naam", "adres"], ["a", "b"]]),
        "heeft geen kopregel met de kolommen 'code' en 'vraagtekst'",
    ),
    "not Excel": (b"%PDF-1.7\n" + b"x" * 2000, "Het bestand is geen Excel-werkmap (.xlsx)."),
    "broken zip": (b"PK\x03\x04" + b"\0" * 2000, "geen geldige Excel-werkmap"),
    "no questionnaire sheet": (
        _workbook_bytes([["naam", "adres"], ["a", "b"]], sheet="Blad1"),
        "Geen blad 'Vragenlijst'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_bad_uploads_get_a_dutch_message_and_store_nothing(
    editor_client, questionnaire, settings, case
):
    data, message = BAD_UPLOADS[case]
    before = model_counts()
    response = upload(editor_client, questionnaire, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in text(response)
    assert 'id="error-summary"' in content and "data-focus-on-load" in content
    assert 'aria-describedby="id_file_helptext id_file_error"' in content
    assert 'aria-invalid="true"' in content
    assert response.context["report"] is None
    assert model_counts() == before
    assert list(Path(settings.MEDIA_ROOT).rglob("*")) == [Path(settings.FILE_UPLOAD_TEMP_DIR)]


def test_a_50_mb_upload_is_refused_without_spilling_to_disk(editor_client, questionnaire, settings):
    before = model_counts()
    response = upload(editor_client, questionnaire, b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024))
    assert response.status_code == 400
    assert "Het bestand is te groot; het mag hoogstens 10,0 MB zijn." in text(response)
    assert model_counts() == before
    assert list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir()) == []


def test_post_without_a_file_asks_for_one(editor_client, questionnaire):
    response = editor_client.post(url("questionnaire-conformance", questionnaire.pk), {})
    assert response.status_code == 400
    assert "Kies een bestand om te controleren." in response.content.decode()


def test_pages_speak_english_on_request(reader_client, questionnaire, settings):
    reader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(reader_client.get(url("questionnaire-conformance", questionnaire.pk)))
    assert "Comparability check" in page and "Workbook (.xlsx or XLSForm)" in page
    page = text(reader_client.get(url("questionnaire-print", questionnaire.pk)))
    assert "Back to the questionnaire" in page
    assert "adapted, not comparable" in page


@pytest.mark.parametrize("pattern", export_urls, ids=lambda p: p.name)
def test_every_export_route_answers_outsiders_as_for_a_missing_questionnaire(
    outsider_client, questionnaire, pattern
):
    """The tenant matrix for export_urls, enumerated so a new route is covered at once."""

    def route(pk):
        kwargs = {"pk": pk, "fmt": "xlsx"}
        return reverse(
            f"questionsets:{pattern.name}",
            kwargs={k: kwargs[k] for k in pattern.pattern.converters},
        )

    for method in (outsider_client.get, outsider_client.post):
        got, missing = method(route(questionnaire.pk)), method(route(questionnaire.pk + 999))
        assert got.status_code == missing.status_code
        assert got.status_code in (404, 405)
        assert same_page(got) == same_page(missing)


def test_builder_links_to_exports_results_and_the_planner(editor_client, questionnaire):
    response = editor_client.get(
        reverse("questionsets:questionnaire-detail", args=[questionnaire.pk])
    )
    page = response.text
    for name in ("results-comparison", "results-upload", "questionnaire-print", "results-planner"):
        assert reverse(f"questionsets:{name}", args=[questionnaire.pk]) in page


def test_conformance_counts_and_labels_local_rows_as_local(reader_client, questionnaire):
    response = upload(reader_client, questionnaire, exported_xlsx(reader_client, questionnaire))
    report = response.context["report"]
    local_codes = {v.code for v in report.verdicts if v.kind in ("local", "adapted")}
    assert local_codes, "the sample questionnaire has local items"
    assert {v.verdict for v in report.verdicts if v.code in local_codes} == {"local"}
    counts = report.counts()
    assert counts["local"] == len(local_codes)
    assert counts["identical"] == len(report.verdicts) - len(local_codes)
    content = response.content.decode()
    for code in local_codes:
        row = content.split(f'id="verdict-{code}"')[1].split("</tr>")[0]
        assert 'data-verdict="local"' in row
        assert "identiek" not in row
    assert f"(niet vergeleken)</span>: <strong>{len(local_codes)}</strong>" in content
    assert report.exit_code == 0
