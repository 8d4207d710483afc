"""Build a scaled database for the benchmarks with bulk inserts.

Full scale (the issue's national scale): 10,000 national questions in 2,000 sets over the
real concepts, all 342 municipalities, 3,000 questionnaires of 50 to 500 items. Quick scale
is a tenth of the catalogue and of the questionnaires. Deterministic (seeded), and reused when
the database already holds the requested scale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from ..models import (
    AnswerOption,
    AnswerScale,
    AnswerType,
    Indicator,
    Municipality,
    Question,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireSection,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Source,
    Verification,
    fingerprint,
)

BENCH_PREFIX = "bq"  # question codes bq1..bqN, set codes bs1..bsN: never clash with real ones


@dataclass(frozen=True)
class Scale:
    name: str
    questions: int
    sets: int
    questionnaires: int
    min_items: int = 50
    max_items: int = 500
    big_set_items: int = 60  # a few sets are this big, to compare set pages at 10x sizes


SCALES = {
    "full": Scale("full", questions=10_000, sets=2_000, questionnaires=3_000),
    "quick": Scale("quick", questions=1_000, sets=200, questionnaires=300),
}

WORDS = (
    "vertrouwen buurt gemeente politie veiligheid spanningen groepen samenleving cohesie "
    "onbehagen ongenoegen toekomst overlast respect discriminatie jongeren ouderen religie "
    "participatie vrijwilligerswerk demonstratie democratie regering rechtspraak media "
    "leefbaarheid woonomgeving contact buren sociale steun eenzaamheid inkomen werk"
).split()

LIKERT = ["Helemaal mee eens", "Mee eens", "Neutraal", "Mee oneens", "Helemaal mee oneens"]


def is_generated(scale: Scale) -> bool:
    return (
        Question.objects.filter(code__startswith=BENCH_PREFIX).count() >= scale.questions
        and Questionnaire.objects.filter(title__startswith="Bench ").count() >= scale.questionnaires
    )


@transaction.atomic
def generate(scale: Scale, *, seed: int = 20261128) -> dict[str, int]:
    rng = random.Random(seed)
    scales = _scales()
    sources = list(Source.objects.all()) or [
        Source.objects.create(code="bench-bron", instrument="Benchmonitor", edition="2025")
    ]
    indicators = list(Indicator.objects.filter(kind=Indicator.Kind.SURVEY))
    versions = _questions(scale, rng, scales, sources)
    _sets(scale, rng, versions, indicators)
    _questionnaires(scale, rng, versions)
    return {
        "questions": Question.objects.count(),
        "sets": QuestionSet.objects.count(),
        "questionnaires": Questionnaire.objects.count(),
        "questionnaire items": QuestionnaireItem.objects.count(),
    }


def _scales() -> list[AnswerScale]:
    made = []
    for n in range(1, 11):
        scale, created = AnswerScale.objects.get_or_create(
            code=f"bench{n}", defaults={"name": f"Benchschaal {n}"}
        )
        if created:
            labels = LIKERT[: 2 + n % 4] + ["Weet niet"]
            AnswerOption.objects.bulk_create(
                AnswerOption(
                    scale=scale,
                    position=i,
                    code=99 if label == "Weet niet" else i,
                    label_nl=label,
                    is_missing=label == "Weet niet",
                )
                for i, label in enumerate(labels, start=1)
            )
        made.append(scale)
    return made


def _sentence(rng: random.Random, n: int) -> str:
    words = rng.sample(WORDS, k=min(n, len(WORDS)))
    return "In hoeverre " + " ".join(words) + f" (vraag {rng.randint(1, 10**6)})?"


def _questions(scale: Scale, rng, scales, sources) -> list[QuestionVersion]:
    existing = {
        v.question.code: v
        for v in QuestionVersion.objects.filter(
            question__code__startswith=BENCH_PREFIX
        ).select_related("question")
    }
    options = {s.pk: [(o.code, o.label_nl) for o in s.options.all()] for s in scales}
    new_questions = [
        Question(code=f"{BENCH_PREFIX}{n}")
        for n in range(1, scale.questions + 1)
        if f"{BENCH_PREFIX}{n}" not in existing
    ]
    Question.objects.bulk_create(new_questions, batch_size=2000)
    new_versions = []
    for question in new_questions:
        answer_type = rng.choice([AnswerType.SINGLE] * 8 + [AnswerType.NUMERIC, AnswerType.TEXT])
        chosen = rng.choice(scales) if answer_type == AnswerType.SINGLE else None
        wording = _sentence(rng, rng.randint(5, 12))
        new_versions.append(
            QuestionVersion(
                question=question,
                number=1,
                wording_nl=wording,
                answer_type=answer_type,
                scale=chosen,
                source=rng.choice(sources),
                verification=rng.choice(list(Verification.values)),
                fingerprint=fingerprint(
                    wording=wording,
                    instruction="",
                    answer_type=answer_type,
                    options=options[chosen.pk] if chosen else [],
                ),
            )
        )
    QuestionVersion.objects.bulk_create(new_versions, batch_size=2000)
    return list(existing.values()) + new_versions


def _sets(scale: Scale, rng, versions, indicators) -> None:
    if QuestionSet.objects.filter(code__startswith="bs").count() >= scale.sets:
        return
    sets = QuestionSet.objects.bulk_create(
        [
            QuestionSet(
                code=f"bs{n}",
                name_nl=f"Benchset {n}: {' '.join(rng.sample(WORDS, 3))}",
                status=QuestionSet.Status.PUBLISHED,
                indivisible=n % 3 == 0,
                order_locked=n % 3 == 0,
            )
            for n in range(1, scale.sets + 1)
        ],
        batch_size=2000,
    )
    per_set = len(versions) // len(sets)
    items, links = [], []
    through = QuestionSet.indicators.through
    for i, qset in enumerate(sets):
        size = scale.big_set_items if i < 5 else per_set
        chunk = versions[i * per_set : i * per_set + size]
        items += [
            QuestionSetItem(question_set=qset, position=p, question_version=v)
            for p, v in enumerate(chunk, start=1)
        ]
        if indicators:
            links.append(through(questionset=qset, indicator=indicators[i % len(indicators)]))
    QuestionSetItem.objects.bulk_create(items, batch_size=5000, ignore_conflicts=True)
    through.objects.bulk_create(links, batch_size=5000)


def _questionnaires(scale: Scale, rng, versions) -> None:
    done = Questionnaire.objects.filter(title__startswith="Bench ").count()
    municipalities = list(Municipality.objects.all())
    if not municipalities:
        raise RuntimeError("Load the municipalities first (seed_demo --catalogue-only).")
    for n in range(done + 1, scale.questionnaires + 1):
        # One questionnaire of exactly max and one of exactly min items, for 10x comparisons.
        size = {1: scale.max_items, 2: scale.min_items}.get(n) or rng.randint(
            scale.min_items, scale.max_items
        )
        _questionnaire(n, size, rng.choice(municipalities), rng.sample(versions, size))


def _questionnaire(n: int, size: int, municipality, chosen) -> None:
    questionnaire = Questionnaire.objects.create(
        municipality=municipality, title=f"Bench {n}", year=2025 + n % 3
    )
    sections = QuestionnaireSection.objects.bulk_create(
        QuestionnaireSection(questionnaire=questionnaire, position=p, title=f"Onderdeel {p}")
        for p in range(1, size // 25 + 2)
    )
    QuestionnaireItem.objects.bulk_create(
        [
            QuestionnaireItem(
                questionnaire=questionnaire,
                section=sections[p // 25],
                position=p,
                kind=QuestionnaireItem.Kind.NATIONAL,
                code=version.question.code,
                question_version=version,
            )
            for p, version in enumerate(chosen)
        ],
        batch_size=1000,
    )
