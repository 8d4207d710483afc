"""Write one questionnaire in one export format to a file (the same bytes as the download)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from questionsets.exports import FORMATS, ExportError
from questionsets.exports.build import build_export
from questionsets.models import Questionnaire


class Command(BaseCommand):
    help = "Exporteer een vragenlijst als xlsx, xlsform, limesurvey, spss, ddi of csv."

    def add_arguments(self, parser):
        parser.add_argument("questionnaire_id", help="id of the questionnaire")
        parser.add_argument(
            "--format", "-f", dest="fmt", default="xlsx", help=", ".join(sorted(FORMATS))
        )
        parser.add_argument(
            "-o", "--output", help="file to write; default: the export's own file name"
        )

    def handle(self, *args, questionnaire_id: str, fmt: str, output: str | None, **options):
        writer = FORMATS.get(fmt)
        if writer is None:
            raise CommandError(
                _("Onbekend formaat '%(fmt)s'; kies uit: %(choices)s.")
                % {"fmt": fmt, "choices": ", ".join(sorted(FORMATS))}
            )
        questionnaire = self._questionnaire(questionnaire_id)
        try:
            export = writer(build_export(questionnaire))
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        path = Path(output or export.filename)
        try:
            path.write_bytes(export.data)
        except OSError as exc:
            raise CommandError(
                _("Kan %(path)s niet schrijven: %(error)s") % {"path": path, "error": exc}
            ) from exc
        self.stdout.write(
            _("%(fmt)s van '%(title)s' geschreven naar %(path)s (%(size)s bytes).")
            % {"fmt": fmt, "title": questionnaire, "path": path, "size": len(export.data)}
        )

    @staticmethod
    def _questionnaire(questionnaire_id: str) -> Questionnaire:
        try:
            return Questionnaire.objects.select_related("municipality").get(pk=questionnaire_id)
        except (Questionnaire.DoesNotExist, ValueError):
            raise CommandError(
                _("Vragenlijst %(id)s bestaat niet.") % {"id": questionnaire_id}
            ) from None
