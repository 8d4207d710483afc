"""Check a workbook that came back from the field against a questionnaire or the catalogue.

Exit status: 0 when every national item is identical (and nothing was added), 3 when
something differs, 2 when the file cannot be read, 1 for an unknown questionnaire.

With ``--questionnaire`` the reference is that questionnaire's items, local ones included.
Without it the reference is the national catalogue: for each national code in the file the
version the file names (column ``versie``) if it exists, else the latest version. There is
no list of expected items then, so nothing is reported missing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from questionsets.exports.build import build_catalogue_reference, build_reference
from questionsets.exports.conformance import (
    EXIT_DIFFERS,
    IDENTICAL,
    MISSING,
    VERDICT_LABELS_NL,
    ConformanceReport,
    check_workbook,
)
from questionsets.exports.conformance_readers import ConformanceError
from questionsets.models import Questionnaire

EXIT_UNREADABLE = 2


def check_against_catalogue(data: bytes) -> ConformanceReport:
    report = check_workbook(data, build_catalogue_reference())
    named = {
        v.code: v.found_version
        for v in report.verdicts
        if v.found_version is not None and v.found_version != v.expected_version
    }
    if named:
        report = check_workbook(data, build_catalogue_reference(named))
    return replace(report, verdicts=tuple(v for v in report.verdicts if v.verdict != MISSING))


def diff_text(segments) -> str:
    """Word diff in wdiff notation: [-removed-]{+added+}."""
    marks = {"delete": "[-{}-]", "insert": "{{+{}+}}", "equal": "{}"}
    return "".join(marks[op].format(text) for op, text in segments)


class Command(BaseCommand):
    help = "Controleer een teruggekomen werkmap of XLSForm op woordelijk gelijke landelijke vragen."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .xlsx workbook or XLSForm to check")
        parser.add_argument(
            "--questionnaire", help="id of the questionnaire to compare with (default: catalogue)"
        )

    def handle(self, *args, path: str, questionnaire: str | None = None, **options):
        reference = self._reference(questionnaire) if questionnaire else None
        data = self._read(Path(path))
        try:
            if reference is None:
                report = check_against_catalogue(data)
            else:
                report = check_workbook(data, reference)
        except ConformanceError as exc:
            raise CommandError(exc.message, returncode=EXIT_UNREADABLE) from exc
        self._print(report)
        if report.exit_code:
            raise CommandError(
                _("Niet alle landelijke vragen zijn identiek."), returncode=EXIT_DIFFERS
            )
        self.stdout.write(self.style.SUCCESS(_("Alle landelijke vragen zijn identiek.")))

    @staticmethod
    def _reference(questionnaire_id: str):
        try:
            questionnaire = Questionnaire.objects.get(pk=questionnaire_id)
        except (Questionnaire.DoesNotExist, ValueError):
            raise CommandError(
                _("Vragenlijst %(id)s bestaat niet.") % {"id": questionnaire_id}
            ) from None
        return build_reference(questionnaire)

    @staticmethod
    def _read(path: Path) -> bytes:
        if not path.is_file():
            raise CommandError(
                _("Bestand %(path)s bestaat niet.") % {"path": path}, returncode=EXIT_UNREADABLE
            )
        if path.stat().st_size > settings.UPLOAD_MAX_BYTES:
            raise CommandError(
                _("Het bestand is te groot; het mag hoogstens %(limit)s zijn.")
                % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
                returncode=EXIT_UNREADABLE,
            )
        return path.read_bytes()

    def _print(self, report: ConformanceReport) -> None:
        for v in report.verdicts:
            where = _(" (rij %(row)s)") % {"row": v.row} if v.row else ""
            line = f"{v.code:<20} {VERDICT_LABELS_NL[v.verdict]}{where}"
            style = self.style.SUCCESS if v.verdict == IDENTICAL else self.style.WARNING
            self.stdout.write(style(line))
            if v.message:
                self.stdout.write(f"    {v.message}")
            for d in v.differences:
                note = f" ({d.note})" if d.note else ""
                self.stdout.write(f"    {d.label_nl}{note}: {diff_text(d.segments)}")
        counts = ", ".join(f"{VERDICT_LABELS_NL[k]}: {n}" for k, n in report.counts().items() if n)
        self.stdout.write(_("Totaal: %(counts)s") % {"counts": counts})
