"""The builder's htmx responses: the page or fragment after a change, dialogs, refusals and messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django_htmx.http import reswap, retarget

from ..exports.links_html import export_links_html
from .access import (
    can_edit,
    can_manage,
    get_questionnaire_for_user,
    is_owner,
)
from .builder import questionnaire_builder
from .frame_html import builder_parts, header_html

DETAIL = "questionsets:questionnaire-detail"


TEMPLATE = "questionsets/questionnaire_detail.html"


def _builder_context(request, questionnaire, read=None, **extra) -> dict:
    return {
        "questionnaire": questionnaire,
        "builder": questionnaire_builder(questionnaire, read),
        "lock_version": str(questionnaire.lock_version),
        "can_edit": can_edit(questionnaire),
        "can_manage": can_manage(questionnaire),
        "is_owner": is_owner(questionnaire),
        **extra,
    }


# Where the builder goes in the rendered template: escaped data never holds a "<".
BUILDER_SLOT = "<!-- builder -->"


def render_builder(request, context: dict, *, fragment: bool, status: int = 200) -> HttpResponse:
    """The builder page, or its #builder fragment for htmx. The builder itself, with its
    sections and rows (half a megabyte for 500 items), is written in Python (frame_html)
    and joined with the rendered template once, then encoded once: passed through the
    template as a variable, every level of it copied the builder again, 4 ms of a 25 ms
    page, and each further join or concatenation is one more copy (make bench, issue 20)."""
    parts = builder_parts(request, context)
    context["builder_html"] = mark_safe(BUILDER_SLOT)  # noqa: S308 - a constant
    if not fragment:  # the page's heading and links, escaped where written
        context["header_html"] = mark_safe(header_html(context))  # noqa: S308
        context["exports_html"] = mark_safe(  # noqa: S308
            export_links_html(context["questionnaire"], can_edit=context["can_edit"])
        )
    template = f"{TEMPLATE}#builder" if fragment else TEMPLATE
    head, tail = render_to_string(template, context, request).split(BUILDER_SLOT, 1)
    return HttpResponse("".join([head, *parts, tail]).encode(), status=status)


def _done(
    request, questionnaire, message: str, anchor: str = "", focus: str = "", read=None
) -> HttpResponse:
    """After a successful write: the builder fragment for htmx, else redirect (PRG).

    `focus` names the element builder.js focuses when the one that was used is gone.
    """
    if request.htmx:
        context = _builder_context(
            request, questionnaire, read, status_message=message, focus_id=focus
        )
        return render_builder(request, context, fragment=True)
    messages.success(request, message)
    return redirect(reverse(DETAIL, args=[questionnaire.pk]) + anchor)


def _refused(request, questionnaire, error) -> HttpResponse:
    """A stale or invalid write: show the current state with the reason."""
    refreshed = get_questionnaire_for_user(request.user, questionnaire.pk)
    message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    context = _builder_context(request, refreshed, error_message=message)
    if request.htmx:
        return render_builder(request, context, fragment=True)
    return render_builder(request, context, fragment=False, status=409)


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
