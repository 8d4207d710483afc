"""Error pages: 400, 403 and 404 in the site's layout, 500 without database or request.

The 500 page is rendered from a standalone template with a plain context (the contact
address from the settings and the active language), so it still renders when the database
or a context processor is what failed.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, {"status": status}, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "404.html", 404)


def render_server_error() -> bytes:
    context = {
        "contact_email": settings.CONTACT_EMAIL,
        "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
    }
    return loader.get_template("500.html").render(context).encode()


def server_error(request: HttpRequest | None = None) -> HttpResponse:
    return HttpResponseServerError(render_server_error())


def favicon(request: HttpRequest) -> HttpResponse:
    """The site icon where browsers look for it; the pages also link the SVG."""
    path = settings.BASE_DIR / "static" / "img" / "favicon.ico"
    response = HttpResponse(path.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
