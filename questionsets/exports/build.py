"""Build the framework-free export data (:mod:`questionsets.exports`) from the models.

``build_export(questionnaire)`` reads every item from one prefetched queryset
(:func:`export_items_queryset`), so the number of queries does not grow with the number of
items:

* national items carry exactly their published version: wording, instruction, answer type,
  answer codes and labels, version number, fingerprint, source and edition, the intro of the
  set they came from and that set's indicator codes;
* adapted items carry their own wording, ``derived_from`` ("code vN") and the reason they
  are not comparable;
* local items carry their own wording and their local (or catalogue) scale's options,
  missing codes included.

The summary is the builder's comparability summary (item counts per kind, the status of
every indicator, the interview-length estimate against the local time budget).

``catalogue_version`` is ``"<date>/<count>"``: the date of the newest published question
version and the number of published versions. Publishing any version changes it; nothing
else does, because published versions never change or disappear.

``build_reference(questionnaire)`` is what the conformance check compares an upload with:
every item of the questionnaire, local ones too. ``build_catalogue_reference()`` is the
reference without a questionnaire: the latest version of every national question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.utils import timezone, translation

from ..models import (
    Questionnaire,
    QuestionnaireItem,
    QuestionSet,
    QuestionSetItem,
    QuestionVersion,
)
from ..questionnaires import builder, comparability
from . import ExportItem, ExportOption, ExportQuestionnaire
from .base import intro_starts


def dutch(label) -> str:
    """A (lazy) label as the exports write it: always in Dutch."""
    with translation.override("nl"):
        return str(label)


# --------------------------------------------------------------------------- queries


def export_items_queryset(questionnaire: Questionnaire):
    """All items in questionnaire order with everything an export shows.

    Queries: items (joined with version, question, scale, source, section, set, derived
    version), then one prefetch each for national scale options, catalogue scale options,
    local scale options and the sets' indicators (a prefetch with no rows to follow is
    skipped by Django).
    """
    return (
        QuestionnaireItem.objects.filter(questionnaire=questionnaire)
        .select_related(
            "section",
            "question_version__question",
            "question_version__scale",
            "question_version__source",
            "scale",
            "local_scale",
            "derived_from__question",
            "from_set",
            "shared_version__shared_question__municipality",
        )
        .prefetch_related(
            "question_version__scale__options",
            "scale__options",
            "local_scale__options",
            "shared_version__options",
            "from_set__indicators",
        )
        .order_by("section__position", "section_id", "position", "pk")
    )


def catalogue_version() -> str:
    """``YYYY-MM-DD/N``: newest published version's date and the number of versions."""
    stats = QuestionVersion.objects.aggregate(newest=Max("created_at"), count=Count("pk"))
    if not stats["newest"]:
        return "leeg/0"
    return f"{timezone.localdate(stats['newest']).isoformat()}/{stats['count']}"


# --------------------------------------------------------------------------- items


def _options(scale, *, with_en: bool) -> tuple[ExportOption, ...]:
    if scale is None:
        return ()
    return tuple(
        ExportOption(
            code=o.code,
            label_nl=o.label_nl,
            label_en=getattr(o, "label_en", "") if with_en else "",
            is_missing=o.is_missing,
        )
        for o in scale.options.all()
    )


def _intro(item: QuestionnaireItem) -> tuple[str, str]:
    if item.from_set is None:
        return "", ""
    return item.from_set.intro_nl, item.from_set.intro_en


def _indicator_codes(qset: QuestionSet | None) -> tuple[str, ...]:
    if qset is None:
        return ()
    return tuple(sorted(i.code for i in qset.indicators.all()))


def version_item(
    version: QuestionVersion, *, section: str = "", intro: tuple[str, str] = ("", ""), **extra
) -> ExportItem:
    """A national item exactly as its published version has it."""
    return ExportItem(
        code=version.question.code,
        kind="national",
        section=section,
        wording_nl=version.wording_nl,
        wording_en=version.wording_en,
        instruction_nl=version.instruction_nl,
        instruction_en=version.instruction_en,
        intro_nl=intro[0],
        intro_en=intro[1],
        answer_type=version.answer_type,
        scale_code=version.scale.code if version.scale_id else "",
        options=_options(version.scale, with_en=True),
        source=version.source.instrument,
        source_edition=version.source.edition,
        version=version.number,
        fingerprint=version.fingerprint,
        **extra,
    )


