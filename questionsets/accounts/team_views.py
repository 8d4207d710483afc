"""Coordinators manage their own municipality's team; coordinators and curators decide
access requests.

Every view fetches its municipality, member, invitation or request through accounts.access,
so another municipality's object is the same 404 as one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..questionnaires.models import Membership
from . import access, services
from .emails import MailNotSent
from .forms import DecisionForm, InviteForm, RoleForm
from .models import AccessRequest
from .views import T, language, site_url


def _mail_error() -> str:
    return _(
        "Het e-mailbericht kon niet worden verzonden; er is niets gewijzigd. Probeer het "
        "later opnieuw."
    )


@login_required
def my_teams(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related("municipality")
    context = {
        "memberships": memberships.order_by("municipality__name"),
        "may_decide": access.is_curator(request.user)
        or any(m.role == Membership.Role.COORDINATOR for m in memberships),
    }
    return render(request, T + "my_teams.html", context)


def _team_context(municipality) -> dict:
    members = (
        Membership.objects.filter(municipality=municipality)
        .select_related("user")
        .order_by("user__username")
    )
    pending = AccessRequest.objects.filter(
        municipality=municipality, status=AccessRequest.Status.PENDING
    )
    return {
        "municipality": municipality,
        "members": members,
        "invitations": services.open_invitations(municipality).order_by("email"),
        "requests": pending,
        "role_choices": Membership.Role.choices,
    }


@login_required
def team(request: HttpRequest, municipality_code: str) -> HttpResponse:
    municipality = access.get_team_municipality(request.user, municipality_code)
    return render(request, T + "team.html", _team_context(municipality))


@login_required
@require_POST
def member_role(request: HttpRequest, municipality_code: str, membership_id) -> HttpResponse:
    municipality = access.get_team_municipality(request.user, municipality_code)
    member = access.get_member(municipality, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige rol."))
    else:
        try:
            services.change_role(membership=member, role=form.cleaned_data["role"], by=request.user)
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("De rol van %(name)s is nu %(role)s.")
                % {"name": member.user.get_username(), "role": member.get_role_display()},
            )
    return redirect("questionsets:team", municipality.code)


@login_required
def member_remove(request: HttpRequest, municipality_code: str, membership_id) -> HttpResponse:
    municipality = access.get_team_municipality(request.user, municipality_code)
    member = access.get_member(municipality, membership_id)
    if request.method == "POST":
        try:
            services.remove_member(membership=member, by=request.user)
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("%(name)s is uit het team verwijderd.") % {"name": member.user.get_username()},
            )
        return redirect("questionsets:team", municipality.code)
    return render(
        request, T + "member_remove.html", {"municipality": municipality, "member": member}
    )


@login_required
def invite(request: HttpRequest, municipality_code: str) -> HttpResponse:
    municipality = access.get_team_municipality(request.user, municipality_code)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite(
                municipality=municipality,
                by=request.user,
                language=language(),
                site_url=site_url(request),
                **form.cleaned_data,
            )
        except services.Refused as refused:
            form.add_error(None, str(refused))
        except MailNotSent:
            form.add_error(None, _mail_error())
        else:
            email = form.cleaned_data["email"]
            text = (
                _("%(email)s is uitgenodigd; de uitnodiging is per e-mail verstuurd.")
                if invitation
                else _("%(email)s had al een account en is nu lid van het team.")
            )
            messages.success(request, text % {"email": email})
            return redirect("questionsets:team", municipality.code)
    return render(request, T + "invite_form.html", {"municipality": municipality, "form": form})


@login_required
@require_POST
def invitation_withdraw(
    request: HttpRequest, municipality_code: str, invitation_id
) -> HttpResponse:
    municipality = access.get_team_municipality(request.user, municipality_code)
    invitation = access.get_open_invitation(municipality, invitation_id)
    try:
        services.withdraw_invitation(invitation=invitation, by=request.user)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email},
        )
    return redirect("questionsets:team", municipality.code)


# --------------------------------------------------------------------------- requests


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    requests = access.decidable_requests(request.user)
    context = {
        "pending": requests.filter(status=AccessRequest.Status.PENDING).order_by("created_at"),
        "decided": requests.exclude(status=AccessRequest.Status.PENDING)
        .select_related("decided_by")
        .order_by("-decided_at")[:50],
    }
    return render(request, T + "request_list.html", context)


@login_required
def request_detail(request: HttpRequest, request_id) -> HttpResponse:
    access_request = access.get_decidable_request(request.user, request_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _decide(request, access_request, form.cleaned_data)
        except services.Refused as refused:
            form.add_error(None, str(refused))
        except MailNotSent:
            form.add_error(None, _mail_error())
        else:
            return redirect("questionsets:access-request-list")
    return render(
        request, T + "request_detail.html", {"access_request": access_request, "form": form}
    )


def _decide(request, access_request, data) -> None:
    if data["decision"] == DecisionForm.APPROVE:
        services.approve_request(
            access_request=access_request, by=request.user, site_url=site_url(request)
        )
        text = _("De aanvraag van %(email)s is goedgekeurd; de aanvrager krijgt een e-mail.")
    else:
        services.decline_request(
            access_request=access_request, by=request.user, reason=data["reason"].strip()
        )
        text = _("De aanvraag van %(email)s is afgewezen; de aanvrager krijgt een e-mail.")
    messages.success(request, text % {"email": access_request.email})
