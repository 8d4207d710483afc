"""Seed data beside the catalogue: the 342 municipalities, demo accounts, the example questionnaire and national figures."""

from __future__ import annotations

import csv
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Indicator,
    Membership,
    Municipality,
    NationalFigure,
    Question,
    Questionnaire,
    QuestionSet,
    QuestionVersion,
    ScoringRule,
    Source,
)
from ..questionnaires.services import questionnaire_add_set
from .seeding import _by, _upsert


@transaction.atomic
def load_municipalities(path: Path | str) -> int:
    """Upsert the municipalities CSV (code,name,province,safety_region_code,safety_region_name
    and optionally inhabitants: only a file with that column sets it, an empty cell to unknown).

    Returns the number of municipalities in the file.
    """
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        with_inhabitants = "inhabitants" in (reader.fieldnames or [])
        rows = [_municipality_row(row, with_inhabitants) for row in reader]
    _upsert(Municipality, rows, "code", _by(Municipality))
    return len(rows)


def _municipality_row(row: dict, with_inhabitants: bool) -> dict:
    fields = ("code", "name", "province", "safety_region_code", "safety_region_name")
    result = {name: row[name] for name in fields}
    if with_inhabitants:
        text = (row["inhabitants"] or "").strip()
        result["inhabitants"] = int(text) if text else None
    return result


@transaction.atomic
def load_demo_accounts(accounts: list[dict]) -> int:
    """Create demo users and memberships; existing users only get their demo password back.

    Each account: {username, password, email, is_staff, is_superuser,
    memberships: [(municipality code, Membership.Role)]}. Returns the number of new users.
    """
    user_model = get_user_model()
    users = {
        u.username: u
        for u in user_model.objects.filter(username__in=[a["username"] for a in accounts])
    }
    new, existing = [], []
    for account in accounts:
        user = users.get(account["username"])
        if user is None:
            user = user_model(
                username=account["username"],
                email=account["email"],
                is_staff=account["is_staff"],
                is_superuser=account["is_superuser"],
            )
            users[user.username] = user
            new.append(user)
        else:
            existing.append(user)
        user.set_password(account["password"])
    user_model.objects.bulk_create(new)
    if existing:
        user_model.objects.bulk_update(existing, ["password"])

    codes = {code for a in accounts for code, _role in a["memberships"]}
    municipalities = _by(Municipality, code__in=codes)
    have = set(
        Membership.objects.filter(user__in=users.values()).values_list("user_id", "municipality_id")
    )
    Membership.objects.bulk_create(
        Membership(user=users[a["username"]], municipality=municipalities[code], role=role)
        for a in accounts
        for code, role in a["memberships"]
        if (users[a["username"]].pk, municipalities[code].pk) not in have
    )
    return len(new)


def ensure_example_questionnaire(
    *,
    municipality_code: str,
    title: str,
    year: int,
    description: str,
    created_by_username: str,
    set_codes: tuple[str, ...] = (),
) -> bool:
    """Create the example questionnaire unless it exists; returns whether it was created."""
    municipality = Municipality.objects.get(code=municipality_code)
    if Questionnaire.objects.filter(municipality=municipality, title=title, year=year).exists():
        return False
    questionnaire = Questionnaire.objects.create(
        municipality=municipality,
        title=title,
        year=year,
        description=description,
        created_by=get_user_model().objects.filter(username=created_by_username).first(),
    )
    # Filled once, at creation, through the same service the builder uses; a later run
    # never touches what the demo users changed.
    for qset in QuestionSet.objects.published().filter(code__in=set_codes):
        questionnaire_add_set(
            questionnaire=questionnaire,
            question_set=qset,
            expected_version=questionnaire.lock_version,
        )
    return True


NATIONAL_FIGURES_FORMAT = "monitor-national-figures/1"


FIGURE_FIELDS = (
    "categories",
    "scale_min",
    "scale_max",
    "value",
    "n",
    "standard_error",
    "ci_low",
    "ci_high",
    "note",
    "variant",
    "population",
    "version_fingerprints",
    "rule",
    "rule_signature",
)


# Taken from the row as given; the measured versions, variant and rule are derived below.
VALUE_FIELDS = (
    "categories",
    "scale_min",
    "scale_max",
    "value",
    "n",
    "standard_error",
    "ci_low",
    "ci_high",
)


