"""Import a catalogue workbook (all sheets, one transaction, all or nothing).

For technical staff (the initial load, recovery): it bypasses the curators' review. A
changed wording of a published question is refused unless ``--publish-directly`` is given;
curators import in the browser (/curatie/werkmap-importeren/), where it becomes a proposal.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
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
        parser.add_argument(
            "--publish-directly",
            action="store_true",
            help="publish changed wordings of published questions without review (recovery)",
        )

    def handle(self, *args, path: str, dry_run: bool = False, **options):
        data = self._read(Path(path))
        refuse = None if options.get("publish_directly") else _refuse_published_change
        report = import_catalogue_workbook(data, dry_run=dry_run, propose_version=refuse)
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


def _refuse_published_change(*, question, **kwargs):
    raise ValidationError(
        _(
            "de tekst van gepubliceerde vraag %(code)s zou veranderen; dat gaat via een voorstel "
            "in /curatie/ (of, voor herstel door technisch beheer, met --publish-directly)"
        )
        % {"code": question.code}
    )
