"""Questionnaires built from national sets, as municipalities build them: the builder's
figures of "Bench 1" time 500 loose national questions, with no basket sets at all.

"Bench sets" (about 500 items) and "Bench sets small" (about 50) belong to the
municipality of "Bench 1" and are made by the product's own services
(questionnaire_create, then questionnaire_add_set once per set), so their sections,
positions, `from_set` and basket rows are exactly what a user's clicks give. Added to a
bench database on their own, once, so an existing data set is topped up rather than
generated anew. Deterministic: the sets are drawn with a seeded rng among the published
sets of at least 5 items; a set sharing a question with the questionnaire, or one the
service refuses, is skipped, so every set is in whole, in its own section.
"""

from __future__ import annotations

import random
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from questionsets.models import Questionnaire, QuestionSet, QuestionSetItem
from questionsets.questionnaires import services

SET_QUESTIONNAIRES = {"Bench sets": 500, "Bench sets small": 50}  # title: items at least
MIN_SET_ITEMS = 5


def has_set_questionnaires(sizes: dict[str, int] = SET_QUESTIONNAIRES) -> bool:
    return Questionnaire.objects.filter(title__in=sizes).count() == len(sizes)


@transaction.atomic
def generate_set_questionnaires(
    *, seed: int = 20261206, sizes: dict[str, int] = SET_QUESTIONNAIRES
) -> dict[str, int]:
    """The missing questionnaires of `sizes`, each filled with whole sets until it holds
    at least its number of items; returns the item count of each one made."""
    owner = Questionnaire.objects.get(title="Bench 1").municipality
    sets = list(
        QuestionSet.objects.filter(status=QuestionSet.Status.PUBLISHED)
        .annotate(size=Count("items"))
        .filter(size__gte=MIN_SET_ITEMS)
        .order_by("code")
    )
    members = _question_codes(sets)
    rng = random.Random(seed)
    made = {}
    for title, target in sizes.items():
        drawn = rng.sample(sets, k=len(sets))  # drawn for every title: the same data per seed
        if Questionnaire.objects.filter(title=title).exists():
            continue
        questionnaire = services.questionnaire_create(municipality=owner, title=title, year=2025)
        made[title] = _fill(questionnaire, drawn, members, target)
    return made


def _question_codes(sets: list[QuestionSet]) -> dict[int, set[str]]:
    members = defaultdict(set)
    rows = QuestionSetItem.objects.filter(question_set__in=sets).values_list(
        "question_set_id", "question_version__question__code"
    )
    for set_id, code in rows.iterator(chunk_size=5000):
        members[set_id].add(code)
    return members


def _fill(questionnaire: Questionnaire, sets, members, target: int) -> int:
    present: set[str] = set()
    for question_set in sets:
        if len(present) >= target:
            break
        codes = members[question_set.pk]
        if codes & present:
            continue
        try:
            with transaction.atomic():
                section, _skipped = services.questionnaire_add_set(
                    questionnaire=questionnaire,
                    question_set=question_set,
                    expected_version=questionnaire.lock_version,
                )
        except ValidationError:
            questionnaire.refresh_from_db(fields=["lock_version"])
            continue
        present |= codes - set(section.retired_codes)
    return len(present)
