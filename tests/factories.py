"""Dependency-free test data builders (djangoproject checklists/tests/factory.py style).

Every make_* takes keyword overrides and fills the rest with sensible defaults, so a
test names only what it is about.
"""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from questionsets.models import (
    AnswerOption,
    AnswerScale,
    AnswerType,
    Concept,
    Indicator,
    Membership,
    Municipality,
    Question,
    Questionnaire,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    Source,
    Verification,
)

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_source(**kw) -> Source:
    n = _n()
    kw.setdefault("code", f"source-{n}")
    kw.setdefault("instrument", f"Testmonitor {n}")
    kw.setdefault("publisher", "CBS")
    kw.setdefault("edition", "2023")
    kw.setdefault("year", 2023)
    return Source.objects.create(**kw)


def make_concept(**kw) -> Concept:
    n = _n()
    kw.setdefault("code", f"C{n:03d}")
    kw.setdefault("slug", f"begrip-{n}")
    kw.setdefault("name_nl", f"Begrip {n}")
    kw.setdefault("name_en", f"Concept {n}")
    kw.setdefault("domain", Concept.Domain.SOCIAL)
    kw.setdefault("framing", Concept.Framing.POSITIVE)
    return Concept.objects.create(**kw)


def make_indicator(**kw) -> Indicator:
    n = _n()
    if "concept" not in kw:
        kw["concept"] = make_concept()
    kw.setdefault("code", f"{kw['concept'].code}-I{n}")
    kw.setdefault("name_nl", f"Indicator {n}")
    kw.setdefault("computation", "% (helemaal) mee eens")
    return Indicator.objects.create(**kw)


def make_scale(*, labels=("Helemaal mee eens", "Mee eens", "Mee oneens", "Weet niet"), **kw):
    n = _n()
    kw.setdefault("code", f"scale{n}")
    kw.setdefault("name", f"Schaal {n}")
    scale = AnswerScale.objects.create(**kw)
    AnswerOption.objects.bulk_create(
        AnswerOption(
            scale=scale,
            position=i,
            code=i if label != "Weet niet" else 9,
            label_nl=label,
            is_missing=label == "Weet niet",
        )
        for i, label in enumerate(labels, start=1)
    )
    return scale


def make_question(*, version_kw=None, **kw) -> Question:
    """A question with one published version (v1)."""
    n = _n()
    kw.setdefault("code", f"q{n}")
    question = Question.objects.create(**kw)
    make_version(question=question, **(version_kw or {}))
    return question


def make_version(*, question, **kw) -> QuestionVersion:
    kw.setdefault("number", question.versions.count() + 1)
    kw.setdefault("wording_nl", f"Hoe tevreden bent u over {question.code}?")
    kw.setdefault("answer_type", AnswerType.SINGLE)
    if kw["answer_type"] in (AnswerType.SINGLE, AnswerType.MULTIPLE) and "scale" not in kw:
        kw["scale"] = make_scale()
    if "source" not in kw:
        kw["source"] = make_source()
    kw.setdefault("verification", Verification.VERBATIM)
    return QuestionVersion.objects.create(question=question, **kw)


def make_question_set(*, questions=(), indicators=(), **kw) -> QuestionSet:
    n = _n()
    kw.setdefault("code", f"set{n}")
    kw.setdefault("name_nl", f"Vragenset {n}")
    kw.setdefault("status", QuestionSet.Status.PUBLISHED)
    qset = QuestionSet.objects.create(**kw)
    QuestionSetItem.objects.bulk_create(
        QuestionSetItem(question_set=qset, position=i, question_version=q.latest_version())
        for i, q in enumerate(questions, start=1)
    )
    if indicators:
        qset.indicators.set(indicators)
    return qset


def make_municipality(**kw) -> Municipality:
    n = _n()
    kw.setdefault("code", f"GM{9000 + n % 1000:04d}")
    kw.setdefault("name", f"Testgemeente {n}")
    kw.setdefault("province", "Utrecht")
    kw.setdefault("safety_region_code", "VR09")
    kw.setdefault("safety_region_name", "Utrecht")
    return Municipality.objects.create(**kw)


def make_user(*, municipality=None, role=Membership.Role.EDITOR, **kw):
    n = _n()
    kw.setdefault("username", f"user{n}")
    kw.setdefault("email", f"user{n}@example.org")
    user = get_user_model().objects.create_user(password=kw.pop("password", "s3cret-pass"), **kw)
    if municipality is not None:
        Membership.objects.create(user=user, municipality=municipality, role=role)
    return user


def make_questionnaire(**kw) -> Questionnaire:
    n = _n()
    if "municipality" not in kw:
        kw["municipality"] = make_municipality()
    kw.setdefault("title", f"Veiligheidsmonitor lokaal {n}")
    kw.setdefault("year", 2025)
    return Questionnaire.objects.create(**kw)
