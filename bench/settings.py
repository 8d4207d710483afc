"""Settings of `make bench`: the product's, plus this package as an app for its command.

The product never imports the bench: only `make bench` and `make bench-quick` select these
settings (DJANGO_SETTINGS_MODULE=bench.settings), so `manage.py bench` exists only there.
"""

from monitor.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
