"""The pages of proposals to the national catalogue: the publisher proposes on the shared
question's page and sees the decision; curators decide in /curatie/gemeentevoorstellen/.
Access as elsewhere: another municipality and non-curators get a 404."""

import pytest
from django.core import mail

from questionsets.curation.review.models import Proposal
from questionsets.models import Membership, NationalProposal
from questionsets.shelf import proposals, services
from tests import factories

Status = NationalProposal.Status


@pytest.fixture
def shared(shelf):
    return services.shared_question_publish(
        item=shelf.item_a, rationale="Park.", user=shelf.editor_a
    ).shared_question


@pytest.fixture
def proposal(shelf, shared):
    return proposals.national_proposal_create(
        shared=shared, user=shelf.editor_a, motivation="Veel gemeenten meten dit."
    )


def page(shared):
    return f"/gedeelde-vragen/{shared.pk}/"


def propose_url(shared):
    return f"/gedeelde-vragen/{shared.pk}/nationaal-voorstellen/"


def national_url(proposal, step=""):
    return f"/curatie/gemeentevoorstellen/{proposal.pk}/" + (f"{step}/" if step else "")


# --------------------------------------------------------------------------- proposer


def test_the_publisher_proposes_and_sees_the_status(client, shelf, shared):
    client.force_login(shelf.editor_a)
    html = client.get(page(shared)).content.decode()
    assert "Voorstellen voor de nationale catalogus" in html
    response = client.post(propose_url(shared), {"motivation": "Veel gemeenten meten dit."})
    assert response.status_code == 302
    assert response["Location"] == page(shared)
    proposal = NationalProposal.objects.get()
    assert (proposal.proposer, proposal.status) == (shelf.editor_a, Status.SUBMITTED)
    html = client.get(page(shared)).content.decode()
    assert "Voorgesteld voor de nationale catalogus." in html
    assert "De curatoren beoordelen uw voorstel." in html
    assert 'name="motivation"' not in html


def test_an_empty_motivation_is_a_clear_400(client, shelf, shared):
    client.force_login(shelf.editor_a)
    response = client.post(propose_url(shared), {"motivation": "  "})
    assert response.status_code == 400
    assert "Schrijf kort waarom deze vraag in de nationale catalogus hoort." in (
        response.content.decode()
    )
    assert not NationalProposal.objects.exists()


def test_a_second_proposal_while_one_is_open_is_refused(client, shelf, shared, proposal):
    client.force_login(shelf.editor_a)
    response = client.post(propose_url(shared), {"motivation": "Nog eens."})
    assert response.status_code == 400
    assert "ligt al ter beoordeling" in response.content.decode()
    assert NationalProposal.objects.count() == 1


@pytest.mark.parametrize("who", ["editor_b", "reader_a", "curator"])
def test_only_the_publishers_editors_propose(client, shelf, shared, who):
    users = {
        "editor_b": shelf.editor_b,
        "reader_a": factories.make_user(municipality=shelf.a, role=Membership.Role.READER),
        "curator": factories.make_user(is_staff=True),
    }
    client.force_login(users[who])
    assert (
        "Voorstellen voor de nationale catalogus" not in client.get(page(shared)).content.decode()
    )
    assert client.post(propose_url(shared), {"motivation": "x"}).status_code == 404
    assert not NationalProposal.objects.exists()


def test_a_coordinator_of_the_publisher_may_propose(client, shelf, shared):
    coordinator = factories.make_user(municipality=shelf.a, role=Membership.Role.COORDINATOR)
    client.force_login(coordinator)
    assert client.post(propose_url(shared), {"motivation": "x"}).status_code == 302


