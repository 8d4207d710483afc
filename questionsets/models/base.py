"""Building blocks shared by every model: the code rule, timestamps, immutability, the fingerprint."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CODE_PATTERN = r"^[a-z][a-z0-9]{0,19}$"
CODE_MAX_LENGTH = 20
code_validator = RegexValidator(
    CODE_PATTERN,
    _(
        "Een code begint met een kleine letter, gevolgd door kleine letters en cijfers, "
        "en is hoogstens 20 tekens lang."
    ),
    code="invalid_code",
)


class ImmutableError(ValidationError):
    """Raised when code tries to change something the comparability contract freezes."""


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


# Local (municipal) question codes live in their own namespace: they start with this prefix,
# and a national question code never does, so the two can never collide, not even when a
# national question is added after a municipality chose its local codes.
LOCAL_CODE_PREFIX = "lok"


def validate_not_local_namespace(value: str) -> None:
    if value.startswith(LOCAL_CODE_PREFIX):
        raise ValidationError(
            _("Codes die met '%(prefix)s' beginnen zijn voor lokale vragen gereserveerd."),
            code="local_namespace",
            params={"prefix": LOCAL_CODE_PREFIX},
        )


def code_field(verbose_name=None, **kwargs) -> models.CharField:
    return models.CharField(
        verbose_name or _("code"),
        max_length=CODE_MAX_LENGTH,
        unique=True,
        validators=[code_validator, *kwargs.pop("extra_validators", ())],
        help_text=_("kleine letter, dan kleine letters en cijfers; hoogstens 20 tekens"),
        **kwargs,
    )


def recorded_user(verbose_name) -> models.ForeignKey:
    """Who did something (shared, published, decided, uploaded): the record stays when the
    account is deleted, and a user gets no reverse accessor for it."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def code_rule_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(code__regex=CODE_PATTERN), name=name)


def fingerprint(*, wording: str, instruction: str, answer_type: str, options) -> str:
    """A hash over exactly what a respondent sees; any byte of difference changes it."""
    payload = json.dumps(
        {
            "wording": wording,
            "instruction": instruction,
            "answer_type": str(answer_type),
            "options": [[int(code), label] for code, label in options],
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
