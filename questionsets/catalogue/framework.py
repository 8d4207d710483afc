"""The conceptual framework as a document: the "Begrippenkader maatschappelijke onrust" PDF
and the one-page summary per concept, both from the same templates.

The PDF is generated from the catalogue and cached in the Django cache (a database table,
shared by every app server) under a fingerprint of the catalogue content it shows: any
change to a concept, definition, relation, indicator, scoring rule, public set or source
gives a new key and so a new rendering; without a change every download reuses the stored
bytes. Nothing is kept in one process's memory or on its disk.

The catalogue version printed on every page is `<date of the latest change>-<first eight
hex digits of the fingerprint>`: the date tells a reader how current it is, the fingerprint
tells two documents of the same day apart.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cache as cache_in_process
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..models import Concept, ConceptRelation, Definition, Indicator, QuestionSet, Source
from .scoring import ScoringRule
from .selectors import MAP_COLUMNS, public_sets

LANGUAGES = ("nl", "en")
STYLESHEET = "css/framework.css"
TEMPLATES = Path(__file__).resolve().parent / "templates" / "questionsets" / "framework"


@cache_in_process
def code_version() -> str:
    """A hash of the document's templates and stylesheet, part of the fingerprint: a
    deployment that changes how the PDF looks never serves one rendered by older code.
    (The same files give the same hash in every process, so keeping it is safe.)"""
    files = sorted(TEMPLATES.glob("*.html")) + [Path(finders.find(STYLESHEET))]
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()


@dataclass
class Framework:
    concepts: list[Concept]
    groups: list[tuple[str, list[Concept]]]
    sources: list[Source]
    fingerprint: str
    changed: date
    relation_count: int = 0

    @property
    def version(self) -> str:
        return f"{self.changed:%Y-%m-%d}-{self.fingerprint[:8]}"


def read_framework() -> Framework:
    """Queries: 1 concepts, 2 definitions+source, 3 relations, 4 indicators, 5 scoring
    rules+indicator, 6 their items+question, 7 public sets+source, 8 their indicators,
    9 the sources (all of them: the list at the end names those in use)."""
    concepts = list(Concept.objects.order_by("code"))
    by_id = {c.pk: c for c in concepts}
    for concept in concepts:
        concept.definition_list, concept.outgoing, concept.incoming = [], [], []
        concept.indicator_list = []
    definitions = list(Definition.objects.select_related("source").order_by("position", "pk"))
    for definition in definitions:
        by_id[definition.concept_id].definition_list.append(definition)
    relations = list(ConceptRelation.objects.order_by("kind", "pk"))
    for relation in relations:
        relation.source, relation.target = by_id[relation.source_id], by_id[relation.target_id]
        relation.source.outgoing.append(relation)
        relation.target.incoming.append(relation)
    indicators = _indicators(by_id)
    sets = list(public_sets().select_related("source").prefetch_related("indicators"))
    for qset in sorted(sets, key=lambda s: s.code):
        for indicator in qset.indicators.all():
            if indicator.pk in indicators:
                indicators[indicator.pk].set_list.append(qset)
    sources = _sources_in_use(definitions, sets)
    rows = [*concepts, *definitions, *relations, *indicators.values(), *sets, *sources]
    rows += [rule for i in indicators.values() for rule in i.rules]
    return Framework(
        concepts=concepts,
        groups=_groups(concepts),
        sources=sources,
        fingerprint=fingerprint(concepts, definitions, relations, indicators, sets, sources),
        changed=max((r.updated_at for r in rows), default=timezone.now()).date(),
        relation_count=len(relations),
    )


def _indicators(by_id: dict[int, Concept]) -> dict[int, Indicator]:
    indicators = {i.pk: i for i in Indicator.objects.order_by("code")}
    for indicator in indicators.values():
        indicator.rules, indicator.set_list = [], []
        by_id[indicator.concept_id].indicator_list.append(indicator)
    for rule in ScoringRule.objects.with_items().order_by("variant"):
        indicators[rule.indicator_id].rules.append(rule)
    return indicators


def _groups(concepts: list[Concept]) -> list[tuple[str, list[Concept]]]:
    labels = dict(Concept.Domain.choices)
    return [(labels[d], [c for c in concepts if c.domain == d]) for d in MAP_COLUMNS]


def _sources_in_use(definitions: list[Definition], sets: list[QuestionSet]) -> list[Source]:
    used = {d.source_id for d in definitions} | {s.source_id for s in sets}
    return [s for s in Source.objects.order_by("instrument", "edition") if s.pk in used]


def fingerprint(concepts, definitions, relations, indicators, sets, sources) -> str:
    """SHA-256 of the content the document shows (not of timestamps), so an edit, an
    addition and a deletion each change it and an unchanged catalogue keeps it."""
    content = {
        "code": code_version(),
        "concepts": [
            [c.code, c.slug, c.name_nl, c.name_en, c.description, c.domain, c.framing, c.scope]
            for c in concepts
        ],
        "definitions": [
            [d.concept_id, d.position, d.text, d.source_id, d.source_note, d.is_verbatim]
            for d in definitions
        ],
        "relations": [[r.source_id, r.target_id, r.kind, r.note] for r in relations],
        "indicators": [
            [i.code, i.concept_id, i.name_nl, i.name_en, i.kind, i.computation, i.note]
            + [[r.variant, r.signature()] for r in i.rules]
            for i in indicators.values()
        ],
        "sets": [
            [s.code, s.name_nl, s.name_en, s.status, s.source_id]
            + sorted(i.pk for i in s.indicators.all())
            for s in sorted(sets, key=lambda s: s.code)
        ],
        "sources": [
            [s.pk, s.code, s.instrument, s.publisher, s.edition, s.year, s.url] for s in sources
        ],
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


# --------------------------------------------------------------------------- rendering


def framework_context(framework: Framework, language: str) -> dict:
    return {
        "framework": framework,
        "language": language,
        "generated": timezone.localtime(),
    }


def render_pdf(template: str, context: dict, language: str) -> bytes:
    """HTML from `template` in `language`, laid out as PDF by WeasyPrint."""
    from weasyprint import CSS, HTML  # imported here: loading pango takes a moment

    with translation.override(language):
        html = render_to_string(template, {**context, "pdf": True})
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    return HTML(string=html, base_url=str(finders.find(STYLESHEET))).write_pdf(
        stylesheets=[stylesheet]
    )


def framework_pdf(language: str) -> tuple[bytes, Framework]:
    """The whole framework as PDF in `language`, rendered once per catalogue version."""
    framework = read_framework()
    key = f"framework-pdf:{language}:{framework.fingerprint}"
    pdf = cache.get(key)
    if pdf is None:
        context = framework_context(framework, language)
        pdf = render_pdf("questionsets/framework/document.html", context, language)
        cache.set(key, pdf, timeout=None)
    return pdf, framework


def concept_summary_pdf(language: str, slug: str) -> tuple[bytes, Framework, Concept]:
    """One concept on one page, from the template the framework PDF uses per concept."""
    framework = read_framework()
    concept = concept_in(framework, slug)
    key = f"framework-summary:{language}:{slug}:{framework.fingerprint}"
    pdf = cache.get(key)
    if pdf is None:
        context = {**framework_context(framework, language), "concept": concept}
        context["summary_pdf"] = True
        pdf = render_pdf("questionsets/framework/summary.html", context, language)
        cache.set(key, pdf, timeout=None)
    return pdf, framework, concept


def concept_in(framework: Framework, slug: str) -> Concept:
    for concept in framework.concepts:
        if concept.slug == slug:
            return concept
    raise Http404("Geen begrip met deze naam.")


def download_name(stem: str, framework: Framework, language: str) -> str:
    return f"{stem}-{language}-{framework.version}.pdf"