def test_a_visitor_is_sent_to_the_login(client, shared):
    response = client.post(propose_url(shared), {"motivation": "x"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_decision_and_reason_are_shown_only_to_the_publisher(
    client, shelf, shared, proposal, curator
):
    proposals.national_proposal_decline(proposal=proposal, user=curator, reason="Bestaat al.")
    client.force_login(shelf.editor_a)
    html = client.get(page(shared)).content.decode()
    assert "afgewezen" in html
    assert "Bestaat al." in html
    assert 'name="motivation"' in html  # may propose again
    client.force_login(shelf.editor_b)
    assert "Bestaat al." not in client.get(page(shared)).content.decode()


# --------------------------------------------------------------------------- curators


def test_curators_see_the_queue_with_usage(client, shelf, shared, proposal, curator):
    services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=proposal.shared_version, expected_version=1
    )
    client.force_login(curator)
    response = client.get("/curatie/gemeentevoorstellen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hoe veilig voelt u zich in het park?" in html
    assert "Utrecht" in html
    assert "1 andere gemeente" in html
    empty = client.get("/curatie/gemeentevoorstellen/?status=afgewezen").content.decode()
    assert "Geen voorstellen van gemeenten." in empty


def test_the_detail_shows_the_shared_question_usage_and_similar_questions(
    client, shelf, shared, proposal, curator
):
    factories.make_question(
        code="parkveilig", version_kw={"wording_nl": "Hoe veilig voelt u zich in het park?"}
    )
    factories.make_question(code="sport", version_kw={"wording_nl": "Sport u?"})
    services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=proposal.shared_version, expected_version=1
    )
    client.force_login(curator)
    response = client.get(national_url(proposal))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Veel gemeenten meten dit." in html
    assert "Weet niet" in html
    assert "1 andere gemeente gebruikt deze vraag" in html
    assert "Amersfoort" in html
    similar = response.context["similar"]
    assert similar[0].version.question.code == "parkveilig"
    assert similar[0].percent == 100


def test_a_municipality_that_hides_its_name_is_only_counted(
    client, shelf, shared, proposal, curator
):
    from questionsets.models import MunicipalitySharing

    MunicipalitySharing.objects.create(municipality=shelf.b, hide_name=True)
    services.questionnaire_add_shared(
        questionnaire=shelf.questionnaire_b, version=proposal.shared_version, expected_version=1
    )
    client.force_login(curator)
    html = client.get(national_url(proposal)).content.decode()
    assert "1 andere gemeente gebruikt deze vraag" in html
    assert "En 1 gemeente die niet genoemd wil worden." in html
    assert "Amersfoort" not in html


@pytest.mark.parametrize("who", ["editor_a", "editor_b", "visitor"])
def test_non_curators_get_a_404_or_the_login(client, shelf, proposal, who):
    if who != "visitor":
        client.force_login(getattr(shelf, who))
    expected = 302 if who == "visitor" else 404
    for url in ("/curatie/gemeentevoorstellen/", national_url(proposal)):
        assert client.get(url).status_code == expected
    response = client.post(national_url(proposal, "afwijzen"), {"note": "x", "confirmed": "on"})
    assert response.status_code == expected
    assert client.post(national_url(proposal, "accepteren"), {}).status_code == expected
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED


def test_unknown_proposals_and_steps_are_404(client, curator, proposal):
    client.force_login(curator)
    assert client.get("/curatie/gemeentevoorstellen/999/").status_code == 404
    assert client.post(national_url(proposal, "opeten"), {}).status_code == 404


def test_accepting_leads_to_the_draft_and_mails_the_proposer(client, shelf, proposal, curator):
    source = factories.make_source()
    client.force_login(curator)
    response = client.post(
        national_url(proposal, "accepteren"), {"code": "parkveilig", "source": source.pk}
    )
    draft = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/curatie/voorstellen/{draft.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Geaccepteerd. Dit is het concept voor vraag parkveilig" in html
    assert "Voorgesteld door gemeente Utrecht (editor-a)" in html
    assert "Hoe veilig voelt u zich in het park?" in html
    assert "nieuwe schaal parkveilig" in html
    assert mail.outbox[0].to == [shelf.editor_a.email]
    assert "geaccepteerd" in mail.outbox[0].subject


def test_an_invalid_accept_is_a_400_with_the_reason(client, proposal, curator):
    factories.make_question(code="bestaand")
    source = factories.make_source()
    client.force_login(curator)
    response = client.post(
        national_url(proposal, "accepteren"), {"code": "bestaand", "source": source.pk}
    )
    assert response.status_code == 400
    assert "Er is al een vraag (of een open voorstel) met code bestaand." in (
        response.content.decode()
    )
    response = client.post(national_url(proposal, "accepteren"), {"code": "", "source": ""})
    assert response.status_code == 400
    assert "Geef de nieuwe vraag een code." in response.content.decode()
    assert not Proposal.objects.exists()


def test_asking_for_changes_needs_a_comment_and_tells_the_proposer(
    client, shelf, proposal, curator
):
    client.force_login(curator)
    response = client.post(national_url(proposal, "wijzigingen-vragen"), {"note": ""})
    assert response.status_code == 400
    assert "Schrijf welke wijzigingen u vraagt." in response.content.decode()
    response = client.post(national_url(proposal, "wijzigingen-vragen"), {"note": "Algemener."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_note) == (Status.CHANGES, "Algemener.")
    assert "Algemener." in mail.outbox[0].body


def test_declining_asks_for_confirmation_first(client, shelf, proposal, curator):
    client.force_login(curator)
    response = client.post(national_url(proposal, "afwijzen"), {"note": "Bestaat al."})
    assert response.status_code == 200
    assert "Weet u zeker dat u dit voorstel wilt afwijzen?" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    response = client.post(
        national_url(proposal, "afwijzen"), {"note": "Bestaat al.", "confirmed": "on"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_note) == (Status.DECLINED, "Bestaat al.")
    assert "Bestaat al." in mail.outbox[0].body


def test_declining_without_a_reason_is_a_400(client, proposal, curator):
    client.force_login(curator)
    response = client.post(national_url(proposal, "afwijzen"), {"note": " "})
    assert response.status_code == 400
    assert "Geef een reden voor de afwijzing" in response.content.decode()


def test_a_decided_proposal_shows_no_actions_and_refuses_steps(client, proposal, curator):
    proposals.national_proposal_decline(proposal=proposal, user=curator, reason="Nee.")
    client.force_login(curator)
    html = client.get(national_url(proposal)).content.decode()
    assert "Accepteren als concept" not in html
    response = client.post(national_url(proposal, "wijzigingen-vragen"), {"note": "Toch wijzigen."})
    assert response.status_code == 400
    assert "Dit kan niet meer: het voorstel is afgewezen." in response.content.decode()


def test_the_draft_can_be_edited_by_its_author(client, proposal, curator):
    source = factories.make_source()
    draft = proposals.national_proposal_accept(
        proposal=proposal, user=curator, code="parkveilig", source=source
    )
    client.force_login(curator)
    url = f"/curatie/voorstellen/{draft.pk}/bewerken/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"code": "parkveilig2", "source": source.pk, "scale_code": "", "submit": ""}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.payload["code"] == "parkveilig2"
    assert draft.status == Proposal.Status.SUBMITTED
    assert draft.payload["provenance"]["national_proposal"] == proposal.pk


def test_the_publisher_sees_the_national_question_once_approved(client, shelf, shared, proposal):
    from questionsets.curation.review import services as review

    anna = factories.make_user(is_staff=True)
    draft = proposals.national_proposal_accept(
        proposal=proposal, user=anna, code="parkveilig", source=factories.make_source()
    )
    client.force_login(shelf.editor_a)
    html = client.get(page(shared)).content.decode()
    assert "zodra een tweede curator het concept goedkeurt" in html
    assert 'name="motivation"' not in html
    review.proposal_submit(proposal=draft, user=anna)
    review.proposal_approve(proposal=draft, user=factories.make_user(is_staff=True))
    html = client.get(page(shared)).content.decode()
    assert "Opgenomen in de nationale catalogus als landelijke vraag" in html
    assert 'href="/vragen/parkveilig/"' in html


def test_the_publisher_may_propose_again_when_the_draft_was_withdrawn(
    client, shelf, shared, proposal, curator
):
    from questionsets.curation.review import services as review

    draft = proposals.national_proposal_accept(
        proposal=proposal, user=curator, code="parkveilig", source=factories.make_source()
    )
    review.proposal_withdraw(proposal=draft, user=curator)
    client.force_login(shelf.editor_a)
    html = client.get(page(shared)).content.decode()
    assert "de curatoren hebben het concept ingetrokken" in html
    assert client.post(propose_url(shared), {"motivation": "Opnieuw."}).status_code == 302
