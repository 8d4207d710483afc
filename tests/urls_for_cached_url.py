"""A second URLconf for tests/test_cached_url.py."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elders/", lambda request: HttpResponse(), name="moved")]
