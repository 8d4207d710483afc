"""The e-mail digest of new posts on followed concepts (`manage.py send_post_digests`).

Each follower gets one plain-text message with the posts and replies that appeared on the
concepts they follow since their last digest (their own, hidden ones and replies to hidden
ones left out), in the language they followed in, ending with the catalogue team's contact
address. Each follow records up to when it was sent, so a second run sends nothing; a
follower with nothing new gets no message. Each follow is claimed by a conditional update before sending, so two runs at
the same time do not both send it; a failed message gives the times back for the next run.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..accounts import emails
from .models import Follow, Post


def send_post_digests(*, base_url: str, now=None) -> int:
    """Send every due digest; return the number of messages sent."""
    now = now or timezone.now()
    follows = (
        Follow.objects.filter(
            user__is_active=True, user__memberships__isnull=False, last_digest_at__lt=now
        )
        .exclude(user__email="")
        .select_related("user", "concept")
        .distinct()
    )
    by_user = defaultdict(list)
    for follow in follows:
        by_user[follow.user].append(follow)
    new = _new_posts([f for fs in by_user.values() for f in fs], now)
    sent = 0
    for user, user_follows in by_user.items():
        sent += _send_one(user, user_follows, new, base_url=base_url, now=now)
    return sent


def _new_posts(follows, now) -> dict[int, list[Post]]:
    if not follows:
        return {}
    since = min(f.last_digest_at for f in follows)
    posts = (
        Post.objects.filter(
            concept__in={f.concept_id for f in follows},
            hidden_at__isnull=True,
            created_at__gt=since,
            created_at__lte=now,
        )
        .exclude(parent__hidden_at__isnull=False)
        .select_related("municipality", "parent")
        .order_by("created_at", "pk")
    )
    by_concept = defaultdict(list)
    for post in posts:
        by_concept[post.concept_id].append(post)
    return by_concept


def _send_one(user, follows, new, *, base_url: str, now) -> int:
    follows = _claim(follows, now)
    sections = []
    for follow in follows:
        posts = [
            p
            for p in new.get(follow.concept_id, [])
            if p.created_at > follow.last_digest_at and p.author_id != user.pk
        ]
        if posts:
            sections.append((follow, posts))
    if not sections:
        return 0
    try:
        _mail(user, sections, base_url=base_url, language=follows[-1].language or "nl")
    except emails.MailNotSent:
        _release(follows)
        return 0
    return 1


def _claim(follows, now) -> list:
    """Move each follow's time to `now` unless another run already did: sent at most once."""
    with transaction.atomic():
        return [
            follow
            for follow in follows
            if Follow.objects.filter(pk=follow.pk, last_digest_at=follow.last_digest_at).update(
                last_digest_at=now
            )
        ]


def _release(follows) -> None:
    """The message was not sent: put the times back, so the next run sends it."""
    with transaction.atomic():
        for follow in follows:
            Follow.objects.filter(pk=follow.pk).update(last_digest_at=follow.last_digest_at)


def _mail(user, sections, *, base_url: str, language: str) -> None:
    with translation.override(language):
        paragraphs = [_("Nieuwe vragen en ervaringen van collega's over de begrippen die u volgt.")]
        for follow, posts in sections:
            url = base_url + reverse("questionsets:concept-detail", args=[follow.concept.slug])
            lines = [f"{_concept_name(follow.concept, language)} ({url}#collegas)"]
            lines += [_line(post) for post in posts]
            paragraphs.append("\n".join(lines))
        paragraphs.append(
            _(
                "U krijgt dit bericht omdat u deze begrippen volgt. Stoppen? "
                "Klik op de begripspagina op de knop 'Volg dit begrip'."
            )
        )
        emails.send(
            to=[user.email],
            subject=_("Nieuw bij vragen aan collega's"),
            paragraphs=paragraphs,
            language=language,
        )


def _concept_name(concept, language: str) -> str:
    return concept.name_en if language == "en" and concept.name_en else concept.name_nl


def _line(post: Post) -> str:
    where = _("gemeente %(name)s") % {"name": post.municipality.name}
    if post.parent_id:
        title = _("reactie op „%(title)s”") % {"title": post.parent.title}
    else:
        title = f"„{post.title}”"
    body = " ".join(post.body.split())
    return f"- {title} ({where}): {body[:300]}"
