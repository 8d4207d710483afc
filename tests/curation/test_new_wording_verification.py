"""A new wording starts as "niet gecontroleerd": verification belongs to the wording it checked.

Unless the curator states a verification status and a new vindplaats in the same step.
"""

import pytest
from django.urls import reverse

from questionsets.curation.review import services as review
from questionsets.curation.review.models import Proposal
from questionsets.curation.workbook import (
    export_catalogue_workbook,
    import_catalogue_workbook,
)
from questionsets.models import QuestionVersion, Verification

from .. import factories as f
from .test_resources import sheets_of, workbook

pytestmark = pytest.mark.django_db

OLD_NOTE = "Alleen de antwoordlabels gezien in de VM-publicatie, p. 12"
NEW_NOTE = "Vraagtekst letterlijk gecontroleerd in VM 2025 vragenlijst, vraag A3"


@pytest.fixture
def question():
    """Like the spanningsschaal items: only the labels were checked against the source."""
    scale, source = f.make_scale(code="eens4"), f.make_source(code="cbs-vm-2023")
    return f.make_question(
        code="span1",
        version_kw={
            "wording_nl": "Hoe groot zijn de spanningen tussen arm en rijk?",
            "scale": scale,
            "source": source,
            "verification": Verification.VERBATIM_LABEL,
            "verification_note": OLD_NOTE,
        },
    )


def test_not_checked_is_a_verification_status_of_its_own():
    assert Verification.UNVERIFIED == "unverified"
    assert str(Verification.UNVERIFIED.label) == "niet gecontroleerd"


# --------------------------------------------------------------------------- admin


def _form_as_shown(client, url) -> dict:
    """What the browser posts when the curator submits the form as the page shows it."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else getattr(value, "pk", value)
    return data


def _approve_the_proposal() -> None:
    """The admin's form only proposes (four eyes): a second curator approves it."""
    reviewer = f.make_user(username="tweede-curator", is_staff=True)
    review.proposal_approve(proposal=Proposal.objects.get(), user=reviewer)


@pytest.fixture
def new_version_url(client, curator, question):
    client.force_login(curator)
    return reverse("admin:questionsets_question_new_version", args=[question.pk])


def test_admin_new_wording_starts_as_not_checked(client, question, new_version_url):
    post = _form_as_shown(client, new_version_url)
    post.update(wording_nl="Hoe groot zijn de spanningen tussen rijk en arm?", change_reason="B1")

    response = client.post(new_version_url, post)

    assert response.status_code == 302
    assert question.versions.count() == 1  # proposed, not published
    _approve_the_proposal()
    new = question.latest_version()
    assert new.number == 2
    assert (new.verification, new.verification_note) == (Verification.UNVERIFIED, "")
    assert not new.is_verified
    old = question.versions.get(number=1)
    assert (old.verification, old.verification_note) == (Verification.VERBATIM_LABEL, OLD_NOTE)


def test_admin_keeps_a_verification_stated_with_a_new_note(client, question, new_version_url):
    post = _form_as_shown(client, new_version_url)
    post.update(
        wording_nl="Hoe groot zijn de spanningen tussen rijk en arm?",
        change_reason="tekst uit VM 2025",
        verification=Verification.VERBATIM,
        verification_note=NEW_NOTE,
    )

    response = client.post(new_version_url, post)

    assert response.status_code == 302
    assert question.versions.count() == 1  # proposed, not published
    _approve_the_proposal()
    new = question.latest_version()
    assert (new.number, new.verification, new.verification_note) == (
        2,
        Verification.VERBATIM,
        NEW_NOTE,
    )


@pytest.mark.parametrize(
    "stated,error",
    [
        ({"verification": Verification.VERBATIM}, "Vul ook de vindplaats in"),
        ({"verification_note": NEW_NOTE}, "Kies ook de verificatie"),
        (
            {"verification": Verification.VERBATIM, "verification_note": OLD_NOTE},
            "dezelfde vindplaats als versie 1",
        ),
    ],
)
def test_admin_refuses_half_a_verification(client, question, new_version_url, stated, error):
    post = _form_as_shown(client, new_version_url)
    post.update(wording_nl="Anders?", change_reason="B1", **stated)

    response = client.post(new_version_url, post)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert question.versions.count() == 1