@transaction.atomic
def load_national_figures(data: dict) -> tuple[int, int]:
    """Upsert national reference figures keyed by (question|indicator, variant, year, source,
    statistic).

    What a figure measured is recorded with it: the question versions (``version_fingerprints``,
    or by default the current version of the figure's question, or of the ``questions`` an
    indicator figure was computed on) and for an indicator the ``rule`` (the variant name of
    one of its scoring rules; only when the source is known to compute it that way) with
    the rule's signature. Returns (created, updated); a second run with the same data writes
    nothing. Unknown codes raise ValueError before anything is written.
    """
    if data.get("format") != NATIONAL_FIGURES_FORMAT:
        raise ValueError(_("onbekend formaat van de landelijke cijfers"))
    raw = data["figures"]
    refs = _figure_refs(raw)
    existing = {
        _figure_key(f.question_id, f.indicator_id, f.variant, f.year, f.source_id, f.statistic): f
        for f in NationalFigure.objects.all()
    }
    to_create, to_update = [], []
    for row in raw:
        figure_refs, values = _figure_values(row, refs)
        key = _figure_key(
            getattr(figure_refs["question"], "pk", None),
            getattr(figure_refs["indicator"], "pk", None),
            values["variant"],
            row["year"],
            figure_refs["source"].pk,
            row["statistic"],
        )
        figure = existing.get(key)
        if figure is None:
            figure = NationalFigure(
                year=row["year"], statistic=row["statistic"], **figure_refs, **values
            )
            figure.full_clean(validate_unique=False, validate_constraints=False)
            to_create.append(figure)
            existing[key] = figure
        elif any(getattr(figure, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(figure, field, value)
            figure.full_clean(validate_unique=False, validate_constraints=False)
            to_update.append(figure)
    NationalFigure.objects.bulk_create(to_create)
    if to_update:
        NationalFigure.objects.bulk_update(to_update, list(FIGURE_FIELDS))
    return len(to_create), len(to_update)


def _figure_refs(raw) -> dict:
    codes = {f["question"] for f in raw if f.get("question")}
    codes |= {c for f in raw for c in f.get("questions", [])}
    return {
        "questions": _by(Question, code__in=codes),
        "indicators": _by(Indicator, code__in={f["indicator"] for f in raw if f.get("indicator")}),
        "sources": _by(Source, code__in={f["source"] for f in raw}),
        "rules": {
            (r.indicator.code, r.variant): r
            for r in ScoringRule.objects.with_items().filter(
                indicator__code__in={f["indicator"] for f in raw if f.get("rule")}
            )
        },
        "current": {
            v.question_id: v.fingerprint
            for v in QuestionVersion.objects.filter(question__code__in=codes).order_by("number")
        },
    }


def _figure_values(row, refs) -> tuple[dict, dict]:
    try:
        figure_refs = {
            "question": refs["questions"][row["question"]] if row.get("question") else None,
            "indicator": refs["indicators"][row["indicator"]] if row.get("indicator") else None,
            "source": refs["sources"][row["source"]],
        }
        rule = refs["rules"][(row["indicator"], row["rule"])] if row.get("rule") else None
        measured = [refs["questions"][c] for c in row.get("questions", [])]
    except KeyError as exc:
        raise ValueError(_("onbekende code %(code)s") % {"code": exc.args[0]}) from None
    if figure_refs["question"] is not None:
        measured = [figure_refs["question"]]
    fingerprints = row.get("version_fingerprints") or sorted(
        refs["current"][q.pk] for q in measured
    )
    values = {
        f: row.get(
            f, [] if f == "categories" else "" if f in ("note", "variant", "population") else None
        )
        for f in FIGURE_FIELDS[:11]
    }
    values["version_fingerprints"] = fingerprints
    values["variant"] = row.get("variant") or (rule.variant if rule else "")
    values["rule"] = rule
    values["rule_signature"] = rule.signature() if rule else ""
    return figure_refs, values


def _figure_key(question_id, indicator_id, variant, year, source_id, statistic) -> tuple:
    return (question_id, indicator_id, variant or "", int(year), source_id, statistic)
