"""Every page of the review workflow: access, the happy path, four eyes through real requests."""

import pytest
from django.urls import reverse

from questionsets.curation.review.models import Proposal
from questionsets.models import AnswerScale, QuestionSet, Verification
from tests import factories

from .helpers import propose_version, use_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    return factories.make_question(code="c05i1brel", version_kw={"wording_nl": "Hoe veilig?"})


@pytest.fixture
def qset(question):
    return factories.make_question_set(code="veiligheid", questions=[question])


def _urls(question, qset, proposal, version):
    return [
        reverse("questionsets:curation-proposals"),
        reverse("questionsets:curation-proposal", args=[proposal.pk]),
        reverse("questionsets:curation-proposal-edit", args=[proposal.pk]),
        reverse("questionsets:curation-propose-version", args=[question.code]),
        reverse("questionsets:curation-propose-set"),
        reverse("questionsets:curation-change-set", args=[qset.code]),
        reverse("questionsets:curation-retire-set", args=[qset.code]),
        reverse("questionsets:curation-propose-scale"),
        reverse("questionsets:curation-change-scale", args=[version.scale.code]),
        reverse("questionsets:curation-versions"),
        reverse("questionsets:curation-verify", args=[version.pk]),
        reverse("questionsets:curation-import"),
    ]


