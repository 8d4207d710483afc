"""Idempotent loaders for the national catalogue fixture and the municipalities.

Each loader upserts by natural key (Source.code, Concept.code, Indicator.code,
AnswerScale.code, Question.code, QuestionSet.code, Municipality.code) in one transaction,
with one read query per table and bulk writes, so a second run with the same input
writes nothing and stays fast.

The fixture is authoritative for the national rows it names; rows it does not name
(a curator's own concepts, definitions or relations) are left alone. Published question
versions are never edited: a changed wording becomes a new version through
`question_version_publish` with the reason CHANGE_REASON, and an answer scale that is in
use is never given other options.

fixtures/catalogue.json is the source of truth for the national catalogue: nothing generates
it, and it changes only through curation (the Excel round trip and the admin). It was first
converted once from the domain reference (catalogue-reference.md); each question's
`reference_item`, note and verification note still say where its wording came from.

Catalogue format (JSON object, keys in this order; every list in a stable order)
-------------------------------------------------------------------------------
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
    `indicator` and `reference_item` are informational and not stored.
question_sets: [{code, name_nl, name_en, description, intro_nl, intro_en, indivisible,
                 order_locked, status, source, indicators: [indicator codes],
                 items: [question codes, in order]}]
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    AnswerOption,
    AnswerScale,
    Concept,
    ConceptRelation,
    Definition,
    ImmutableError,
    Indicator,
    Question,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
    ScoringItem,
    ScoringRule,
    Source,
    code_validator,
    fingerprint,
)
from . import audit
from .services import question_version_publish

CATALOGUE_FORMAT = "monitor-catalogue/1"
CHANGE_REASON = "Catalogusfixture bijgewerkt"
VERSION_CONTENT = (
    "wording_nl",
    "wording_en",
    "instruction_nl",
    "instruction_en",
    "answer_type",
    "scale_id",
    "source_id",
    "source_reference",
    "source_variable",
)
VERIFICATION_FIELDS = ("verification", "verification_note")


def _upsert(model, rows: list[dict], key: str, existing: dict) -> tuple[int, int]:
    """Create missing rows and update changed fields of existing ones; returns (created, updated).

    `existing` maps key -> instance and is completed with the new instances.
    """
    fields = [f for f in rows[0] if f != key] if rows else []
    stamped = any(f.name == "updated_at" for f in model._meta.get_fields())
    to_create, to_update = [], []
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            obj = model(**row)
            existing[row[key]] = obj
            to_create.append(obj)
            continue
        changed = [f for f in fields if getattr(obj, f) != row[f]]
        for field in changed:
            setattr(obj, field, row[field])
        if changed:
            to_update.append(obj)
    model.objects.bulk_create(to_create)
    if to_update:
        if stamped:
            now = timezone.now()
            for obj in to_update:
                obj.updated_at = now
        model.objects.bulk_update(to_update, fields + (["updated_at"] if stamped else []))
    return len(to_create), len(to_update)


def _by(model, attr: str = "code", **filters) -> dict:
    return {getattr(obj, attr): obj for obj in model.objects.filter(**filters)}


def _check_codes(kind: str, codes) -> None:
    for code in codes:
        code_validator(code)
    if len(set(codes)) != len(codes):
        raise ImmutableError(_("Dubbele %(kind)s-codes in de catalogus."), params={"kind": kind})


@transaction.atomic
def load_catalogue(data: dict) -> dict[str, int]:
    """Upsert the catalogue fixture (format in the module docstring).

    Returns created/updated counts per kind, e.g. {"questions_created": 139, ...}. Every
    change lands in the audit trail without a user ("systeem").
    """
    with audit.batch(audit.CATALOGUE_MODELS, user=None, via=audit.Via.SEED):
        return _load_catalogue(data)


def _load_catalogue(data: dict) -> dict[str, int]:
    if data.get("format") != CATALOGUE_FORMAT:
        raise ValueError(f"unsupported catalogue format {data.get('format')!r}")
    _check_codes("vraag", [q["code"] for q in data["questions"]])
    _check_codes("schaal", [s["code"] for s in data["scales"]])
    _check_codes("vragenset", [s["code"] for s in data["question_sets"]])
    counts: dict[str, int] = {}

    def record(kind: str, result: tuple[int, int]) -> None:
        counts[f"{kind}_created"], counts[f"{kind}_updated"] = result

    sources = _by(Source)
    record("sources", _upsert(Source, [dict(s) for s in data["sources"]], "code", sources))

    concepts = _by(Concept)
    concept_rows = [
        {k: v for k, v in c.items() if k not in ("definitions", "relations")}
        for c in data["concepts"]
    ]
    record("concepts", _upsert(Concept, concept_rows, "code", concepts))
    record("definitions", _load_definitions(data["concepts"], concepts, sources))
    record("relations", _load_relations(data["concepts"], concepts))

    indicators = _by(Indicator)
    indicator_rows = [
        {**{k: v for k, v in i.items() if k != "concept"}, "concept_id": concepts[i["concept"]].pk}
        for i in data["indicators"]
    ]
    record("indicators", _upsert(Indicator, indicator_rows, "code", indicators))

    scales, options = _load_scales(data["scales"], counts)
    latest = _load_questions(data["questions"], concepts, scales, options, sources, counts)
    _load_sets(data["question_sets"], sources, indicators, latest, counts)
    _load_scoring_rules(data.get("scoring_rules", []), indicators, counts)
    return counts


RULE_FIELDS = (
    "kind",
    "categories",
    "min_matches",
    "min_valid",
    "aggregate",
    "target_min",
    "target_max",
    "note",
)


def _load_scoring_rules(raw_rules, indicators, counts) -> None:
    """Upsert rules keyed by (indicator, variant); a rule's items are replaced when they
    differ (the rule's signature then changes, so older national figures stop matching)."""
    existing = {(r.indicator_id, r.variant): r for r in ScoringRule.objects.all()}
    keyed = {
        (indicators[r["indicator"]].pk, r["variant"]): {
            "indicator_id": indicators[r["indicator"]].pk,
            "variant": r["variant"],
            **{f: r[f] for f in RULE_FIELDS},
        }
        for r in raw_rules
    }
    for row in keyed.values():
        ScoringRule(**row).clean()
    counts["scoring_rules_created"], counts["scoring_rules_updated"] = _upsert_keyed(
        ScoringRule, keyed, existing
    )
    rules = {(r.indicator_id, r.variant): r for r in ScoringRule.objects.all()}
    questions = _by(Question)
    current = {}
    for item in ScoringItem.objects.order_by("position").select_related("question"):
        current.setdefault(item.rule_id, []).append(
            (item.question.code, item.reversed, item.recode)
        )
    for raw in raw_rules:
        rule = rules[(indicators[raw["indicator"]].pk, raw["variant"])]
        wanted = [(i["question"], i["reversed"], i["recode"]) for i in raw["items"]]
        if current.get(rule.pk, []) != wanted:
            ScoringItem.objects.filter(rule=rule).delete()
            ScoringItem.objects.bulk_create(
                ScoringItem(
                    rule=rule, question=questions[code], position=n, reversed=rev, recode=rec
                )
                for n, (code, rev, rec) in enumerate(wanted)
            )


def _load_definitions(raw_concepts, concepts, sources) -> tuple[int, int]:
    existing = {
        (d.concept_id, d.position): d
        for d in Definition.objects.filter(concept__in=[concepts[c["code"]] for c in raw_concepts])
    }
    keyed = {
        (concepts[c["code"]].pk, position): {
            "concept_id": concepts[c["code"]].pk,
            "position": position,
            "text": d["text"],
            "source_id": sources[d["source"]].pk if d["source"] else None,
            "source_note": d["source_note"],
            "is_verbatim": d["is_verbatim"],
        }
        for c in raw_concepts
        for position, d in enumerate(c["definitions"])
    }
    return _upsert_keyed(Definition, keyed, existing)


def _load_relations(raw_concepts, concepts) -> tuple[int, int]:
    existing = {(r.source_id, r.target_id, r.kind): r for r in ConceptRelation.objects.all()}
    keyed = {}
    for c in raw_concepts:
        for r in c["relations"]:
            source, target = concepts[c["code"]].pk, concepts[r["target"]].pk
            keyed[(source, target, r["kind"])] = {
                "source_id": source,
                "target_id": target,
                "kind": r["kind"],
                "note": r["note"],
            }
    return _upsert_keyed(ConceptRelation, keyed, existing)


def _upsert_keyed(model, keyed: dict, existing: dict) -> tuple[int, int]:
    """Like _upsert, for rows whose natural key spans several columns ({key: row})."""
    to_create, to_update = [], []
    for key, row in keyed.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = [f for f in row if getattr(obj, f) != row[f]]
        for field in changed:
            setattr(obj, field, row[field])
        if changed:
            obj.updated_at = timezone.now()
            to_update.append(obj)
    model.objects.bulk_create(to_create)
    if to_update:
        fields = sorted({f for row in keyed.values() for f in row} | {"updated_at"})
        model.objects.bulk_update(to_update, fields)
    return len(to_create), len(to_update)


def _load_scales(raw_scales, counts) -> tuple[dict, dict]:
    scales = _by(AnswerScale)
    rows = [{k: v for k, v in s.items() if k != "options"} for s in raw_scales]
    counts["scales_created"], counts["scales_updated"] = _upsert(AnswerScale, rows, "code", scales)
    options: dict[int, list[AnswerOption]] = {}
    for option in AnswerOption.objects.filter(scale__in=scales.values()).order_by("position"):
        options.setdefault(option.scale_id, []).append(option)
    wanted, changed = {}, []
    for raw in raw_scales:
        scale = scales[raw["code"]]
        wanted[scale.pk] = [
            AnswerOption(scale=scale, position=position, **option)
            for position, option in enumerate(raw["options"], start=1)
        ]
        if _option_rows(options.get(scale.pk, [])) != _option_rows(wanted[scale.pk]):
            changed.append(scale)
    if changed:
        in_use = set(
            QuestionVersion.objects.filter(scale__in=changed).values_list("scale__code", flat=True)
        )
        if in_use:
            raise ImmutableError(
                _(
                    "Schaal %(codes)s wordt gebruikt door een gepubliceerde vraagversie en heeft "
                    "in de catalogusfixture andere antwoordopties; geef de nieuwe schaal een "
                    "eigen code."
                ),
                code="scale_frozen",
                params={"codes": ", ".join(sorted(in_use))},
            )
        AnswerOption.objects.filter(scale__in=changed).delete()
        new_options = [option for scale in changed for option in wanted[scale.pk]]
        AnswerOption.objects.bulk_create(new_options)
        for scale in changed:
            options[scale.pk] = wanted[scale.pk]
    counts["scale_options_replaced"] = len(changed)
    return scales, options


def _option_rows(options) -> list[tuple]:
    return [(o.position, o.code, o.label_nl, o.label_en, o.is_missing) for o in options]


def _load_questions(raw_questions, concepts, scales, options, sources, counts) -> dict:
    """Upsert questions and their current version; returns {question code: latest version}."""
    questions = _by(Question)
    rows = [
        {"code": q["code"], "concept_id": concepts[q["concept"]].pk, "note": q["note"]}
        for q in raw_questions
    ]
    counts["questions_created"], counts["questions_updated"] = _upsert(
        Question, rows, "code", questions
    )
    latest: dict[int, QuestionVersion] = {}
    for version in QuestionVersion.objects.filter(
        question__in=[questions[q["code"]] for q in raw_questions]
    ).order_by("number"):
        latest[version.question_id] = version
    new_versions, republish, reverify = [], [], []
    for raw in raw_questions:
        question = questions[raw["code"]]
        data = _version_data(raw["version"], scales, sources)
        current = latest.get(question.pk)
        if current is None:
            version = QuestionVersion(question=question, number=1, **data)
            version.clean()
            version.fingerprint = fingerprint(
                wording=version.wording_nl,
                instruction=version.instruction_nl,
                answer_type=version.answer_type,
                options=[(o.code, o.label_nl) for o in options.get(version.scale_id, [])],
            )
            new_versions.append(version)
        elif any(getattr(current, f) != data[f] for f in VERSION_CONTENT):
            republish.append((question, data))
        elif any(getattr(current, f) != data[f] for f in VERIFICATION_FIELDS):
            for field in VERIFICATION_FIELDS:
                setattr(current, field, data[field])
            reverify.append(current)
    QuestionVersion.objects.bulk_create(new_versions)
    for version in new_versions:
        latest[version.question_id] = version
    if reverify:
        QuestionVersion.objects.bulk_update(reverify, list(VERIFICATION_FIELDS))
    scales_by_pk = {s.pk: s for s in scales.values()}
    sources_by_pk = {s.pk: s for s in sources.values()}
    for question, data in republish:
        service_data = {k.removesuffix("_id"): v for k, v in data.items()}
        service_data["scale"] = scales_by_pk.get(data["scale_id"])
        service_data["source"] = sources_by_pk[data["source_id"]]
        # The fixture is curated: its verification describes the wording it gives.
        version, _created = question_version_publish(
            question=question,
            data=service_data,
            change_reason=CHANGE_REASON,
            verification_checked=True,
        )
        latest[question.pk] = version
    counts["versions_created"] = len(new_versions) + len(republish)
    counts["versions_reverified"] = len(reverify)
    return {code: latest[q.pk] for code, q in questions.items() if q.pk in latest}


def _version_data(raw: dict, scales: dict, sources: dict) -> dict:
    data = {k: v for k, v in raw.items() if k not in ("scale", "source")}
    data["scale_id"] = scales[raw["scale"]].pk if raw["scale"] else None
    data["source_id"] = sources[raw["source"]].pk
    return data


def _load_sets(raw_sets, sources, indicators, latest, counts) -> None:
    sets = _by(QuestionSet)
    rows = [
        {
            **{k: v for k, v in s.items() if k not in ("source", "indicators", "items")},
            "source_id": sources[s["source"]].pk if s["source"] else None,
        }
        for s in raw_sets
    ]
    counts["sets_created"], counts["sets_updated"] = _upsert(QuestionSet, rows, "code", sets)
    ours = [sets[s["code"]] for s in raw_sets]

    items: dict[int, list[tuple[int, int]]] = {}
    for item in QuestionSetItem.objects.filter(question_set__in=ours).order_by("position"):
        items.setdefault(item.question_set_id, []).append((item.position, item.question_version_id))
    stale, new_items = [], []
    for raw in raw_sets:
        qset = sets[raw["code"]]
        wanted = [(pos, latest[code].pk) for pos, code in enumerate(raw["items"], start=1)]
        if items.get(qset.pk, []) != wanted:
            stale.append(qset)
            new_items += [
                QuestionSetItem(question_set=qset, position=pos, question_version_id=version_id)
                for pos, version_id in wanted
            ]
    if stale:
        QuestionSetItem.objects.filter(question_set__in=stale).delete()
        QuestionSetItem.objects.bulk_create(new_items)
    counts["sets_reordered"] = len(stale)

    through = QuestionSet.indicators.through
    have = set(
        through.objects.filter(questionset__in=ours).values_list("questionset_id", "indicator_id")
    )
    want = {
        (sets[raw["code"]].pk, indicators[code].pk)
        for raw in raw_sets
        for code in raw["indicators"]
    }
    if have - want:
        extra = models.Q()
        for set_id, indicator_id in have - want:
            extra |= models.Q(questionset_id=set_id, indicator_id=indicator_id)
        through.objects.filter(extra).delete()
    through.objects.bulk_create(
        through(questionset_id=set_id, indicator_id=indicator_id)
        for set_id, indicator_id in sorted(want - have)
    )
    counts["set_indicator_links_changed"] = len(have ^ want)


# --------------------------------------------------------------------------- national figures