def export_item(
    item: QuestionnaireItem, verdicts: Mapping | None = None, states: Mapping | None = None
) -> ExportItem:
    """The item as the writers see it. With the questionnaire's set verdicts and item states
    (:func:`comparability.set_verdicts`, :func:`comparability.states_from`) it also carries
    its comparability state, and a national item that is not comparable says why."""
    section = item.section.title
    indicators = _indicator_codes(item.from_set)
    state, reason = _state(item, verdicts, states)
    if item.is_national:
        return version_item(
            item.question_version,
            section=section,
            intro=_intro(item),
            indicator_codes=indicators,
            comparability=state,
            not_comparable_reason=reason,
        )
    if item.is_shared:
        return _shared_item(item, section=section, indicators=indicators, state=state)
    scale = item.scale or item.local_scale
    derived = item.derived_from
    intro = _intro(item) if derived is not None else ("", "")
    return ExportItem(
        code=item.code,
        kind=item.kind,
        section=section,
        wording_nl=item.wording,
        instruction_nl=item.instruction,
        intro_nl=intro[0],
        intro_en=intro[1],
        answer_type=item.answer_type or "text",
        scale_code=item.scale.code if item.scale_id else "",
        options=_options(scale, with_en=item.scale_id is not None),
        derived_from=f"{derived.question.code} v{derived.number}" if derived else "",
        indicator_codes=indicators,
        not_comparable_reason=item.not_comparable_reason,
        comparability=state,
    )


def shared_origin(item: QuestionnaireItem) -> str:
    """Where a shared item comes from, e.g. ``gedeelde vraag 12 van Utrecht (GM0344) v1``."""
    version = item.shared_version
    municipality = version.shared_question.municipality
    return (
        f"gedeelde vraag {version.shared_question_id} van {municipality.name} "
        f"({municipality.code}) v{version.number}"
    )


def _shared_item(item: QuestionnaireItem, *, section, indicators, state) -> ExportItem:
    """A shared local question used by reference: exactly its shared version, its origin
    in ``derived_from`` (every writer prints it) and its fingerprint."""
    version = item.shared_version
    return ExportItem(
        code=item.code,
        kind=item.kind,
        section=section,
        wording_nl=version.wording,
        instruction_nl=version.instruction,
        answer_type=version.answer_type,
        options=_options(version, with_en=False),
        version=version.number,
        fingerprint=version.fingerprint,
        derived_from=shared_origin(item),
        indicator_codes=indicators,
        comparability=state,
    )


def _state(item: QuestionnaireItem, verdicts, states) -> tuple[str, str]:
    """(Dutch state label, why a national item is not comparable); ("", "") without states."""
    if states is None:
        return "", ""
    state = states[item.pk]
    reason = ""
    if item.is_national and state == comparability.NOT_COMPARABLE:
        reason = "; ".join(dutch(r) for r in verdicts[item.from_set_id].reasons)
    with translation.override("nl"):
        return comparability.state_label(item, state), reason


# --------------------------------------------------------------------------- summary


NATIONAL_NOT_COMPARABLE = "Landelijk, niet vergelijkbaar (set onderbroken of onvolledig)"


def _summary(questionnaire: Questionnaire, items, basket, verdicts, states) -> dict[str, object]:
    """The builder's comparability summary as label -> value (Dutch, like the exports)."""
    statuses = {set_id: (v.status, v.reasons) for set_id, v in verdicts.items()}
    counts = {kind: 0 for kind in QuestionnaireItem.Kind.values}
    national = {state: 0 for state in comparability.ITEM_STATE_LABELS}
    for item in items:
        counts[item.kind] += 1
        if item.is_national:
            national[states[item.pk]] += 1
    summary: dict[str, object] = {
        _capfirst(comparability.ITEM_STATE_LABELS[comparability.VERIFIED]): national["verified"],
        _capfirst(comparability.ITEM_STATE_LABELS[comparability.UNVERIFIED]): national[
            "unverified"
        ],
    }
    if national[comparability.NOT_COMPARABLE]:
        summary[NATIONAL_NOT_COMPARABLE] = national[comparability.NOT_COMPARABLE]
    summary["Aangepaste vragen (niet vergelijkbaar)"] = counts["adapted"]
    summary["Lokale vragen"] = counts["local"]
    if counts["shared"]:
        summary["Gedeelde vragen van andere gemeenten"] = counts["shared"]
    summary["Vergelijkbaarheid per vraag"] = _states_explained()
    for label, status, reasons in _indicator_statuses(basket, statuses):
        text = dutch(comparability.STATUS_LABELS[status])
        summary[f"Indicator {label}"] = f"{text} ({'; '.join(reasons)})" if reasons else text
    summary.update(_durations(questionnaire, items))
    return summary


def _capfirst(label) -> str:
    text = dutch(label)
    return text[:1].upper() + text[1:]


def _states_explained() -> str:
    labels = {state: dutch(label) for state, label in comparability.ITEM_STATE_LABELS.items()}
    return (
        f"Elke vraag staat in één van drie toestanden. '{labels['verified']}': woordelijk de "
        "landelijke vraag, en die tekst is letterlijk in de bron gecontroleerd. "
        f"'{labels['unverified']}': woordelijk de vraag uit de catalogus, maar de catalogus "
        "heeft die tekst niet letterlijk in de bron gecontroleerd; vergelijk onder voorbehoud. "
        f"'{labels['not_comparable']}': een aangepaste of lokale vraag, of een landelijke vraag "
        "uit een ondeelbare set die niet compleet is of een set met vaste volgorde die is "
        "onderbroken of gewijzigd. Een gedeelde vraag van een andere gemeente, ongewijzigd "
        f"gebruikt, is '{labels['shared']} van' die gemeente: vergelijkbaar met elke gemeente "
        "die dezelfde versie van die gedeelde vraag stelt, niet met de landelijke cijfers."
    )


