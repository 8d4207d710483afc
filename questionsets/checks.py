"""System checks for settings that only matter when the app serves requests."""

from django.conf import settings
from django.core.checks import Error, Tags, register


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
