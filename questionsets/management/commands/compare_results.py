"""`python manage.py compare_results <questionnaire id> <results file> [--json]`.

Computes the comparison with the national line from a results file in memory (nothing
is stored) and prints it: a table, or with --json the same list the comparison page
offers as a download. Exit 1 when the file has problems (listed on stderr).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from questionsets.models import Questionnaire, ResultUpload
from questionsets.results.comparison import comparison_data, comparison_rows
from questionsets.results.services import compute_upload


class Command(BaseCommand):
    help = "Vergelijk een resultatenbestand met de landelijke lijn (niets wordt opgeslagen)."

    def add_arguments(self, parser):
        parser.add_argument("questionnaire", type=int)
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print JSON, one object per row"
        )
        parser.add_argument(
            "--kind", choices=ResultUpload.Kind.values, default=ResultUpload.Kind.RESPONDENTS
        )

    def handle(self, *args, questionnaire: int, path: Path, as_json: bool, kind: str, **options):
        target = Questionnaire.objects.filter(pk=questionnaire).first()
        if target is None:
            raise CommandError(f"vragenlijst {questionnaire} bestaat niet")
        try:
            rows, _meta = compute_upload(questionnaire=target, kind=kind, data=path.read_bytes())
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        data = comparison_data(comparison_rows(target, rows))
        self.stdout.write(_as_json(data) if as_json else _as_table(data))


def _as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def _as_table(data) -> str:
    lines = []
    for row in data:
        local = row["local"]["value"]
        national = row["national"]["value"] if row["national"] else "-"
        state = "vergelijkbaar" if row["comparable"] else row["reason"]
        if row["comparable"] and row["caveat"]:
            state += f" ({row['caveat']})"
        lines.append(f"{row['code']:<20} {local!s:>8} {national!s:>8}  {state}")
    return "\n".join(lines)
