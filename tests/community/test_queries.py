"""Exact query counts: the concept and set pages and the panel do not grow with posts."""

import pytest

from questionsets.community.models import Follow, PosterProfile

HX = {"HX-Request": "true"}


@pytest.fixture
def posts(concept, qset, editor, outsider, curator, make_post):
    def make(count):
        PosterProfile.objects.create(user=editor, show_name=True, display_name="Jan")
        Follow.objects.create(user=editor, concept=concept)
        amsterdam = outsider.memberships.get().municipality
        for n in range(count):
            for page in ({"concept": concept}, {"question_set": qset}):
                post = make_post(author=editor, title=f"Vraag {n}", **page)
                make_post(author=outsider, parent=post, municipality=amsterdam)
                make_post(author=editor, parent=post)

    return make


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("who", ["anonymous", "editor", "stranger", "curator"])
def test_the_concept_and_set_pages_run_a_constant_number_of_queries(
    client, django_assert_num_queries, posts, count, who, request
):
    posts(count)
    extra = set_extra = 0
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
        extra = 2  # the session and the user
        set_extra = 1  # whether the user may add sets to a questionnaire
    # the pages' own queries, as in tests/catalogue/test_views.py (an empty set: 3, plus 1
    # for who uses it); the panel is loaded by htmx, not by the pages
    with django_assert_num_queries(8 + extra):
        assert client.get("/begrippen/vertrouwen/").status_code == 200
    with django_assert_num_queries(4 + extra + set_extra):
        assert client.get("/sets/vertrouwenset/").status_code == 200


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("who", ["editor", "curator"])
def test_the_panel_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, posts, count, who, request
):
    posts(count)
    client.force_login(request.getfixturevalue(who))
    # 1 session, 2 user, 3 the reader's municipalities, 4 the concept, 5 posts with their
    # municipality and author's profile, 6 their replies, 7 whether the reader follows it
    with django_assert_num_queries(7):
        response = client.get("/begrippen/vertrouwen/vragen-aan-collegas/", headers=HX)
    assert len(response.context["panel"].posts) == count
    # the set: no follow
    with django_assert_num_queries(6):
        response = client.get("/sets/vertrouwenset/vragen-aan-collegas/", headers=HX)
    assert len(response.context["panel"].posts) == count
    assert all(len(post.replies.all()) == 2 for post in response.context["panel"].posts)