def _durations(questionnaire: Questionnaire, items) -> dict[str, str]:
    total = round(sum(builder.item_seconds(i) for i in items))
    local = round(sum(builder.item_seconds(i) for i in items if not i.is_national))
    with translation.override("nl"):
        return {
            "Geschatte interviewduur": builder.format_duration(total),
            "Lokale en aangepaste vragen": (
                f"{builder.format_duration(local)} van de "
                f"{questionnaire.local_time_budget_minutes} minuten tijdsbudget"
            ),
        }


def _indicator_statuses(basket, statuses) -> list[tuple[str, str, list[str]]]:
    """Per indicator the best status over the sets that measure it, sorted by code."""
    rank = comparability.STATUS_RANK
    best: dict[str, tuple[str, str, list[str]]] = {}
    for basket_set in basket:
        status, reasons = statuses[basket_set.question_set_id]
        for indicator in basket_set.question_set.indicators.all():
            label = f"{indicator.name_nl} ({indicator.code})"
            current = best.get(indicator.code)
            if current is None or rank[status] < rank[current[1]]:
                best[indicator.code] = (label, status, [dutch(r) for r in reasons])
    return [best[code] for code in sorted(best)]


# --------------------------------------------------------------------------- public API


def build_export(questionnaire: Questionnaire) -> ExportQuestionnaire:
    """The questionnaire as every export writer reads it; constant number of queries."""
    items = list(export_items_queryset(questionnaire))
    basket = list(comparability.basket_sets_for(questionnaire))
    verdicts = comparability.set_verdicts(basket, items)
    states = comparability.states_from(verdicts, items)
    municipality = questionnaire.municipality
    return ExportQuestionnaire(
        title=questionnaire.title,
        year=questionnaire.year,
        municipality_code=municipality.code,
        municipality_name=municipality.name,
        catalogue_version=catalogue_version(),
        exported_at=timezone.localtime(),
        items=tuple(export_item(i, verdicts, states) for i in items),
        summary=_summary(questionnaire, items, basket, verdicts, states),
    )


def build_reference(questionnaire: Questionnaire) -> dict[str, ExportItem]:
    """Every item of the questionnaire keyed by code, for the conformance check."""
    return {item.code: export_item(item) for item in export_items_queryset(questionnaire)}


def _catalogue_versions():
    published_sets = QuestionSetItem.objects.filter(
        question_set__status=QuestionSet.Status.PUBLISHED
    ).select_related("question_set")
    return QuestionVersion.objects.with_scale().prefetch_related(
        Prefetch("set_items", queryset=published_sets, to_attr="published_set_items")
    )


def _catalogue_intro(version: QuestionVersion) -> tuple[str, str]:
    """The intro of the published set the version is in (first by set code), if any."""
    sets = sorted(
        (si.question_set for si in version.published_set_items if si.question_set.intro_nl),
        key=lambda s: s.code,
    )
    return (sets[0].intro_nl, sets[0].intro_en) if sets else ("", "")


def build_catalogue_reference(
    versions: Mapping[str, int] | None = None,
) -> dict[str, ExportItem]:
    """The latest version of every national question, keyed by code.

    ``versions`` (code -> number) asks for a specific published version of some codes
    instead, e.g. the version a fielded workbook names; unknown numbers are ignored.
    """
    latest = QuestionVersion.objects.filter(question=OuterRef("question")).order_by("-number")
    reference = {
        v.question.code: version_item(v, intro=_catalogue_intro(v))
        for v in _catalogue_versions().filter(pk=Subquery(latest.values("pk")[:1]))
    }
    if versions:
        wanted = {
            (v.question.code, v.number): v
            for v in _catalogue_versions().filter(question__code__in=list(versions))
        }
        for code, number in versions.items():
            version = wanted.get((code, number))
            if version is not None:
                reference[code] = version_item(version, intro=_catalogue_intro(version))
    return reference


# --------------------------------------------------------------------------- print view


@dataclass(frozen=True)
class PrintItem:
    number: int
    item: ExportItem
    shows_intro: bool

    @property
    def short_fingerprint(self) -> str:
        return self.item.fingerprint[:12]


@dataclass(frozen=True)
class PrintSection:
    title: str
    items: tuple[PrintItem, ...]


def print_layout(export: ExportQuestionnaire) -> list[PrintSection]:
    """Sections in order with items numbered 1..n across the questionnaire; a set's intro is
    shown once, before its first item (as in the workbook)."""
    flags = iter([shows for _item, shows in intro_starts(export.items)])
    number = 0
    sections = []
    for section in export.sections():
        items = []
        for item in section.items:
            number += 1
            items.append(PrintItem(number, item, next(flags)))
        sections.append(PrintSection(section.title, tuple(items)))
    return sections
