"""Django's ModelBackend, loading the user of each logged-in request through `RowReader`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError

from .prepared import RowReader

_readers: dict[type, RowReader] = {}


def _reader() -> RowReader:
    model = get_user_model()
    if model not in _readers:
        _readers[model] = RowReader(model, "{} = %s", (model._meta.pk.column,))
    return _readers[model]


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        reader = _reader()
        pk = reader.model._meta.pk
        try:
            value = pk.get_db_prep_value(pk.to_python(user_id), reader.connection())
        except (ValidationError, TypeError, ValueError):
            return None
        user = reader.get([value])
        return user if user is not None and self.user_can_authenticate(user) else None
