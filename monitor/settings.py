"""One env-driven settings file (healthchecks style).

Every value comes from an environment variable with a default that makes
`make run` work on SQLite. When DEBUG is off the defaults are the safe ones for
production (secure cookies, HSTS, no wildcard hosts).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = envbool("DEBUG", "false")
# Without SECRET_KEY the app refuses to serve when DEBUG is off (monitor/wsgi.py) and
# `check --deploy` fails (questionsets/checks.py); commands that never sign anything
# (migrate, makemigrations --check, collectstatic) still run with a placeholder that
# Django itself also flags as insecure.
SECRET_KEY_MISSING = not os.environ.get("SECRET_KEY")
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "django-insecure-dev-only-key" if DEBUG else "django-insecure-no-secret-key-was-set"
)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "import_export",
    "csp",
    "axes",
    "questionsets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "questionsets.middleware.ExplicitLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "monitor.urls"
WSGI_APPLICATION = "monitor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The site-wide templates, then each capability's own folder (questionsets/*/templates).
        "DIRS": [BASE_DIR / "templates", *sorted((BASE_DIR / "questionsets").glob("*/templates"))],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "monitor.context.site",
            ],
            # Django's {% url %} with each answer remembered per process (issue 20).
            "builtins": ["questionsets.templatetags.cached_url"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _planner_options(database: dict, page_cost: str) -> None:
    """PostgreSQL's planner prices a random page read at four sequential ones
    (random_page_cost 4, a default for spinning disks). On SSDs or a cached database that
    made it scan all 10,000 question versions twice to join the builder's 500 items
    instead of looking them up by key: 17 against 8 ms a builder request, and the print
    view, the comparison and search 10-40% slower (make bench on PostgreSQL, issue 20).
    1.1 is the usual value for SSDs. An empty DB_RANDOM_PAGE_COST keeps the server's own
    setting, e.g. behind a connection pooler that refuses startup options (then set it on
    the database: ALTER DATABASE monitor SET random_page_cost = 1.1)."""
    if not page_cost.strip() or not database["ENGINE"].endswith("postgresql"):
        return
    try:
        cost = float(page_cost)
    except ValueError:
        cost = -1.0
    if not 0 < cost < 1000:
        raise ImproperlyConfigured(
            f"DB_RANDOM_PAGE_COST must be a positive number, got {page_cost!r}"
        )
    options = database.setdefault("OPTIONS", {})
    given = options.get("options", "")
    if "random_page_cost" not in given:  # one given in DATABASE_URL wins
        options["options"] = f"{given} -c random_page_cost={cost:g}".strip()


_planner_options(DATABASES["default"], os.environ.get("DB_RANDOM_PAGE_COST", "1.1"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The catalogue team's address: shown in the footer, the accessibility statement, the
# error pages and every e-mail the site sends.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "vragencatalogus@example.nl")

# E-mail goes through Django's backend. Production: EMAIL_URL, e.g.
# smtp://user:password@smtp.example.nl:587/?tls=True (dj-email-url); when DEBUG is on and no
# EMAIL_URL is given, every message is written as a file to var/outbox/. The deploy check
# (questionsets/checks.py) warns when neither is configured.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
EMAIL_CONFIGURED = bool(EMAIL_URL)
if EMAIL_URL:
    globals().update(dj_email_url.parse(EMAIL_URL))
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / "var" / "outbox"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", CONTACT_EMAIL)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")

# Accounts: invitation links stay valid this many days; the public forms are rate-limited
# per client address (and the password reset also per e-mail address) through the shared
# cache, so the limits hold across every app server.
INVITATION_VALID_DAYS = envint("INVITATION_VALID_DAYS", "7")
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", str(60 * 60 * 24))
RATE_LIMIT_WINDOW_SECONDS = envint("RATE_LIMIT_WINDOW_SECONDS", "3600")
ACCESS_REQUESTS_PER_IP = envint("ACCESS_REQUESTS_PER_IP", "5")
PASSWORD_RESETS_PER_IP = envint("PASSWORD_RESETS_PER_IP", "10")
PASSWORD_RESETS_PER_ADDRESS = envint("PASSWORD_RESETS_PER_ADDRESS", "3")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Uploads: refuse big bodies before they reach a view. Files are only ever held in memory
# (monitor.security.MemoryOnlyUploadHandler), never on this machine's disk, so any instance
# behind the load balancer can handle any request.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_HANDLERS = ["monitor.security.MemoryOnlyUploadHandler"]

# Shared state lives in the database so that several app servers can run side by side:
# sessions, the cache (its table is created by migration questionsets 0005), django-axes'
# login attempts and django-import-export's preview file between "preview" and "confirm".
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "monitor_cache",
    }
}

# django-import-export: keep the transaction default, escape formulas in admin exports,
# and only users with the change permission may import.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = (
    False  # it strips "="; resources.SafeXLSX writes text cells
)
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"

SESSION_ENGINE = "django.contrib.sessions.backends.db"  # shared by every app server

# Security: strict when DEBUG is off, overridable through the environment.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "false" if DEBUG else "true")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "false" if DEBUG else "true")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "false" if DEBUG else "true"
)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false" if DEBUG else "true")
if envbool("SECURE_PROXY_SSL_HEADER", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp 4) on every response: no inline script or style and
# no eval anywhere, so htmx runs with allowEval=false and includeIndicatorStyles=false
# (the htmx-config meta in base.html). The Django admin works under the same policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Brute-force protection (django-axes, database handler: shared by every app server).
# Locks the combination of user name and IP address, so one office behind a NAT address
# is not locked out by a single colleague, and lifts the lock after a finite cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", "true")
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "questionsets/lockout.html"
AXES_VERBOSE = False
# Axes's admin pages are English only (the package has no Dutch); lockouts are reset with
# `manage.py axes_reset`, so the admin does not show them.
AXES_ENABLE_ADMIN = False
# Behind a load balancer the client address is the X-Forwarded-For hop that the outermost
# trusted proxy added; TRUSTED_PROXY_COUNT is the number of proxies in front of the app
# (0: use REMOTE_ADDR). The proxies must append to X-Forwarded-For, never pass it blindly.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "monitor.security.client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Questions to colleagues: posts and replies one member may place per hour (shared cache).
COMMUNITY_POSTS_PER_HOUR = envint("COMMUNITY_POSTS_PER_HOUR", "10")
