"""Export the whole catalogue as one workbook, or write the sample template."""

from __future__ import annotations

from pathlib import Path

import tablib
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from questionsets.curation import workbook
from questionsets.curation.services import question_version_publish
from questionsets.models import (
    AnswerOption,
    AnswerScale,
    Concept,
    Indicator,
    Question,
    QuestionSet,
    ScoringKind,
    ScoringRule,
    Source,
)

# What each column means, written as the "toelichting" sheet of the template.
COLUMN_NOTES = [
    (
        "*",
        "*",
        "Rij 1 bevat de kolomnamen; laat ze ongewijzigd. Teksten worden letterlijk "
        "overgenomen, ook spaties aan begin en eind.",
    ),
    ("bronnen", "code", "unieke code van de bron (letters, cijfers, -), bijv. cbs-vm-2023"),
    (
        "begrippen",
        "code",
        "unieke code, bijv. C01; domein: sociaal/oov/beide; "
        "framing: positief/negatief/ambivalent; reikwijdte: maatschappelijk/persoonsgericht",
    ),
    (
        "indicatoren",
        "begrip",
        "code van een begrip uit het blad begrippen; soort: enquete/registratie/samengesteld",
    ),
    (
        "schalen",
        "*",
        "één rij per antwoordoptie; schaal = code van de schaal, "
        "schaalnaam gelijk op elke rij; ontbrekend: ja/nee. Een schaal die door een "
        "gepubliceerde vraag gebruikt wordt, verandert niet meer: maak een nieuwe schaal.",
    ),
    (
        "vragen",
        "*",
        "één rij per vraag met de inhoud van de nieuwste versie. Wie de inhoud "
        "wijzigt, maakt een nieuwe versie en vult reden_wijziging in. antwoordtype: "
        "single/multiple/numeric/text; verificatie: verbatim, verbatim_label, verbatim_en, "
        "verbatim_3p, verbatim_vl, paraphrase, reconstruction. versie wordt genegeerd.",
    ),
    (
        "sets",
        "*",
        "één rij per set; vragen en indicatoren zijn codes gescheiden door |, "
        "vragen in volgorde; ondeelbaar/vaste_volgorde: ja/nee; "
        "status: concept/gepubliceerd/vervallen",
    ),
    (
        "berekeningen",
        "*",
        "één rij per vraag van een rekenregel; de rijen met dezelfde indicator en variant "
        "vormen één regel en herhalen de kolommen soort t/m schaal_tot en toelichting. "
        "soort: percentage_antwoorden (één vraag), percentage_respondenten (minstens "
        "min_treffers vragen in de categorieen) of schaalscore; categorieen: antwoordcodes "
        "gescheiden door |; samenvatting: gemiddelde/som; schaal_van en schaal_tot: beide of "
        "geen; volgorde: de volgorde van de vragen; omgepoold: ja/nee; hercodering: "
        "code=waarde gescheiden door |, bijv. 1=0|2=0|3=1. Codes zijn antwoordcodes van de "
        "schaal van de vraag, geen ontbrekende waarden. Een regel die niet in het blad staat, "
        "blijft zoals hij is.",
    ),
]


class Command(BaseCommand):
    help = "Exporteer de catalogus naar één werkmap (.xlsx), of schrijf het voorbeeld."

    def add_arguments(self, parser):
        parser.add_argument("path", help="where to write the .xlsx workbook")
        parser.add_argument(
            "--template",
            action="store_true",
            help="write a small sample workbook (fixtures/catalogue-template.xlsx) instead",
        )

    def handle(self, *args, path: str, template: bool = False, **options):
        data = template_workbook() if template else workbook.export_catalogue_workbook()
        Path(path).write_bytes(data)
        self.stdout.write(_("Werkmap geschreven: %(path)s") % {"path": path})


def template_workbook() -> bytes:
    """Build sample rows in a transaction that is rolled back, and export only those."""
    with transaction.atomic():
        sample = _sample_catalogue()
        sheets = [
            (cls.sheet_name, cls().export(queryset=sample[cls.sheet_name]))
            for cls in workbook.SHEETS
        ]
        transaction.set_rollback(True)
    notes = tablib.Dataset(headers=["blad", "kolom", "toelichting"])
    for row in COLUMN_NOTES:
        notes.append(row)
    return workbook.write_workbook([*sheets, ("toelichting", notes)])


def _sample_catalogue() -> dict:
    source = Source.objects.create(
        code="voorbeeld-vm-2023",
        instrument="Voorbeeldmonitor",
        publisher="Voorbeeldbureau",
        edition="2023",
        year=2023,
    )
    concept = Concept.objects.create(
        code="X01",
        slug="voorbeeld-vertrouwen",
        name_nl="Vertrouwen (voorbeeld)",
        name_en="Trust (example)",
        domain=Concept.Domain.SOCIAL,
        framing=Concept.Framing.POSITIVE,
    )
    indicator = Indicator.objects.create(
        code="X01-I1",
        concept=concept,
        name_nl="% dat (veel) vertrouwen heeft",
        computation="% (veel) vertrouwen",
    )
    scale = AnswerScale.objects.create(code="xvertrouwen4", name="Vertrouwen, 4 punten")
    labels = ["Veel vertrouwen", "Enig vertrouwen", "Weinig vertrouwen", "Weet niet"]
    AnswerOption.objects.bulk_create(
        AnswerOption(
            scale=scale,
            position=i,
            code=9 if label == "Weet niet" else i,
            label_nl=label,
            is_missing=label == "Weet niet",
        )
        for i, label in enumerate(labels, start=1)
    )
    questions = []
    for code, wording in [
        ("xvertrgem", "Hoeveel vertrouwen heeft u in de gemeente?"),
        ("xvertrpol", "Hoeveel vertrouwen heeft u in de politie?"),
    ]:
        question = Question.objects.create(code=code, concept=concept)
        data = {
            "wording_nl": wording,
            "answer_type": "single",
            "scale": scale,
            "source": source,
            "verification": "paraphrase",
        }
        question_version_publish(question=question, data=data)
        questions.append(question)
    qset = QuestionSet.objects.create(
        code="xvertrouwen",
        name_nl="Vertrouwen in instituties (voorbeeld)",
        intro_nl="Hoeveel vertrouwen heeft u in de volgende instanties?",
        indivisible=True,
        order_locked=True,
    )
    for position, question in enumerate(questions, start=1):
        qset.items.create(position=position, question_version=question.latest_version())
    qset.indicators.set([indicator])
    rule = ScoringRule.objects.create(
        indicator=indicator,
        variant="gemeente of politie",
        kind=ScoringKind.ANY_PERCENTAGE,
        categories=[1, 2],
        note="Percentage met (enig) vertrouwen in minstens één van beide.",
    )
    for position, question in enumerate(questions, start=1):
        rule.items.create(question=question, position=position)
    return {
        "bronnen": Source.objects.filter(pk=source.pk),
        "begrippen": Concept.objects.filter(pk=concept.pk),
        "indicatoren": Indicator.objects.filter(pk=indicator.pk),
        "schalen": AnswerOption.objects.filter(scale=scale).order_by("position"),
        "vragen": Question.objects.filter(pk__in=[q.pk for q in questions]),
        "sets": QuestionSet.objects.filter(pk=qset.pk),
        "berekeningen": rule.items.order_by("position"),
    }
