"""The real URL configuration plus views that fail on purpose (tests only)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import path

from monitor.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def bad(request):
    raise SuspiciousOperation("bad on purpose")


def forbidden(request):
    raise PermissionDenied


def missing(request):
    raise Http404("missing on purpose")


def broken(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [
    path("__fout__/400/", bad),
    path("__fout__/403/", forbidden),
    path("__fout__/404/", missing),
    path("__fout__/500/", broken),
    *urlpatterns,
]
