"""Municipalities' proposals to the national catalogue, for curators under /curatie/:
the queue, one proposal (usage, similar national questions), and the three decisions.

Accepting makes a draft review proposal for a new national question; it enters the
catalogue only after a second curator approves it (curation/review, four eyes).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ...accounts import emails
from ...shelf import proposals, queue
from ...shelf.forms import AcceptForm, DecisionForm
from .access import curator_required

PAGE_SIZE = 50


@curator_required
@require_http_methods(["GET"])
def national_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = Paginator(queue.queue(status), PAGE_SIZE).get_page(request.GET.get("pagina"))
    counts = queue.usage_counts(page.object_list)
    for proposal in page.object_list:
        proposal.usage_count = counts.get(proposal.shared_question_id, 0)
    context = {
        "page": page,
        "status": status or queue.Status.SUBMITTED,
        "statuses": queue.Status.choices,
    }
    return render(request, "questionsets/curation/review/national_list.html", context)


def _detail(request, pk, *, status=200, **forms) -> HttpResponse:
    context = queue.proposal_page(pk)
    context["step_error"] = forms.get("step_error", "")
    if context["proposal"].is_open:
        context["accept_form"] = forms.get("accept_form") or AcceptForm()
        context["decision_form"] = forms.get("decision_form") or DecisionForm()
        context["confirm_decline"] = forms.get("confirm_decline", "")
    return render(
        request, "questionsets/curation/review/national_detail.html", context, status=status
    )


@curator_required
@require_http_methods(["GET"])
def national_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@curator_required
@require_POST
def national_accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = queue.get_proposal(pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            draft = proposals.national_proposal_accept(
                proposal=proposal, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return _detail(request, pk, accept_form=form, step_error=_text(error), status=400)
        else:
            messages.success(
                request,
                _(
                    "Geaccepteerd. Dit is het concept voor vraag %(code)s: bied het ter "
                    "beoordeling aan, zodat een tweede curator het goedkeurt."
                )
                % {"code": draft.target_code},
            )
            _tell_proposer(request, proposal)
            return redirect("questionsets:curation-proposal", pk=draft.pk)
    return _detail(request, pk, accept_form=form, status=400)


DECISIONS = {
    "wijzigingen-vragen": (
        lambda p, u, note: proposals.national_proposal_ask_changes(
            proposal=p, user=u, comment=note
        ),
        gettext_lazy("De gemeente is gevraagd het voorstel te wijzigen."),
    ),
    "afwijzen": (
        lambda p, u, note: proposals.national_proposal_decline(proposal=p, user=u, reason=note),
        gettext_lazy("Het voorstel is afgewezen."),
    ),
}


@curator_required
@require_POST
def national_decide(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in DECISIONS:
        raise Http404("No such step.")
    decide, done = DECISIONS[step]
    proposal = queue.get_proposal(pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        note = form.cleaned_data["note"].strip()
        if step == "afwijzen" and note and proposal.is_open and "confirmed" not in request.POST:
            return _detail(request, pk, confirm_decline=note)
        try:
            decide(proposal, request.user, form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error("note", error)
            return _detail(request, pk, decision_form=form, step_error=_text(error), status=400)
        else:
            messages.success(request, str(done))
            _tell_proposer(request, proposal)
            return redirect("questionsets:curation-national", pk=proposal.pk)
    return _detail(request, pk, decision_form=form, status=400)


def _text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _tell_proposer(request, proposal) -> None:
    """E-mail the decision; a failure is shown, the decision stands."""
    if not proposal.proposer.email:
        return
    link = request.build_absolute_uri(
        reverse("questionsets:shelf-question", args=[proposal.shared_question_id])
    )
    try:
        emails.national_proposal_decided(proposal=proposal, link=link, language="nl")
    except emails.MailNotSent:
        messages.warning(
            request,
            _(
                "Het besluit is vastgelegd, maar de e-mail aan de indiener kon niet worden verstuurd."
            ),
        )
