"""Community posts and follows in the admin: listed with filters and search, read-only
content, hiding with a reason through the same service as the panel; no adding or
deleting of posts there. Non-staff users are sent to the login."""

import pytest
from django.urls import reverse

from questionsets.community.models import Follow, Post
from tests import factories

CHANGELIST = "admin:questionsets_post_changelist"


@pytest.fixture
def posts(concept, qset, editor, outsider, make_post):
    amsterdam = outsider.memberships.get().municipality
    on_concept = make_post(author=editor, concept=concept, title="Onrust in de wijk")
    reply = make_post(author=outsider, parent=on_concept, body="Wij ook", municipality=amsterdam)
    on_set = make_post(author=outsider, question_set=qset, title="Setvraag", municipality=amsterdam)
    return on_concept, reply, on_set


def _change(post):
    return reverse("admin:questionsets_post_change", args=[post.pk])


def _hide_data(post, **fields) -> dict:
    """The change form as the browser sends it: the hiding fields and the replies' inline."""
    replies = list(post.replies.values_list("pk", flat=True))
    data = {
        "replies-TOTAL_FORMS": len(replies),
        "replies-INITIAL_FORMS": len(replies),
        "replies-MIN_NUM_FORMS": 0,
        "replies-MAX_NUM_FORMS": 1000,
    }
    for n, pk in enumerate(replies):
        data |= {f"replies-{n}-id": pk, f"replies-{n}-parent": post.pk}
    return data | fields


def _rows(response) -> list[Post]:
    return list(response.context["cl"].result_list)


def test_the_changelist_lists_posts_and_replies_with_their_page(client, curator, posts):
    on_concept, reply, on_set = posts
    client.force_login(curator)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Onrust in de wijk", "Wij ook", "Setvraag", "Vertrouwen", "Vertrouwensset"):
        assert text in html
    assert {p.pk for p in _rows(response)} == {on_concept.pk, reply.pk, on_set.pk}


def test_the_changelist_filters_by_concept_set_kind_and_hidden_and_searches(
    client, curator, posts, concept, qset
):
    on_concept, reply, on_set = posts
    Post.objects.filter(pk=on_set.pk).update(hidden_reason="Noemt een inwoner.")
    Post.objects.filter(pk=on_set.pk).update(hidden_at=on_set.created_at)
    client.force_login(curator)
    url = reverse(CHANGELIST)
    by_concept = client.get(url, {"concept__id__exact": concept.pk})
    assert {p.pk for p in _rows(by_concept)} == {on_concept.pk, reply.pk}
    by_set = client.get(url, {"question_set__id__exact": qset.pk})
    assert {p.pk for p in _rows(by_set)} == {on_set.pk}
    assert {p.pk for p in _rows(client.get(url, {"hidden": "yes"}))} == {on_set.pk}
    assert {p.pk for p in _rows(client.get(url, {"hidden": "no"}))} == {on_concept.pk, reply.pk}
    assert {p.pk for p in _rows(client.get(url, {"kind": "reply"}))} == {reply.pk}
    assert {p.pk for p in _rows(client.get(url, {"q": "Amsterdam"}))} == {reply.pk, on_set.pk}
    assert {p.pk for p in _rows(client.get(url, {"q": "onrust"}))} == {on_concept.pk}


def test_an_unknown_filter_value_is_not_a_500(client, curator, posts):
    client.force_login(curator)
    response = client.get(reverse(CHANGELIST), {"hidden": "misschien"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_changelist_query_count_is_constant(
    client, curator, concept, editor, make_post, django_assert_num_queries, count
):
    for n in range(count):
        post = make_post(author=editor, concept=concept, title=f"Vraag {n}")
        make_post(author=editor, parent=post)
    client.force_login(curator)
    # session, user, filtered and total count, the page of rows with their joins, the
    # choices of the concept, set and municipality filters
    with django_assert_num_queries(8):
        assert client.get(reverse(CHANGELIST)).status_code == 200


def test_the_change_page_shows_the_post_read_only_with_its_replies(client, curator, posts):
    on_concept, _reply, _on_set = posts
    client.force_login(curator)
    response = client.get(_change(on_concept))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wij ook" in html  # the reply, inline
    form = response.context["adminform"].form
    assert set(form.fields) == {"hide", "hidden_reason"}


def test_the_curator_hides_a_post_with_a_reason(client, curator, posts):
    on_concept, _reply, _on_set = posts
    client.force_login(curator)
    data = _hide_data(on_concept, hide="on", hidden_reason=" Noemt een inwoner. ", body="Nieuw")
    response = client.post(_change(on_concept), data)
    assert response.status_code == 302
    on_concept.refresh_from_db()
    assert on_concept.is_hidden and on_concept.hidden_by == curator
    assert on_concept.hidden_reason == "Noemt een inwoner."
    assert on_concept.body == "Wij zien hier dit verschijnsel. Ervaring elders?"  # read-only
    form = client.get(_change(on_concept)).context["adminform"].form
    assert set(form.fields) == set()  # a hidden post stays hidden, its reason as given


def test_hiding_without_a_reason_is_refused_in_dutch(client, curator, posts):
    on_concept, _reply, _on_set = posts
    client.force_login(curator)
    response = client.post(
        _change(on_concept), _hide_data(on_concept, hide="on", hidden_reason="  ")
    )
    assert response.status_code == 200
    assert "Geef de reden" in response.content.decode()
    on_concept.refresh_from_db()
    assert not on_concept.is_hidden


def test_a_reason_without_hiding_changes_nothing(client, curator, posts):
    on_concept, _reply, _on_set = posts
    client.force_login(curator)
    response = client.post(
        _change(on_concept), _hide_data(on_concept, hidden_reason="Alleen een reden")
    )
    assert response.status_code == 200
    assert "Vink" in response.content.decode()
    on_concept.refresh_from_db()
    assert not on_concept.is_hidden and on_concept.hidden_reason == ""


def test_posts_are_neither_added_nor_deleted_in_the_admin(client, curator, posts):
    on_concept, _reply, _on_set = posts
    client.force_login(curator)
    assert client.get(reverse("admin:questionsets_post_add")).status_code == 403
    delete = reverse("admin:questionsets_post_delete", args=[on_concept.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    listing = client.get(reverse(CHANGELIST))
    assert "delete_selected" not in listing.content.decode()
    assert Post.objects.filter(pk=on_concept.pk).exists()


def test_follows_are_listed_and_filtered_by_concept(client, curator, editor, concept):
    other = factories.make_concept(slug="geluk", name_nl="Geluk")
    Follow.objects.create(user=editor, concept=concept)
    Follow.objects.create(user=editor, concept=other)
    client.force_login(curator)
    url = reverse("admin:questionsets_follow_changelist")
    response = client.get(url, {"concept__id__exact": concept.pk})
    assert response.status_code == 200
    assert [f.concept for f in _rows(response)] == [concept]
    assert client.get(reverse("admin:questionsets_follow_add")).status_code == 403


@pytest.mark.parametrize("name", ["post", "follow"])
def test_non_staff_users_are_sent_to_the_login(client, editor, posts, name):
    client.force_login(editor)
    urls = [reverse(f"admin:questionsets_{name}_changelist")]
    if name == "post":
        urls.append(_change(posts[0]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_staff_without_the_permission_get_403(client, posts):
    staff = factories.make_user(username="staff", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(_change(posts[0])).status_code == 403
