"""Sharing views: a questionnaire's sharing page, a municipality's page and settings, and
the side-by-side comparison of a regional questionnaire.

Questionnaires are fetched through access.get_questionnaire_for_user, as everywhere: a
municipality the questionnaire was not shared with gets the same 404 as for a missing one;
only the owner's editors share, withdraw and make public (``manage=True``, else 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..models import Membership, Municipality, QuestionnaireShare
from ..questionnaires.access import get_questionnaire_for_user
from ..questionnaires.models import EDITING_ROLES
from . import regional, selectors, services
from .forms import MunicipalitySettingsForm, PublicForm, RegionShareForm, ShareForm

SHARING = "questionsets:sharing-questionnaire"
SHARING_TEMPLATE = "questionsets/sharing/questionnaire_sharing.html"


# --------------------------------------------------------------------------- sharing page


def _sharing_page(request, questionnaire, *, share_form=None, region_form=None, status=200):
    candidates = selectors.share_candidates(questionnaire)
    context = {
        "questionnaire": questionnaire,
        "shares": selectors.shares_of(questionnaire),
        "region": selectors.region_members(questionnaire),
        "candidates": candidates,
        "share_form": share_form or ShareForm(municipalities=_others(questionnaire)),
        "region_form": region_form or RegionShareForm(),
        "is_public": hasattr(questionnaire, "publication"),
    }
    return render(request, SHARING_TEMPLATE, context, status=status)


def _others(questionnaire):
    return Municipality.objects.exclude(pk=questionnaire.municipality_id).order_by("name")


def _managed(request, pk):
    return get_questionnaire_for_user(request.user, pk, manage=True)


@login_required
def questionnaire_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    return _sharing_page(request, _managed(request, pk))


@login_required
@require_POST
def questionnaire_share(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _managed(request, pk)
    form = ShareForm(request.POST, municipalities=_others(questionnaire))
    if not form.is_valid():
        return _sharing_page(request, questionnaire, share_form=form, status=400)
    municipality, role = form.cleaned_data["municipality"], form.cleaned_data["role"]
    services.questionnaire_share(
        questionnaire=questionnaire, municipalities=[municipality], role=role, user=request.user
    )
    label = QuestionnaireShare.Role(role).label
    messages.success(
        request,
        _("Gedeeld met %(name)s als %(role)s.") % {"name": municipality.name, "role": label},
    )
    return redirect(SHARING, questionnaire.pk)


@login_required
@require_POST
def questionnaire_share_region(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _managed(request, pk)
    form = RegionShareForm(request.POST)
    if not form.is_valid():
        return _sharing_page(request, questionnaire, region_form=form, status=400)
    try:
        count = services.questionnaire_share_region(
            questionnaire=questionnaire, role=form.cleaned_data["role"], user=request.user
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _sharing_page(request, questionnaire, region_form=form, status=400)
    messages.success(
        request,
        ngettext(
            "Gedeeld met %(count)d gemeente van veiligheidsregio %(region)s.",
            "Gedeeld met %(count)d gemeenten van veiligheidsregio %(region)s.",
            count,
        )
        % {"count": count, "region": questionnaire.municipality.safety_region_name},
    )
    return redirect(SHARING, questionnaire.pk)


@login_required
def questionnaire_unshare(request: HttpRequest, pk: int, share_id: int | None = None):
    """GET: the confirmation; POST: withdraw one share, or every share without an id."""
    questionnaire = _managed(request, pk)
    shares = QuestionnaireShare.objects.filter(questionnaire=questionnaire)
    share = None
    if share_id is not None:
        share = get_object_or_404(shares.select_related("municipality"), pk=share_id)
    elif not shares.exists():
        raise Http404("Nothing is shared.")
    if request.method == "POST":
        ids = None if share is None else [share.pk]
        services.questionnaire_unshare(questionnaire=questionnaire, share_ids=ids)
        messages.success(request, _("Het delen is ingetrokken."))
        return redirect(SHARING, questionnaire.pk)
    context = {"questionnaire": questionnaire, "share": share}
    return render(request, "questionsets/sharing/unshare_confirm.html", context)


@login_required
@require_POST
def questionnaire_public(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _managed(request, pk)
    form = PublicForm(request.POST)
    form.is_valid()  # a boolean field: anything else is "not public"
    public = bool(form.cleaned_data.get("public"))
    services.questionnaire_set_public(questionnaire=questionnaire, public=public, user=request.user)
    if public:
        messages.success(request, _("De vragenlijst staat nu op de pagina van uw gemeente."))
    else:
        messages.success(request, _("De vragenlijst is niet meer openbaar."))
    return redirect(SHARING, questionnaire.pk)


# --------------------------------------------------------------------------- municipality


def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    page = selectors.municipality_page(code)
    can_change = (
        request.user.is_authenticated and _role(request.user, page.municipality) in EDITING_ROLES
    )
    context = {"page": page, "can_change": can_change}
    return render(request, "questionsets/sharing/municipality_detail.html", context)


def _role(user, municipality) -> str | None:
    membership = Membership.objects.filter(user=user, municipality=municipality).first()
    return membership.role if membership else None


@login_required
def municipality_settings(request: HttpRequest, code: str) -> HttpResponse:
    """Only the municipality's editors; its readers get 403, everyone else 404."""
    municipality = get_object_or_404(Municipality.objects.select_related("sharing"), code=code)
    role = _role(request.user, municipality)
    if role is None:
        raise Http404("No municipality matches the given query.")
    if role not in EDITING_ROLES:
        raise PermissionDenied
    current = getattr(municipality, "sharing", None)
    initial = {
        "hide_name": bool(current and current.hide_name),
        "share_aggregates": bool(current and current.share_aggregates),
    }
    data = request.POST if request.method == "POST" else None  # unticked boxes send nothing
    form = MunicipalitySettingsForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.municipality_settings_update(municipality=municipality, **form.cleaned_data)
        messages.success(request, _("De instellingen van uw gemeente zijn opgeslagen."))
        return redirect("questionsets:sharing-municipality", municipality.code)
    context = {"municipality": municipality, "form": form}
    return render(request, "questionsets/sharing/municipality_settings.html", context)


# --------------------------------------------------------------------------- side by side


@login_required
def regional_comparison(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = get_questionnaire_for_user(request.user, pk)
    context = {"questionnaire": questionnaire, "table": regional.side_by_side(questionnaire)}
    return render(request, "questionsets/sharing/regional_comparison.html", context)
