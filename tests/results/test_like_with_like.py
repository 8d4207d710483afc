"""A line is drawn only where like meets like; otherwise each row names its reason."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from questionsets.models import (
    LocalResult,
    NationalFigure,
    QuestionnaireItem,
    QuestionVersion,
    ScoringItem,
    ScoringKind,
    ScoringRule,
    Statistic,
    Verification,
)
from questionsets.questionnaires import items as item_services
from questionsets.results import services as results
from questionsets.results.comparison import questionnaire_comparison
from tests import factories

from .conftest import respondent_rows, xlsx_bytes


def upload(bench, n=100):
    results.results_import(
        questionnaire=bench.questionnaire,
        user=None,
        kind="respondents",
        data=xlsx_bytes(respondent_rows(bench.codes, n)),
    )
    return {r.code + (f" ({r.variant})" if r.variant else ""): r for r in rows(bench)}


def rows(bench):
    return questionnaire_comparison(bench.questionnaire).rows


def row_for(bench, code):
    return next(r for r in rows(bench) if r.code == code)


def test_same_versions_and_same_rule_are_compared(bench):
    upload(bench)
    item = row_for(bench, bench.codes[0])
    indicator = row_for(bench, bench.indicator.code)
    for row in (item, indicator):
        assert row.comparable and row.compared and row.reason == "" and row.caveat == ""
    assert indicator.variant == "standaard"
    assert indicator.rule_text.startswith("Percentage respondenten dat op minstens 1")


def test_another_variant_of_the_indicator_is_not_comparable(bench):
    other = ScoringRule.objects.create(
        indicator=bench.indicator,
        variant="in de samenleving",
        kind=ScoringKind.ANY_PERCENTAGE,
        categories=[1, 2],
    )
    ScoringItem.objects.create(rule=other, question=factories.make_question())
    NationalFigure.objects.filter(indicator=bench.indicator).update(
        rule=other, variant=other.variant, rule_signature=other.signature()
    )
    upload(bench)
    row = row_for(bench, bench.indicator.code)
    assert not row.compared and row.figure is None
    assert row.reason == (
        "niet vergelijkbaar: het landelijke cijfer gaat over een andere variant (in de samenleving)"
    )


def test_an_indicator_figure_without_a_recorded_rule_is_not_comparable(bench):
    NationalFigure.objects.filter(indicator=bench.indicator).update(
        rule=None, rule_signature="", variant=""
    )
    upload(bench)
    row = row_for(bench, bench.indicator.code)
    assert not row.compared
    assert row.reason == (
        "niet vergelijkbaar: de rekenregel van het landelijke cijfer is niet vastgelegd "
        "(landelijk 50,0% in 2022)"
    )


def test_a_rule_changed_after_the_national_figure_is_not_comparable(bench):
    bench.rule.min_matches = 2
    bench.rule.save()
    upload(bench)
    row = row_for(bench, bench.indicator.code)
    assert not row.compared
    assert "met een andere versie van de rekenregel berekend" in row.reason


def test_another_version_of_the_question_is_not_comparable(bench):
    question = bench.questions[0]
    old = question.versions.get()
    factories.make_version(
        question=question, scale=old.scale, source=old.source, wording_nl="Een nieuwe tekst?"
    )
    item = QuestionnaireItem.objects.get(questionnaire=bench.questionnaire, code=question.code)
    item_services.questionnaire_upgrade_item(
        item=item, expected_version=item.questionnaire.lock_version
    )
    upload(bench)
    row = row_for(bench, question.code)
    assert not row.compared
    assert row.reason == (
        "niet vergelijkbaar: het landelijke cijfer hoort bij een andere versie van de vraag "
        f"({question.code} v1)"
    )


def test_an_adapted_wording_is_not_comparable(bench):
    item = QuestionnaireItem.objects.get(questionnaire=bench.questionnaire, code=bench.codes[1])
    item_services.questionnaire_adapt_item(
        item=item,
        data={
            "code": "lokaangepast",
            "wording": "Hoeveel vertrouwen heeft u eigenlijk?",
            "instruction": "",
        },
        expected_version=bench.questionnaire.lock_version,
    )
    data = respondent_rows(bench.codes, 100)
    data[0][1] = "lokaangepast"
    results.results_import(
        questionnaire=bench.questionnaire, user=None, kind="respondents", data=xlsx_bytes(data)
    )
    adapted = row_for(bench, "lokaangepast")
    assert adapted.reason == "niet vergelijkbaar: aangepaste vraag, de tekst wijkt af"
    # The indicator's rule needs every national question: with one adapted, it is not
    # computed at all, so no figure of another composition is shown.
    assert not any(r.kind == "indicator" for r in rows(bench))


def test_a_broken_indivisible_set_is_not_comparable(bench):
    qset = bench.questionnaire.basket_sets.get().question_set
    qset.indivisible = True
    qset.save()
    item = QuestionnaireItem.objects.get(questionnaire=bench.questionnaire, code=bench.codes[2])
    item_services.questionnaire_remove_item(
        item=item,
        expected_version=bench.questionnaire.lock_version,
        confirmed=True,
    )
    data = [row[:2] + row[3:] for row in respondent_rows(bench.codes, 100)]
    results.results_import(
        questionnaire=bench.questionnaire, user=None, kind="respondents", data=xlsx_bytes(data)
    )
    row = row_for(bench, bench.codes[0])
    assert not row.compared
    assert row.reason.startswith(f"niet vergelijkbaar: set '{qset.name_nl}': ondeelbare set")


def test_an_unverified_national_wording_is_compared_only_with_a_caveat(bench):
    QuestionVersion.objects.filter(question__in=bench.questions).update(
        verification=Verification.VERBATIM_LABEL
    )
    upload(bench)
    for code in (bench.codes[0], bench.indicator.code):
        row = row_for(bench, code)
        assert row.compared
        assert row.caveat == (
            "onder voorbehoud: de landelijke tekst is niet letterlijk gecontroleerd in de bron"
        )
        assert row.total.verdict_label.startswith("onder voorbehoud: ")


def test_no_national_figure_for_this_statistic_is_not_comparable(bench):
    upload(bench)  # % in categories 1-2; then the only national figure counts category 1
    NationalFigure.objects.filter(question=bench.questions[0]).update(categories=[1])
    row = row_for(bench, bench.codes[0])
    assert not row.compared
    assert row.reason == (
        "geen landelijk cijfer voor deze antwoordcategorieën (landelijk 1, lokaal 1|2)"
    )


def test_a_figure_that_does_not_record_its_versions_is_not_comparable(bench):
    NationalFigure.objects.filter(question=bench.questions[0]).update(version_fingerprints=[])
    upload(bench)
    assert row_for(bench, bench.codes[0]).reason == (
        "niet vergelijkbaar: onbekend op welke vraagversies het landelijke cijfer berekend is"
    )


def test_items_without_a_figure_show_a_percentage_never_a_mean_of_codes(bench):
    NationalFigure.objects.filter(question=bench.questions[0]).delete()
    upload(bench)
    row = row_for(bench, bench.codes[0])
    assert row.reason == "geen landelijk cijfer voor deze vraag in de catalogus"
    assert row.total.local.statistic == Statistic.PERCENTAGE
    assert row.total.local.categories == [1, 2]  # the first two of four answers


def test_missing_codes_are_left_out_and_counted(bench):
    upload(bench)
    result = LocalResult.objects.get(item__code=bench.codes[0], wijk="")
    # every 17th respondent answers 9 'weet niet' (6 of 100)
    assert (result.n, result.n_missing) == (94, 6)


@pytest.mark.parametrize("n", [40, 400])
def test_comparison_json_lists_every_row_with_the_fields_users_rely_on(bench, tmp_path, n):
    path = tmp_path / "resultaten.xlsx"
    path.write_bytes(xlsx_bytes(respondent_rows(bench.codes, n)))
    out = StringIO()
    call_command("compare_results", str(bench.questionnaire.pk), str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert not LocalResult.objects.exists()  # computed in memory, nothing stored
    first = next(r for r in data if r["code"] == bench.codes[0])
    assert first["kind"] == "item" and first["statistic"] == "percentage"
    assert first["categories"] == [1, 2]
    assert set(first["local"]) == {"value", "low", "high", "n", "n_missing"}
    assert first["national"] == {
        "value": 60.0,
        "low": None,
        "high": None,
        "year": 2022,
        "source": str(bench.source),
    }
    assert first["comparable"] is True and first["reason"] == ""
    local = next(r for r in data if r["code"] == "lokeigen1")
    assert local["national"] is None and local["comparable"] is False
    assert local["reason"] == "eigen vraag: geen landelijke lijn"
    indicator = next(r for r in data if r["kind"] == "indicator")
    assert indicator["code"] == bench.indicator.code and indicator["categories"] == [1, 2]
