"""The builder's htmx responses: the page or fragment after a change, dialogs, refusals and messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import reswap, retarget

from .access import (
    can_edit,
    can_manage,
    get_questionnaire_for_user,
    is_owner,
)
from .builder import questionnaire_builder
from .section_html import builder_sections

DETAIL = "questionsets:questionnaire-detail"


TEMPLATE = "questionsets/questionnaire_detail.html"


def _builder_context(request, questionnaire, **extra) -> dict:
    editable = can_edit(questionnaire)
    builder = questionnaire_builder(questionnaire)
    return {
        "questionnaire": questionnaire,
        "builder": builder,
        "lock_version": str(questionnaire.lock_version),
        "can_edit": editable,
        "can_manage": can_manage(questionnaire),
        "is_owner": is_owner(questionnaire),
        "sections_html": builder_sections(request, questionnaire, builder, can_edit=editable),
        **extra,
    }


def _done(request, questionnaire, message: str, anchor: str = "", focus: str = "") -> HttpResponse:
    """After a successful write: the builder fragment for htmx, else redirect (PRG).

    `focus` names the element builder.js focuses when the one that was used is gone.
    """
    if request.htmx:
        context = _builder_context(request, questionnaire, status_message=message, focus_id=focus)
        return render(request, f"{TEMPLATE}#builder", context)
    messages.success(request, message)
    return redirect(reverse(DETAIL, args=[questionnaire.pk]) + anchor)


def _refused(request, questionnaire, error) -> HttpResponse:
    """A stale or invalid write: show the current state with the reason."""
    refreshed = get_questionnaire_for_user(request.user, questionnaire.pk)
    message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    context = _builder_context(request, refreshed, error_message=message)
    if request.htmx:
        return render(request, f"{TEMPLATE}#builder", context)
    return render(request, TEMPLATE, context, status=409)


def _confirm(request, questionnaire, exc, *, action: str, fields: dict, title: str):
    """Ask before a change that costs comparability (dialog fragment or full page)."""
    context = {
        "questionnaire": questionnaire,
        "reasons": exc.reasons,
        "action": action,
        "fields": fields,
        "dialog_title": title,
    }
    return _dialog(request, "questionsets/questionnaire_confirm.html", context)


def _confirm_deletion(request, questionnaire, impact, *, kind: str, lock_version: int, title: str):
    """Ask before removing questions: what goes and what it does to the indicators."""
    context = {
        "questionnaire": questionnaire,
        "impact": impact,
        "kind": kind,
        "action": request.path,
        "fields": {"lock_version": lock_version},
        "dialog_title": title,
    }
    return _dialog(request, "questionsets/questionnaire_confirm_delete.html", context)


def _dialog(request, template: str, context: dict) -> HttpResponse:
    """A confirmation: a dialog in the builder's #dialog-slot for htmx, else a full page."""
    if request.htmx:
        response = render(request, f"{template}#dialog", context)
        return reswap(retarget(response, "#dialog-slot"), "innerHTML")
    return render(request, template, context)


def _invalid(request, questionnaire, form) -> HttpResponse:
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    return _refused(request, questionnaire, ValidationError(errors))
