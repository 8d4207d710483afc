"""Small request-level guards that settings.py points at.

- ``MemoryOnlyUploadHandler``: uploads are held in memory only (never in a temporary
  file on this machine) and a body over the limit is refused before it is read.
- ``client_ip``: the client address for django-axes, trusting exactly
  ``TRUSTED_PROXY_COUNT`` proxies in front of the app (X-Forwarded-For), else REMOTE_ADDR.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import MemoryFileUploadHandler


class MemoryOnlyUploadHandler(MemoryFileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.FILE_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestDataTooBig("Upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE.")
        super().handle_raw_input(input_data, META, content_length, boundary, encoding)


def client_ip(request) -> str | None:
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
