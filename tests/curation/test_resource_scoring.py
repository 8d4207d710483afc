"""The `berekeningen` sheet: scoring rules in the catalogue workbook, one row per question."""

import io

import openpyxl
import pytest

from questionsets import models as m
from questionsets.curation import workbook as catalogue_workbook
from questionsets.curation.workbook import (
    export_catalogue_workbook,
    import_catalogue_workbook,
    read_workbook,
)

from .. import factories as f
from .test_resources import workbook

pytestmark = pytest.mark.django_db

HEADERS = [
    "indicator",
    "variant",
    "soort",
    "categorieen",
    "min_treffers",
    "min_geldig",
    "samenvatting",
    "schaal_van",
    "schaal_tot",
    "volgorde",
    "vraag",
    "omgepoold",
    "hercodering",
    "toelichting",
]


@pytest.fixture
def rules():
    """Two rules over questions on a scale with codes 1-3 and the missing code 9."""
    concept = f.make_concept(code="C01")
    share = f.make_indicator(concept=concept, code="C01-I1")
    score = f.make_indicator(concept=concept, code="C01-I2")
    scale = f.make_scale(code="eens4")
    q1, q2, q3 = (
        f.make_question(code=f"q{i}", concept=concept, version_kw={"scale": scale})
        for i in range(1, 4)
    )
    percentage = m.ScoringRule.objects.create(
        indicator=share, variant="eens", kind=m.ScoringKind.ITEM_PERCENTAGE, categories=[1, 2]
    )
    percentage.items.create(question=q1, position=0)
    scale_score = m.ScoringRule.objects.create(
        indicator=score,
        variant="schaal",
        kind=m.ScoringKind.SCALE_SCORE,
        min_valid=2,
        target_min=0,
        target_max=10,
        note="Gemiddelde, omgerekend naar 0-10.",
    )
    scale_score.items.create(question=q1, position=0)
    scale_score.items.create(question=q2, position=1, recode={"1": 0, "2": 0, "3": 1})
    scale_score.items.create(question=q3, position=2, reversed=True)
    return {"percentage": percentage, "scale_score": scale_score}


def sheet_rows(data: bytes) -> list[dict]:
    dataset = read_workbook(data)["berekeningen"]
    return [
        {h: ("" if v is None else v) for h, v in zip(dataset.headers, r, strict=True)}
        for r in dataset
    ]


def state():
    """Everything the sheet can write, and the audit trail."""
    return (
        sorted(m.ScoringRule.objects.values_list()),
        sorted(m.ScoringItem.objects.values_list()),
        m.CatalogueChange.objects.count(),
    )


def rule_row(indicator="C01-I2", variant="schaal", **over):
    row = dict.fromkeys(HEADERS, "")
    row.update(
        indicator=indicator,
        variant=variant,
        soort="schaalscore",
        min_treffers=1,
        min_geldig=2,
        samenvatting="gemiddelde",
        schaal_van=0,
        schaal_tot=10,
        volgorde=1,
        vraag="q1",
        omgepoold="nee",
    )
    row.update(over)
    return row


def test_the_export_lists_each_question_of_each_rule_in_order(rules):
    assert sheet_rows(export_catalogue_workbook()) == [
        {
            "indicator": "C01-I1",
            "variant": "eens",
            "soort": "percentage_antwoorden",
            "categorieen": "1|2",
            "min_treffers": 1,
            "min_geldig": 1,
            "samenvatting": "gemiddelde",
            "schaal_van": "",
            "schaal_tot": "",
            "volgorde": 1,
            "vraag": "q1",
            "omgepoold": "nee",
            "hercodering": "",
            "toelichting": "",
        },
        *[
            {
                "indicator": "C01-I2",
                "variant": "schaal",
                "soort": "schaalscore",
                "categorieen": "",
                "min_treffers": 1,
                "min_geldig": 2,
                "samenvatting": "gemiddelde",
                "schaal_van": 0,
                "schaal_tot": 10,
                "volgorde": position,
                "vraag": question,
                "omgepoold": reversed_,
                "hercodering": recode,
                "toelichting": "Gemiddelde, omgerekend naar 0-10.",
            }
            for position, question, reversed_, recode in [
                (1, "q1", "nee", ""),
                (2, "q2", "nee", "1=0|2=0|3=1"),
                (3, "q3", "ja", ""),
            ]
        ],
    ]


def test_reimporting_the_unchanged_sheet_writes_nothing(rules):
    before = state()

    report = import_catalogue_workbook(export_catalogue_workbook())

    assert report.ok, report.all_errors()
    [sheet] = [s for s in report.sheets if s.sheet == "berekeningen"]
    assert sheet.totals["skip"] == 4 and sheet.totals["new"] == sheet.totals["update"] == 0
    assert state() == before


