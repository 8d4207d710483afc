"""Write every row of every app to one JSON file (Django's dumpdata, no natural keys).

    python manage.py backup_db var/backup-2026-11-28.json

Works on SQLite and PostgreSQL alike; restore with ``restore_db``. For large PostgreSQL
databases pg_dump/pg_restore is the faster alternative (README, "Backup and restore").
"""

from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Back up the whole database to a JSON file (restore with restore_db)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write, e.g. var/backup.json")

    def handle(self, *args, path, **options):
        call_command("dumpdata", output=path, indent=None, verbosity=0)
        self.stdout.write(f"Backup written to {path}")
