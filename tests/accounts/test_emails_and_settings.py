"""Every e-mail: plain text, names the site, ends with the contact address; mail settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from questionsets.accounts import emails
from questionsets.models import AccessRequest, Invitation
from questionsets.questionnaires.access import can_edit, get_questionnaire_for_user

from .. import factories

ROOT = Path(__file__).resolve().parents[2]


def send_every_message(municipality, language):
    request = AccessRequest(
        municipality=municipality,
        name="Sam",
        email="sam@x.nl",
        role="editor",
        reason="r",
        decision_reason="Nee.",
    )
    invitation = Invitation(
        municipality=municipality, email="n@x.nl", role="reader", expires_at=timezone.now()
    )
    common = {"language": language}
    emails.access_requested(access_request=request, to=["c@x.nl"], decide_url="u", **common)
    emails.access_approved(access_request=request, link="l", expires_at=timezone.now(), **common)
    emails.access_declined(access_request=request, **common)
    emails.access_added(
        email="e@x.nl", municipality=municipality, role_label="lezer", login_url="u", **common
    )
    emails.invited(invitation=invitation, inviter_name="Coördinator", link="l", **common)
    emails.password_reset(email="e@x.nl", username="e", link="l", **common)
    return mail.outbox


@pytest.mark.parametrize(
    "language, site", [("nl", "Vragencatalogus maatschappelijke onrust"), ("en", None)]
)
def test_every_message_names_the_site_and_ends_with_the_contact(
    municipality, settings, language, site
):
    settings.CONTACT_EMAIL = "team@catalogus.example.nl"
    outbox = send_every_message(municipality, language)
    assert len(outbox) == 6
    for message in outbox:
        assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
        assert message.body.rstrip().endswith("team@catalogus.example.nl")
        if site:
            assert site in message.subject and site in message.body
        else:
            assert "Dit bericht" not in message.body


def test_a_coordinator_edits_like_an_editor(client, coordinator, municipality):
    questionnaire = factories.make_questionnaire(municipality=municipality)
    assert can_edit(get_questionnaire_for_user(coordinator, questionnaire.pk, write=True))
    client.force_login(coordinator)
    response = client.post(
        reverse("questionsets:questionnaire-create"),
        {
            "municipality": municipality.pk,
            "title": "Monitor",
            "year": 2026,
            "local_time_budget_minutes": 5,
        },
    )
    assert response.status_code == 302
    assert municipality.questionnaires.filter(title="Monitor").exists()
    copy = reverse("questionsets:questionnaire-copy", args=[questionnaire.pk])
    assert client.get(copy).status_code == 200


def run(code, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "DJANGO_", "EMAIL"))}
    return subprocess.run(
        [sys.executable, *code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_development_writes_mail_to_var_outbox():
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH)"
    result = run(["manage.py", "shell", "-c", code], DEBUG="true")
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.mail.backends.filebased.EmailBackend",
        str(ROOT / "var" / "outbox"),
    ]


def test_production_reads_email_url(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL)"
    )
    result = run(
        ["manage.py", "shell", "-c", code],
        DEBUG="false",
        SECRET_KEY="k" * 50,
        EMAIL_URL="smtp://u:p@smtp.example.nl:587/?tls=True",
        DEFAULT_FROM_EMAIL="noreply@example.nl",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.stdout.split()[-5:] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.nl",
        "587",
        "True",
        "noreply@example.nl",
    ], result.stderr


def test_deploy_check_warns_without_mail_settings_and_with_the_example_contact(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy"],
        DEBUG="false",
        SECRET_KEY="k" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        ALLOWED_HOSTS="vragen.example.nl",
    )
    assert "monitor.W002" in result.stderr and "monitor.W003" in result.stderr