def test_anonymous_users_are_sent_to_the_login(client, curator, question, qset):
    proposal = propose_version(question, curator, submit=False)
    for url in _urls(question, qset, proposal, question.latest_version()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_non_curators_get_a_404_everywhere(client, curator, editor, question, qset):
    proposal = propose_version(question, curator, submit=False)
    client.force_login(editor)
    urls = _urls(question, qset, proposal, question.latest_version())
    for url in urls:
        assert client.get(url).status_code == 404, url
    step = reverse("questionsets:curation-proposal-step", args=[proposal.pk, "indienen"])
    assert client.post(step).status_code == 404
    assert client.post(reverse("questionsets:curation-import-confirm")).status_code == 404


def test_every_page_opens_for_its_curator(client, curator, question, qset):
    proposal = propose_version(question, curator, submit=False)
    client.force_login(curator)
    for url in _urls(question, qset, proposal, question.latest_version()):
        assert client.get(url).status_code == 200, url


def _version_form(question, wording, **extra):
    latest = question.latest_version()
    return {
        "wording_nl": wording,
        "wording_en": "",
        "instruction_nl": "",
        "instruction_en": "",
        "answer_type": latest.answer_type,
        "scale": latest.scale_id,
        "source": latest.source_id,
        "source_reference": "",
        "source_variable": "",
        "verification": "",
        "verification_note": "",
        "change_reason": "Nieuwe bron",
        **extra,
    }


def test_propose_a_version_then_a_second_curator_approves(client, curator, curator_b, question):
    use_question(question, municipality=factories.make_municipality(name="Utrecht"))
    client.force_login(curator)
    url = reverse("questionsets:curation-propose-version", args=[question.code])

    response = client.post(url, _version_form(question, "Hoe veilig voelt u zich?", submit="1"))

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert proposal.status == Proposal.Status.SUBMITTED
    assert question.versions.count() == 1
    page = client.get(
        reverse("questionsets:curation-proposal", args=[proposal.pk])
    ).content.decode()
    assert "Utrecht" in page
    assert "Er is een nieuwere landelijke versie: versie 2." in page

    client.force_login(curator_b)
    step = reverse("questionsets:curation-proposal-step", args=[proposal.pk, "goedkeuren"])
    assert client.post(step, {"comment": ""}).status_code == 302
    assert question.latest_version().wording_nl == "Hoe veilig voelt u zich?"


def test_approving_your_own_proposal_is_refused_with_a_message(client, curator, question):
    proposal = propose_version(question, curator)
    client.force_login(curator)
    step = reverse("questionsets:curation-proposal-step", args=[proposal.pk, "goedkeuren"])

    response = client.post(step, follow=True)

    assert "U kunt uw eigen voorstel niet goedkeuren" in response.content.decode()
    assert question.versions.count() == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED


def test_send_back_with_a_comment_and_revise(client, curator, curator_b, question):
    proposal = propose_version(question, curator)
    client.force_login(curator_b)
    back = reverse("questionsets:curation-proposal-step", args=[proposal.pk, "terugsturen"])
    client.post(back, {"comment": "Spelfout"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.RETURNED

    client.force_login(curator)
    edit = reverse("questionsets:curation-proposal-edit", args=[proposal.pk])
    page = client.get(edit).content.decode()
    assert "Hoe veilig voelt u zich?" in page  # the proposed wording, not the published one
    client.post(edit, _version_form(question, "Hoe veilig voelt u zich nu?", submit="1"))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.payload["version"]["wording_nl"] == "Hoe veilig voelt u zich nu?"


def test_another_curator_cannot_edit_a_proposal(client, curator, curator_b, question):
    proposal = propose_version(question, curator, submit=False)
    client.force_login(curator_b)
    assert (
        client.get(reverse("questionsets:curation-proposal-edit", args=[proposal.pk])).status_code
        == 404
    )


def test_an_unknown_step_or_proposal_is_a_404(client, curator, question):
    proposal = propose_version(question, curator)
    client.force_login(curator)
    assert (
        client.post(
            reverse("questionsets:curation-proposal-step", args=[proposal.pk, "x"])
        ).status_code
        == 404
    )
    assert client.get(reverse("questionsets:curation-proposal", args=[99999])).status_code == 404


def test_the_review_page_shows_a_word_diff_with_visible_whitespace(client, curator, question):
    proposal = propose_version(question, curator, wording="Hoe\nveilig?")
    client.force_login(curator)
    page = client.get(
        reverse("questionsets:curation-proposal", args=[proposal.pk])
    ).content.decode()
    assert '<del><span class="visually-hidden">verwijderd: </span>\u2423</del>' in page
    assert '<ins><span class="visually-hidden">toegevoegd: </span>\u21b5' in page


def test_propose_a_new_set_with_the_question_picker(client, curator, question):
    other = factories.make_question(code="c01i2")
    client.force_login(curator)
    url = reverse("questionsets:curation-propose-set")
    page = client.get(url).content.decode()
    assert "c05i1brel v1" in page and "Hoe veilig?" in page

    response = client.post(
        url,
        {
            "code": "nieuw",
            "name_nl": "Nieuwe set",
            "reason": "Nieuwe module",
            f"pos_{question.pk}": "2",
            f"pos_{other.pk}": "1",
            "order_locked": "on",
            "submit": "1",
        },
    )

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.payload["items"] == [other.latest_version().pk, question.latest_version().pk]
    assert proposal.payload["order_locked"] is True
    assert not QuestionSet.objects.filter(code="nieuw").exists()
    page = client.get(response["Location"]).content.decode()
    assert "c01i2" in page and "nieuw" in page


def test_a_set_without_questions_is_refused(client, curator, question):
    client.force_login(curator)
    response = client.post(
        reverse("questionsets:curation-propose-set"),
        {"code": "leeg", "name_nl": "L", "reason": "r"},
    )
    assert response.status_code == 200
    assert "Kies minstens één vraag" in response.content.decode()
    assert not Proposal.objects.exists()


def test_change_a_set_shows_the_table_diff(client, curator, question, qset):
    other = factories.make_question(code="c01i2")
    client.force_login(curator)
    url = reverse("questionsets:curation-change-set", args=[qset.code])
    response = client.post(
        url,
        {
            "name_nl": qset.name_nl,
            "reason": "Vraag erbij",
            f"pos_{question.pk}": "1",
            f"pos_{other.pk}": "2",
            "indivisible": "on",
        },
    )
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert 'class="item-added"' in page and 'class="item-same"' in page


def test_propose_a_retirement(client, curator, qset):
    client.force_login(curator)
    url = reverse("questionsets:curation-retire-set", args=[qset.code])
    client.post(url, {"reason": "Vervangen door een nieuwe set", "submit": "1"})
    proposal = Proposal.objects.get()
    assert proposal.kind == Proposal.Kind.RETIRE_SET
    qset.refresh_from_db()
    assert qset.status == QuestionSet.Status.PUBLISHED


def test_propose_a_scale_with_a_missing_code(client, curator):
    client.force_login(curator)
    url = reverse("questionsets:curation-propose-scale")
    response = client.post(
        url,
        {
            "code": "janee",
            "name": "Ja/nee",
            "options": "1 = Ja\n2 = Nee\n9 = Weet niet (ontbrekend)",
            "reason": "Nodig voor c07",
        },
    )
    assert response.status_code == 302
    assert Proposal.objects.get().payload["options"][2] == {
        "code": 9,
        "label_nl": "Weet niet",
        "label_en": "",
        "missing": True,
    }
    assert not AnswerScale.objects.filter(code="janee").exists()


def test_an_unmarked_dont_know_is_refused(client, curator):
    client.force_login(curator)
    response = client.post(
        reverse("questionsets:curation-propose-scale"),
        {"code": "janee", "name": "Ja/nee", "options": "1 = Ja\n9 = Weet niet", "reason": "r"},
    )
    assert "lijkt geen echt antwoord" in response.content.decode()


def test_a_scale_in_use_can_only_become_a_new_scale(client, curator, question):
    scale = question.latest_version().scale
    client.force_login(curator)
    url = reverse("questionsets:curation-change-scale", args=[scale.code])
    assert "verandert nooit" in client.get(url).content.decode()
    data = {"code": scale.code, "name": "x", "options": "1 = Ja", "reason": "r"}
    assert "Er is al een schaal" in client.post(url, data).content.decode()
    client.post(url, {**data, "code": "nieuweschaal"})
    proposal = Proposal.objects.get()
    assert proposal.scale is None and proposal.payload["code"] == "nieuweschaal"


def test_the_unverified_worklist_and_recording_a_verification(client, curator):
    todo = factories.make_question(
        code="todo", version_kw={"verification": Verification.UNVERIFIED}
    )
    factories.make_question(code="done")
    client.force_login(curator)

    page = client.get(reverse("questionsets:curation-versions"), {"status": "unverified"})
    assert [v.question.code for v in page.context["page"].object_list] == ["todo"]

    url = reverse("questionsets:curation-verify", args=[todo.latest_version().pk])
    assert "vindplaats" in client.post(url, {"verification": "verbatim"}).content.decode()
    client.post(url, {"verification": "verbatim", "verification_note": "CBS 2023, vraag A3"})
    assert todo.latest_version().verification == Verification.VERBATIM


def test_after_approval_the_municipalitys_builder_shows_the_upgrade_notice(
    client, curator, curator_b, editor, municipality, question
):
    questionnaire = use_question(question, municipality=municipality)
    builder = reverse("questionsets:questionnaire-detail", args=[questionnaire.pk])
    client.force_login(editor)
    notice = "Er is een nieuwere landelijke versie: versie 2."
    proposal = propose_version(question, curator)
    assert notice not in client.get(builder).content.decode()  # not before approval

    from questionsets.curation.review import services as review

    review.proposal_approve(proposal=proposal, user=curator_b)

    assert notice in client.get(builder).content.decode()


def test_the_review_page_names_the_stated_verification_in_words(client, curator, question):
    from questionsets.curation.review import services as review

    from .helpers import version_payload

    payload = version_payload(
        question, "Hoe veilig nu?", verification="verbatim", verification_note="CBS 2025, A3"
    )
    proposal = review.proposal_create(
        kind=Proposal.Kind.VERSION, author=curator, payload=payload, reason="r", question=question
    )
    client.force_login(curator)
    page = client.get(
        reverse("questionsets:curation-proposal", args=[proposal.pk])
    ).content.decode()
    assert "letterlijk gecontroleerd in de bron — CBS 2025, A3" in page


@pytest.mark.parametrize(
    ("route", "target", "heading"),
    [
        ("curation-retire-question", "question", "Vraag c05i1brel laten vervallen"),
        ("curation-retire-set", "qset", "Set veiligheid laten vervallen"),
    ],
)
def test_a_draft_retirement_is_edited_and_then_submitted(
    client, curator, question, qset, route, target, heading
):
    obj = {"question": question, "qset": qset}[target]
    client.force_login(curator)
    client.post(reverse(f"questionsets:{route}", args=[obj.code]), {"reason": "Eerste reden"})
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.DRAFT
    edit = reverse("questionsets:curation-proposal-edit", args=[proposal.pk])
    page = client.get(edit).content.decode()
    assert heading in page and "Eerste reden" in page and obj.code in page
    assert client.post(edit, {"reason": ""}).status_code == 200  # a reason is required
    client.post(edit, {"reason": "Betere reden", "submit": "1"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == (Proposal.Status.SUBMITTED, "Betere reden")
    assert proposal.payload == {"code": obj.code}
    assert (proposal.question, proposal.question_set) == (
        (question, None) if target == "question" else (None, qset)
    )
