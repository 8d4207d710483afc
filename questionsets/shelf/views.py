"""Shelf views: a questionnaire's local questions to share, the publish form, and the
public page of a shared question.

Questionnaires come through access.get_questionnaire_for_user with ``manage=True``: only
the owning municipality's editors share its questions; anyone else gets its 404 or 403.
The overview of a questionnaire's shared questions is also open to its co-editors, who
may upgrade them (``write=True``), but not share the owner's local questions.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..curation.review.models import Proposal
from ..questionnaires.access import (
    can_edit,
    can_manage,
    get_item_for_questionnaire,
    get_questionnaire_for_user,
)
from ..questionnaires.models import QuestionnaireItem
from . import proposals, selectors, services
from .forms import ProposeForm, PublishForm
from .models import NationalProposal


@login_required
def shareable_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's editors share local questions here; they and co-editors upgrade the
    shared questions the questionnaire uses. Readers get 403."""
    questionnaire = get_questionnaire_for_user(request.user, pk)
    manage = can_manage(questionnaire)
    if not (manage or can_edit(questionnaire)):
        raise PermissionDenied
    context = {
        "questionnaire": questionnaire,
        "can_manage": manage,
        "can_edit": can_edit(questionnaire),
        "items": selectors.shareable_items(questionnaire) if manage else [],
        "used": selectors.used_shared_items(questionnaire),
    }
    return render(request, "questionsets/shelf/shareable_list.html", context)


def _local_item(questionnaire, item_id) -> QuestionnaireItem:
    item = get_item_for_questionnaire(questionnaire, item_id)
    if item.kind != QuestionnaireItem.Kind.LOCAL:
        raise Http404("Not a local question.")
    return item


@login_required
def publish(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, manage=True)
    item = _local_item(questionnaire, item_id)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.shared_question_publish(
                item=item, rationale=form.cleaned_data["rationale"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Gedeeld als versie %(n)s.") % {"n": version.number})
            return redirect("questionsets:shelf-question", version.shared_question_id)
    status = 400 if request.method == "POST" else 200
    context = {"questionnaire": questionnaire, "item": item, "form": form}
    return render(request, "questionsets/shelf/publish.html", context, status=status)


def _page(request, pk, *, error="", status=200, propose_form=None) -> HttpResponse:
    shared, versions = selectors.shared_question_page(pk)
    targets = [] if shared.is_withdrawn else selectors.editable_questionnaires(request.user)
    manages = selectors.manages(request.user, shared)
    national = selectors.latest_national_proposal(shared) if manages else None
    context = {
        "shared": shared,
        "versions": versions,
        "current": versions[0],
        "targets": targets,
        "use_error": error,
        "can_withdraw": manages and not shared.is_withdrawn,
        "national": national,
        "can_propose": manages and not shared.is_withdrawn and _proposable(national),
        "propose_form": propose_form or ProposeForm(),
    }
    return render(request, "questionsets/shelf/shared_question.html", context, status=status)


def _proposable(national) -> bool:
    """No proposal yet, or the last one was sent back, declined, or accepted as a draft
    that the curators withdrew."""
    if national is None or national.status in (
        NationalProposal.Status.CHANGES,
        NationalProposal.Status.DECLINED,
    ):
        return True
    return national.draft is not None and national.draft.status == Proposal.Status.WITHDRAWN


def shared_question(request: HttpRequest, shared_id: int) -> HttpResponse:
    return _page(request, shared_id)


@login_required
@require_POST
def use(request: HttpRequest, shared_id: int) -> HttpResponse:
    """Add the current version to one of the user's questionnaires, by reference."""
    pk = shared_id
    _shared, versions = selectors.shared_question_page(pk)
    questionnaire_id = request.POST.get("questionnaire", "")
    if not questionnaire_id.isdigit():
        return _page(request, pk, error=_("Kies een vragenlijst."), status=400)
    questionnaire = get_questionnaire_for_user(request.user, questionnaire_id, write=True)
    try:
        item = services.questionnaire_add_shared(
            questionnaire=questionnaire,
            version=versions[0],
            expected_version=questionnaire.lock_version,
        )
    except ValidationError as error:
        return _page(request, pk, error=" ".join(error.messages), status=400)
    messages.success(request, _("Toegevoegd als %(code)s.") % {"code": item.code})
    return redirect("questionsets:questionnaire-detail", questionnaire.pk)


@login_required
@require_POST
def upgrade(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk, write=True)
    item = get_item_for_questionnaire(questionnaire, item_id)
    try:
        item = services.shared_item_upgrade(item=item, expected_version=questionnaire.lock_version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(code)s gebruikt nu versie %(n)s.")
            % {"code": item.code, "n": item.shared_version.number},
        )
    return redirect("questionsets:shelf-shareable", questionnaire.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, shared_id: int) -> HttpResponse:
    """Only editors of the publishing municipality; anyone else gets the 404 of a missing id."""
    shared = selectors.own_shared_question(request.user, shared_id)
    try:
        services.shared_question_withdraw(shared=shared)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De gedeelde vraag is ingetrokken."))
    return redirect("questionsets:shelf-question", shared.pk)


@login_required
@require_POST
def propose(request: HttpRequest, shared_id: int) -> HttpResponse:
    """Propose the current version for the national catalogue: only editors of the
    publishing municipality; anyone else gets the 404 of a missing id."""
    shared = selectors.own_shared_question(request.user, shared_id)
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            proposals.national_proposal_create(
                shared=shared, user=request.user, motivation=form.cleaned_data["motivation"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Voorgesteld voor de nationale catalogus. De curatoren beoordelen het voorstel."),
            )
            return redirect("questionsets:shelf-question", shared.pk)
    return _page(request, shared.pk, status=400, propose_form=form)
