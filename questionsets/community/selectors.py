"""What a member reads: the posts of one concept or set page, in a constant number of queries.

Only members of a municipality (and curators) read posts; anyone else gets the same 404 as for
a page that does not exist. A hidden post is shown to curators (marked) and, as a short notice
with the curator's reason, to its author; everyone else does not see it at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..catalogue.models import Concept
from ..catalogue.selectors import public_sets
from ..curation.review.services import is_curator
from ..questionnaires.access import parse_id
from ..questionnaires.models import Municipality
from .models import Follow, Post, PosterProfile


@dataclass
class Reader:
    user: object
    municipalities: list[Municipality]
    curator: bool

    @property
    def municipality(self) -> Municipality | None:
        return self.municipalities[0] if self.municipalities else None


@dataclass
class Panel:
    reader: Reader
    concept: Concept | None = None
    question_set: object | None = None
    posts: list[Post] = field(default_factory=list)
    following: bool = False


def reader_of(user) -> Reader:
    """The user as a reader of posts (1 query); 404 unless a member or a curator."""
    if not user.is_authenticated:
        raise Http404("Log in om vragen van collega's te lezen.")
    municipalities = list(
        Municipality.objects.filter(memberships__user=user).order_by("name", "pk").distinct()
    )
    curator = is_curator(user)
    if not municipalities and not curator:
        raise Http404("Alleen voor medewerkers van een gemeente.")
    return Reader(user=user, municipalities=municipalities, curator=curator)


def get_concept(slug: str) -> Concept:
    return get_object_or_404(Concept, slug=slug)


def get_question_set(code: str):
    return get_object_or_404(public_sets(), code=code)


def visible_posts(reader: Reader):
    posts = Post.objects.select_related(
        "municipality", "author__poster_profile", "concept", "question_set"
    )
    if reader.curator:
        return posts
    return posts.filter(Q(hidden_at__isnull=True) | Q(author=reader.user))


def get_post(reader: Reader, post_id) -> Post:
    """A post this reader may see (a reply's parent must be visible too)."""
    try:
        post = visible_posts(reader).select_related("parent").get(pk=parse_id(str(post_id)))
    except Post.DoesNotExist:
        raise Http404("Geen bericht gevonden.") from None
    if post.parent and post.parent.is_hidden and not reader.curator:
        if post.parent.author_id != reader.user.pk:
            raise Http404("Geen bericht gevonden.")
    return post


def panel(reader: Reader, *, concept=None, question_set=None) -> Panel:
    """Queries: 1 the posts, 2 their replies, 3 (concept) whether the reader follows it."""
    replies = visible_posts(reader).order_by("created_at", "pk")
    posts = (
        visible_posts(reader)
        .filter(parent__isnull=True, concept=concept, question_set=question_set)
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    result = Panel(reader=reader, concept=concept, question_set=question_set, posts=list(posts))
    for post in result.posts:
        _show(post)
        for reply in post.replies.all():
            _show(reply)
    if concept is not None:
        result.following = Follow.objects.filter(user=reader.user, concept=concept).exists()
    return result


def _show(post: Post) -> None:
    """Attach how the author is shown: by default only the municipality."""
    try:
        profile = post.author.poster_profile
    except PosterProfile.DoesNotExist:
        profile = None
    post.shown_name = profile.display_name if profile and profile.show_name else ""
    post.shown_email = profile.contact_email if profile and profile.show_name else ""


def profile_of(user) -> PosterProfile:
    try:
        return PosterProfile.objects.get(user=user)
    except PosterProfile.DoesNotExist:
        return PosterProfile(user=user, display_name=user.get_full_name(), contact_email=user.email)
