"""Load the national catalogue, the municipalities, demo accounts and an example questionnaire.

    DEBUG=1 manage.py seed_demo                 # everything
    manage.py seed_demo --catalogue-only        # catalogue + municipalities, no accounts
    manage.py seed_demo --allow-demo-accounts   # demo accounts even when DEBUG is off

Idempotent: a second run creates nothing, changes nothing a user changed, and only sets the
demo passwords back. The demo accounts (fixed passwords, for demos and local development
only; never on a server that holds real data):

    username              password                 role
    curator               demo-curator-2025        curator (staff + superuser)
    curator2              demo-curator2-2025       second curator: reviews what `curator` proposes
    utrecht-redacteur     demo-utrecht-2025        editor, Utrecht (GM0344)
    utrecht-lezer         demo-utrecht-lezer-2025  reader, Utrecht (GM0344)
    utrecht-coordinator   demo-utrecht-coord-2025  coordinator, Utrecht (GM0344)
    amsterdam-redacteur   demo-amsterdam-2025      editor, Amsterdam (GM0363)
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questionsets.curation import demo, seeding
from questionsets.models import (
    AnswerOption,
    AnswerScale,
    Concept,
    ConceptRelation,
    Definition,
    Indicator,
    Membership,
    Municipality,
    NationalFigure,
    Question,
    Questionnaire,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Source,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
CATALOGUE_PATH = FIXTURES / "catalogue.json"
MUNICIPALITIES_PATH = FIXTURES / "municipalities.csv"
NATIONAL_FIGURES_PATH = FIXTURES / "national_figures.json"

UTRECHT, AMSTERDAM = "GM0344", "GM0363"
DEMO_ACCOUNTS = [
    {
        "username": "curator",
        "password": "demo-curator-2025",
        "email": "curator@example.org",
        "is_staff": True,
        "is_superuser": True,
        "memberships": [],
        "role": gettext_lazy("curator (staf + superuser)"),
    },
    {
        # A second curator, so the four-eyes review of /curatie/ can be tried.
        "username": "curator2",
        "password": "demo-curator2-2025",
        "email": "curator2@example.org",
        "is_staff": True,
        "is_superuser": True,
        "memberships": [],
        "role": gettext_lazy("tweede curator: beoordeelt voorstellen van de eerste"),
    },
    {
        "username": "utrecht-redacteur",
        "password": "demo-utrecht-2025",
        "email": "redacteur@utrecht.example.org",
        "is_staff": False,
        "is_superuser": False,
        "memberships": [(UTRECHT, Membership.Role.EDITOR)],
        "role": gettext_lazy("redacteur Utrecht (GM0344)"),
    },
    {
        "username": "utrecht-lezer",
        "password": "demo-utrecht-lezer-2025",
        "email": "lezer@utrecht.example.org",
        "is_staff": False,
        "is_superuser": False,
        "memberships": [(UTRECHT, Membership.Role.READER)],
        "role": gettext_lazy("lezer Utrecht (GM0344)"),
    },
    {
        "username": "utrecht-coordinator",
        "password": "demo-utrecht-coord-2025",
        "email": "coordinator@utrecht.example.org",
        "is_staff": False,
        "is_superuser": False,
        "memberships": [(UTRECHT, Membership.Role.COORDINATOR)],
        "role": gettext_lazy("coördinator Utrecht (GM0344): beheert het team"),
    },
    {
        "username": "amsterdam-redacteur",
        "password": "demo-amsterdam-2025",
        "email": "redacteur@amsterdam.example.org",
        "is_staff": False,
        "is_superuser": False,
        "memberships": [(AMSTERDAM, Membership.Role.EDITOR)],
        "role": gettext_lazy("redacteur Amsterdam (GM0363)"),
    },
]
EXAMPLE_QUESTIONNAIRE = {
    "municipality_code": UTRECHT,
    "title": "Voorbeeld: lokale monitor maatschappelijke onrust",
    "year": 2025,
    "description": (
        "Voorbeeldvragenlijst uit de demo-gegevens, met de spanningsschaal, sociale cohesie "
        "en vertrouwen in instituties. Voeg eigen vragen of andere vragensets toe."
    ),
    "set_codes": ("spanningsamenleving", "c08i1", "c06i1"),
    "created_by_username": "utrecht-redacteur",
}
SUMMARY_MODELS = [
    Source,
    Concept,
    Definition,
    ConceptRelation,
    Indicator,
    AnswerScale,
    AnswerOption,
    Question,
    QuestionVersion,
    QuestionSet,
    QuestionSetItem,
    Municipality,
    Membership,
    Questionnaire,
    NationalFigure,
]


class Command(BaseCommand):
    help = gettext_lazy(
        "Laadt de landelijke catalogus, de gemeenten, demo-accounts en een voorbeeldvragenlijst."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--catalogue-only",
            action="store_true",
            help=_("Alleen de catalogus en de gemeenten laden, geen demo-accounts."),
        )
        parser.add_argument(
            "--allow-demo-accounts",
            action="store_true",
            help=_("Demo-accounts ook aanmaken als DEBUG uit staat."),
        )

    def handle(self, *args, catalogue_only=False, allow_demo_accounts=False, **options):
        with_accounts = not catalogue_only
        if with_accounts and not settings.DEBUG and not allow_demo_accounts:
            raise CommandError(
                _(
                    "DEBUG staat uit: seed_demo maakt dan geen demo-accounts met bekende "
                    "wachtwoorden aan. Gebruik --catalogue-only om alleen de catalogus en de "
                    "gemeenten te laden, of --allow-demo-accounts als u de demo-accounts hier "
                    "echt wilt."
                )
            )
        data = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
        counts = seeding.load_catalogue(data)
        created = sum(v for k, v in counts.items() if k.endswith("_created"))
        updated = sum(v for k, v in counts.items() if k.endswith(("_updated", "_reverified")))
        self.stdout.write(
            _("Catalogus geladen: %(created)d nieuw, %(updated)d bijgewerkt.")
            % {"created": created, "updated": updated}
        )
        figures = json.loads(NATIONAL_FIGURES_PATH.read_text(encoding="utf-8"))
        created, updated = demo.load_national_figures(figures)
        self.stdout.write(
            _("Landelijke cijfers geladen: %(created)d nieuw, %(updated)d bijgewerkt.")
            % {"created": created, "updated": updated}
        )
        municipalities = demo.load_municipalities(MUNICIPALITIES_PATH)
        self.stdout.write(_("Gemeenten geladen: %(n)d.") % {"n": municipalities})
        if with_accounts:
            new_users = demo.load_demo_accounts(DEMO_ACCOUNTS)
            made = demo.ensure_example_questionnaire(**EXAMPLE_QUESTIONNAIRE)
            self.stdout.write(
                _("Demo-accounts: %(new)d nieuw; voorbeeldvragenlijst %(state)s.")
                % {
                    "new": new_users,
                    "state": _("aangemaakt") if made else _("bestond al"),
                }
            )
        self.write_summary(with_accounts)

    def write_summary(self, with_accounts: bool) -> None:
        self.stdout.write("")
        self.stdout.write(_("Aantallen:"))
        rows = [(str(m._meta.verbose_name_plural), m.objects.count()) for m in SUMMARY_MODELS]
        rows.append((_("vragen geverifieerd (letterlijk)"), verified_count()))
        if with_accounts:
            rows.append((_("gebruikers"), get_user_model().objects.count()))
        width = max(len(label) for label, _count in rows)
        for label, count in rows:
            self.stdout.write(f"  {label.ljust(width)}  {count:>5}")
        if with_accounts:
            self.stdout.write("")
            self.stdout.write(_("Demo-accounts (alleen voor demo en lokale ontwikkeling):"))
            header = (_("gebruikersnaam"), _("wachtwoord"), _("rol"))
            table = [header] + [
                (a["username"], a["password"], str(a["role"])) for a in DEMO_ACCOUNTS
            ]
            widths = [max(len(row[i]) for row in table) for i in range(2)]
            for name, password, role in table:
                self.stdout.write(f"  {name.ljust(widths[0])}  {password.ljust(widths[1])}  {role}")


def verified_count() -> int:
    return QuestionVersion.objects.filter(verification="verbatim").count()
