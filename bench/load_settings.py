"""Settings of the gunicorn that the "load" group of `make bench` starts (never production).

The production settings from the same environment, with the bench-only URLs (the product's
plus a bare hello view, the floor of the load figure). Both runs, pages and hello, use this
module, so the view is the only difference between them.
"""

from monitor.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"

# Pages only: no static file is requested, and the hashed names of the manifest storage
# would need a fresh `collectstatic`. A static URL costs the same dict look-up either way.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
