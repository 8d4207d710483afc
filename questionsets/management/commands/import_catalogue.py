"""Import a catalogue workbook (all sheets, one transaction, all or nothing)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from questionsets.curation.workbook import import_catalogue_workbook


class Command(BaseCommand):
    help = "Importeer een catalogus-werkmap (.xlsx): alle bladen of niets."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .xlsx workbook to import")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )

    def handle(self, *args, path: str, dry_run: bool = False, **options):
        data = self._read(Path(path))
        report = import_catalogue_workbook(data, dry_run=dry_run)
        for sheet in report.sheets:
            self.stdout.write(self._summary(sheet))
        if not report.ok:
            for line in report.all_errors():
                self.stderr.write(line)
            raise CommandError(
                _("Import mislukt: %(n)s probleem/problemen; er is niets opgeslagen.")
                % {"n": len(report.all_errors())}
            )
        if dry_run:
            self.stdout.write(_("Proefimport zonder fouten; er is niets opgeslagen (--dry-run)."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Catalogus geïmporteerd.")))

    def _read(self, path: Path) -> bytes:
        if not path.is_file():
            raise CommandError(_("Bestand %(path)s bestaat niet.") % {"path": path})
        if path.stat().st_size > settings.UPLOAD_MAX_BYTES:
            raise CommandError(
                _("Het bestand is te groot; het mag hoogstens %(limit)s bytes zijn.")
                % {"limit": settings.UPLOAD_MAX_BYTES}
            )
        return path.read_bytes()

    @staticmethod
    def _summary(sheet) -> str:
        totals = sheet.totals
        line = _("blad '%(sheet)s': %(new)s nieuw, %(update)s bijgewerkt, %(skip)s ongewijzigd") % {
            "sheet": sheet.sheet,
            "new": totals.get("new", 0),
            "update": totals.get("update", 0),
            "skip": totals.get("skip", 0),
        }
        if sheet.sheet == "vragen":
            line += _(", %(n)s nieuwe versie(s)") % {"n": sheet.new_versions}
        return line
