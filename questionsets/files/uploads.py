"""Uploads that never touch the disk, with a friendly answer when they are too large.

Views that accept respondent data or workbooks to check replace Django's handler chain with
``MemoryOnlyUploadHandler`` before the body is read: the file is kept in memory whatever
its size (never spilled to a temporary file), and past settings.UPLOAD_MAX_BYTES the upload
is stopped and ``too_large`` is set, so the view can show ``too_large_message()`` in its
form instead of a bare error page. (monitor.security's handler is the global default that
refuses oversized bodies outright for every other upload.)
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class MemoryOnlyUploadHandler(MemoryFileUploadHandler):
    """Keeps every uploaded file in memory, whatever its size, and stops past the limit.

    Django's default chain writes files above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary
    file; respondent data must never touch the disk, so views that accept it replace the
    chain with this handler alone. Past settings.UPLOAD_MAX_BYTES the upload is stopped
    (the rest of the body is read and discarded) and `too_large` is set.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.too_large = False
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self.too_large = True
            self.file = io.BytesIO()  # drop what was read so far
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def use_memory_only_uploads(request) -> MemoryOnlyUploadHandler:
    handler = MemoryOnlyUploadHandler(request)
    request.upload_handlers = [handler]
    return handler


def too_large_message() -> str:
    return _("Het bestand is te groot; het mag hoogstens %(limit)s zijn.") % {
        "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)
    }


def refuse_too_large(form, field: str = "file") -> None:
    """Give a bound form the size message as its only error.

    The stopped upload leaves the file field empty; its "required" error, and whatever
    the form concludes from the missing file, would only confuse.
    """
    form.is_valid()
    form.errors.clear()
    form.add_error(field, too_large_message())
