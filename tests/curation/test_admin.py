"""The curators' admin: constant-query changelists, read-only versions, Excel import."""

import io
from html.parser import HTMLParser

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from questionsets import models as m
from questionsets.curation.resource_questions import QuestionResource
from questionsets.curation.review.models import Proposal
from questionsets.curation.workbook import write_workbook

from .. import factories as f

pytestmark = pytest.mark.django_db


def _questions(n):
    scale, source, concept = f.make_scale(), f.make_source(), f.make_concept()
    for _ in range(n):
        f.make_question(concept=concept, version_kw={"scale": scale, "source": source})


def _sets(n):
    scale, source = f.make_scale(), f.make_source()
    questions = [f.make_question(version_kw={"scale": scale, "source": source}) for _ in range(3)]
    indicator = f.make_indicator()
    for _ in range(n):
        f.make_question_set(questions=questions, indicators=[indicator])


def _versions(n):
    scale, source = f.make_scale(), f.make_source()
    question = f.make_question(version_kw={"scale": scale, "source": source})
    for _ in range(n - 1):
        f.make_version(question=question, scale=scale, source=source)


def _scales(n):
    scale, source = f.make_scale(), f.make_source()
    f.make_question(version_kw={"scale": scale, "source": source})
    for _ in range(n - 1):
        f.make_scale()


def _indicators(n):
    concept = f.make_concept()
    for _ in range(n):
        f.make_indicator(concept=concept)


def _memberships(n):
    municipality = f.make_municipality()
    for _ in range(n):
        f.make_user(municipality=municipality)


def _questionnaires(n):
    municipality, user = f.make_municipality(), f.make_user()
    for _ in range(n):
        f.make_questionnaire(municipality=municipality, created_by=user)


def _many(factory):
    return lambda n: [factory() for _ in range(n)]


# Each changelist: session, user, count (filtered and total where the admin shows both),
# the page of rows in one query (joins or annotations), plus filter choices for related
# lookups. The numbers are the same for 5 and 50 rows.
CHANGELISTS = [
    ("source", _many(f.make_source), 7),
    ("concept", _many(f.make_concept), 5),
    ("indicator", _indicators, 5),
    ("answerscale", _scales, 5),
    ("question", _questions, 5),
    ("questionversion", _versions, 6),
    ("questionset", _sets, 5),
    ("municipality", _many(f.make_municipality), 7),
    ("membership", _memberships, 6),
    ("questionnaire", _questionnaires, 6),
]


@pytest.mark.parametrize(("model", "build", "expected"), CHANGELISTS)
def test_changelist_query_count_is_constant(
    client, curator, django_assert_num_queries, model, build, expected
):
    client.force_login(curator)
    url = reverse(f"admin:questionsets_{model}_changelist")
    build(5)
    with django_assert_num_queries(expected, info=f"{model}, 5 rows"):
        assert client.get(url).status_code == 200
    build(45)
    with django_assert_num_queries(expected, info=f"{model}, 50 rows"):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("model", [c[0] for c in CHANGELISTS])
