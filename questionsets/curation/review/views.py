"""The curators' review pages under /curatie/: proposals, their review, versions to verify."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ...models import AnswerScale, Question, QuestionSet, QuestionVersion, Verification
from ...shelf.forms import AcceptForm
from ...shelf.models import NationalProposal
from ...shelf.proposals import draft_payload as national_payload
from ..forms import NewVersionForm
from . import forms, pages
from . import services as review
from .access import curator_required
from .models import Proposal

PAGE_SIZE = 100


def _get_proposal(pk) -> Proposal:
    queryset = Proposal.objects.select_related(
        "author", "reviewer", "question", "question_set", "scale"
    )
    try:
        return queryset.get(pk=pk)
    except (Proposal.DoesNotExist, ValueError, TypeError):
        raise Http404("No proposal matches the given query.") from None


@curator_required
@require_http_methods(["GET"])
def proposal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    proposals = Proposal.objects.select_related("author", "question", "question_set", "scale")
    if status in Proposal.Status.values:
        proposals = proposals.filter(status=status)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"page": page, "status": status, "statuses": Proposal.Status.choices}
    return render(request, "questionsets/curation/review/proposal_list.html", context)


@curator_required
@require_http_methods(["GET"])
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _get_proposal(pk)
    context = {
        "proposal": proposal,
        "is_author": proposal.author_id == request.user.pk,
        "comment_form": forms.CommentForm(),
        **pages.review_context(proposal),
    }
    return render(request, "questionsets/curation/review/proposal_detail.html", context)


STEPS = {
    "indienen": lambda p, u, c: review.proposal_submit(proposal=p, user=u),
    "intrekken": lambda p, u, c: review.proposal_withdraw(proposal=p, user=u),
    "goedkeuren": lambda p, u, c: review.proposal_approve(proposal=p, user=u, comment=c),
    "terugsturen": lambda p, u, c: review.proposal_return(proposal=p, user=u, comment=c),
}
DONE = {
    "indienen": gettext_lazy("Het voorstel is ter beoordeling aangeboden."),
    "intrekken": gettext_lazy("Het voorstel is ingetrokken."),
    "goedkeuren": gettext_lazy("Goedgekeurd en gepubliceerd."),
    "terugsturen": gettext_lazy("Het voorstel is teruggestuurd naar de indiener."),
}


@curator_required
@require_POST
def proposal_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("No such step.")
    proposal = _get_proposal(pk)
    form = forms.CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        STEPS[step](proposal, request.user, comment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("questionsets:curation-proposal", pk=proposal.pk)
    messages.success(request, str(DONE[step]))
    return redirect("questionsets:curation-proposal", pk=proposal.pk)


def _save(request, *, proposal=None, kind=None, payload, reason, **target) -> HttpResponse:
    submit = "submit" in request.POST
    if proposal is None:
        proposal = review.proposal_create(
            kind=kind, author=request.user, payload=payload, reason=reason, submit=submit, **target
        )
    else:
        review.proposal_update(
            proposal=proposal, user=request.user, payload=payload, reason=reason, submit=submit
        )
    messages.success(
        request,
        _("Ter beoordeling aangeboden.") if submit else _("Opgeslagen als concept."),
    )
    return redirect("questionsets:curation-proposal", pk=proposal.pk)


# --------------------------------------------------------------------------- versions


def _version_payload(form: NewVersionForm, latest: QuestionVersion) -> dict:
    return review.version_payload(form.version_data(), latest)


@curator_required
@require_http_methods(["GET", "POST"])
def propose_version(request: HttpRequest, code: str) -> HttpResponse:
    question = get_object_or_404(Question, code=code)
    latest = question.latest_version()
    if latest is None:
        raise Http404("No published version.")
    form = NewVersionForm(request.POST or None, latest=latest)
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            kind=Proposal.Kind.VERSION,
            payload=_version_payload(form, latest),
            reason=form.cleaned_data["change_reason"],
            question=question,
        )
    context = {"form": form, "question": question, "latest": latest}
    return render(request, "questionsets/curation/review/propose_version.html", context)


@curator_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _get_proposal(pk)
    if proposal.author_id != request.user.pk or not proposal.is_editable:
        raise Http404("Not editable.")
    editor = {
        Proposal.Kind.VERSION: _edit_version,
        Proposal.Kind.SET: _edit_set,
        Proposal.Kind.RETIRE_SET: _edit_retirement,
        Proposal.Kind.RETIRE_QUESTION: _edit_retirement,
        Proposal.Kind.SCALE: _edit_scale,
        Proposal.Kind.QUESTION: _edit_question,
    }[proposal.kind]
    return editor(request, proposal)


def _edit_version(request, proposal: Proposal) -> HttpResponse:
    question = proposal.question
    latest = question.latest_version()
    form = NewVersionForm(request.POST or None, latest=latest)
    if not form.is_bound:
        form.initial.update(proposal.payload.get("version", {}), change_reason=proposal.reason)
    if request.method == "POST" and form.is_valid():
        payload = _version_payload(form, latest)
        return _save(
            request, proposal=proposal, payload=payload, reason=form.cleaned_data["change_reason"]
        )
    context = {"form": form, "question": question, "latest": latest, "proposal": proposal}
    return render(request, "questionsets/curation/review/propose_version.html", context)


def _edit_question(request, proposal: Proposal) -> HttpResponse:
    """A municipality's question: only the code, the source and a new scale's code change;
    the wording and answers stay exactly as shared."""
    national = NationalProposal.objects.filter(draft=proposal).first()
    if national is None:
        raise Http404("Not from a municipality.")
    payload = proposal.payload
    initial = {
        "code": payload.get("code"),
        "source": payload.get("version", {}).get("source"),
        "scale_code": payload.get("scale_code") or "",
    }
    form = AcceptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            payload = national_payload(national, draft=proposal, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _save(request, proposal=proposal, payload=payload, reason=proposal.reason)
    context = {"form": form, "proposal": proposal}
    return render(request, "questionsets/curation/review/propose_question.html", context)


@curator_required
@require_http_methods(["GET", "POST"])
def propose_retire_question(request: HttpRequest, code: str) -> HttpResponse:
    question = get_object_or_404(Question, code=code)
    if question.is_retired:
        raise Http404("Already retired.")
    return _retirement_form(request, Proposal.Kind.RETIRE_QUESTION, question, proposal=None)


def _edit_retirement(request, proposal: Proposal) -> HttpResponse:
    target = getattr(proposal, RETIREMENTS[proposal.kind][0])
    return _retirement_form(request, proposal.kind, target, proposal=proposal)


# What a retirement proposal retires: the proposal's field for it, and the form's template.
RETIREMENTS = {
    Proposal.Kind.RETIRE_QUESTION: ("question", "propose_question_retirement.html"),
    Proposal.Kind.RETIRE_SET: ("question_set", "propose_retirement.html"),
}


def _retirement_form(request, kind, target, *, proposal) -> HttpResponse:
    """A question or set retirement: only a reason; the payload names the code."""
    field, template = RETIREMENTS[kind]
    initial = {"reason": proposal.reason} if proposal else {}
    form = forms.ReasonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        payload = {"code": target.code}
        return _save(
            request, proposal=proposal, kind=kind, payload=payload, reason=reason, **{field: target}
        )
    context = {"form": form, field: target, "proposal": proposal}
    return render(request, f"questionsets/curation/review/{template}", context)


# --------------------------------------------------------------------------- sets


@curator_required
@require_http_methods(["GET", "POST"])
def propose_set(request: HttpRequest, code: str | None = None) -> HttpResponse:
    qset = get_object_or_404(QuestionSet.objects.with_items(), code=code) if code else None
    initial = forms.set_initial(qset) if qset else {}
    return _set_form(request, qset, initial, proposal=None)


def _edit_set(request, proposal: Proposal) -> HttpResponse:
    initial = {**forms.payload_initial(proposal.payload), "reason": proposal.reason}
    return _set_form(request, proposal.question_set, initial, proposal=proposal)


def _set_form(request, qset, initial, *, proposal) -> HttpResponse:
    form = forms.SetProposalForm(
        request.POST or None, initial=initial, question_set=qset, versions=forms.latest_versions()
    )
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            proposal=proposal,
            kind=Proposal.Kind.SET,
            payload=form.payload(),
            reason=form.cleaned_data["reason"],
            question_set=qset,
        )
    context = {"form": form, "question_set": qset, "proposal": proposal}
    return render(request, "questionsets/curation/review/propose_set.html", context)


@curator_required
@require_http_methods(["GET", "POST"])
def propose_retire_set(request: HttpRequest, code: str) -> HttpResponse:
    qset = get_object_or_404(QuestionSet, code=code)
    if qset.status == QuestionSet.Status.RETIRED:
        raise Http404("Already retired.")
    return _retirement_form(request, Proposal.Kind.RETIRE_SET, qset, proposal=None)


# --------------------------------------------------------------------------- scales


@curator_required
@require_http_methods(["GET", "POST"])
def propose_scale(request: HttpRequest, code: str | None = None) -> HttpResponse:
    scale = get_object_or_404(AnswerScale.objects.with_options(), code=code) if code else None
    initial = forms.scale_initial(forms.scale_payload(scale)) if scale else {}
    if scale is not None and scale.is_in_use():
        initial["code"] = ""
    return _scale_form(request, scale, initial, proposal=None)


def _edit_scale(request, proposal: Proposal) -> HttpResponse:
    initial = {**forms.scale_initial(proposal.payload), "reason": proposal.reason}
    return _scale_form(request, proposal.scale, initial, proposal=proposal)


def _scale_form(request, scale, initial, *, proposal) -> HttpResponse:
    in_use = scale is not None and scale.is_in_use()
    form = forms.ScaleProposalForm(
        request.POST or None, initial=initial, scale=scale, in_use=in_use
    )
    if request.method == "POST" and form.is_valid():
        return _save(
            request,
            proposal=proposal,
            kind=Proposal.Kind.SCALE,
            payload=form.payload(),
            reason=form.cleaned_data["reason"],
            scale=None if in_use else scale,
        )
    context = {"form": form, "scale": scale, "in_use": in_use, "proposal": proposal}
    return render(request, "questionsets/curation/review/propose_scale.html", context)


# --------------------------------------------------------------------------- verification


@curator_required
@require_http_methods(["GET"])
def version_list(request: HttpRequest) -> HttpResponse:
    versions = QuestionVersion.objects.select_related("question").order_by(
        "question__code", "number"
    )
    unverified = request.GET.get("status") == Verification.UNVERIFIED
    if unverified:
        versions = versions.filter(verification=Verification.UNVERIFIED)
    query = (request.GET.get("q") or "").strip()[:100]
    if query:
        versions = versions.filter(question__code__icontains=query)
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"page": page, "unverified": unverified, "query": query}
    return render(request, "questionsets/curation/review/version_list.html", context)


@curator_required
@require_http_methods(["GET", "POST"])
def version_verify(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(QuestionVersion.objects.select_related("question"), pk=pk)
    form = forms.VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review.version_verify(
            version=version,
            user=request.user,
            verification=form.cleaned_data["verification"],
            note=form.cleaned_data["verification_note"],
        )
        messages.success(request, _("De verificatie is vastgelegd."))
        return redirect("questionsets:curation-versions")
    context = {"form": form, "version": version}
    return render(request, "questionsets/curation/review/version_verify.html", context)
