"""URLs of the bench-only gunicorn (load_settings): the product's, plus a bare hello view."""

from django.http import HttpResponse
from django.urls import path

from monitor.urls import urlpatterns as product_urlpatterns


def hello(request):
    """The floor of a page under load: the same server, middleware and connection handling,
    no database and no template."""
    return HttpResponse("hello")


# First, so resolving it tries no product pattern.
urlpatterns = [path("bench-hello/", hello), *product_urlpatterns]
