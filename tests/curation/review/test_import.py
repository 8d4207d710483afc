"""The whole catalogue workbook imported in the browser: exact preview, proposals for wordings."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from questionsets.curation.review.models import Proposal
from questionsets.curation.workbook import export_catalogue_workbook
from tests import factories

pytestmark = pytest.mark.django_db

URL = "questionsets:curation-import"


def _edited_export(edit) -> bytes:
    """The real export, opened and changed with openpyxl, saved again."""
    workbook = openpyxl.load_workbook(io.BytesIO(export_catalogue_workbook()))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set(sheet, code, column, value):
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == code:
            row[header.index(column)].value = value
            return row[0].row
    raise AssertionError(code)


def _upload(client, data: bytes):
    file = SimpleUploadedFile("catalogus.xlsx", data)
    return client.post(reverse(URL), {"file": file})


@pytest.fixture
def catalogue(db):
    question = factories.make_question(code="c05i1brel", version_kw={"wording_nl": "Hoe veilig?"})
    factories.make_question(code="c01i2", version_kw={"wording_nl": "Hoe tevreden?"})
    factories.make_question_set(code="veiligheid", questions=[question])
    return question


def test_a_changed_wording_becomes_a_proposal_and_the_preview_shows_exactly_that_cell(
    client, curator, catalogue
):
    rows = {}

    def edit(workbook):
        rows["row"] = _set(
            workbook["vragen"], "c05i1brel", "vraagtekst_nl", "Hoe veilig voelt u zich?"
        )
        _set(workbook["vragen"], "c05i1brel", "reden_wijziging", "Nieuwe bron")

    data = _edited_export(edit)
    client.force_login(curator)

    response = _upload(client, data)

    sheets = {s.sheet: s for s in response.context["sheets"]}
    changed = [(c.row, c.column, c.old, c.new) for s in sheets.values() for c in s.changed]
    assert changed == [(rows["row"], "vraagtekst_nl", "Hoe veilig?", "Hoe veilig voelt u zich?")]
    assert (
        len(sheets["vragen"].new),
        sheets["vragen"].changed_rows,
        sheets["vragen"].unchanged,
    ) == (0, 1, 1)
    assert all(not s.new and not s.changed for name, s in sheets.items() if name != "vragen")
    page = response.content.decode()
    assert "None" not in page
    assert "0 nieuw, 1 gewijzigd, 1 ongewijzigd" in page
    assert not Proposal.objects.exists()  # a dry run writes nothing

    response = client.post(
        reverse("questionsets:curation-import-confirm"), {"token": response.context["token"]}
    )

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.author == curator
    assert proposal.reason == "Nieuwe bron"
    assert proposal.payload["version"]["wording_nl"] == "Hoe veilig voelt u zich?"
    assert catalogue.versions.count() == 1
    assert catalogue.latest_version().wording_nl == "Hoe veilig?"


def test_an_unchanged_export_changes_nothing(client, curator, catalogue):
    client.force_login(curator)
    response = _upload(client, export_catalogue_workbook())
    assert all(not s.new and not s.changed for s in response.context["sheets"])


def test_an_emptied_cell_shows_an_empty_old_or_new_value_never_none(client, curator, catalogue):
    def edit(workbook):
        _set(workbook["vragen"], "c01i2", "toelichting", "Zie bron")

    client.force_login(curator)
    response = _upload(client, _edited_export(edit))
    [cell] = [c for s in response.context["sheets"] for c in s.changed]
    assert (cell.column, cell.old, cell.new) == ("toelichting", "", "Zie bron")
    assert "None" not in response.content.decode()


def test_errors_name_sheet_row_and_column_and_nothing_is_stored(client, curator, catalogue):
    def edit(workbook):
        _set(workbook["vragen"], "c05i1brel", "vraagtekst_nl", "Anders?")  # no reason

    client.force_login(curator)
    response = _upload(client, _edited_export(edit))
    page = response.content.decode()
    assert "blad &#x27;vragen&#x27;, rij 2, kolom &#x27;reden_wijziging&#x27;: de inhoud" in page
    assert "token" not in response.context or not response.context.get("token")
    assert not Proposal.objects.exists()


def test_a_file_that_is_no_workbook_gets_a_dutch_message(client, curator, catalogue):
    client.force_login(curator)
    response = _upload(client, b"not a workbook")
    assert response.status_code == 200
    assert "Excel" in response.content.decode()


def test_a_confirmation_without_a_preview_is_refused(client, curator, catalogue):
    client.force_login(curator)
    response = client.post(
        reverse("questionsets:curation-import-confirm"), {"token": "x"}, follow=True
    )
    assert "verlopen" in response.content.decode()


def test_yes_no_cells_written_in_dutch_are_unchanged_for_an_english_curator(curator, catalogue):
    from django.utils import translation

    from questionsets.curation.review.importing import preview

    factories.make_question_set(code="ondeelbaar", indivisible=True, questions=[catalogue])
    dutch = export_catalogue_workbook()
    with translation.override("en"):
        sheets = preview(dutch)
    assert [c for s in sheets for c in s.changed] == []