def test_non_staff_users_are_sent_to_the_login(client, editor, model):
    client.force_login(editor)
    response = client.get(reverse(f"admin:questionsets_{model}_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_published_versions_cannot_be_deleted_or_rewritten(client, curator):
    question = f.make_question()
    version = question.latest_version()
    client.force_login(curator)
    url = reverse("admin:questionsets_questionversion_change", args=[version.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert 'name="wording_nl"' not in response.content.decode()
    assert 'name="verification"' in response.content.decode()
    assert client.get(url.replace("change", "delete")).status_code == 403


def test_the_new_version_form_requires_a_reason_and_proposes(client, curator):
    question = f.make_question()
    old = question.latest_version()
    client.force_login(curator)
    url = reverse("admin:questionsets_question_new_version", args=[question.pk])
    post = {
        "wording_nl": "Een nieuwe formulering?",
        "answer_type": old.answer_type,
        "scale": old.scale_id,
        "source": old.source_id,
    }

    response = client.post(url, post)
    assert response.status_code == 200
    assert "Een nieuwe versie heeft een reden van wijziging nodig." in response.content.decode()
    assert question.versions.count() == 1

    response = client.post(url, {**post, "change_reason": "eenvoudiger taal"})
    assert response.status_code == 302
    # Four eyes: a proposal "ter beoordeling", not a published version.
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("questionsets:curation-proposal", args=[proposal.pk])
    assert proposal.kind == Proposal.Kind.VERSION
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.author == curator and proposal.reason == "eenvoudiger taal"
    assert proposal.payload["number"] == 2
    assert proposal.payload["version"]["wording_nl"] == "Een nieuwe formulering?"
    assert question.versions.count() == 1
    public = client.get(reverse("questionsets:question-detail", args=[question.code]))
    assert "Een nieuwe formulering?" not in public.content.decode()


def _upload(rows):
    headers = QuestionResource().get_export_headers()
    dataset = tablib.Dataset(*[[r.get(h, "") for h in headers] for r in rows], headers=headers)
    data = write_workbook([("vragen", dataset)])
    return SimpleUploadedFile(
        "vragen.xlsx",
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_admin_import_preview_lists_row_errors_in_dutch(client, curator):
    source, scale = f.make_source(code="bron1"), f.make_scale(code="eens4")
    good = {
        "code": "nieuw1",
        "vraagtekst_nl": "Goed?",
        "antwoordtype": "single",
        "schaal": scale.code,
        "bron": source.code,
        "verificatie": "verbatim",
    }
    bad = {**good, "code": "nieuw2", "schaal": "abc"}
    client.force_login(curator)

    response = client.post(
        reverse("admin:questionsets_question_import"),
        {"format": "0", "import_file": _upload([good, good | {"code": "nieuw3"}, bad])},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "onbekende schaal &#x27;abc&#x27;" in html
    assert "<td>4 </td>" in html  # Excel row 4: header, two good rows, then the bad one
    assert "schaal" in html
    assert "confirm_form" not in response.context  # nothing can be imported
    assert not m.Question.objects.filter(code__startswith="nieuw").exists()


def test_admin_import_refuses_a_non_xlsx_upload_in_dutch(client, curator):
    client.force_login(curator)
    upload = SimpleUploadedFile("vragen.xlsx", b"code;tekst\n", content_type="text/csv")
    response = client.post(
        reverse("admin:questionsets_question_import"), {"format": "0", "import_file": upload}
    )
    assert "Het bestand is geen Excel-werkmap (.xlsx)." in response.content.decode()


def test_admin_import_shows_the_preview_then_imports(client, curator):
    source, scale = f.make_source(code="bron1"), f.make_scale(code="eens4")
    row = {
        "code": "nieuw1",
        "vraagtekst_nl": "Goed?",
        "antwoordtype": "single",
        "schaal": scale.code,
        "bron": source.code,
        "verificatie": "verbatim",
    }
    client.force_login(curator)
    response = client.post(
        reverse("admin:questionsets_question_import"),
        {"format": "0", "import_file": _upload([row])},
    )
    assert response.status_code == 200
    assert not m.Question.objects.exists()  # the preview is a dry run
    form = response.context["confirm_form"]
    response = client.post(
        reverse("admin:questionsets_question_process_import"),
        {k: form.initial[k] for k in ("import_file_name", "original_file_name", "format")}
        | {"resource": form.initial.get("resource", "0")},
    )
    assert response.status_code == 302
    assert m.Question.objects.get().latest_version().wording_nl == "Goed?"


def test_admin_export_writes_text_cells(client, curator):
    f.make_question(code="formule", version_kw={"wording_nl": "=1+1"})
    client.force_login(curator)
    response = client.post(
        reverse("admin:questionsets_question_export"),
        {"format": "0", **{f"questionresource_{n}": "on" for n in QuestionResource.Meta.fields}},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["vragen"]
    assert sheet["C2"].value == "=1+1" and sheet["C2"].data_type == "s"


class BrowserForm(HTMLParser):
    """What a browser submits for the page's form, unchanged: a textarea's value loses the
    one newline after its start tag and every line break is sent as CRLF (HTML spec)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "input" and name and "checked" in attrs:
            self.data[name] = attrs.get("value") or "on"
        elif tag == "textarea":
            self._textarea, self.data[name] = name, ""
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            text = self.data[self._textarea]
            text = text[1:] if text.startswith("\n") else text
            self.data[self._textarea] = text.replace("\r\n", "\n").replace("\n", "\r\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def browser_form(response) -> dict:
    parser = BrowserForm()
    parser.feed(response.content.decode())
    return parser.data


WHITESPACE_WORDING = "  Hoe vaak voelt u zich\nonveilig\tin uw buurt?  \n"


def test_the_new_version_form_with_only_a_reason_changes_nothing(client, curator):
    question = f.make_question(
        version_kw={"wording_nl": WHITESPACE_WORDING, "instruction_nl": " Eén antwoord.\n"}
    )
    client.force_login(curator)
    url = reverse("admin:questionsets_question_new_version", args=[question.pk])
    data = browser_form(client.get(url))
    assert data["wording_nl"] == WHITESPACE_WORDING.replace("\n", "\r\n")
    response = client.post(url, {**data, "change_reason": "alleen een reden"})
    assert response.status_code == 200
    assert "Niets gewijzigd" in response.content.decode()
    assert question.versions.count() == 1
    assert question.latest_version().wording_nl == WHITESPACE_WORDING


def test_the_new_version_form_keeps_spaces_and_stores_line_breaks_as_lf(client, curator):
    question = f.make_question()
    client.force_login(curator)
    url = reverse("admin:questionsets_question_new_version", args=[question.pk])
    data = browser_form(client.get(url))
    wording = "  Nieuwe  vraag,\r\nmet een tweede regel?  "
    response = client.post(url, {**data, "wording_nl": wording, "change_reason": "nieuw"})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.payload["version"]["wording_nl"] == "  Nieuwe  vraag,\nmet een tweede regel?  "
    assert question.versions.count() == 1


def test_the_admin_sheet_import_turns_a_changed_wording_into_a_proposal(client, curator):
    question = f.make_question(
        code="c05i1brel",
        version_kw={"source": f.make_source(code="bron1"), "scale": f.make_scale(code="eens4")},
    )
    row = {
        "code": question.code,
        "vraagtekst_nl": "Een andere tekst?",
        "antwoordtype": "single",
        "schaal": "eens4",
        "bron": "bron1",
        "verificatie": "verbatim",
        "reden_wijziging": "eenvoudiger",
    }
    client.force_login(curator)
    response = client.post(
        reverse("admin:questionsets_question_import"),
        {"format": "0", "import_file": _upload([row])},
    )
    assert response.status_code == 200
    assert not Proposal.objects.exists()  # the preview is a dry run
    form = response.context["confirm_form"]
    response = client.post(
        reverse("admin:questionsets_question_process_import"),
        {k: form.initial[k] for k in ("import_file_name", "original_file_name", "format")}
        | {"resource": form.initial.get("resource", "0")},
        follow=True,
    )
    assert response.status_code == 200
    assert question.versions.count() == 1  # nothing published
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.question == question
    assert proposal.payload["version"]["wording_nl"] == "Een andere tekst?"
    assert "als voorstel ter beoordeling aangeboden" in response.content.decode()


@pytest.mark.parametrize("model", ["questionset", "answerscale"])
def test_sets_and_scales_are_not_imported_in_the_admin(client, curator, model):
    client.force_login(curator)
    changelist = client.get(reverse(f"admin:questionsets_{model}_changelist")).content.decode()
    assert reverse(f"admin:questionsets_{model}_import") not in changelist
    assert reverse("questionsets:curation-import") in changelist  # pointed to the curation area
    assert client.get(reverse(f"admin:questionsets_{model}_import")).status_code == 403


def test_a_published_set_cannot_be_changed_or_published_in_the_admin(client, curator):
    qset = f.make_question_set(code="veiligheid", questions=[f.make_question()])
    client.force_login(curator)
    change = reverse("admin:questionsets_questionset_change", args=[qset.pk])
    assert client.get(change).status_code == 200  # read-only view
    response = client.post(
        change, {"code": "veiligheid", "name_nl": "Anders", "status": "vervallen"}
    )
    assert response.status_code == 403
    qset.refresh_from_db()
    assert qset.status == m.QuestionSet.Status.PUBLISHED and qset.name_nl != "Anders"
    add = client.get(reverse("admin:questionsets_questionset_add")).content.decode()
    assert 'name="status"' not in add  # new sets are drafts; publishing goes through review
