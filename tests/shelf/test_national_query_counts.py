"""The new pages read a fixed number of queries, whatever the number of proposals,
national questions or municipalities that use the shared question."""

import pytest

from questionsets.shelf import proposals, services
from tests import factories
from tests.shelf.conftest import add_local

# session, user, then: count and page of proposals, usage counts of the page
LIST_QUERIES = 5
# session, user, then: proposal with provenance, options, usage, similar questions,
# sources for the accept form
DETAIL_QUERIES = 7
# as for a visitor (3) plus session, user, own questionnaires, membership, latest proposal
PUBLISHER_PAGE_QUERIES = 8


def _shared_questions(n, shelf):
    """n shared questions of A, each proposed and used by a municipality of its own."""
    found = []
    for i in range(n):
        item = add_local(shelf.questionnaire_a, code=f"lok{i + 2}", wording=f"Park {i}?")
        version = services.shared_question_publish(item=item, rationale="r", user=None)
        municipality = factories.make_municipality()
        services.questionnaire_add_shared(
            questionnaire=factories.make_questionnaire(municipality=municipality),
            version=version,
            expected_version=1,
        )
        proposals.national_proposal_create(
            shared=version.shared_question,
            user=factories.make_user(municipality=shelf.a),
            motivation="m",
        )
        found.append(version.shared_question)
    return found


@pytest.mark.parametrize("n", [1, 12])
def test_the_queue_reads_a_constant_number_of_queries(
    client, shelf, curator, django_assert_num_queries, n
):
    _shared_questions(n, shelf)
    client.force_login(curator)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/curatie/gemeentevoorstellen/")
    rows = response.context["page"].object_list
    assert len(rows) == n
    assert {p.usage_count for p in rows} == {1}


@pytest.mark.parametrize("n", [1, 15])
def test_the_detail_reads_a_constant_number_of_queries(
    client, shelf, curator, django_assert_num_queries, n
):
    (shared,) = _shared_questions(1, shelf)
    for i in range(n):
        factories.make_question(version_kw={"wording_nl": f"Park {i} in de buurt?"})
        factories.make_source()
        services.questionnaire_add_shared(
            questionnaire=factories.make_questionnaire(),
            version=shared.versions.get(),
            expected_version=1,
        )
    proposal = shared.national_proposals.get()
    client.force_login(curator)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(f"/curatie/gemeentevoorstellen/{proposal.pk}/")
    assert response.context["usage"].total == n + 1
    assert len(response.context["similar"]) == min(n, 5)


@pytest.mark.parametrize("n", [1, 6])
def test_the_publishers_page_reads_a_constant_number_of_queries(
    client, shelf, curator, django_assert_num_queries, n
):
    version = services.shared_question_publish(item=shelf.item_a, rationale="r", user=None)
    shared = version.shared_question
    for i in range(n):
        proposal = proposals.national_proposal_create(
            shared=shared, user=shelf.editor_a, motivation="m"
        )
        proposals.national_proposal_decline(proposal=proposal, user=curator, reason=f"Nee {i}.")
    client.force_login(shelf.editor_a)
    with django_assert_num_queries(PUBLISHER_PAGE_QUERIES):
        response = client.get(f"/gedeelde-vragen/{shared.pk}/")
    assert f"Nee {n - 1}." in response.content.decode()


# session, user, proposal, source (a new scale: its answers are in the proposal)
DRAFT_REVIEW_QUERIES = 4


@pytest.mark.parametrize("n", [1, 15])
def test_the_review_page_of_an_accepted_question_reads_a_constant_number_of_queries(
    client, shelf, curator, django_assert_num_queries, n
):
    (shared,) = _shared_questions(1, shelf)
    for _ in range(n):
        factories.make_question()
    draft = proposals.national_proposal_accept(
        proposal=shared.national_proposals.get(),
        user=curator,
        code="parkveilig",
        source=factories.make_source(),
    )
    client.force_login(factories.make_user(is_staff=True))
    with django_assert_num_queries(DRAFT_REVIEW_QUERIES):
        response = client.get(f"/curatie/voorstellen/{draft.pk}/")
    assert len(response.context["option_rows"]) == 3
