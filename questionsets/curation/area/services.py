"""The workbench's writes: keyword-only, one transaction each, every change audited.

The audit rows are written in the same transaction (``audit.record``), so a write never
lands without its row in the Wijzigingslog. The workbench writes as "beheer" (Via.ADMIN).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ...models import CatalogueChange, NationalFigure
from .. import audit

VIA = audit.Via.ADMIN


def _save(instance, *, user) -> None:
    if isinstance(instance, NationalFigure):
        return _save_figure(instance, user=user)
    before = audit.state(instance) if audit.is_tracked(instance) else None
    action = audit.Action.CREATED if instance.pk is None else audit.Action.CHANGED
    instance.save()
    audit.record(instance, action, user=user, via=VIA, before=before)


def _figure_state(pk) -> dict | None:
    fields = [f.attname for f in NationalFigure._meta.concrete_fields]
    fields = [f for f in fields if f not in audit.IGNORED_FIELDS]
    return NationalFigure.objects.filter(pk=pk).values(*fields).first() if pk else None


def _save_figure(figure: NationalFigure, *, user) -> None:
    """National figures are not in the import's audit batches; record them here."""
    before = _figure_state(figure.pk)
    figure.save()
    changes = audit.diff(before, _figure_state(figure.pk))
    if before is not None and not changes:
        return
    subject = figure.question.code if figure.question_id else figure.indicator.code
    CatalogueChange.objects.create(
        created_at=timezone.now(),
        user=user if getattr(user, "is_authenticated", False) else None,
        via=VIA,
        model_label=NationalFigure._meta.label_lower,
        object_pk=str(figure.pk),
        object_key=f"{subject} {figure.year} {figure.statistic}"[:300],
        subject=f"{NationalFigure._meta.label_lower}:{figure.pk}",
        action=audit.Action.CREATED if before is None else audit.Action.CHANGED,
        changes=changes,
    )


def _save_formset(formset, *, owner, user) -> None:
    formset.instance = owner
    before = {f.instance.pk: audit.state(f.instance) for f in formset.initial_forms}
    for form in formset.deleted_forms:
        obj = form.instance
        if obj.pk is not None:
            state = before.get(obj.pk)
            obj.delete()
            audit.record(obj, audit.Action.DELETED, user=user, via=VIA, before=state)
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        obj = form.save(commit=False)
        setattr(obj, formset.fk.name, owner)
        action = audit.Action.CREATED if obj.pk is None else audit.Action.CHANGED
        obj.save()
        audit.record(obj, action, user=user, via=VIA, before=before.get(obj.pk))


@transaction.atomic
def save_object(*, form, user):
    """Save one validated model form (a source, an indicator, a national figure)."""
    instance = form.save(commit=False)
    _save(instance, user=user)
    form.save_m2m()
    return instance


@transaction.atomic
def save_with_parts(*, form, formsets, user):
    """Save a validated form with its inline formsets (a concept with its definitions and
    relations, a scoring rule with its questions); the owner is recorded last, so its
    audit row shows the final state."""
    owner = form.save(commit=False)
    before = audit.state(owner) if owner.pk is not None else None
    action = audit.Action.CREATED if owner.pk is None else audit.Action.CHANGED
    owner.save()
    for formset in formsets:
        _save_formset(formset, owner=owner, user=user)
    audit.record(owner, action, user=user, via=VIA, before=before)
    return owner
