"""The demo coordinator, and a coordinator making a colleague coordinator."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from questionsets.models import Membership


def test_seed_demo_gives_utrecht_a_coordinator(db, settings, client):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    user = get_user_model().objects.get(username="utrecht-coordinator")
    assert user.check_password("demo-utrecht-coord-2025")
    membership = user.memberships.get()
    assert (membership.municipality.code, membership.role) == ("GM0344", "coordinator")
    assert "demo-utrecht-coord-2025" in out.getvalue()
    client.force_login(user)
    assert client.get(reverse("questionsets:team", args=["GM0344"])).status_code == 200


def test_a_promoted_colleague_manages_the_team(as_user, coordinator, editor, municipality):
    membership = editor.memberships.get()
    url = reverse("questionsets:team-member-role", args=[municipality.code, membership.pk])
    as_user(coordinator).post(url, {"role": "coordinator"})
    assert Membership.objects.get(pk=membership.pk).role == "coordinator"
    client = as_user(editor)
    assert client.get(reverse("questionsets:team", args=[municipality.code])).status_code == 200
    own = coordinator.memberships.get()
    demote = reverse("questionsets:team-member-role", args=[municipality.code, own.pk])
    client.post(demote, {"role": "reader"})
    assert Membership.objects.get(pk=own.pk).role == "reader"
