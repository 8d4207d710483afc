"""The demo results file fits the demo questionnaire and gives an honest comparison."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from questionsets.models import LocalResult, Questionnaire, QuestionVersion
from questionsets.results import services as results
from questionsets.results.comparison import questionnaire_comparison

DEMO_RESULTS = Path(settings.BASE_DIR) / "fixtures" / "demo-results.xlsx"


@pytest.mark.django_db
def test_the_demo_results_file_gives_a_comparison_of_like_with_like_only():
    call_command("seed_demo", "--allow-demo-accounts", verbosity=0)
    questionnaire = Questionnaire.objects.get(title__startswith="Voorbeeld")
    upload = results.results_import(
        questionnaire=questionnaire, user=None, kind="respondents", data=DEMO_RESULTS.read_bytes()
    )
    assert upload.respondents == 600 and upload.weighted
    rows = questionnaire_comparison(questionnaire).rows
    drawn = [r for r in rows if r.compared]
    assert len(drawn) >= 10
    versions = {v.fingerprint: v for v in QuestionVersion.objects.all()}
    for row in drawn:
        local, figure = row.total.local, row.figure
        # the same question versions ...
        if row.kind == "item":
            item = LocalResult.objects.get(pk=local.pk).item
            assert item.question_version.fingerprint in figure.version_fingerprints
        else:  # ... and for an indicator the same rule
            assert figure.rule_id == local.rule_id
            assert figure.rule_signature == local.rule_signature
        # the same statistic on the same categories or scale
        assert (figure.statistic, sorted(figure.categories)) == (
            local.statistic,
            sorted(local.categories),
        )
        # never a 'significant' verdict on an unverified wording without the caveat
        unverified = [fp for fp in figure.version_fingerprints if not versions[fp].is_verified]
        assert bool(unverified) == row.caveat.startswith("onder voorbehoud")
    not_comparable = [r for r in rows if r.reason.startswith("niet vergelijkbaar")]
    assert not_comparable
    assert all(len(r.reason) > len("niet vergelijkbaar: ") for r in not_comparable)
    codes = {r.code for r in not_comparable}
    assert {"C05-I1", "C08-I1"} <= codes  # national rules not recorded in the source
