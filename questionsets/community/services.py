"""Writes of the community: posting, replying, hiding, deleting, following and the profile."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..accounts.ratelimit import allow
from .models import Follow, Post, PosterProfile


class TooManyPosts(Exception):
    """The member posted more than the limit within the window."""


def _count_post(user) -> None:
    limit = settings.COMMUNITY_POSTS_PER_HOUR
    if not allow(f"community-post:{user.pk}", limit=limit, window=3600):
        raise TooManyPosts


@transaction.atomic
def create_post(*, author, municipality, title: str, body: str, concept=None, question_set=None):
    _count_post(author)
    return Post.objects.create(
        author=author,
        municipality=municipality,
        concept=concept,
        question_set=question_set,
        title=title.strip(),
        body=body.strip(),
    )


@transaction.atomic
def reply(*, author, municipality, parent: Post, body: str) -> Post:
    _count_post(author)
    return Post.objects.create(
        author=author,
        municipality=municipality,
        parent=parent,
        concept_id=parent.concept_id,
        question_set_id=parent.question_set_id,
        body=body.strip(),
    )


@transaction.atomic
def hide_post(*, post: Post, curator, reason: str) -> None:
    post.hidden_at = timezone.now()
    post.hidden_by = curator
    post.hidden_reason = reason.strip()
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])


@transaction.atomic
def delete_post(*, post: Post) -> None:
    post.delete()


@transaction.atomic
def toggle_follow(*, user, concept, language: str) -> bool:
    """Follow the concept, or stop following it; True when the user now follows it."""
    deleted, _ = Follow.objects.filter(user=user, concept=concept).delete()
    if deleted:
        return False
    Follow.objects.create(user=user, concept=concept, language=language[:10])
    return True


@transaction.atomic
def save_profile(*, user, show_name: bool, display_name: str, contact_email: str) -> None:
    PosterProfile.objects.update_or_create(
        user=user,
        defaults={
            "show_name": show_name,
            "display_name": display_name.strip(),
            "contact_email": contact_email.strip(),
        },
    )
