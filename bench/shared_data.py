"""Shared local questions for the bench: the search page's group beside the national
questions (questionsets/shelf) runs on every search without facet filters.

Added to a bench database on its own, when it has none yet, so a database generated
before shared questions existed is topped up rather than generated anew. Deterministic:
1,000 shared questions of 300 municipalities, every fourth with a second version, every
twentieth withdrawn, their wordings made of the bench vocabulary (generate.WORDS).
"""

from __future__ import annotations

import random

from django.db import transaction

from questionsets.models import (
    AnswerType,
    Municipality,
    SharedQuestion,
    SharedQuestionVersion,
)

from .generate import WORDS

SHARED_QUESTIONS = 1_000
RATIONALE = "Bench: eigen vraag van de gemeente, gedeeld voor {}."


def has_shared_questions() -> bool:
    return SharedQuestionVersion.objects.filter(rationale__startswith="Bench: ").exists()


@transaction.atomic
def generate_shared(seed: int = 20261206) -> int:
    rng = random.Random(seed)
    municipalities = list(Municipality.objects.order_by("code")[:300])
    withdrawn, active = SharedQuestion.Status.WITHDRAWN, SharedQuestion.Status.ACTIVE
    questions = SharedQuestion.objects.bulk_create(
        SharedQuestion(
            municipality=municipalities[n % len(municipalities)],
            status=withdrawn if n % 20 == 19 else active,
        )
        for n in range(SHARED_QUESTIONS)
    )
    versions = []
    for n, question in enumerate(questions):
        for number in range(1, 3 if n % 4 == 0 else 2):
            words = rng.sample(WORDS, k=rng.randint(4, 9))
            versions.append(
                SharedQuestionVersion(
                    shared_question=question,
                    number=number,
                    wording=f"Hoe kijkt u aan tegen {' '.join(words)} in uw wijk?",
                    instruction="Kies één antwoord." if n % 3 == 0 else "",
                    answer_type=AnswerType.SINGLE if n % 5 else AnswerType.NUMERIC,
                    rationale=RATIONALE.format(rng.choice(WORDS)),
                    fingerprint=f"bench-shared-{n}-{number}",
                )
            )
    SharedQuestionVersion.objects.bulk_create(versions, batch_size=1000)
    return len(versions)
