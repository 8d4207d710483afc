"""Who may curate: the catalogue team (staff accounts). Everyone else gets a 404."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def is_curator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def curator_required(view):
    """Anonymous visitors go to the login page; a logged-in non-curator gets a 404, so the
    curation area does not even show that it exists."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_curator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
