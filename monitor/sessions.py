"""The database session store, reading the session row without compiling a QuerySet.

Same table, same behaviour as `django.contrib.sessions.backends.db` (sessions stay in the
database so that every app server behind the load balancer shares them); only the read
that every request with a session cookie makes goes through `RowReader`.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from .prepared import RowReader

_read = RowReader(Session, "{} = %s AND {} > %s", ("session_key", "expire_date"))


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        now = _read.connection().ops.adapt_datetimefield_value(timezone.now())
        session = _read.get([self.session_key, now])
        if session is None:
            self._session_key = None
        return session
