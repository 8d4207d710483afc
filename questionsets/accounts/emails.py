"""Every e-mail the site sends, composed in one place.

Plain text, in the given language (Dutch unless the request or the recipient's request was
in English), the site's name in the subject and the greeting, and the catalogue team's
contact address (settings.CONTACT_EMAIL) at the end. Sending goes through Django's e-mail
backend; a failure is logged and raised as MailNotSent so that no view claims success.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

log = logging.getLogger(__name__)

SITE_NAME = gettext_lazy("Vragencatalogus maatschappelijke onrust")


class MailNotSent(Exception):
    """The mail server refused the message or could not be reached."""


def send(*, to: list[str], subject: str, paragraphs: list[str], language: str) -> None:
    """Send one plain-text message per recipient; raise MailNotSent when any fails."""
    with translation.override(language):
        messages = [
            EmailMessage(
                subject=f"{subject} · {SITE_NAME}",
                body=_body(paragraphs),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
            )
            for address in to
        ]
    try:
        get_connection().send_messages(messages)
    except Exception as exc:  # any backend error (SMTP, socket, file) means: not sent
        log.exception("E-mail %r to %d recipient(s) could not be sent", subject, len(to))
        raise MailNotSent(str(exc)) from exc


def _body(paragraphs: list[str]) -> str:
    greeting = _("Dit bericht komt van de %(site)s.") % {"site": SITE_NAME}
    footer = _("Vragen? Mail het catalogusteam: %(email)s") % {"email": settings.CONTACT_EMAIL}
    return "\n\n".join([greeting, *paragraphs]) + "\n\n-- \n" + footer + "\n"


def _date(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --------------------------------------------------------------------------- messages


def access_requested(*, access_request, to: list[str], decide_url: str, language: str) -> None:
    with translation.override(language):
        send(
            to=to,
            subject=_("Nieuwe toegangsaanvraag voor %(municipality)s")
            % {"municipality": access_request.municipality.name},
            paragraphs=[
                _("%(name)s (%(email)s) vraagt toegang tot %(municipality)s als %(role)s.")
                % {
                    "name": access_request.name,
                    "email": access_request.email,
                    "municipality": access_request.municipality.name,
                    "role": access_request.get_role_display(),
                },
                _("Reden:") + "\n" + access_request.reason,
                _("Keur de aanvraag goed of wijs hem af op: %(url)s") % {"url": decide_url},
            ],
            language=language,
        )


def access_approved(*, access_request, link: str, expires_at, language: str) -> None:
    with translation.override(language):
        send(
            to=[access_request.email],
            subject=_("Uw toegang tot %(municipality)s is goedgekeurd")
            % {"municipality": access_request.municipality.name},
            paragraphs=[
                _("Uw aanvraag voor toegang tot %(municipality)s als %(role)s is goedgekeurd.")
                % {
                    "municipality": access_request.municipality.name,
                    "role": access_request.get_role_display(),
                },
                *_invitation_lines(link, expires_at, access_request.email),
            ],
            language=language,
        )


def access_added(*, email: str, municipality, role_label: str, login_url: str, language: str):
    """An existing account got (more) access: no new password is needed."""
    with translation.override(language):
        send(
            to=[email],
            subject=_("U heeft toegang tot %(municipality)s") % {"municipality": municipality.name},
            paragraphs=[
                _("Uw bestaande account heeft nu toegang tot %(municipality)s als %(role)s.")
                % {"municipality": municipality.name, "role": role_label},
                _("Log in met uw gebruikersnaam en wachtwoord: %(url)s") % {"url": login_url},
            ],
            language=language,
        )


def access_declined(*, access_request, language: str) -> None:
    with translation.override(language):
        send(
            to=[access_request.email],
            subject=_("Uw toegangsaanvraag voor %(municipality)s is afgewezen")
            % {"municipality": access_request.municipality.name},
            paragraphs=[
                _("Uw aanvraag voor toegang tot %(municipality)s is afgewezen.")
                % {"municipality": access_request.municipality.name},
                _("Reden:") + "\n" + access_request.decision_reason,
            ],
            language=language,
        )


def invited(*, invitation, inviter_name: str, link: str, language: str) -> None:
    with translation.override(language):
        send(
            to=[invitation.email],
            subject=_("Uitnodiging voor het team van %(municipality)s")
            % {"municipality": invitation.municipality.name},
            paragraphs=[
                _("%(inviter)s nodigt u uit voor het team van %(municipality)s als %(role)s.")
                % {
                    "inviter": inviter_name,
                    "municipality": invitation.municipality.name,
                    "role": invitation.get_role_display(),
                },
                *_invitation_lines(link, invitation.expires_at, invitation.email),
            ],
            language=language,
        )


def _invitation_lines(link: str, expires_at, email: str) -> list[str]:
    return [
        _("Kies via deze link een wachtwoord; de link werkt één keer, tot %(date)s:")
        % {"date": _date(expires_at)}
        + "\n"
        + link,
        _("Uw gebruikersnaam is uw e-mailadres: %(email)s") % {"email": email},
        _("Heeft u dit niet aangevraagd? Dan kunt u dit bericht negeren."),
    ]


def password_reset(*, email: str, username: str, link: str, language: str) -> None:
    with translation.override(language):
        send(
            to=[email],
            subject=_("Wachtwoord opnieuw instellen"),
            paragraphs=[
                _(
                    "Iemand heeft gevraagd het wachtwoord van uw account %(username)s opnieuw in te stellen."
                )
                % {"username": username},
                _("Kies via deze link een nieuw wachtwoord:") + "\n" + link,
                _(
                    "Heeft u dit niet gevraagd? Dan kunt u dit bericht negeren; uw wachtwoord blijft hetzelfde."
                ),
            ],
            language=language,
        )


def national_proposal_decided(*, proposal, link: str, language: str) -> None:
    """The curators' decision on a municipality's proposal, to the person who made it."""
    with translation.override(language):
        paragraphs = [
            _(
                "De curatoren hebben besloten over uw voorstel voor de nationale catalogus "
                "(gedeelde vraag van %(municipality)s, versie %(n)s): %(status)s."
            )
            % {
                "municipality": proposal.municipality.name,
                "n": proposal.shared_version.number,
                "status": proposal.get_status_display(),
            },
        ]
        if proposal.decision_note:
            paragraphs.append(_("Toelichting:") + "\n" + proposal.decision_note)
        paragraphs.append(_("Bekijk de vraag en de status: %(link)s") % {"link": link})
        send(
            to=[proposal.proposer.email],
            subject=_("Uw voorstel voor de nationale catalogus: %(status)s")
            % {"status": proposal.get_status_display()},
            paragraphs=paragraphs,
            language=language,
        )
