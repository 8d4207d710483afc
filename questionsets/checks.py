"""System checks for settings that only matter when the app serves requests."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY_MISSING and not settings.DEBUG:
        return [
            Error(
                "SECRET_KEY must be set when DEBUG is off",
                hint="Set the SECRET_KEY environment variable to a long random value.",
                id="monitor.E001",
            )
        ]
    return []


EXAMPLE_CONTACT_EMAIL = "vragencatalogus@example.nl"


@register(Tags.compatibility, deploy=True)
def mail_is_configured(app_configs, **kwargs):
    """Invitations, access requests and password resets need a working mail server."""
    if settings.DEBUG:
        return []
    warnings = []
    if not settings.EMAIL_CONFIGURED:
        warnings.append(
            Warning(
                "No mail server is configured while DEBUG is off",
                hint="Set EMAIL_URL, e.g. smtp://user:password@smtp.example.nl:587/?tls=True, "
                "and DEFAULT_FROM_EMAIL.",
                id="monitor.W002",
            )
        )
    if settings.CONTACT_EMAIL == EXAMPLE_CONTACT_EMAIL:
        warnings.append(
            Warning(
                "CONTACT_EMAIL is still the example address",
                hint="Set CONTACT_EMAIL to the catalogue team's real address; every e-mail "
                "and the footer show it.",
                id="monitor.W003",
            )
        )
    return warnings
