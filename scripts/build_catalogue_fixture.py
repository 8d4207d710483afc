#!/usr/bin/env python
"""Build fixtures/catalogue.json from the domain reference (catalogue-reference.md).

Usage:
    .venv/bin/python scripts/build_catalogue_fixture.py [--reference PATH] [--output PATH] [--check]

The committed fixtures/catalogue.json is what the app loads (questionsets.seeding.load_catalogue,
used by `manage.py seed_demo`). This script only regenerates it; a test checks that the committed
file equals what the script produces, so never edit the JSON by hand. It is a dev tool: it needs
PyYAML (in the `test` extra), the app does not.

Note: the file lives in FIXTURE_DIRS but is NOT a Django `loaddata` fixture.

What is read from the reference
-------------------------------
- section 1: the source table S1..S34 (S-numbers resolve to their URLs);
- section 2: the S4 definition of ongenoegen that section 6 points to ("zie §2");
- section 3a: the five group pairs of the "spanningsschaal" (CBS Belevingen 2016, S18);
- section 6: the YAML block (`concepts:`), parsed with yaml.safe_load.

Output format (JSON object, keys in this order; every list in a stable order)
----------------------------------------------------------------------------
format: "monitor-catalogue/1"
sources: [{code, instrument, publisher, edition, year, url, note}]
    code is a slug. Two kinds: instrument editions that questions come from (e.g. "ess-r12",
    "cbs-vm-2021"), and reference publications (code "ref-s<nn>") that definitions cite.
concepts: [{code, slug, name_nl, name_en, description, domain, framing, scope,
            definitions: [{text, source, source_note, is_verbatim}],   # position = list index
            relations: [{kind, target, note}]}]                        # kind = ConceptRelation.Kind
indicators: [{code, concept, name_nl, name_en, kind, computation, note}]
scales: [{code, name, note, options: [{code, label_nl, label_en, is_missing}]}]  # position = index
questions: [{code, concept, indicator, reference_item, note,
             version: {wording_nl, wording_en, instruction_nl, instruction_en, answer_type,
                       scale, source, source_reference, source_variable,
                       verification, verification_note}}]
    `version` is the content of the current published version (v1 on a fresh database);
    `reference_item` is the item id in catalogue-reference §6 the wording comes from.
question_sets: [{code, name_nl, name_en, description, intro_nl, intro_en, indivisible,
                 order_locked, status, source, indicators: [indicator codes],
                 items: [question codes, in order]}]

Decisions (judgement calls, so a curator can follow them)
---------------------------------------------------------
- Verification: the leading status token maps onto questionsets.models.Verification
  (VERBATIM -> verbatim, VERBATIM-LABEL -> verbatim_label, VERBATIM-EN -> verbatim_en,
  VERBATIM-3P -> verbatim_3p, VERBATIM-VL -> verbatim_vl, PARAFRASE -> paraphrase,
  RECONSTRUCTIE -> reconstruction). Only VERBATIM becomes "verbatim". The rest of the status
  text, the reference text when the wording had to be cleaned up, and the URL where the item
  was seen go into verification_note.
- Wording: square brackets in the reference mark text that was not seen literally; they are
  removed from the wording (the original stays in verification_note). Where the reference only
  describes a statement, the catalogue writes a working formulation (WORDING_OVERRIDES) and
  the note says so.
- English-only items (ESS, EQLS): wording_en is the source text, wording_nl a working
  translation (TRANSLATIONS_NL); the note says the official Dutch text was not seen.
- Matrices are split into one question per row, the stem goes to the set's intro:
  C06-I1 (13 institutions; 2012-2018 rows verbatim, the three later StatLine rows
  verbatim_label), C05-I1 (spanningsschaal, 5 group pairs x 2 variants), C05-I3 (EQLS, 7
  pairs), C06-I3-a (3 institutions), C08-I1-f (3 StatLine candidates for the 6th statement).
- Answers: lists become options 1..n; "weet (ik) niet", "geen oordeel", "niet van toepassing",
  "don't know" are missing codes (9, 8, ... or 99, 98, ... when there are 9+ substantive
  options). "0 X … 10 Y" becomes an 11-point 0..10 scale with X and Y as end labels;
  "1–10" a 10-point report-mark scale. Identical scales are stored once.
  Items without answers in the reference (ANSWER_FALLBACKS) reuse the categories of their
  battery when the battery has them, a ja/nee scale when the label is a yes/no participation
  form, and otherwise become open text or a number (never invented categories, except the
  spanningsschaal and the agree scale noted there, both flagged as reconstructions).
- Question codes: the source variable when it is a tool-safe ESS mnemonic (e.g. pbldmn),
  otherwise derived from the item id (C01-I1-b -> c01i1b). Set codes: the indicator code
  (C02-I1 -> c02i1), with a source suffix when an indicator has items from several
  instruments (one set per indicator and instrument edition, so a set never mixes editions).
- Relations: YAML types that are the inverse of a Kind are stored inverted (e.g.
  "C06 wordt_ondermijnd_door C02" -> "C02 ondermijnt C06"); types without a Kind of their own
  (draagt_bij_aan, wordt_gedragen_door, indicator_van, kanaal_voor) map onto gevoed_door or
  hangt_samen_met and keep the original type in the note. "onderscheiden_van activisme" has no
  target concept and is left out.
- Registration and composite indicators (items: []) get no questions and no sets.
- Computation ("berekening", Indicator.computation, max 300 characters): one table,
  COMPUTATIONS, keyed by indicator id, gives (basis, text). The text is short Dutch and uses
  what the reference says for that indicator or instrument: hints in the indicator name
  ("schaalscore 0–10", "rapportcijfer 1–10"), the dichotomisation rules of §4/§5/§7 (S&W
  "heel veel + tamelijk veel", ESS "6+ = vertrouwen", VM "0–10 gemiddelde", COB "voldoende =
  6+", overlast "veel / een beetje / geen") and national figures seen in the sources; `basis`
  says where (e.g. "§5 S&W, §7.2"). Where the reference gives no rule, basis is "" and the text
  describes only what the answer scale of the items allows, marked "rekenregel niet in bron
  vastgelegd" (the builder asserts the mark). Indicators missing from the table fall back on
  FALLBACK_COMPUTATIONS by kind: registration -> a count per year (registratie, geen
  enquête), composite -> an index of its parts, survey -> "% per antwoordcategorie", survey
  without items in the reference -> "nog niet te bepalen".
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The read-only reference material lies beside the checkout (../shared), here and in CI.
DEFAULT_REFERENCE = ROOT.parent / "shared" / "domain" / "catalogue-reference.md"
DEFAULT_OUTPUT = ROOT / "fixtures" / "catalogue.json"
FORMAT = "monitor-catalogue/1"
CODE_RE = re.compile(r"^[a-z][a-z0-9]{0,19}$")

STATUS_TO_VERIFICATION = {
    "VERBATIM": "verbatim",
    "VERBATIM-LABEL": "verbatim_label",
    "VERBATIM-EN": "verbatim_en",
    "VERBATIM-3P": "verbatim_3p",
    "VERBATIM-VL": "verbatim_vl",
    "PARAFRASE": "paraphrase",
    "RECONSTRUCTIE": "reconstruction",
}
STATUS_RE = re.compile(
    r"^(VERBATIM(?:-(?:LABEL|EN|3P|VL))?|PARAFRASE|RECONSTRUCTIE)\b\s*(.*)$", re.S
)

NOTE_EN = (
    "Officiële Nederlandse tekst niet gezien; de Nederlandse formulering is een werkvertaling."
)

# --------------------------------------------------------------------------- sources

# Instrument editions that questions come from; `ref` is the S-number whose URL they carry.
INSTRUMENT_SOURCES = {
    "ess-r12": dict(
        instrument="European Social Survey, bronvragenlijst",
        publisher="ESS ERIC",
        edition="Round 12",
        year=2025,
        ref="S21",
        url="https://www.europeansocialsurvey.org/",
        tag="ess",
    ),
    "ess-r1": dict(
        instrument="European Social Survey, codebook",
        publisher="ESS ERIC",
        edition="Round 1",
        year=2002,
        ref="S22",
        tag="essr1",
    ),
    "ess-nl": dict(
        instrument="European Social Survey, Nederlandse vragenlijst",
        publisher="ESS ERIC / CBS",
        edition="",
        year=None,
        ref="S24",
        tag="essnl",
    ),
    "cbs-pols-2006": dict(
        instrument="CBS POLS, politieke en sociale participatie (StatLine 71721NED)",
        publisher="CBS",
        edition="2006",
        year=2006,
        ref="S31",
        tag="pols",
    ),
    "cbs-sw-2012": dict(
        instrument="CBS Sociale samenhang en welzijn",
        publisher="CBS",
        edition="2012–heden",
        year=2012,
        ref="S15",
        tag="sw",
    ),
    "cbs-sw-2018": dict(
        instrument="CBS Sociale samenhang en welzijn",
        publisher="CBS",
        edition="2018 (ook 2021)",
        year=2018,
        ref="S16",
        tag="sw",
    ),
    "cbs-cohesie-2017": dict(
        instrument="CBS, stellingen sociale cohesie (onderzoek niet genoemd: VM 2012–2019 of S&W)",
        publisher="CBS",
        edition="tot en met 2017",
        year=2017,
        ref="S9",
        tag="cbs",
    ),
    "cbs-belevingen-2016": dict(
        instrument="CBS Belevingen",
        publisher="CBS",
        edition="2016",
        year=2016,
        ref="S18",
        tag="belevingen",
    ),
    "cbs-vmr-2008": dict(
        instrument="Veiligheidsmonitor Rijk",
        publisher="CBS",
        edition="2008",
        year=2008,
        ref="S12",
        tag="vmr",
    ),
    "cbs-vm-2012": dict(
        instrument="CBS Veiligheidsmonitor",
        publisher="CBS / I&O Research",
        edition="2012–2019",
        year=2012,
        ref="S5",
        tag="vm",
    ),
    "cbs-vm-2021": dict(
        instrument="CBS Veiligheidsmonitor",
        publisher="CBS / I&O Research",
        edition="2021",
        year=2021,
        ref="S6",
        tag="vm",
    ),
    "cbs-vm-2023": dict(
        instrument="CBS Veiligheidsmonitor",
        publisher="CBS / I&O Research",
        edition="2023",
        year=2023,
        ref="S7",
        tag="vm",
    ),
    "ois-vm-amsterdam": dict(
        instrument="Veiligheidsmonitor Amsterdam-Amstelland, spanningenindex",
        publisher="OIS Amsterdam",
        edition="2011–2014",
        year=2011,
        ref="S19",
        tag="ois",
    ),
    "scp-cob": dict(
        instrument="SCP Continu Onderzoek Burgerperspectieven (COB)",
        publisher="SCP",
        edition="kernvragen 2008–heden",
        year=2008,
        ref="S33",
        tag="cob",
    ),
    "scp-cob-2019-1": dict(
        instrument="SCP Continu Onderzoek Burgerperspectieven (COB)",
        publisher="SCP",
        edition="2019/1",
        year=2019,
        ref="S34",
        tag="cob",
    ),
    "scp-cob-2025-2": dict(
        instrument="SCP Burgerperspectieven",
        publisher="SCP",
        edition="2025, bericht 2",
        year=2025,
        ref="S29",
        tag="cob",
    ),
    "scp-democratie-2015": dict(
        instrument="SCP, Meer democratie, minder politiek?",
        publisher="SCP",
        edition="2015",
        year=2015,
        ref=None,
        url="https://docslib.org/doc/2167471/meer-democratie-minder-politiek",
        tag="scp",
    ),
    "sv-survey": dict(
        instrument="Statistiek Vlaanderen, SV-survey (Vlaanderen)",
        publisher="Statistiek Vlaanderen",
        edition="",
        year=None,
        ref="S30",
        tag="vl",
    ),
    "eqls": dict(
        instrument="European Quality of Life Survey",
        publisher="Eurofound",
        edition="",
        year=None,
        ref=None,
        tag="eqls",
        note="Niet in een bron gezien (catalogue-reference §3c, reconstructie uit het geheugen).",
    ),
}

# Effective instrument text -> source key; first match wins (order matters: R1 before R12).
INSTRUMENT_RULES = [
    (r"^CBS \(welk onderzoek", "cbs-cohesie-2017"),
    (r"ESS R1\b|codebook R1|ESS R1 codebook", "ess-r1"),
    (r"ESS R12|ESS Round 12", "ess-r12"),
    (r"ESS-NL", "ess-nl"),
    (r"POLS|71721", "cbs-pols-2006"),
    (r"Belevingen", "cbs-belevingen-2016"),
    (r"Amsterdam-Amstelland", "ois-vm-amsterdam"),
    (r"Quality of Life", "eqls"),
    (r"Statistiek Vlaanderen", "sv-survey"),
    (r"COB.*2019", "scp-cob-2019-1"),
    (r"SCP COB", "scp-cob"),
    (r"Meer democratie", "scp-democratie-2015"),
    (r"Veiligheidsmonitor Rijk|VMR", "cbs-vmr-2008"),
    (r"VM 2012", "cbs-vm-2012"),
    (r"CBS Veiligheidsmonitor|CBS VM", "cbs-vm-2021"),
]
# Indicators whose items name no instrument at all.
INDICATOR_SOURCES = {
    "C08-I3": "scp-cob-2025-2",
    "C10-I1": "cbs-vm-2012",
    "C12-I1": "cbs-vm-2023",
    "C14-I1": "ess-r12",
    "C14-I2": "cbs-pols-2006",
    "C18-I2": "ess-r12",
}

# --------------------------------------------------------------------------- computation

# How each indicator is computed ("berekening"), keyed by indicator id: (basis, text).
# `basis` names where in catalogue-reference.md the rule comes from; "" means the reference
# gives no rule and the text only describes what the items allow, which the text itself says
# ("niet in bron vastgelegd"). Indicators not listed here get fallback_computation().
NO_RULE = "rekenregel niet in bron vastgelegd"
COMPUTATIONS: dict[str, tuple[str, str]] = {
    "C01-I1": (
        "§6 C01-I1-b (StatLine 71721NED geeft %)",
        "% dat deelnam aan een demonstratie of protestactie (ESS: 'yes', laatste 12 maanden;"
        " CBS POLS 2006: als manier om invloed uit te oefenen op de politiek)",
    ),
    "C01-I2": (
        "§6 C01-I2, §7.6",
        "aantal geregistreerde demonstraties, ordeverstoringen en bedreigingen per jaar"
        " (registratie politie/gemeente, geen enquête; telwijze niet in bron uitgewerkt)",
    ),
    "C02-I1": (
        "§7.7 (S&W: 57% 'verkeerde kant op' in 2021)",
        "% dat vindt dat het met Nederland de verkeerde kant op gaat (CBS S&W; 57% in 2021);"
        " welke categorieën meetellen en hoe de 3 items tot één schaal samengaan is niet in"
        " bron vastgelegd",
    ),
    "C02-I2": (
        "§5 COB, §6 C02-I2-a",
        "% 'eerder de verkeerde kant op' (SCP COB)",
    ),
    "C02-I3": (
        "§6 C02-I3 (naam, antwoord_vermoedelijk)",
        "schaalscore over 7 stellingen als rapportcijfer 1–10 (CBS S&W; 6,4 in 2018, 6,5 in"
        " 2021; omrekening niet in bron); per stelling % (helemaal) mee eens",
    ),
    "C03-I1": ("", f"per item: gemiddelde 0–10 (ESS, SV-survey) ({NO_RULE})"),
    "C04-I1": (
        "§6 C04-I1-a (75% eens in 2019/1)",
        "per stelling % (zeer) eens (SCP COB 2019/1; 75% eens over groeiende meningsverschillen)",
    ),
    "C05-I1": (
        "§3a (82% en 46% in 2016)",
        "% dat (heel) veel spanningen ziet, per groepspaar (CBS Belevingen 2016; 82% tussen"
        " groepen); variant eigen omgeving: % dat de spanningen zelf ervaart (46%)",
    ),
    "C05-I2": (
        "§3b",
        "per stelling % (helemaal) mee eens (OIS spanningenindex; opbouw van de index uit"
        " 8 stellingen niet in bron vastgelegd)",
    ),
    "C05-I3": (
        "",
        f"per groepspaar: % a lot / some / no tension ({NO_RULE}; items zijn een reconstructie)",
    ),
    "C06-I1": (
        "§5 S&W, §7.2",
        "% heel veel + tamelijk veel vertrouwen, per instelling (CBS S&W)",
    ),
    "C06-I2": (
        "§5 ESS, §7.2 (S24)",
        "% vertrouwen = score 6–10 op 0–10, per instelling (ESS, zoals CBS rapporteert)",
    ),
    "C06-I3": (
        "§5 COB, §6 C06-I3-a",
        "% voldoende vertrouwen = rapportcijfer 6+ op 1–10, per instelling (SCP COB);"
        " ook gemiddeld rapportcijfer",
    ),
    "C06-I4": (
        "§4, §7.2, §7.7 (S14)",
        "vertrouwen in de politie: gemiddelde 0–10 (CBS VM; 6,3 in 2021); functioneren en"
        " zichtbaarheid: % (zeer) tevreden (36,8% over functioneren in de buurt, 2021);"
        " hoe vaak gezien: % per categorie",
    ),
    "C06-I5": (
        "§6 C06-I5-a (I&O: 44% in 2021)",
        "% tevreden over de aanpak van leefbaarheid en veiligheid door de gemeente (CBS VM;"
        f" 44% in 2021); Vlaams vertrouwensitem: {NO_RULE}",
    ),
    "C07-I1": (
        "§5 S&W (ja/nee), §5 ESS (S24)",
        "% 'wel te vertrouwen' (CBS S&W); ESS- en SV-items 0–10: % 6–10 = vertrouwen"
        " (CBS-regel voor ESS-vertrouwen)",
    ),
    "C08-I1": (
        "§4 antwoordschalen (S8)",
        "gemiddelde schaalscore 0–10 over de cohesiestellingen (CBS VM vanaf 2021; 6,4 in 2021)",
    ),
    "C08-I2": (
        "§4 antwoordschalen (S9)",
        "schaalscore in categorieën 1–5 over 6 stellingen, 'kennen elkaar nauwelijks'"
        " gehercodeerd (CBS, vóór 2021)",
    ),
    "C08-I3": (
        "",
        f"per stelling % eens / neutraal / oneens; stellingen e–g zijn negatief ({NO_RULE})",
    ),
    "C09-I1": (
        "§6 C09-I1",
        "samengestelde index uit sociale cohesie (C08), vertrouwen (C06) en afwezigheid van"
        " spanningen/onrust (C05); weging en schaal niet in bron vastgelegd",
    ),
    "C10-I1": (
        "§4 overlast (S11)",
        "per vorm: % dat het in de buurt voorkomt en % veel overlast (vraaglogica CBS VM"
        " 2012–2019: komt voor → veel / een beetje / geen overlast)",
    ),
    "C11-I1": (
        "§4 StatLine-sleutels, §7.7",
        "% voelt zich weleens onveilig en % vaak onveilig, algemeen en in de eigen buurt"
        f" (CBS VM; 2021: 33,0% en 13,9% weleens); ESS en SV-survey: {NO_RULE}",
    ),
    "C12-I1": (
        "",
        f"per soort dader: % vaak / soms / zelden / nooit respectloos behandeld ({NO_RULE})",
    ),
    "C12-I2": (
        "",
        "% dat zich gediscrimineerd voelde, naar StatLine-label GediscrimineerdGevoeld_66"
        f" (vraag niet gezien; {NO_RULE})",
    ),
    "C14-I1": (
        "",
        "per vorm: % 'yes' in de afgelopen 12 maanden; stemmen: % 'yes' onder"
        f" stemgerechtigden ({NO_RULE})",
    ),
    "C14-I2": (
        "§6 C01-I1-b (StatLine 71721NED geeft %)",
        "per vorm: % dat deze manier gebruikt om invloed uit te oefenen op de politiek"
        " (CBS POLS/StatLine 71721NED, 2006)",
    ),
    "C16-I1": (
        "§6 C16-I1, §7.6",
        "aantal geregistreerde incidenten per jaar (politie) en het dreigingsniveau uit het"
        " NCTV-dreigingsbeeld (DTN); registratie/expertoordeel, geen enquête; telwijze niet in"
        " bron uitgewerkt",
    ),
    "C17-I1": (
        "§5 S&W, §7.2",
        "% heel veel + tamelijk veel vertrouwen, per instelling (CBS S&W; zie C06-I1)",
    ),
    "C18-I1": (
        "§6 C18-I1-b (93% eens)",
        "% eens met 'democratie is de beste vorm van regeren' (SCP 2015: 93%);"
        f" ESS-tevredenheid met de democratie 0–10: {NO_RULE}",
    ),
    "C18-I2": (
        "",
        f"per stelling: % per antwoordcategorie, bijv. % (helemaal) mee eens ({NO_RULE})",
    ),
}
# Fallback for indicators without an entry, by kind (and, for surveys, whether the reference
# lists items for it).
FALLBACK_COMPUTATIONS = {
    "registratie": "aantal geregistreerde gevallen per jaar (registratie, geen enquête;"
    " telwijze niet in bron vastgelegd)",
    "samengesteld": "samengestelde index uit de onderliggende indicatoren (samenstelling en"
    " weging niet in bron vastgelegd)",
    "enquete": f"per item: % per antwoordcategorie ({NO_RULE})",
    "enquete-zonder-items": f"nog niet te bepalen: geen vraagitems in bron gezien ({NO_RULE})",
}


def computation_for(indicator_id: str, kind: str, has_items: bool) -> tuple[str, str]:
    """(basis, text) for an indicator: its COMPUTATIONS entry, else the fallback rule."""
    if indicator_id in COMPUTATIONS:
        return COMPUTATIONS[indicator_id]
    key = "enquete-zonder-items" if kind == "enquete" and not has_items else kind
    return "", FALLBACK_COMPUTATIONS[key]


# --------------------------------------------------------------------------- concepts

RELATION_KINDS = {
    # yaml type: (kind, inverted, keep type in note)
    "kan_leiden_tot": ("kan_leiden_tot", False, False),
    "voedingsbodem_voor": ("voedingsbodem_voor", False, False),
    "tegenhanger_van": ("tegenhanger_van", False, False),
    "hangt_samen_met": ("hangt_samen_met", False, False),
    "komt_voort_uit": ("komt_voort_uit", False, False),
    "voortkomend_uit": ("komt_voort_uit", False, False),
    "gevoed_door": ("gevoed_door", False, False),
    "versterkt_door": ("gevoed_door", False, True),
    "voedt": ("gevoed_door", True, False),
    "kan_overgaan_in": ("kan_overgaan_in", False, False),
    "beschermt_tegen": ("beschermt_tegen", False, False),
    "afgeremd_door": ("beschermt_tegen", True, True),
    "onderdeel_van": ("onderdeel_van", False, False),
    "heeft_subindicator": ("onderdeel_van", True, True),
    "katalysator_van": ("katalysator_voor", False, False),
    "ondermijnt": ("ondermijnt", False, False),
    "ondermijnd_door": ("ondermijnt", True, False),
    "wordt_ondermijnd_door": ("ondermijnt", True, False),
    "wordt_bedreigd_door": ("ondermijnt", True, True),
    "draagt_bij_aan": ("gevoed_door", True, True),
    "wordt_gedragen_door": ("gevoed_door", False, True),
    "indicator_van": ("hangt_samen_met", False, True),
    "kanaal_voor": ("hangt_samen_met", False, True),
}
SKIPPED_RELATIONS = {"onderscheiden_van"}  # target is not a concept
PERSONAL_SCOPE = {"C11", "C12", "C15"}  # about individual experience or process
DEFINITION_SOURCE_HINTS = {"Platform JEP": "S26"}

# --------------------------------------------------------------------------- questions

# Working Dutch translations of English-only items (official Dutch text not seen).
TRANSLATIONS_NL = {
    "C01-I1-a": "Heeft u in de afgelopen 12 maanden deelgenomen aan een openbare demonstratie?",
    "C03-I1-a": "Als u denkt aan de Nederlandse regering, hoe tevreden bent u dan met de manier "
    "waarop zij haar werk doet?",
    "C03-I1-b": "En hoe tevreden bent u over het geheel genomen met de manier waarop de democratie "
    "in Nederland werkt?",
    "C03-I2-a": "In welke mate biedt het politieke systeem in Nederland mensen zoals u de "
    "mogelijkheid om inspraak te hebben in wat de regering doet?",
    "C03-I2-b": "In welke mate biedt het politieke systeem in Nederland mensen zoals u de "
    "mogelijkheid om invloed uit te oefenen op de politiek?",
    "C03-I2-c": "Denkt u, met behulp van deze kaart, dat politici in het algemeen belang hechten "
    "aan wat mensen zoals u denken?",
    "C06-I2-a": "Hoeveel vertrouwen heeft u persoonlijk in het Nederlandse parlement?",
    "C06-I2-b": "Hoeveel vertrouwen heeft u persoonlijk in het rechtssysteem?",
    "C06-I2-c": "Hoeveel vertrouwen heeft u persoonlijk in de politie?",
    "C06-I2-d": "Hoeveel vertrouwen heeft u persoonlijk in politici?",
    "C06-I2-e": "Hoeveel vertrouwen heeft u persoonlijk in politieke partijen?",
    "C06-I2-f": "Wilt u met behulp van deze kaart op een schaal van 0 tot 10 aangeven hoeveel "
    "vertrouwen u persoonlijk heeft in elk van de instellingen die ik voorlees? 0 betekent dat u "
    "een instelling helemaal niet vertrouwt, en 10 dat u er volledig vertrouwen in heeft. "
    "Ten eerste... het Nederlandse parlement?",
    "C07-I1-b": "Zou u in het algemeen zeggen dat de meeste mensen te vertrouwen zijn, of dat u "
    "niet voorzichtig genoeg kunt zijn in de omgang met mensen?",
    "C07-I1-c": "Denkt u dat de meeste mensen misbruik van u zouden proberen te maken als ze de "
    "kans kregen, of zouden ze eerlijk proberen te zijn?",
    "C07-I1-d": "Zou u zeggen dat mensen meestal behulpzaam proberen te zijn of dat ze vooral aan "
    "zichzelf denken?",
    "C11-I1-f": "Hoe veilig voelt u zich, of zou u zich voelen, als u 's avonds in het donker "
    "alleen over straat loopt in de buurt waar u woont?",
    "C14-I1-a": "Heeft u in de afgelopen 12 maanden contact opgenomen met een politicus of met "
    "een ambtenaar van de rijksoverheid of de lokale overheid?",
    "C14-I1-b": "Heeft u in de afgelopen 12 maanden een petitie ondertekend?",
    "C14-I1-c": "Heeft u in de afgelopen 12 maanden bepaalde producten geboycot?",
    "C14-I1-d": "Heeft u in de afgelopen 12 maanden online iets over politiek geplaatst of "
    "gedeeld, bijvoorbeeld op blogs, via e-mail of op sociale media zoals Facebook, Instagram, "
    "TikTok of X (voorheen Twitter)?",
    "C14-I1-e": "Heeft u in de afgelopen 12 maanden vrijwilligerswerk gedaan voor een organisatie "
    "zonder winstoogmerk of een goed doel?",
    "C14-I1-f": "Sommige mensen stemmen tegenwoordig om de een of andere reden niet. Heeft u "
    "gestemd bij de laatste Tweede Kamerverkiezingen in [maand/jaar]?",
    "C14-I3-a": "Hoe geïnteresseerd bent u in politiek?",
    "C18-I2-a": "Gehoorzaamheid en respect voor gezag zijn de belangrijkste waarden die kinderen "
    "moeten leren.",
    "C18-I2-b": "Wat Nederland het meest nodig heeft, is loyaliteit aan zijn leiders.",
}

# Answer labels: English source label -> Dutch working translation.
LABELS_NL = {
    "Yes": "Ja",
    "No": "Nee",
    "Not eligible to vote": "Niet stemgerechtigd",
    "Not at all": "Helemaal niet",
    "Very little": "Heel weinig",
    "Some": "Enigszins",
    "A lot": "Veel",
    "A great deal": "Heel veel",
    "Hardly any politicians care": "Bijna geen enkele politicus geeft erom",
    "Very few care": "Heel weinig politici geven erom",
    "Some care": "Sommige politici geven erom",
    "Many care": "Veel politici geven erom",
    "Most politicians care": "De meeste politici geven erom",
    "A lot of tension": "Veel spanning",
    "Some tension": "Enige spanning",
    "No tension": "Geen spanning",
    "Very interested": "Zeer geïnteresseerd",
    "Quite interested": "Tamelijk geïnteresseerd",
    "Hardly interested": "Nauwelijks geïnteresseerd",
    "Not at all interested": "Helemaal niet geïnteresseerd",
    "Agree strongly": "Helemaal mee eens",
    "Agree": "Mee eens",
    "Neither agree nor disagree": "Niet mee eens en niet mee oneens",
    "Disagree": "Mee oneens",
    "Disagree strongly": "Helemaal mee oneens",
    "Extremely dissatisfied": "Uiterst ontevreden",
    "Extremely satisfied": "Uiterst tevreden",
    "No trust at all": "Helemaal geen vertrouwen",
    "Complete trust": "Volledig vertrouwen",
    "You can't be too careful": "U kunt niet voorzichtig genoeg zijn",
    "Most people can be trusted": "De meeste mensen zijn te vertrouwen",
    "Most people would try to take advantage of me": "De meeste mensen zouden misbruik van mij "
    "proberen te maken",
    "Most people would try to be fair": "De meeste mensen zouden eerlijk proberen te zijn",
    "People mostly look out for themselves": "Mensen denken vooral aan zichzelf",
    "People mostly try to be helpful": "Mensen proberen meestal behulpzaam te zijn",
}
MISSING_LABELS = ("weet niet", "weet ik niet", "geen oordeel", "niet van toepassing", "don't know")

# Item id -> (working wording, why). Used where the reference only describes a statement.
WORDING_OVERRIDES = {
    "C05-I2-c": (
        "Ik denk wel eens negatief over andere bevolkingsgroepen in mijn buurt.",
        "Alleen de inhoud van de stelling is bekend; formulering door de catalogus opgesteld.",
    ),
    "C05-I2-d": (
        "Ik vermijd wel eens contact met andere bevolkingsgroepen in mijn buurt vanwege "
        "spanningen.",
        "Alleen de inhoud van de stelling is bekend; formulering door de catalogus opgesteld.",
    ),
    "C06-I4-c": (
        "Hoe tevreden bent u over de zichtbaarheid van de politie in uw buurt?",
        "Alleen het onderwerp is bekend; vraagstam door de catalogus opgesteld.",
    ),
    "C06-I5-a": (
        "Hoe tevreden bent u over het functioneren van de gemeente in het algemeen?",
        "Alleen het onderwerp is bekend; vraagstam door de catalogus opgesteld.",
    ),
    "C18-I1-b": (
        "Democratie is de beste vorm van regeren.",
        "Het percentage uit de referentie ('93% eens') is weggelaten.",
    ),
}

# Items without usable answers in the reference: (answer spec, note). A spec is a list of
# labels, the id of an item or indicator whose answers are reused ("=C02-I1-b"), or an answer
# type ("text" / "numeric").
ANSWER_FALLBACKS = {
    "C01-I1-b": (
        "janee",
        "Antwoordcategorieën niet gezien; ja/nee afgeleid uit de rapportage als % deelname.",
    ),
    "C02-I3": (
        "=C02-I1-b",
        "Antwoordcategorieën niet gezien ('(helemaal) mee eens … (helemaal) mee oneens' "
        "vermoed); de S&W-eens/oneens-schaal van C02-I1-b aangenomen.",
    ),
    "C04-I1": (
        "=C04-I1-a",
        "Antwoordcategorieën zoals de bron ze rapporteert, niet als vraagcategorieën gezien.",
    ),
    "C05-I2": (
        "eens5",
        "Antwoordschaal alleen als '(helemaal) mee eens … (helemaal) mee oneens' gezien; "
        "vijfpuntsschaal gereconstrueerd.",
    ),
    "C06-I2": ("=C06-I2-a", ""),
    "C06-I2-g": ("0 helemaal geen vertrouwen … 10 volledig vertrouwen", ""),
    "C06-I5-a": (
        "=C06-I4-a",
        "Antwoordcategorieën niet gezien; de VM-tevredenheidscategorieën van C06-I4 aangenomen.",
    ),
    "C06-I5-b": ("numeric", "Antwoordschaal niet gezien; als getal vastgelegd."),
    "C08-I1": (
        "=C08-I2",
        "De antwoordcategorieën vanaf 2021 zijn niet gezien; de CBS-categorieën van vóór 2021 "
        "(C08-I2, S9) aangenomen.",
    ),
    "C10-I1": ("overlast", ""),
    "C11-I1-e": ("text", "Antwoordcategorieën niet gezien; als open vraag vastgelegd."),
    "C11-I1-f": ("text", "Antwoordcategorieën niet gezien; als open vraag vastgelegd."),
    "C14-I2": (
        "janee",
        "Antwoordcategorieën niet gezien; ja/nee afgeleid uit de rapportage als % per vorm.",
    ),
    "C18-I1-b": (
        "eens5",
        "Antwoordcategorieën niet gezien (alleen '% eens'); vijfpuntsschaal gereconstrueerd.",
    ),
}
NAMED_ANSWERS = {
    "janee": ["ja", "nee"],
    "eens5": [
        "helemaal mee eens",
        "mee eens",
        "niet mee eens, niet mee oneens",
        "mee oneens",
        "helemaal mee oneens",
    ],
    "overlast": ["veel overlast", "een beetje overlast", "geen overlast"],
    "spanning": [
        "heel veel spanningen",
        "veel spanningen",
        "weinig spanningen",
        "geen spanningen",
        "weet niet",
    ],
}

# Scale signature (Dutch labels) -> (code, name, note). Unknown signatures fail the build.
SCALE_NAMES = {
    ("Ja", "Nee"): ("janeeen", "Yes / No (ESS)", ""),
    ("ja", "nee"): ("janee", "ja / nee", ""),
    ("Ja", "Nee", "Niet van toepassing: kom niet op plaatsen waar groepen jongeren rondhangen"): (
        "janeenvtjongeren",
        "ja / nee / niet van toepassing (VMR 2008)",
        "",
    ),
    ("Ja", "Nee", "Niet stemgerechtigd"): ("stemmen", "Yes / No / Not eligible to vote (ESS)", ""),
    (
        "duidelijk de goede kant op",
        "een beetje de goede kant op",
        "een beetje de verkeerde kant op",
        "duidelijk de verkeerde kant op",
        "weet ik niet",
    ): ("richting4", "richting van Nederland, 4 punten + weet ik niet (CBS S&W)", ""),
    (
        "helemaal mee eens",
        "mee eens",
        "niet mee eens, niet mee oneens",
        "mee oneens",
        "helemaal mee oneens",
        "weet ik niet",
    ): ("eens5sw", "eens/oneens, 5 punten + weet ik niet (CBS S&W)", ""),
    ("eerder de goede kant op", "eerder de verkeerde kant op", "weet niet"): (
        "richting2",
        "richting van Nederland, 2 punten + weet niet (SCP COB)",
        "Gereconstrueerd: alleen fragmenten van de vraag gezien.",
    ),
    ("Uiterst ontevreden",) + tuple(str(n) for n in range(1, 10)) + ("Uiterst tevreden",): (
        "tevreden010en",
        "0–10 extremely dissatisfied – extremely satisfied (ESS)",
        "",
    ),
    ("heel ontevreden",) + tuple(str(n) for n in range(1, 10)) + ("heel tevreden",): (
        "tevreden010vl",
        "0–10 heel ontevreden – heel tevreden (Statistiek Vlaanderen)",
        "",
    ),
    ("Helemaal niet", "Heel weinig", "Enigszins", "Veel", "Heel veel"): (
        "inspraak5",
        "not at all – a great deal (ESS)",
        "",
    ),
    (
        "Bijna geen enkele politicus geeft erom",
        "Heel weinig politici geven erom",
        "Sommige politici geven erom",
        "Veel politici geven erom",
        "De meeste politici geven erom",
    ): ("politicicare5", "politicians care (ESS R1)", ""),
    ("(zeer) eens", "neutraal", "oneens"): (
        "eens3cob",
        "(zeer) eens / neutraal / oneens (SCP COB, gerapporteerd)",
        "Categorieën zoals gerapporteerd, niet als vraagcategorieën gezien.",
    ),
    (
        "helemaal mee eens",
        "mee eens",
        "niet mee eens, niet mee oneens",
        "mee oneens",
        "helemaal mee oneens",
    ): (
        "eens5",
        "eens/oneens, 5 punten (gereconstrueerd)",
        "Gereconstrueerd: alleen '(helemaal) mee eens … (helemaal) mee oneens' gezien.",
    ),
    (
        "heel veel spanningen",
        "veel spanningen",
        "weinig spanningen",
        "geen spanningen",
        "weet niet",
    ): (
        "spanning4",
        "spanningsschaal: heel veel – geen spanningen + weet niet",
        "Gereconstrueerd: alleen 'heel veel' en 'veel' spanningen gezien (CBS Belevingen 2016, "
        "S18); 'weinig', 'geen' en 'weet niet' zijn aangevuld.",
    ),
    ("Veel spanning", "Enige spanning", "Geen spanning"): (
        "tension3",
        "a lot / some / no tension (EQLS)",
        "Reconstructie, niet in een bron gezien.",
    ),
    (
        "heel veel vertrouwen",
        "tamelijk veel vertrouwen",
        "niet zo veel vertrouwen",
        "helemaal geen vertrouwen",
    ): ("vertrouwen4", "vertrouwen, 4 punten (CBS S&W)", ""),
    ("Helemaal geen vertrouwen",)
    + tuple(str(n) for n in range(1, 10))
    + ("Volledig vertrouwen",): (
        "vertrouwen010en",
        "0–10 no trust at all – complete trust (ESS)",
        "",
    ),
    ("helemaal geen vertrouwen",)
    + tuple(str(n) for n in range(1, 10))
    + ("volledig vertrouwen",): (
        "vertrouwen010nl",
        "0–10 helemaal geen – volledig vertrouwen",
        "Schaalbeschrijving van het CBS (S24); de vraagtekst zelf is een reconstructie.",
    ),
    tuple(str(n) for n in range(1, 11)): ("cijfer110", "rapportcijfer 1–10", ""),
    ("(Zeer) tevreden", "Niet tevreden, niet ontevreden", "(Zeer) ontevreden", "Geen oordeel"): (
        "tevreden3vm",
        "tevredenheid, 3 punten + geen oordeel (CBS VM)",
        "Zoals de CBS-rapportage ze noemt; mogelijk samengevoegde categorieën.",
    ),
    ("Vaak", "Soms", "Zelden", "Nooit"): ("vaak4", "vaak / soms / zelden / nooit (CBS VM)", ""),
    ("wel te vertrouwen", "je kunt niet voorzichtig genoeg zijn"): (
        "vertrouwenmensen",
        "wel te vertrouwen / niet voorzichtig genoeg (CBS S&W)",
        "",
    ),
    ("U kunt niet voorzichtig genoeg zijn",)
    + tuple(str(n) for n in range(1, 10))
    + ("De meeste mensen zijn te vertrouwen",): (
        "ppltrst010",
        "0–10 can't be too careful – most people can be trusted (ESS)",
        "",
    ),
    ("De meeste mensen zouden misbruik van mij proberen te maken",)
    + tuple(str(n) for n in range(1, 10))
    + ("De meeste mensen zouden eerlijk proberen te zijn",): (
        "pplfair010",
        "0–10 take advantage – try to be fair (ESS)",
        "",
    ),
    ("Mensen denken vooral aan zichzelf",)
    + tuple(str(n) for n in range(1, 10))
    + ("Mensen proberen meestal behulpzaam te zijn",): (
        "pplhlp010",
        "0–10 look out for themselves – try to be helpful (ESS)",
        "",
    ),
    ("men kan niet voorzichtig genoeg zijn in de omgang met mensen",)
    + tuple(str(n) for n in range(1, 10))
    + ("de meeste mensen zijn te vertrouwen",): (
        "vertrouwen010vl",
        "0–10 niet voorzichtig genoeg – te vertrouwen (Statistiek Vlaanderen)",
        "",
    ),
    ("de meeste mensen zouden proberen misbruik van mij te maken",)
    + tuple(str(n) for n in range(1, 10))
    + ("de meeste mensen proberen eerlijk te zijn",): (
        "eerlijk010vl",
        "0–10 misbruik – eerlijk (Statistiek Vlaanderen)",
        "",
    ),
    (
        "Helemaal mee eens",
        "mee eens",
        "niet mee eens, maar ook niet mee oneens",
        "mee oneens",
        "helemaal mee oneens",
    ): ("eens5cbs", "eens/oneens, 5 punten (CBS, sociale cohesie)", ""),
    ("oneens", "neutraal", "eens"): ("eens3", "oneens / neutraal / eens (SCP)", ""),
    ("veel overlast", "een beetje overlast", "geen overlast"): (
        "overlast3",
        "veel / een beetje / geen overlast (CBS VM)",
        "",
    ),
    ("vaak", "soms", "zelden"): ("vaak3", "vaak / soms / zelden (VMR 2008)", ""),
    ("vaak", "soms", "(bijna) nooit"): (
        "vaak3nooit",
        "vaak / soms / (bijna) nooit",
        "Reconstructie, niet in een bron gezien.",
    ),
    ("Vaak", "Soms", "Zelden", "Nooit", "Niet van toepassing"): (
        "vaak4nvt",
        "vaak / soms / zelden / nooit / niet van toepassing (CBS VM 2023)",
        "",
    ),
    (
        "Zeer geïnteresseerd",
        "Tamelijk geïnteresseerd",
        "Nauwelijks geïnteresseerd",
        "Helemaal niet geïnteresseerd",
    ): ("polintr4", "political interest (ESS)", ""),
    (
        "Helemaal mee eens",
        "Mee eens",
        "Niet mee eens en niet mee oneens",
        "Mee oneens",
        "Helemaal mee oneens",
    ): ("agree5en", "agree strongly – disagree strongly (ESS)", ""),
}
EN_SCALE_NOTE = "Engelse labels letterlijk uit de bron; Nederlandse labels zijn werkvertalingen."

# Matrices split into one question per row: suffix, label, source variable.
SW_INSTITUTIONS_LATER = {"Gezondheidszorg", "Politici", "Gemeenteraad"}
SW_KEYS = {
    "kerken": "Kerken_2",
    "rechters": "Rechters_3",
    "politie": "Politie_4",
    "leger": "Leger_5",
    "gezondheidszorg": "Gezondheidszorg_6",
    "pers": "Pers_7",
    "ambtenaren": "Ambtenaren_8",
    "politici": "Politici_9",
    "gemeenteraad": "Gemeenteraad_10",
    "tweede kamer": "TweedeKamer_11",
    "de europese unie": "EuropeseUnie_12",
    "banken": "Banken_13",
    "grote bedrijven": "GroteBedrijven_14",
}
TENSION_SUFFIXES = ["rel", "migr", "leeft", "opl", "ink"]
EQLS_SUFFIXES = ["armrijk", "werk", "manvrouw", "oudjong", "etnisch", "religie", "seksori"]
COB_TRUST = [("reg", "de regering"), ("tk", "de Tweede Kamer"), ("recht", "de rechtspraak")]
COHESION_CANDIDATES = [
    (
        "contact",
        "Ik heb veel contact met andere buurtbewoners.",
        "VeelContactMetAndereBuurtbewoners_11",
    ),
    (
        "samenst",
        "Ik ben tevreden met de bevolkingssamenstelling in deze buurt.",
        "TevredenMetSamenstellingBevolking_12",
    ),
    (
        "aanspr",
        "Mensen spreken elkaar in deze buurt aan op gedrag.",
        "MensenSprekenElkaarAanOpGedrag_14",
    ),
]

INDIVISIBLE_SETS = {"C02-I1", "C02-I3", "C05-I2", "C08-I1", "C08-I2", "C08-I3"}
SET_INTROS = {
    # indicator: (intro_nl, intro_en, note on the intro)
    "C10-I1": (
        "Hieronder staan enkele vormen van overlast. Komen deze weleens voor in uw buurt, en zo "
        "ja, in welke mate ervaart u daar zelf overlast van?",
        "",
        "Inleiding gereconstrueerd uit de vraaglogica (S11): komt de vorm weleens voor in de "
        "eigen buurt, zo ja: veel, een beetje of geen overlast. De letterlijke stam is niet "
        "gezien.",
    ),
    "C12-I1": (
        "Hoe vaak bent u respectloos behandeld door de volgende personen?",
        "",
        "Inleiding gereconstrueerd uit de indicatornaam 'Respectloos behandeld door …'; de "
        "letterlijke stam is niet gezien.",
    ),
    "C14-I2": (
        "Welke van de volgende manieren heeft u gebruikt om invloed uit te oefenen op de politiek?",
        "",
        "Inleiding gereconstrueerd uit de tabeltitel (S31); de letterlijke stam is niet gezien.",
    ),
}
TENSION_SETS = {
    "spanningsamenleving": (
        "Spanningsschaal: spanningen tussen groepen in de samenleving",
        "Hoeveel spanningen zijn er volgens u in de samenleving tussen de volgende groepen?",
        "C05-I1-a",
        "CBS-lijn (Belevingen 2016, S18).",
    ),
    "spanningbuurt": (
        "Spanningsschaal: spanningen tussen groepen in uw buurt of directe omgeving",
        "Hoeveel spanningen ervaart u zelf in uw buurt of directe omgeving tussen de volgende "
        "groepen?",
        "C05-I1-b",
        "Buurtvariant (OIS-lijn, S19); dat CBS Belevingen 2016 ook naar de eigen directe "
        "omgeving vroeg, is bevestigd (S18), de formulering niet.",
    ),
}


# --------------------------------------------------------------------------- parsing


def read_reference(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    sections = re.split(r"^## (\d+)\. ", text, flags=re.M)
    by_number = {sections[i]: sections[i + 1] for i in range(1, len(sections) - 1, 2)}
    block = re.search(r"```yaml\n(.*?)```", by_number["6"], re.S)
    return {
        "sources": parse_source_table(by_number["1"]),
        "section2": by_number["2"],
        "section3": by_number["3"],
        "concepts": yaml.safe_load(block.group(1))["concepts"],
    }


def parse_source_table(section: str) -> dict[str, dict]:
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\|\s*(S\d+)\s*\|(.*)\|\s*$", line)
        if not match:
            continue
        title, url_cell, seen = (cell.strip() for cell in match.group(2).split("|"))
        rows[match.group(1)] = {
            "title": title.replace("*", ""),
            "urls": re.findall(r"https?://[^\s;)]+", url_cell),
            "url_cell": url_cell,
            "seen": seen,
        }
    return rows


def tension_pairs(section3: str) -> tuple[str, list[str]]:
    match = re.search(r'Groepsparen \(VERBATIM-LABEL, (S\d+)\): "([^"]+)"', section3)
    pairs = [p.strip() for p in match.group(2).split(", ")]
    pairs[-1] = re.sub(r"^en ", "", pairs[-1])
    return match.group(1), pairs


def slugify(value: str, max_length: int = 80) -> str:
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s_]+", "-", value).strip("-")[:max_length].rstrip("-")


def id_code(item_id: str) -> str:
    return re.sub(r"[^a-z0-9]", "", item_id.lower())


def parse_status(status) -> tuple[str, str]:
    match = STATUS_RE.match(str(status or "").strip())
    if not match:
        raise ValueError(f"unknown status: {status!r}")
    return match.group(1), match.group(2).strip()


def outside_parentheses(text: str) -> str:
    return re.sub(r"\([^)]*\)", "", text)


# --------------------------------------------------------------------------- builder


class Builder:
    def __init__(self, reference: dict):
        self.ref = reference
        self.s_table = reference["sources"]
        self.sources: dict[str, dict] = {}
        self.scales: dict[tuple, dict] = {}
        self.questions: list[dict] = []
        self.question_codes: set[str] = set()
        self.items_by_id: dict[str, dict] = {}
        self.questions_by_item: dict[str, list[str]] = {}
        self.sets: list[dict] = []

    # ---- sources

    def source_url(self, ref: str | None) -> str:
        if ref and self.s_table.get(ref, {}).get("urls"):
            return self.s_table[ref]["urls"][0]
        return ""

    def instrument_source(self, key: str) -> str:
        if key not in self.sources:
            spec = INSTRUMENT_SOURCES[key]
            ref = spec.get("ref")
            notes = []
            if ref:
                row = self.s_table[ref]
                notes.append(f"Catalogusreferentie {ref}: {row['title']}. Gezien: {row['seen']}.")
                if not row["urls"]:
                    notes.append(f"Vindplaats: {row['url_cell']}.")
                if len(row["urls"]) > 1:
                    notes.append("Ook: " + " ; ".join(row["urls"][1:]))
            if spec.get("note"):
                notes.append(spec["note"])
            self.sources[key] = {
                "code": key,
                "instrument": spec["instrument"],
                "publisher": spec["publisher"],
                "edition": spec["edition"],
                "year": spec["year"],
                "url": spec.get("url") or self.source_url(ref),
                "note": " ".join(notes),
            }
        return key

    def reference_source(self, s_number: str) -> str:
        code = f"ref-s{int(s_number[1:]):02d}"
        if code not in self.sources:
            row = self.s_table[s_number]
            extra = (" Ook: " + " ; ".join(row["urls"][1:])) if len(row["urls"]) > 1 else ""
            self.sources[code] = {
                "code": code,
                "instrument": row["title"][:200],
                "publisher": "",
                "edition": "",
                "year": None,
                "url": row["urls"][0] if row["urls"] else "",
                "note": f"Catalogusreferentie {s_number}. Gezien: {row['seen']}.{extra}",
            }
        return code

    def resolve_url(self, url) -> str:
        match = re.match(r"^(S\d+)\b", str(url or ""))
        if match:
            return self.source_url(match.group(1)) or self.s_table[match.group(1)]["url_cell"]
        return str(url or "")

    # ---- concepts

    def concept(self, raw: dict) -> dict:
        domain_word = str(raw["domein"]).split()[0].lower()
        framing_text = outside_parentheses(str(raw["framing"])).lower()
        framings = [f for f in ("positief", "negatief", "ambivalent") if f in framing_text]
        return {
            "code": raw["id"],
            "slug": slugify(raw["naam_nl"]),
            "name_nl": raw["naam_nl"][0].upper() + raw["naam_nl"][1:],
            "name_en": raw.get("gloss_en", ""),
            "description": raw.get("beschrijving", ""),
            "domain": {"beide": "beide", "sociaal": "sociaal", "oov": "oov"}[domain_word],
            "framing": framings[0] if len(framings) == 1 else "ambivalent",
            "scope": "persoonsgericht" if raw["id"] in PERSONAL_SCOPE else "maatschappelijk",
            "definitions": self.definitions(raw),
            "relations": [],
        }

    def definitions(self, raw: dict) -> list[dict]:
        found = []
        text = str(raw.get("bron_definitie") or "")
        quote = re.search(r"VERBATIM[^\"']*[\"']([^\"']+?)[\"']", text)
        if quote:
            found.append((quote.group(1), self.s_number_in(text)))
        elif "zie §2" in text:
            s_number = self.s_number_in(text)
            match = re.search(rf'uit {s_number}: "([^"]+)"', self.ref["section2"])
            found.append((match.group(1), s_number))
        for indicator in raw.get("indicatoren", []):
            in_source = str(indicator.get("definitie_in_bron") or "")
            if in_source.endswith("(VERBATIM)"):
                found.append(
                    (
                        in_source.removesuffix("(VERBATIM)").strip(),
                        self.s_number_in(indicator["url"]),
                    )
                )
        return [
            {
                "text": definition,
                "source": self.reference_source(s_number),
                "source_note": f"{s_number}, letterlijk",
                "is_verbatim": True,
            }
            for definition, s_number in found
        ]

    def s_number_in(self, text: str) -> str:
        match = re.search(r"\b(S\d+)\b", text)
        if match:
            return match.group(1)
        for s_number, row in self.s_table.items():
            if any(url in text for url in row["urls"]):
                return s_number
        for hint, s_number in DEFINITION_SOURCE_HINTS.items():
            if hint in text:
                return s_number
        raise ValueError(f"no source in {text!r}")

    def relations(self, concepts: list[dict], raw_concepts: list[dict]) -> None:
        by_code = {c["code"]: c for c in concepts}
        seen = set()
        for raw in raw_concepts:
            for rel in raw.get("relaties", []):
                if rel["type"] in SKIPPED_RELATIONS:
                    continue
                kind, inverted, keep_type = RELATION_KINDS[rel["type"]]
                targets = rel["doel"] if isinstance(rel["doel"], list) else [rel["doel"]]
                for target in targets:
                    source, dest = (target, raw["id"]) if inverted else (raw["id"], target)
                    if (source, dest, kind) in seen:
                        continue
                    seen.add((source, dest, kind))
                    note = rel.get("toelichting", "")
                    if keep_type:
                        origin = f"in de referentie: {raw['id']} {rel['type']} {target}"
                        note = f"{note} ({origin})" if note else origin
                    by_code[source]["relations"].append(
                        {"kind": kind, "target": dest, "note": note[:300]}
                    )
        for concept in concepts:
            concept["relations"].sort(key=lambda r: (r["kind"], r["target"]))

    # ---- indicators

    def indicator(self, raw: dict, concept: str) -> dict:
        items = raw.get("items")
        name = raw["naam"]
        notes = [
            str(raw[key])
            for key in ("opmerking", "status", "vraaglogica", "antwoord_vermoedelijk")
            if raw.get(key)
        ]
        if raw.get("verwijzing"):
            notes.append(f"Gebruikt de vragenset(s) van {raw['verwijzing']}.")
        kind = "enquete"
        if items == [] and not raw.get("verwijzing"):
            text = f"{name} {' '.join(notes)}".lower()
            if "samengestelde" in text:
                kind = "samengesteld"
            elif "registratie" in text:
                kind = "registratie"
        if raw.get("var"):
            notes.append(f"Variabelen: {raw['var']}.")
        return {
            "code": raw["id"],
            "concept": concept,
            "name_nl": name,
            "name_en": "",
            "kind": kind,
            "computation": computation_for(
                raw["id"], kind, bool(items) or bool(raw.get("verwijzing"))
            )[1],
            "note": " ".join(notes),
        }

    # ---- scales

    def scale_for(self, labels: list[str], *, english: bool) -> str:
        options = []
        substantive = [lab for lab in labels if not is_missing(lab)]
        missing_code = 99 if len(substantive) >= 9 else 9
        code = 1
        for label in labels:
            label_nl = LABELS_NL[label] if english else label
            entry = {
                "label_nl": label_nl,
                "label_en": label if english else "",
                "is_missing": False,
            }
            if is_missing(label):
                entry.update(code=missing_code, is_missing=True)
                missing_code -= 1
            else:
                entry["code"] = code
                code += 1
            options.append(entry)
        return self.register_scale(options, english)

    def range_scale(self, spec: str, *, english: bool) -> str:
        match = re.match(r"^\s*(\d+)\s*=?\s*(.*?)\s*…\s*(\d+)\s*=?\s*(.*?)\s*$", spec)
        if match:
            low, high = int(match.group(1)), int(match.group(3))
            ends = {low: match.group(2), high: match.group(4)}
        else:
            match = re.match(r"^\s*(\d+)–(\d+)\b", spec)
            low, high = int(match.group(1)), int(match.group(2))
            ends = {}
        options = []
        for value in range(low, high + 1):
            label = ends.get(value, str(value))
            options.append(
                {
                    "code": value,
                    "label_nl": LABELS_NL.get(label, label) if english else label,
                    "label_en": label if english else "",
                    "is_missing": False,
                }
            )
        return self.register_scale(options, english)

    def register_scale(self, options: list[dict], english: bool) -> str:
        signature = tuple(
            (o["code"], o["label_nl"], o["label_en"], o["is_missing"]) for o in options
        )
        if signature not in self.scales:
            labels = tuple(o["label_nl"] for o in options)
            code, name, note = SCALE_NAMES[labels]
            if english:
                note = f"{note} {EN_SCALE_NOTE}".strip()
            self.scales[signature] = {"code": code, "name": name, "note": note, "options": options}
        return self.scales[signature]["code"]

    def answer(self, item: dict, indicator: dict, english: bool) -> tuple[str, str | None, str]:
        """(answer_type, scale code, note) for an item."""
        spec = item.get("antwoord", indicator.get("antwoord"))
        note = ""
        if isinstance(spec, str) and spec.startswith("(zelfde als "):
            spec = self.items_by_id[spec[len("(zelfde als ") : -1]].get("antwoord")
        fallback = ANSWER_FALLBACKS.get(item["id"]) or ANSWER_FALLBACKS.get(indicator["id"])
        parsed = self.parse_answer(spec, english) if spec is not None else None
        if parsed is None and fallback:
            spec, note = fallback
            if spec in ("text", "numeric"):
                return spec, None, note
            if spec.startswith("="):
                source = self.items_by_id.get(spec[1:]) or self.indicators_raw[spec[1:]]
                spec = source.get("antwoord")
            if isinstance(spec, str):
                spec = NAMED_ANSWERS.get(spec, spec)
            parsed = self.parse_answer(spec, english)
        if parsed is None:
            raise ValueError(f"{item['id']}: no usable answer ({spec!r})")
        return "single", parsed, note

    def parse_answer(self, spec, english: bool) -> str | None:
        if isinstance(spec, list):
            return self.scale_for(spec, english=english)
        spec = str(spec)
        if re.match(r"^\s*\d+\s*=?\s*.*…\s*\d+", spec) or re.match(r"^\s*\d+–\d+\b", spec):
            return self.range_scale(spec, english=english)
        if " / " in spec:  # "(zeer) eens / neutraal / oneens (75% eens in 2019/1)"
            spec = re.sub(r"\s*\([^)]*\d[^)]*\)\s*$", "", spec)
            return self.scale_for([part.strip() for part in spec.split(" / ")], english=False)
        return None

    # ---- questions

    def question_code(self, item_id: str, var) -> str:
        var = str(var or "")
        code = var if CODE_RE.match(var) and var not in self.question_codes else id_code(item_id)
        return self.claim_code(code)

    def claim_code(self, code: str) -> str:
        if not CODE_RE.match(code) or code in self.question_codes:
            raise ValueError(f"bad or duplicate question code {code!r}")
        self.question_codes.add(code)
        return code

    def add_question(self, *, code, item_id, indicator, concept, version, remark="") -> str:
        self.questions.append(
            {
                "code": code,
                "concept": concept,
                "indicator": indicator,
                "reference_item": item_id,
                "note": f"Referentie-item {item_id} (catalogue-reference §6). {remark}".strip(),
                "version": version,
            }
        )
        self.questions_by_item.setdefault(item_id, []).append(code)
        return code

    def version(
        self,
        item,
        indicator,
        *,
        wording,
        source,
        verification,
        notes,
        english=False,
        wording_en="",
        answer=None,
        variable=None,
        instruction="",
    ) -> dict:
        answer_type, scale, answer_note = answer or self.answer(item, indicator, english)
        instrument = str(item.get("_instrument") or "")
        reference = re.search(r"\b(A\d{2})\b", instrument)
        url = self.resolve_url(item.get("_url"))
        note = " ".join(n for n in [*notes, answer_note, f"Gezien in: {url}." if url else ""] if n)
        return {
            "wording_nl": wording,
            "wording_en": wording_en,
            "instruction_nl": instruction,
            "instruction_en": "",
            "answer_type": answer_type,
            "scale": scale,
            "source": source,
            "source_reference": reference.group(1) if reference else "",
            "source_variable": str(variable if variable is not None else item.get("var") or "")[
                :100
            ],
            "verification": verification,
            "verification_note": note,
        }

    def item_source(self, item: dict, indicator_id: str) -> str:
        instrument = str(item.get("_instrument") or "")
        text = f"{instrument} {item.get('_jaar') or ''}".strip()
        if indicator_id in INDICATOR_SOURCES and not instrument:
            return self.instrument_source(INDICATOR_SOURCES[indicator_id])
        for pattern, key in INSTRUMENT_RULES:
            if re.search(pattern, text):
                if key in ("cbs-sw-2012", "cbs-sw-2018"):
                    break
                return self.instrument_source(key)
        if re.search(r"Sociale samenhang|S&W", instrument):
            year = str(item.get("_jaar") or "")
            return self.instrument_source(
                "cbs-sw-2012" if year.startswith("2012") else "cbs-sw-2018"
            )
        raise ValueError(f"{item['id']}: no source for instrument {instrument!r}")

    def build_item(self, item: dict, indicator: dict, concept: str) -> list[str]:
        item_id = item["id"]
        if item_id == "C06-I1-stam":
            return self.build_trust_matrix(item, indicator, concept)
        if item_id == "C05-I3-a":
            return self.build_eqls(item, indicator, concept)
        if item_id == "C06-I3-a":
            return self.build_cob_trust(item, indicator, concept)
        if item_id == "C08-I1-f":
            return self.build_cohesion_candidates(item, indicator, concept)
        status, remark = parse_status(item["status"])
        verification = STATUS_TO_VERIFICATION[status]
        source = self.item_source(item, indicator["id"])
        text = str(item["tekst"]).strip()
        notes = [f"Status in de referentie: {status}{' ' + remark if remark else ''}."]
        english = status == "VERBATIM-EN"
        wording_en = ""
        if english:
            wording, wording_en = TRANSLATIONS_NL[item_id], text
            notes.append(NOTE_EN)
        elif item_id in WORDING_OVERRIDES:
            wording, why = WORDING_OVERRIDES[item_id]
            notes.append(f"Tekst in de referentie: «{text}». {why}")
        else:
            wording = clean_wording(text)
            if wording != text:
                notes.append(
                    f"Tekst in de referentie: «{text}»; vierkante haken en weglatingstekens "
                    "markeren wat niet letterlijk is gezien."
                )
        instruction = ""
        if indicator["id"] == "C10-I1":
            instruction = "Alleen vragen als deze vorm van overlast weleens in de buurt voorkomt."
        version = self.version(
            item,
            indicator,
            wording=wording,
            source=source,
            verification=verification,
            notes=notes,
            english=english,
            wording_en=wording_en,
            instruction=instruction,
        )
        code = self.question_code(item_id, item.get("var"))
        remark = f"Opmerking in de referentie: {item['opmerking']}" if item.get("opmerking") else ""
        return [
            self.add_question(
                remark=remark,
                code=code,
                item_id=item_id,
                indicator=indicator["id"],
                concept=concept,
                version=version,
            )
        ]

    def build_trust_matrix(self, item, indicator, concept) -> list[str]:
        source = self.item_source(item, indicator["id"])
        labels = item["items_2012_2018"] + item["items_later_statline"]
        codes = []
        for label in labels:
            later = label in SW_INSTITUTIONS_LATER
            key = SW_KEYS[label.lower()]
            if later:
                verification = "verbatim_label"
                notes = [
                    "Instelling alleen als StatLine-kolomlabel gezien (85533NED), niet in de "
                    "itemlijst 2012–2018 van de technische toelichting; stam en antwoorden zijn "
                    "letterlijk (VERBATIM) gezien."
                ]
            else:
                verification = "verbatim"
                notes = [
                    "Stam (inleiding van de set), antwoordcategorieën en instelling letterlijk "
                    "gezien in de technische toelichting (itemlijst 2012–2018)."
                ]
            code = self.claim_code(("c06i1" + slugify(label).replace("-", ""))[:20])
            version = self.version(
                item,
                indicator,
                wording=label[0].upper() + label[1:],
                source=source,
                verification=verification,
                notes=notes,
                variable=f"85533NED {key}",
            )
            codes.append(
                self.add_question(
                    code=code,
                    item_id=item["id"],
                    indicator=indicator["id"],
                    concept=concept,
                    version=version,
                )
            )
        return codes

    def build_eqls(self, item, indicator, concept) -> list[str]:
        stem, pairs = str(item["tekst"]).split("? (")
        pairs_en = [p.strip() for p in pairs.rstrip(")").split(";")]
        pairs_nl = [
            "arme en rijke mensen",
            "management en werknemers",
            "mannen en vrouwen",
            "ouderen en jongeren",
            "verschillende raciale en etnische groepen",
            "verschillende religieuze groepen",
            "mensen met een verschillende seksuele geaardheid",
        ]
        source = self.item_source(item, indicator["id"])
        status, remark = parse_status(item["status"])
        codes = []
        for suffix, pair_en, pair_nl in zip(EQLS_SUFFIXES, pairs_en, pairs_nl, strict=True):
            version = self.version(
                item,
                indicator,
                wording=pair_nl[0].upper() + pair_nl[1:],
                wording_en=pair_en[0].upper() + pair_en[1:],
                source=source,
                verification=STATUS_TO_VERIFICATION[status],
                notes=[f"Status in de referentie: {status} {remark}.", NOTE_EN],
                english=True,
            )
            code = self.claim_code(id_code(item["id"]) + suffix)
            codes.append(
                self.add_question(
                    code=code,
                    item_id=item["id"],
                    indicator=indicator["id"],
                    concept=concept,
                    version=version,
                )
            )
        self.eqls_stem = stem + "?"
        return codes

    def build_cob_trust(self, item, indicator, concept) -> list[str]:
        status, remark = parse_status(item["status"])
        source = self.item_source(item, indicator["id"])
        codes = []
        for suffix, institution in COB_TRUST:
            wording = (
                "Kunt u met een rapportcijfer van 1 tot 10 aangeven hoeveel vertrouwen u "
                f"heeft in {institution}?"
            )
            version = self.version(
                item,
                indicator,
                wording=wording,
                source=source,
                verification=STATUS_TO_VERIFICATION[status],
                notes=[
                    f"Status in de referentie: {status} {remark}.",
                    f"Tekst in de referentie: «{item['tekst']}» (één vraag per instelling).",
                ],
            )
            code = self.claim_code(id_code(item["id"]) + suffix)
            codes.append(
                self.add_question(
                    code=code,
                    item_id=item["id"],
                    indicator=indicator["id"],
                    concept=concept,
                    version=version,
                )
            )
        return codes

    def build_cohesion_candidates(self, item, indicator, concept) -> list[str]:
        status, remark = parse_status(item["status"])
        source = self.item_source(item, indicator["id"])
        codes = []
        for suffix, wording, key in COHESION_CANDIDATES:
            version = self.version(
                item,
                indicator,
                wording=wording,
                source=source,
                verification=STATUS_TO_VERIFICATION[status],
                notes=[
                    f"Status in de referentie: {status} {remark}.",
                    "Alleen het StatLine-label is gezien; de stelling is naar dat label en "
                    "de formulering van vóór 2021 (C08-I2) geschreven.",
                ],
                variable=key,
            )
            code = self.claim_code(id_code(item["id"]) + suffix)
            codes.append(
                self.add_question(
                    code=code,
                    item_id=item["id"],
                    indicator=indicator["id"],
                    concept=concept,
                    version=version,
                )
            )
        return codes

    def build_tension_sets(self, indicator, concept) -> None:
        s_number, pairs = tension_pairs(self.ref["section3"])
        stated = str(self.items_by_id["C05-I1-a"]["tekst"]).split("tussen:")[1]
        if [p.strip() for p in stated.split("|")] != pairs:
            raise ValueError("group pairs in §3a and §6 differ")
        source = self.instrument_source("cbs-belevingen-2016")
        scale = self.scale_for(NAMED_ANSWERS["spanning"], english=False)
        for set_code, (name, stem, item_id, line) in TENSION_SETS.items():
            item = self.items_by_id[item_id]
            status, remark = parse_status(item["status"])
            seen = (
                f"Groepspaar letterlijk als label gezien in CBS Belevingen 2016 ({s_number}). "
                "Niet gezien: de vraagstam (inleiding van de set, gereconstrueerd) en de volledige "
                "antwoordschaal (alleen 'heel veel' en 'veel' spanningen gezien)."
            )
            codes = []
            for suffix, pair in zip(TENSION_SUFFIXES, pairs, strict=True):
                version = self.version(
                    {**item, "_url": self.items_by_id["C05-I1-a"]["_url"]},
                    indicator,
                    wording=pair[0].upper() + pair[1:],
                    source=source,
                    verification="verbatim_label",
                    notes=[seen, f"Referentie-item {item_id}: {status} {remark}.".strip(), line],
                    answer=("single", scale, ""),
                    variable="",
                )
                code = self.claim_code(id_code(item_id) + suffix)
                codes.append(
                    self.add_question(
                        code=code,
                        item_id=item_id,
                        indicator=indicator["id"],
                        concept=concept,
                        version=version,
                    )
                )
            self.sets.append(
                self.question_set(
                    code=set_code,
                    name=name,
                    indicators=[indicator["id"]],
                    items=codes,
                    source=source,
                    indivisible=True,
                    intro_nl=stem,
                    description=(
                        f"De groepsparen komen letterlijk uit CBS Belevingen 2016 ({s_number}); de "
                        "inleiding (stam) en de antwoordschaal zijn gereconstrueerd en niet in de bron "
                        f"gezien. {line} Niet landelijk vergelijkbaar tot de exacte CBS-tekst is "
                        "opgehaald."
                    ),
                )
            )

    @staticmethod
    def question_set(
        *,
        code,
        name,
        indicators,
        items,
        source,
        indivisible=False,
        intro_nl="",
        intro_en="",
        description="",
    ) -> dict:
        if not CODE_RE.match(code):
            raise ValueError(f"bad set code {code!r}")
        return {
            "code": code,
            "name_nl": name,
            "name_en": "",
            "description": description,
            "intro_nl": intro_nl,
            "intro_en": intro_en,
            "indivisible": indivisible,
            "order_locked": indivisible,
            "status": "gepubliceerd",
            "source": source,
            "indicators": indicators,
            "items": items,
        }

    def build_sets(self, indicator, concept, codes_by_source: dict[str, list[str]]) -> None:
        ind_id = indicator["id"]
        split = len(codes_by_source) > 1
        intro_nl, intro_en, intro_note = SET_INTROS.get(ind_id, ("", "", ""))
        stem = self.items_by_id.get("C06-I1-stam") if ind_id == "C06-I1" else None
        if stem:
            intro_nl = stem["tekst"]
        if ind_id == "C08-I1":
            candidates = self.questions_by_item["C08-I1-f"]
            codes_by_source = {
                key: [c for c in codes if c not in candidates]
                for key, codes in codes_by_source.items()
            }
        for source, codes in codes_by_source.items():
            tag = INSTRUMENT_SOURCES[source]["tag"]
            code = id_code(ind_id) + (tag if split else "")
            name = indicator["naam"]
            if split:
                src = self.sources[source]
                name = f"{name}: {src['instrument']} {src['edition']}".strip()
            description = [intro_note] if intro_note else []
            set_intro_nl, set_intro_en = intro_nl, intro_en
            if ind_id == "C06-I2" and source == "ess-r12":
                set_intro_en = self.items_by_id["C06-I2-a"]["intro"]
                set_intro_nl = (
                    "De volgende vragen gaan over hoeveel vertrouwen u persoonlijk heeft in "
                    "verschillende instellingen. 0 betekent dat u een instelling helemaal niet "
                    "vertrouwt, en 10 dat u er volledig vertrouwen in heeft."
                )
                description.append("Inleiding: Engels letterlijk (ESS R12); " + NOTE_EN)
            if ind_id == "C05-I3":
                set_intro_en = self.eqls_stem
                set_intro_nl = (
                    "In alle landen bestaan soms spanningen tussen maatschappelijke groepen. "
                    "Hoeveel spanning is er volgens u in Nederland tussen elk van de volgende "
                    "groepen?"
                )
                description.append("Reconstructie, niet in een bron gezien. " + NOTE_EN)
            if ind_id == "C06-I1":
                description.append("Inleiding (stam) letterlijk uit CBS S&W (S15).")
            if ind_id == "C08-I1":
                description.append(
                    "Vijf van de zes schaalstellingen; welke StatLine-stelling de zesde is, is "
                    "niet gezien (zie de kandidatenset)."
                )
            self.sets.append(
                self.question_set(
                    code=code,
                    name=name,
                    indicators=[ind_id] + self.referring.get(ind_id, []),
                    items=codes,
                    source=source,
                    indivisible=ind_id in INDIVISIBLE_SETS,
                    intro_nl=set_intro_nl,
                    intro_en=set_intro_en,
                    description=" ".join(description),
                )
            )
        if ind_id == "C08-I1":
            self.sets.append(
                self.question_set(
                    code="c08i1kandidaten",
                    name=f"{indicator['naam']}: kandidaten voor de zesde stelling",
                    indicators=[ind_id],
                    items=candidates,
                    source=self.item_source(self.items_by_id["C08-I1-f"], ind_id),
                    description=(
                        "Drie StatLine-labels (85146NED); welke de zesde stelling van de "
                        "schaal vanaf 2021 is, is niet gezien. Daarom buiten de ondeelbare "
                        "schaalset gehouden."
                    ),
                )
            )

    def inherit(self, item: dict, previous: dict, indicator: dict) -> None:
        """Fill _instrument, _jaar and _url: items name them once per battery."""
        if item.get("instrument") is None and previous:
            item["_instrument"], item["_jaar"] = previous["_instrument"], previous["_jaar"]
        else:
            item["_instrument"], item["_jaar"] = item.get("instrument"), item.get("jaar")
        url = item.get("url")
        same_as = re.match(r"^\(zelfde als (\S+)\)$", str(url or ""))
        if same_as:
            url = self.items_by_id[same_as.group(1)]["_url"]
        elif str(url or "").startswith("(zelfde"):
            url = previous.get("_url")
        item["_url"] = url or indicator.get("url")

    def build(self) -> dict:
        raw_concepts = self.ref["concepts"]
        self.indicators_raw = {}
        self.referring: dict[str, list[str]] = {}
        for raw in raw_concepts:
            for ind in raw.get("indicatoren", []):
                self.indicators_raw[ind["id"]] = ind
                if ind.get("verwijzing"):
                    self.referring.setdefault(ind["verwijzing"], []).append(ind["id"])
                previous: dict = {}
                for item in ind.get("items") or []:
                    self.inherit(item, previous, ind)
                    previous = item
                    self.items_by_id[item["id"]] = item

        concepts = [self.concept(raw) for raw in raw_concepts]
        self.relations(concepts, raw_concepts)
        indicators = []
        for raw in raw_concepts:
            for ind in raw.get("indicatoren", []):
                indicator = self.indicator(ind, raw["id"])
                indicators.append(indicator)
                if ind["id"] == "C05-I1":
                    self.build_tension_sets(ind, raw["id"])
                    continue
                codes_by_source: dict[str, list[str]] = {}
                for item in ind.get("items") or []:
                    if item.get("verwijzing"):
                        target = self.questions_by_item[item["verwijzing"]]
                        source = next(
                            q["version"]["source"] for q in self.questions if q["code"] == target[0]
                        )
                        codes_by_source.setdefault(source, []).extend(target)
                        continue
                    source = self.item_source(item, ind["id"])
                    codes_by_source.setdefault(source, []).extend(
                        self.build_item(item, ind, raw["id"])
                    )
                if codes_by_source:
                    self.build_sets(ind, raw["id"], codes_by_source)
        self.check(indicators)
        return {
            "format": FORMAT,
            "sources": sorted(self.sources.values(), key=lambda s: s["code"]),
            "concepts": concepts,
            "indicators": indicators,
            "scales": sorted(self.scales.values(), key=lambda s: s["code"]),
            "questions": self.questions,
            "question_sets": self.sets,
        }

    def check(self, indicators) -> None:
        codes = [q["code"] for q in self.questions]
        assert len(codes) == len(set(codes)), "duplicate question codes"
        scale_codes = [s["code"] for s in self.scales.values()]
        assert len(scale_codes) == len(set(scale_codes)), "duplicate scale codes"
        set_codes = [s["code"] for s in self.sets]
        assert len(set_codes) == len(set(set_codes)), f"duplicate set codes {sorted(set_codes)}"
        for code in codes + scale_codes + set_codes:
            assert CODE_RE.match(code), code
        for indicator in indicators:
            basis, text = computation_for(indicator["code"], indicator["kind"], True)
            assert 0 < len(indicator["computation"]) <= 300, indicator["code"]
            # without a basis in the reference the text must say the rule is not in the source
            assert basis or "niet in bron" in indicator["computation"], indicator["code"]
        unknown = set(COMPUTATIONS) - {i["code"] for i in indicators}
        assert not unknown, f"COMPUTATIONS names unknown indicators {sorted(unknown)}"


def is_missing(label: str) -> bool:
    lowered = label.lower().strip()
    return any(lowered == m or lowered.startswith(m + ":") for m in MISSING_LABELS)


def clean_wording(text: str) -> str:
    bracketed = text.startswith("[") and text.endswith("]")
    cleaned = re.sub(r"\s*…\s*", " ", text.replace("[", "").replace("]", "")).strip()
    cleaned = re.sub(r"\s+", " ", cleaned)
    cleaned = cleaned[0].upper() + cleaned[1:]
    if bracketed and cleaned[-1] not in ".?!" and len(cleaned.split()) >= 4:
        cleaned += "."
    return cleaned


def build(reference_path: Path = DEFAULT_REFERENCE) -> dict:
    return Builder(read_reference(reference_path)).build()


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the output is outdated")
    args = parser.parse_args(argv)
    text = render(build(args.reference))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is outdated; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    data = json.loads(text)
    print(", ".join(f"{len(v)} {k}" for k, v in data.items() if isinstance(v, list)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
