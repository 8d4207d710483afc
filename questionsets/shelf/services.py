"""Writes on the shared shelf: publishing a local question (a new version each time it
changed). Keyword-only, one transaction each."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models.base import fingerprint
from ..questionnaires.models import Questionnaire, QuestionnaireItem, QuestionnaireSection
from ..questionnaires.services import _next_position, next_local_code, questionnaire_touch
from .models import SharedOption, SharedQuestion, SharedQuestionVersion

RATIONALE_MAX = 2000


def item_fingerprint(item: QuestionnaireItem) -> str:
    options = [(code, label) for code, label, _missing in item.display_options()]
    return fingerprint(
        wording=item.wording,
        instruction=item.instruction,
        answer_type=item.answer_type,
        options=options,
    )


def _check(item: QuestionnaireItem, rationale: str) -> None:
    if item.kind != QuestionnaireItem.Kind.LOCAL:
        raise ValidationError(_("Alleen een eigen lokale vraag kan gedeeld worden."))
    if not item.wording.strip():
        raise ValidationError(_("Een vraag zonder vraagtekst kan niet gedeeld worden."))
    if not rationale.strip():
        raise ValidationError(_("Schrijf kort waarom deze vraag nuttig is voor anderen."))
    if len(rationale) > RATIONALE_MAX:
        raise ValidationError(
            _("De toelichting is hoogstens %(n)s tekens lang.") % {"n": RATIONALE_MAX}
        )


@transaction.atomic
def shared_question_publish(
    *, item: QuestionnaireItem, rationale: str, user
) -> SharedQuestionVersion:
    """Version 1 of a new shared question, or the next version of the one this item was
    shared as before; refused when nothing a respondent sees has changed."""
    _check(item, rationale)
    municipality_id = item.questionnaire.municipality_id
    # Lock the source item: two first publishes at the same instant would otherwise both
    # find no shared question and make two (the shared row below does not exist yet).
    QuestionnaireItem.objects.select_for_update().values_list("pk").get(pk=item.pk)
    shared = (
        SharedQuestion.objects.select_for_update()
        .filter(source_item=item, municipality_id=municipality_id)
        .exclude(status=SharedQuestion.Status.WITHDRAWN)
        .first()
    )
    print_ = item_fingerprint(item)
    latest = shared.versions.order_by("-number").first() if shared else None
    if latest is not None and latest.fingerprint == print_:
        raise ValidationError(
            _("Deze vraag is niet gewijzigd sinds gedeelde versie %(n)s.") % {"n": latest.number}
        )
    if shared is None:
        shared = SharedQuestion.objects.create(municipality_id=municipality_id, source_item=item)
    version = SharedQuestionVersion.objects.create(
        shared_question=shared,
        number=latest.number + 1 if latest else 1,
        wording=item.wording,
        instruction=item.instruction,
        answer_type=item.answer_type,
        rationale=rationale.strip(),
        fingerprint=print_,
        published_by=user,
    )
    SharedOption.objects.bulk_create(
        SharedOption(version=version, position=n, code=code, label_nl=label, is_missing=missing)
        for n, (code, label, missing) in enumerate(item.display_options())
    )
    return version


@transaction.atomic
def questionnaire_add_shared(
    *, questionnaire: Questionnaire, version: SharedQuestionVersion, expected_version: int
) -> QuestionnaireItem:
    """Use a shared version by reference: a new item pointing at it, under the next free
    local code, at the end of the last section (a new one when there is none)."""
    if version.shared_question.is_withdrawn:
        raise ValidationError(
            _("Deze gedeelde vraag is ingetrokken en kan niet meer worden toegevoegd.")
        )
    used = questionnaire.items.filter(shared_version__shared_question=version.shared_question_id)
    if used.exists():
        raise ValidationError(_("Deze gedeelde vraag staat al in de vragenlijst."))
    questionnaire_touch(questionnaire=questionnaire, expected_version=expected_version)
    section = questionnaire.sections.order_by("position", "pk").last()
    if section is None:
        section = QuestionnaireSection.objects.create(
            questionnaire=questionnaire, title=_("Gedeelde vragen")
        )
    item = QuestionnaireItem(
        questionnaire=questionnaire,
        section=section,
        position=_next_position(section.items.all()),
        kind=QuestionnaireItem.Kind.SHARED,
        code=next_local_code(questionnaire),
        shared_version=version,
        # A snapshot of the immutable version, for the pages that read the item's own text.
        wording=version.wording,
        instruction=version.instruction,
        answer_type=version.answer_type,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def shared_item_upgrade(*, item: QuestionnaireItem, expected_version: int) -> QuestionnaireItem:
    """Point a shared item at the newest version of its shared question, by choice."""
    if not item.is_shared:
        raise ValidationError(_("Alleen een gedeelde vraag kan worden bijgewerkt."))
    latest = item.shared_version.shared_question.versions.order_by("-number").first()
    if latest.pk == item.shared_version_id:
        raise ValidationError(_("Deze vraag gebruikt al de nieuwste gedeelde versie."))
    questionnaire_touch(questionnaire=item.questionnaire, expected_version=expected_version)
    item.shared_version = latest
    item.wording, item.instruction = latest.wording, latest.instruction
    item.answer_type = latest.answer_type
    item.save(update_fields=["shared_version", "wording", "instruction", "answer_type"])
    return item


@transaction.atomic
def shared_question_withdraw(*, shared: SharedQuestion) -> SharedQuestion:
    """Nobody can add it any more; whoever uses it keeps their version, marked withdrawn."""
    if shared.is_withdrawn:
        raise ValidationError(_("Deze gedeelde vraag is al ingetrokken."))
    shared.status = SharedQuestion.Status.WITHDRAWN
    shared.save(update_fields=["status", "updated_at"])
    return shared
