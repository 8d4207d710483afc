"""Writes for sharing. Callers have checked the rights (access.get_questionnaire_for_user
with ``manage=True`` for a questionnaire, an editor's membership for a municipality)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Municipality, MunicipalitySharing, PublicQuestionnaire, QuestionnaireShare


@transaction.atomic
def questionnaire_share(*, questionnaire, municipalities, role: str, user) -> int:
    """Share with each municipality (an existing share takes the new role); never with
    the owner itself. Returns how many municipalities now have this role."""
    if role not in QuestionnaireShare.Role.values:
        raise ValidationError(_("Kies mederedacteur of lezer."), code="role")
    targets = [m for m in municipalities if m.pk != questionnaire.municipality_id]
    if not targets:
        raise ValidationError(_("Kies ten minste één andere gemeente."), code="empty")
    for municipality in targets:
        QuestionnaireShare.objects.update_or_create(
            questionnaire=questionnaire,
            municipality=municipality,
            defaults={"role": role, "created_by": user},
        )
    return len(targets)


def questionnaire_share_region(*, questionnaire, role: str, user) -> int:
    """Share with every other municipality of the owner's veiligheidsregio in one step."""
    owner = questionnaire.municipality
    members = Municipality.objects.filter(safety_region_code=owner.safety_region_code)
    return questionnaire_share(
        questionnaire=questionnaire, municipalities=list(members), role=role, user=user
    )


@transaction.atomic
def questionnaire_unshare(*, questionnaire, share_ids=None) -> int:
    """Withdraw some shares (or all of them without ``share_ids``); returns how many."""
    shares = QuestionnaireShare.objects.filter(questionnaire=questionnaire)
    if share_ids is not None:
        shares = shares.filter(pk__in=share_ids)
    deleted, _by_model = shares.delete()
    return deleted


@transaction.atomic
def questionnaire_set_public(*, questionnaire, public: bool, user) -> None:
    if public:
        PublicQuestionnaire.objects.get_or_create(
            questionnaire=questionnaire, defaults={"published_by": user}
        )
    else:
        PublicQuestionnaire.objects.filter(questionnaire=questionnaire).delete()


@transaction.atomic
def municipality_settings_update(*, municipality, hide_name: bool, share_aggregates: bool):
    settings, _created = MunicipalitySharing.objects.update_or_create(
        municipality=municipality,
        defaults={"hide_name": hide_name, "share_aggregates": share_aggregates},
    )
    return settings
