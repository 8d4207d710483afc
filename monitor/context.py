"""Template context every page gets."""

from django.conf import settings


def site(request) -> dict:
    """The catalogue team's contact address, for the footer, error pages and statements."""
    return {"contact_email": settings.CONTACT_EMAIL}
