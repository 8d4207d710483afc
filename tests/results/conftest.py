"""A questionnaire ready for benchmarking: a national trust set with figures, plus a local item."""

import csv
import io
from types import SimpleNamespace

import pytest
from openpyxl import Workbook

from questionsets.models import (
    LocalOption,
    LocalScale,
    NationalFigure,
    QuestionnaireItem,
    QuestionnaireSection,
    ScoringItem,
    ScoringKind,
    ScoringRule,
    Statistic,
)
from questionsets.questionnaires import services
from tests import factories

TRUST = ("heel veel", "tamelijk veel", "niet zo veel", "helemaal geen")


def build_benchmark(municipality, n_questions=3):
    """Set of `n_questions` trust items (codes 1-4 plus 9 'weet niet'), indicator, figures."""
    source = factories.make_source(code=f"sw-{n_questions}", instrument="CBS S&W")
    scale = factories.make_scale(labels=(*TRUST, "Weet niet"))
    questions = [
        factories.make_question(version_kw={"scale": scale, "source": source})
        for _ in range(n_questions)
    ]
    indicator = factories.make_indicator(code=f"C06-I{n_questions}", name_nl="Vertrouwen")
    qset = factories.make_question_set(questions=questions, indicators=[indicator])
    questionnaire = factories.make_questionnaire(municipality=municipality, title="Monitor")
    services.questionnaire_add_set(
        questionnaire=questionnaire, question_set=qset, expected_version=1
    )
    section = QuestionnaireSection.objects.create(questionnaire=questionnaire, title="Eigen")
    local_scale = LocalScale.objects.create(questionnaire=questionnaire, name="ja/nee")
    LocalOption.objects.bulk_create(
        [
            LocalOption(scale=local_scale, position=1, code=1, label_nl="ja"),
            LocalOption(scale=local_scale, position=2, code=2, label_nl="nee"),
        ]
    )
    local = QuestionnaireItem.objects.create(
        questionnaire=questionnaire,
        section=section,
        kind="local",
        code="lokeigen1",
        wording="Kent u de wijkagent?",
        answer_type="single",
        local_scale=local_scale,
    )
    versions = [q.versions.get() for q in questions]
    figures = [
        NationalFigure.objects.create(
            question=v.question,
            year=2022,
            statistic=Statistic.PERCENTAGE,
            categories=[1, 2],
            value=60.0,
            source=source,
            version_fingerprints=[v.fingerprint],
        )
        for v in versions
    ]
    rule = ScoringRule.objects.create(
        indicator=indicator,
        variant="standaard",
        kind=ScoringKind.ANY_PERCENTAGE,
        categories=[1, 2],
    )
    for position, question in enumerate(questions):
        ScoringItem.objects.create(rule=rule, question=question, position=position)
    NationalFigure.objects.create(
        indicator=indicator,
        year=2022,
        statistic=Statistic.PERCENTAGE,
        categories=[1, 2],
        value=50.0,
        n=7500,
        source=source,
        rule=rule,
        rule_signature=rule.signature(),
        variant=rule.variant,
        version_fingerprints=sorted(v.fingerprint for v in versions),
    )
    codes = [q.code for q in questions]
    return SimpleNamespace(
        questionnaire=questionnaire,
        questions=questions,
        codes=codes,
        indicator=indicator,
        rule=rule,
        local=local,
        figures=figures,
        source=source,
    )


@pytest.fixture
def bench(municipality):
    return build_benchmark(municipality)


def respondent_rows(codes, n=100, *, wijken=("Noord", "Zuid"), weights=False):
    """Deterministic answers: 70% in categories 1-2, a few 'weet niet' and blanks."""
    header = [*codes, "lokeigen1", "wijk"] + (["weight"] if weights else [])
    rows = [header]
    for i in range(n):
        answer = [1, 2, 2, 1, 2, 1, 2, 3, 4, 3][i % 10]
        row = [answer if i % 17 else 9 for _ in codes]
        row += [1 if i % 4 else 2, wijken[i % len(wijken)] if i % 9 else ""]
        if weights:
            row.append(0.5 if i % 2 else 1.5)
        rows.append(row)
    return rows


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, delimiter=";") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode()
