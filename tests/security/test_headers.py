"""Production settings and response headers: check --deploy, CSP everywhere, no inline code."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import include, path

from .. import factories as f

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7Gq9-not-a-real-key-but-long-and-varied-enough-for-check-deploy-2026",
    "ALLOWED_HOSTS": "vragen.example.nl",
    "DATABASE_URL": "sqlite:////tmp/monitor-check-deploy.sqlite3",
    "EMAIL_URL": "smtp://mailer:secret@smtp.example.nl:587/?tls=True",
    "CONTACT_EMAIL": "vragen@gemeenten.example.nl",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_defaults_are_the_safe_ones():
    code = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        "s.SECURE_HSTS_SECONDS, s.CACHES['default']['BACKEND'], s.SESSION_ENGINE,"
        "s.IMPORT_EXPORT_TMP_STORAGE_CLASS, s.FILE_UPLOAD_HANDLERS, s.AXES_ENABLED]))"
    )
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        '[true, true, true, 31536000, "django.core.cache.backends.db.DatabaseCache", '
        '"django.contrib.sessions.backends.db", "import_export.tmp_storages.CacheStorage", '
        '["monitor.security.MemoryOnlyUploadHandler"], true]'
    )


def test_production_refuses_to_serve_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "DJANGO_"))}
    served = subprocess.run(
        [sys.executable, "-c", "import monitor.wsgi"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode != 0
    assert "SECRET_KEY must be set" in served.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- CSP

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def assert_csp(response):
    header = response.headers.get("Content-Security-Policy", "")
    directives = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    for name, value in REQUIRED.items():
        assert directives.get(name) == value, (name, header)
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def boom(request):
    raise RuntimeError("forced 500 for the CSP test")


urlpatterns = [path("boom/", boom), path("", include("monitor.urls"))]


@pytest.mark.django_db
def test_csp_on_pages_fragments_admin_and_errors(client, curator, settings):
    settings.DEBUG = False
    question = f.make_question(code="cspvraag")
    assert_csp(client.get("/"))
    assert_csp(client.get(f"/vragen/{question.code}/"))
    assert_csp(client.get("/zoeken/?q=vraag", headers={"HX-Request": "true"}))
    assert_csp(client.get("/toegankelijkheid/"))
    assert_csp(client.get("/accounts/login/"))
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404
    assert_csp(missing)
    client.force_login(curator)
    assert_csp(client.get("/admin/questionsets/question/"))
    assert_csp(client.get(f"/admin/questionsets/question/{question.pk}/change/"))
    assert_csp(client.get("/admin/questionsets/question/import/"))


@pytest.mark.django_db
def test_csp_on_a_500_page(client, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_csp(response)


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\shx-on", re.I), "hx-on attribute (needs eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_have_no_inline_script_style_or_handlers():
    found = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                found.append(f"{template.relative_to(ROOT)}: {what}: {match.group(0)!r}")
    for module in (ROOT / "questionsets").rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        found += [
            f"{module.relative_to(ROOT)}: style attribute"
            for _ in re.findall(r"""style=\\?["']""", text)
        ]
    assert found == []


def test_htmx_is_configured_for_the_csp(client, db):
    html = client.get("/").content.decode()
    assert '"allowEval":false' in html and '"includeIndicatorStyles":false' in html


def test_accessibility_statement_is_linked_from_the_footer(client, db):
    html = client.get("/zoeken/").content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    assert 'href="/toegankelijkheid/"' in footer
    statement = client.get("/toegankelijkheid/").content.decode()
    assert "Toegankelijkheidsverklaring" in statement and "voldoet gedeeltelijk" in statement
