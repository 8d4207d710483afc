"""Only curators reach the curation area: anonymous users log in, everyone else gets a 404."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from .services import is_curator


def curator_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_curator(request.user):
            raise Http404("No page here.")
        return view(request, *args, **kwargs)

    return wrapped
