"""Posts and replies of municipal members, follows of a concept, and how a member is shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..catalogue.models import Concept
from ..catalogue.question_models import QuestionSet
from ..questionnaires.models import Municipality

TITLE_MAX = 150
BODY_MAX = 2000
REASON_MAX = 500


class Post(models.Model):
    """A question or experience on a concept or a set page; a reply has a parent (one level)."""

    concept = models.ForeignKey(
        Concept,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("begrip"),
    )
    question_set = models.ForeignKey(
        QuestionSet,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("set"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reactie op"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_posts",
        verbose_name=_("auteur"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("gemeente")
    )
    title = models.CharField(_("titel"), max_length=TITLE_MAX, blank=True)
    body = models.TextField(_("tekst"), max_length=BODY_MAX)
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now, db_index=True)
    hidden_at = models.DateTimeField(_("verborgen op"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verborgen door"),
    )
    hidden_reason = models.TextField(_("reden van verbergen"), max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bericht aan collega's")
        verbose_name_plural = _("berichten aan collega's")
        constraints = [
            models.CheckConstraint(
                condition=Q(concept__isnull=False, question_set__isnull=True)
                | Q(concept__isnull=True, question_set__isnull=False),
                name="community_post_one_page",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:50]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Follow(models.Model):
    """A member follows a concept; the digest sends what is new since `last_digest_at`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="concept_follows",
        verbose_name=_("gebruiker"),
    )
    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="follows", verbose_name=_("begrip")
    )
    language = models.CharField(_("taal"), max_length=10, default="nl")
    last_digest_at = models.DateTimeField(_("laatste overzicht tot"), default=timezone.now)

    class Meta:
        verbose_name = _("gevolgd begrip")
        verbose_name_plural = _("gevolgde begrippen")
        constraints = [
            models.UniqueConstraint(fields=["user", "concept"], name="community_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.concept}"


class PosterProfile(models.Model):
    """How a member is shown with their posts: by default only their municipality."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poster_profile"
    )
    show_name = models.BooleanField(_("toon mijn naam en contactadres"), default=False)
    display_name = models.CharField(_("naam"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contactadres"), blank=True)

    def __str__(self) -> str:
        return str(self.user)
