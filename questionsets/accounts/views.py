"""Public ways in: request access, accept an invitation, reset a forgotten password.

The public forms are rate-limited per client address (the password reset also per e-mail
address) in the shared cache; over the limit they answer 429 with a Dutch message. When a
message cannot be sent the user is told so, never a silent success.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from monitor.security import client_ip

from . import ratelimit, services
from .emails import MailNotSent
from .forms import AccessRequestForm, PasswordResetRequestForm

T = "questionsets/accounts/"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def language() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "nl"


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, T + "rate_limited.html", status=429)


def mail_failed(request: HttpRequest, form, template: str) -> HttpResponse:
    form.add_error(
        None,
        _(
            "Het e-mailbericht kon niet worden verzonden. Probeer het later opnieuw of mail "
            "het catalogusteam: %(email)s"
        )
        % {"email": settings.CONTACT_EMAIL},
    )
    return render(request, T + template, {"form": form}, status=503)


# --------------------------------------------------------------------------- access request


def access_request(request: HttpRequest) -> HttpResponse:
    form = AccessRequestForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, T + "access_request_form.html", {"form": form})
    limit = settings.ACCESS_REQUESTS_PER_IP
    if not ratelimit.allow(
        f"access:{client_ip(request)}", limit=limit, window=settings.RATE_LIMIT_WINDOW_SECONDS
    ):
        return too_many(request)
    try:
        services.request_access(
            **form.cleaned_data, language=language(), site_url=site_url(request)
        )
    except services.Refused as refused:
        form.add_error(None, str(refused))
        return render(request, T + "access_request_form.html", {"form": form})
    except MailNotSent:
        return mail_failed(request, form, "access_request_form.html")
    return redirect("questionsets:access-request-sent")


def access_request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, T + "access_request_sent.html")


# --------------------------------------------------------------------------- invitation


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_open_invitation(token)
    if invitation is None:
        return render(request, T + "invitation_invalid.html", status=404)
    existing = services.user_with_email(invitation.email)
    # An existing account joins without a new password; a new one chooses it here.
    form = (
        None
        if existing
        else SetPasswordForm(services.new_account(invitation), request.POST or None)
    )
    if request.method != "POST" or (form is not None and not form.is_valid()):
        context = {"form": form, "invitation": invitation, "existing": existing}
        return render(request, T + "invitation_accept.html", context)
    password = form.cleaned_data["new_password1"] if form is not None else None
    try:
        user, created = services.accept_invitation(token=token, password=password)
    except services.Refused:
        return render(request, T + "invitation_invalid.html", status=404)
    return _welcome(request, user, invitation) if created else _joined(request)


def _joined(request: HttpRequest) -> HttpResponse:
    messages.success(request, _("U bent toegevoegd. Log in met uw bestaande account."))
    return redirect("login")


def _welcome(request: HttpRequest, user, invitation) -> HttpResponse:
    login(request, user, backend=BACKEND)
    messages.success(
        request,
        _("Welkom! U bent ingelogd en lid van het team van %(municipality)s.")
        % {"municipality": invitation.municipality.name},
    )
    return redirect("questionsets:questionnaire-list")


# --------------------------------------------------------------------------- password reset


def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, T + "password_reset_form.html", {"form": form})
    email = services.normalise_email(form.cleaned_data["email"])
    window = settings.RATE_LIMIT_WINDOW_SECONDS
    by_ip = ratelimit.allow(
        f"reset-ip:{client_ip(request)}", limit=settings.PASSWORD_RESETS_PER_IP, window=window
    )
    by_address = ratelimit.allow(
        f"reset-address:{email}", limit=settings.PASSWORD_RESETS_PER_ADDRESS, window=window
    )
    if not (by_ip and by_address):
        return too_many(request)
    try:
        services.send_password_reset(email=email, site_url=site_url(request), language=language())
    except MailNotSent:
        return mail_failed(request, form, "password_reset_form.html")
    return redirect("questionsets:password-reset-done")


def password_reset_done(request: HttpRequest) -> HttpResponse:
    return render(request, T + "password_reset_done.html")


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, T + "password_reset_complete.html")