def test_a_changed_rule_is_updated_its_items_replaced_in_order_and_audited(rules, curator):
    rows = sheet_rows(export_catalogue_workbook())
    for row in rows[1:]:
        row["min_geldig"] = 3
        row["toelichting"] = "=1+1 blijft tekst"
    rows[2]["volgorde"], rows[3]["volgorde"] = 3, 2  # q3 before q2
    rows[3]["hercodering"] = "1=1|3=0.5"

    report = import_catalogue_workbook(workbook(berekeningen=rows), user=curator)

    assert report.ok, report.all_errors()
    [sheet] = report.sheets
    assert (sheet.totals["skip"], sheet.totals["update"]) == (1, 3)
    rule = rules["scale_score"]
    rule.refresh_from_db()
    assert (rule.min_valid, rule.note) == (3, "=1+1 blijft tekst")
    assert [(i.question.code, i.position, i.reversed, i.recode) for i in rule.items.all()] == [
        ("q1", 1, False, {}),
        ("q3", 2, True, {"1": 1, "3": 0.5}),
        ("q2", 3, False, {"1": 0, "2": 0, "3": 1}),
    ]
    trail = m.CatalogueChange.objects.filter(via="import", user=curator)
    assert trail.filter(subject=f"questionsets.scoringrule:{rule.pk}").count() == 7
    assert trail.get(model_label="questionsets.scoringrule").changes["min_valid"] == [2, 3]
    assert not trail.filter(object_key__startswith="C01-I1").exists()

    again = export_catalogue_workbook()
    assert sheet_rows(again)[1:] == rows[1:2] + [rows[3] | {"volgorde": 2}, rows[2]]
    before = state()
    assert import_catalogue_workbook(again).ok
    assert state() == before


def test_a_new_rule_is_created_and_a_rule_left_out_of_the_sheet_is_kept(rules):
    rows = [
        rule_row("C01-I1", "minstens een", soort="percentage_respondenten", categorieen="1|2",
                 volgorde=1, vraag="q2", schaal_van="", schaal_tot="", min_geldig=1),
        rule_row("C01-I1", "minstens een", soort="percentage_respondenten", categorieen="1|2",
                 volgorde=2, vraag="q3", schaal_van="", schaal_tot="", min_geldig=1),
    ]  # fmt: skip

    report = import_catalogue_workbook(workbook(berekeningen=rows))

    assert report.ok, report.all_errors()
    assert report.sheets[0].totals["new"] == 2
    rule = m.ScoringRule.objects.get(variant="minstens een")
    assert (rule.indicator.code, rule.kind, rule.categories) == ("C01-I1", "any_percentage", [1, 2])
    assert [i.question.code for i in rule.items.all()] == ["q2", "q3"]
    assert m.ScoringRule.objects.count() == 3  # the two rules not in the sheet are kept