def test_admin_first_version_still_needs_a_verification(client, curator):
    question = f.make_question()
    question.versions.all()._raw_delete(question.versions.db)  # a question without versions
    client.force_login(curator)
    url = reverse("admin:questionsets_question_new_version", args=[question.pk])
    post = _form_as_shown(client, url)
    post.update(
        wording_nl="Eerste?",
        answer_type="text",
        source=f.make_source().pk,
        verification=Verification.PARAPHRASE,
    )
    assert client.post(url, post).status_code == 302
    assert not question.versions.exists()  # proposed, not published
    _approve_the_proposal()
    assert question.latest_version().verification == Verification.PARAPHRASE


# --------------------------------------------------------------------------- Excel


def _rows():
    sheets = sheets_of(export_catalogue_workbook())
    return [dict(zip(sheets["vragen"].headers, r, strict=True)) for r in sheets["vragen"]]


def _import_changed(**changes):
    rows = _rows()
    row = next(r for r in rows if r["code"] == "span1")
    row.update(reden_wijziging="B1-taal", **changes)
    data = workbook(vragen=rows)
    report = import_catalogue_workbook(data)
    assert report.ok, report.all_errors()
    return data


REWORDED = {"vraagtekst_nl": "Hoe groot zijn de spanningen tussen rijk en arm?"}


def test_excel_new_wording_starts_as_not_checked(question):
    _import_changed(**REWORDED)

    new = question.latest_version()
    assert new.number == 2
    assert (new.verification, new.verification_note) == (Verification.UNVERIFIED, "")
    assert _rows()[0]["verificatie"] == "unverified"


def test_excel_reimporting_the_same_file_changes_nothing(question):
    data = _import_changed(**REWORDED)
    before = list(QuestionVersion.objects.values_list("pk", "verification", "verification_note"))

    report = import_catalogue_workbook(data)

    assert report.ok and report.sheets[0].totals["update"] == 0
    after = list(QuestionVersion.objects.values_list("pk", "verification", "verification_note"))
    assert after == before


def test_excel_a_new_scale_also_starts_as_not_checked(question):
    f.make_scale(code="eens5", labels=("Eens", "Oneens", "Weet niet"))
    _import_changed(schaal="eens5")
    new = question.latest_version()
    assert (new.number, new.verification) == (2, Verification.UNVERIFIED)


def test_excel_keeps_a_status_and_vindplaats_changed_in_the_same_row(question):
    _import_changed(**REWORDED, verificatie="verbatim", verificatie_vindplaats=NEW_NOTE)

    new = question.latest_version()
    assert (new.number, new.verification, new.verification_note) == (
        2,
        Verification.VERBATIM,
        NEW_NOTE,
    )


def test_excel_a_new_vindplaats_for_the_same_status_is_a_new_check(question):
    _import_changed(**REWORDED, verificatie_vindplaats=NEW_NOTE)

    new = question.latest_version()
    assert (new.verification, new.verification_note) == (Verification.VERBATIM_LABEL, NEW_NOTE)


def test_excel_a_new_status_with_the_old_vindplaats_is_not_a_check(question):
    _import_changed(**REWORDED, verificatie="verbatim")

    new = question.latest_version()
    assert (new.verification, new.verification_note) == (Verification.UNVERIFIED, "")


def test_excel_the_new_version_can_be_verified_afterwards_in_place(question):
    _import_changed(**REWORDED)
    rows = _rows()
    rows[0].update(verificatie="verbatim", verificatie_vindplaats=NEW_NOTE)

    report = import_catalogue_workbook(workbook(vragen=rows))

    assert report.ok and report.sheets[0].new_versions == 0
    new = question.latest_version()
    assert (new.number, new.verification, new.verification_note) == (
        2,
        Verification.VERBATIM,
        NEW_NOTE,
    )


def test_excel_accepts_not_checked_for_a_new_question(question):
    rows = _rows()
    rows.append({**rows[0], "code": "span2", "verificatie": "unverified", "versie": ""})

    report = import_catalogue_workbook(workbook(vragen=rows))

    assert report.ok, report.all_errors()
    version = QuestionVersion.objects.get(question__code="span2")
    assert version.verification == Verification.UNVERIFIED


# --------------------------------------------------------------------------- public pages


def test_the_question_page_marks_a_not_checked_wording(client, question):
    _import_changed(**REWORDED)
    response = client.get(reverse("questionsets:question-detail", args=[question.code]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Niet letterlijk gecontroleerd</strong>: niet gecontroleerd" in content
