"""Restore a ``backup_db`` file into this database, replacing everything in it.

    python manage.py restore_db var/backup-2026-11-28.json

Migrates first (so an empty database works), then empties every table without
re-creating content types and permissions, then loads the file in one transaction, so
primary keys, content types and audit rows come back exactly as they were.
"""

from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction


class Command(BaseCommand):
    help = "Replace the database's contents with a backup_db file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="file written by backup_db")

    def handle(self, *args, path, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            with transaction.atomic():
                call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                call_command("loaddata", path, verbosity=0)
        except Exception as exc:
            raise CommandError(f"Restore failed, nothing changed: {exc}") from exc
        self.stdout.write(f"Restored {path}")