def test_every_kind_of_error_is_a_dutch_row_error_and_nothing_is_written(rules):
    percentage = {"soort": "percentage_antwoorden", "schaal_van": "", "schaal_tot": ""}
    rows = [
        rule_row("C01-I1", "eens", categorieen="1|2", **percentage),  # 2
        rule_row("C01-I1", "eens", categorieen="1|2", volgorde=2, vraag="q2", **percentage),
        rule_row("X-I9", "eens", vraag="qbestaatniet"),  # 4
        rule_row(hercodering="1=0|7=1|9=1"),  # 5
        rule_row(min_geldig=3, samenvatting="som", volgorde=2, vraag="q2"),  # 6
        rule_row(volgorde=2, vraag="q1"),  # 7
        rule_row("C01-I2", "zonder categorieën", soort="percentage_respondenten"),  # 8
        rule_row("C01-I2", "half", schaal_tot=""),  # 9
        rule_row("C01-I2", "omgekeerd", schaal_van=10, schaal_tot=0),  # 10
        rule_row("C01-I2", "ontbrekend", categorieen="1|9", **percentage),  # 11
        rule_row("C01-I2", "formules", soort="=A1", min_treffers="=1+1", categorieen="=1|2"),
        rule_row("C01-I2", "formules", volgorde=2, vraag="q2", omgepoold="=WAAR()",
                 hercodering="=1=0", schaal_van="=0", schaal_tot="inf"),  # 13
    ]  # fmt: skip
    before = state()

    report = import_catalogue_workbook(workbook(berekeningen=rows))

    prefix = "blad 'berekeningen', rij"
    assert report.all_errors() == [
        f"{prefix} 3, kolom 'vraag': soort percentage_antwoorden rekent met één vraag; "
        "deze rekenregel heeft al een vraag in rij 2",
        f"{prefix} 4, kolom 'indicator': onbekende indicator 'X-I9'",
        f"{prefix} 4, kolom 'vraag': onbekende vraag 'qbestaatniet'",
        f"{prefix} 5, kolom 'hercodering': code 7 is geen antwoordcode van vraag q1",
        f"{prefix} 5, kolom 'hercodering': code 9 is bij vraag q1 een ontbrekende waarde "
        "en telt nooit mee",
        f"{prefix} 6, kolom 'min_geldig': verschilt van rij 5 van dezelfde rekenregel",
        f"{prefix} 6, kolom 'samenvatting': verschilt van rij 5 van dezelfde rekenregel",
        f"{prefix} 7, kolom 'volgorde': 2 staat ook in rij 6 van deze rekenregel",
        f"{prefix} 7, kolom 'vraag': vraag q1 staat ook in rij 5 van deze rekenregel",
        f"{prefix} 8, kolom 'categorieen': Een percentage heeft antwoordcategorieën nodig.",
        f"{prefix} 9, kolom 'schaal_tot': "
        "Vul beide schaalgrenzen in, de eerste kleiner dan de tweede.",
        f"{prefix} 10, kolom 'schaal_tot': "
        "Vul beide schaalgrenzen in, de eerste kleiner dan de tweede.",
        f"{prefix} 11, kolom 'categorieen': code 9 is bij vraag q1 een ontbrekende waarde "
        "en telt nooit mee",
        f"{prefix} 12, kolom 'soort': '=A1' lijkt op een formule; vul de waarde zelf in",
        f"{prefix} 12, kolom 'categorieen': '=1|2' lijkt op een formule; vul de waarde zelf in",
        f"{prefix} 12, kolom 'min_treffers': '=1+1' is geen geheel getal",
        f"{prefix} 13, kolom 'schaal_van': '=0' lijkt op een formule; vul de waarde zelf in",
        f"{prefix} 13, kolom 'schaal_tot': 'inf' is geen getal",
        f"{prefix} 13, kolom 'omgepoold': '=WAAR()' is geen ja of nee",
        f"{prefix} 13, kolom 'hercodering': '=1=0' lijkt op een formule; vul de waarde zelf in",
    ]
    assert state() == before


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("soort", "percentage", "'percentage' is geen geldige waarde; kies uit "
         "percentage_antwoorden, percentage_respondenten, schaalscore"),
        ("samenvatting", "mediaan", "'mediaan' is geen geldige waarde; kies uit gemiddelde, som"),
        ("categorieen", "1|een", "'een' is geen geheel getal"),
        ("categorieen", "1|2|1", "dubbele code 1"),
        ("hercodering", "1=0|2", "'2' is geen hercodering; schrijf code=waarde, bijv. 1=0|2=1"),
        ("hercodering", "1=0|1=1", "dubbele code 1"),
        ("hercodering", "1=veel", "'1=veel' is geen hercodering; schrijf code=waarde, "
         "bijv. 1=0|2=1"),
        ("min_geldig", "inf", "'inf' is geen geheel getal"),
        ("variant", "", "Dit veld kan niet leeg zijn"),
    ],
)  # fmt: skip
def test_a_bad_value_is_a_row_error(rules, column, value, message):
    rows = sheet_rows(export_catalogue_workbook())
    rows[1][column] = value
    before = state()

    report = import_catalogue_workbook(workbook(berekeningen=rows))

    assert report.all_errors() == [f"blad 'berekeningen', rij 3, kolom '{column}': {message}"]
    assert state() == before


def test_rule_checks_span_batches(rules, monkeypatch):
    monkeypatch.setattr(catalogue_workbook, "BATCH_SIZE", 1)
    rows = sheet_rows(export_catalogue_workbook())
    rows[3]["soort"] = "percentage_respondenten"
    before = state()

    report = import_catalogue_workbook(workbook(berekeningen=rows))

    assert report.all_errors() == [
        "blad 'berekeningen', rij 5, kolom 'soort': verschilt van rij 3 van dezelfde rekenregel"
    ]
    assert state() == before

    rows[3]["soort"] = "schaalscore"
    rows[3]["omgepoold"] = "nee"
    assert import_catalogue_workbook(workbook(berekeningen=rows)).ok
    assert [i.reversed for i in rules["scale_score"].items.all()] == [False] * 3


def test_the_sheet_is_written_as_text_without_formulas(rules):
    rules["scale_score"].note = '=HYPERLINK("x")'
    rules["scale_score"].save()
    sheet = openpyxl.load_workbook(io.BytesIO(export_catalogue_workbook()))["berekeningen"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["N3"].value == '=HYPERLINK("x")' and sheet["N3"].data_type == "s"
