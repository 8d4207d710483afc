"""Sample questionnaires for the export tests: every awkward text we could think of."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from questionsets.exports.base import ExportItem, ExportOption, ExportQuestionnaire

TRUST = (
    ExportOption(1, "Heel veel vertrouwen", "A great deal of trust"),
    ExportOption(2, "Veel vertrouwen", "Quite a lot of trust"),
    ExportOption(3, "Niet veel, niet weinig", "Neither much nor little"),
    ExportOption(4, "Weinig vertrouwen", "Little trust"),
    ExportOption(5, "Heel weinig vertrouwen", "Very little trust"),
    ExportOption(9, "Weet niet", "Don't know", is_missing=True),
)
AGREE = (
    ExportOption(1, "Helemaal mee eens"),
    ExportOption(2, "Mee eens"),
    ExportOption(3, "Niet mee eens, niet mee oneens"),
    ExportOption(4, "Mee oneens"),
    ExportOption(5, "Helemaal mee oneens"),
)
FACILITIES = (
    ExportOption(1, "Speeltuin"),
    ExportOption(2, "Bibliotheek & buurthuis"),
    ExportOption(3, "Huisarts 'om de hoek'"),
    ExportOption(98, "=Geen van deze"),
    ExportOption(99, "Weet niet", is_missing=True),
)
YES_NO = (ExportOption(1, "Ja"), ExportOption(2, "Nee"))

TRUST_INTRO = "Hoeveel vertrouwen heeft u in de volgende instanties?"


def national(code: str, **fields) -> ExportItem:
    item = ExportItem(
        code=code,
        kind="national",
        source=fields.pop("source", "CBS Veiligheidsmonitor"),
        source_edition=fields.pop("source_edition", "2023"),
        version=fields.pop("version", 1),
        **fields,
    )
    return replace(item, fingerprint=item.computed_fingerprint())


def sample_items() -> tuple[ExportItem, ...]:
    return (
        national(
            "vert1",
            section="Vertrouwen in instituties",
            intro_nl=TRUST_INTRO,
            intro_en="How much trust do you have in the following institutions?",
            wording_nl="De gemeente",
            wording_en="The municipality",
            answer_type="single",
            scale_code="vertrouwen5",
            options=TRUST,
            indicator_codes=("vertrouwen",),
            version=2,
        ),
        national(
            "vert2",
            section="Vertrouwen in instituties",
            intro_nl=TRUST_INTRO,
            intro_en="How much trust do you have in the following institutions?",
            wording_nl="De politie",
            wording_en="The police",
            answer_type="single",
            scale_code="vertrouwen5",
            options=TRUST,
            indicator_codes=("vertrouwen",),
        ),
        national(
            "vei1",
            section="Leefbaarheid & veiligheid",
            wording_nl='Voelt u zich \'s avonds "veilig" in uw buurt & <straat>?',
            instruction_nl="Kies één antwoord.\nLees de antwoorden voor.",
            answer_type="single",
            scale_code="eens5",
            options=AGREE,
            indicator_codes=("onveiligheid", "leefbaarheid"),
        ),
        national(
            "vei2",
            section="Leefbaarheid & veiligheid",
            wording_nl="=1+1 keer per week of vaker: hoe vaak ziet u overlast?",
            answer_type="single",
            scale_code="eens5",
            options=AGREE,
        ),
        national(
            "vei3",
            section="Leefbaarheid & veiligheid",
            wording_nl="  Hoe vaak bent u in de afgelopen 12 maanden slachtoffer geworden?  ",
            instruction_nl="Vul een getal in.",
            answer_type="numeric",
        ),
        national(
            "voorz1",
            section="Leefbaarheid & veiligheid",
            wording_nl="Welke voorzieningen mist u in uw wijk?",
            instruction_nl="Meerdere antwoorden mogelijk.",
            answer_type="multiple",
            scale_code="voorzieningen",
            options=FACILITIES,
        ),
        national(
            "verb1",
            section="Tot slot",
            wording_nl="Wat zou de gemeente moeten verbeteren in uw buurt?\n(ĳverig, café)",
            answer_type="text",
            source="SCP Burgerperspectieven",
            source_edition="2024/1",
        ),
        ExportItem(
            code="lokvei1",
            kind="adapted",
            section="Leefbaarheid & veiligheid",
            wording_nl="Voelt u zich 's avonds veilig in het centrum van Utrecht?",
            answer_type="single",
            scale_code="eens5",
            options=AGREE,
            derived_from="vei1 v1",
            not_comparable_reason="Buurt vervangen door centrum",
        ),
        ExportItem(
            code="lok1",
            kind="local",
            section="Lokale vragen",
            wording_nl="Kent u het ĳsbaanproject van café 't Hoekje?",
            answer_type="single",
            scale_code="janee",
            options=YES_NO,
        ),
        ExportItem(
            code="lok2",
            kind="local",
            section="Lokale vragen",
            wording_nl='=HYPERLINK("http://example.org") @mention -min +plus\x07bel',
            instruction_nl="\tMet een tab vooraan",
            answer_type="text",
        ),
    )


def sample_questionnaire(items: tuple[ExportItem, ...] | None = None) -> ExportQuestionnaire:
    items = sample_items() if items is None else items
    return ExportQuestionnaire(
        title="Veiligheidsmonitor Utrecht 2025",
        year=2025,
        municipality_code="GM0344",
        municipality_name="Utrecht",
        catalogue_version="2025.1",
        exported_at=datetime(2025, 3, 1, 14, 30),
        items=items,
        summary={
            "Landelijke vragen": sum(i.kind == "national" for i in items),
            "Aangepaste vragen": sum(i.kind == "adapted" for i in items),
            "Lokale vragen": sum(i.kind == "local" for i in items),
            "Indicator vertrouwen": "volledig vergelijkbaar",
            "Geschatte duur": "6 minuten (budget 5)",
        },
    )


def big_questionnaire(n: int = 500) -> ExportQuestionnaire:
    items = []
    for i in range(n):
        section = f"Blok {i // 50 + 1}"
        if i % 4 == 0:
            items.append(
                national(
                    f"nat{i}",
                    section=section,
                    intro_nl=f"Stelling {i // 20}: in hoeverre bent u het eens?",
                    wording_nl=f"Stelling nummer {i} over de buurt, met 'quote' & <tag>",
                    answer_type="single",
                    scale_code="eens5",
                    options=AGREE,
                )
            )
        elif i % 4 == 1:
            items.append(
                national(
                    f"nat{i}",
                    section=section,
                    wording_nl=f"Hoeveel keer per jaar ({i})?",
                    answer_type="numeric",
                )
            )
        elif i % 4 == 2:
            items.append(
                ExportItem(
                    code=f"lok{i}",
                    kind="local",
                    section=section,
                    wording_nl=f"Lokale vraag {i}",
                    answer_type="multiple",
                    scale_code="voorzieningen",
                    options=FACILITIES,
                )
            )
        else:
            items.append(
                ExportItem(
                    code=f"lok{i}",
                    kind="local",
                    section=section,
                    wording_nl=f"Open vraag {i}",
                    answer_type="text",
                )
            )
    return sample_questionnaire(tuple(items))


def national_reference(q: ExportQuestionnaire) -> dict[str, ExportItem]:
    return {i.code: i for i in q.items if i.kind == "national"}


def full_reference(q: ExportQuestionnaire) -> dict[str, ExportItem]:
    return {i.code: i for i in q.items}
