"""Like with like: which national figure a local result may be put next to, or why none.

A line is drawn only between the same question versions (by fingerprint) and, for an
indicator, the same scoring rule (the rule and the hash of its definition). Otherwise the
row says "niet vergelijkbaar" with the reason: another variant, another version, an
adapted wording, a broken indivisible or order-locked set, no record of what the national
figure measured, or no national figure for this statistic. A national wording that is not
verified against its source is compared only with a visible caveat (``unverified``).

``Context.load`` reads everything the decisions need in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import LocalResult, NationalFigure, QuestionnaireItem, QuestionVersion, Verification
from ..questionnaires.comparability import NOT_COMPARABLE, basket_sets_for, comparability
from .tables import format_number


@dataclass
class VersionInfo:
    question_id: int
    code: str
    number: int
    verified: bool


@dataclass
class Context:
    items: list[QuestionnaireItem]
    question_figures: dict[int, list[NationalFigure]]
    indicator_figures: dict[int, list[NationalFigure]]
    versions: dict[str, VersionInfo]
    broken_sets: dict[int, tuple[str, list[str]]]  # set id -> (name, reasons)
    indicator_sets: dict[int, list[tuple[int, set[int]]]]  # indicator -> [(set, questions)]
    indicator_codes: dict[int, str]

    @classmethod
    def load(cls, questionnaire, results: list[LocalResult]) -> Context:
        item_ids = {r.item_id for r in results if r.item_id}
        indicator_ids = {r.indicator_id for r in results if r.indicator_id}
        items = list(
            QuestionnaireItem.objects.filter(questionnaire=questionnaire, pk__in=item_ids)
            .select_related("question_version__question")
            .order_by("section__position", "position", "pk")
        )
        question_ids = [i.question_version.question_id for i in items if i.is_national]
        question_figures, indicator_figures = _figures(question_ids, indicator_ids)
        fingerprints = {fp for r in results for fp in r.version_fingerprints}
        for figure in [f for fs in question_figures.values() for f in fs] + [
            f for fs in indicator_figures.values() for f in fs
        ]:
            fingerprints.update(figure.version_fingerprints)
        broken, by_indicator = _sets(questionnaire)
        return cls(
            items,
            question_figures,
            indicator_figures,
            _versions(fingerprints),
            broken,
            by_indicator,
            {r.indicator_id: r.indicator.code for r in results if r.indicator_id},
        )

    def indicator_code(self, key: tuple) -> str:
        return self.indicator_codes.get(key[0], "")

    def unverified(self, fingerprints) -> bool:
        return any(fp in self.versions and not self.versions[fp].verified for fp in fingerprints)

    # ----------------------------------------------------------------------- items

    def item_figure(self, item, local: LocalResult) -> tuple[NationalFigure | None, str]:
        if item.kind == QuestionnaireItem.Kind.ADAPTED:
            return None, _("niet vergelijkbaar: aangepaste vraag, de tekst wijkt af")
        if not item.is_national:
            return None, _("eigen vraag: geen landelijke lijn")
        figures = self.question_figures.get(item.question_version.question_id, [])
        if not figures:
            return None, _("geen landelijk cijfer voor deze vraag in de catalogus")
        broken = self._broken([item.from_set_id])
        if broken:
            return None, broken
        figure = _same_statistic(figures, local)
        if figure is None:
            return None, _no_statistic(figures[0], local)
        return figure, self._version_reason(figure, [item.question_version.fingerprint])

    # ----------------------------------------------------------------------- indicators

    def indicator_figure(self, local: LocalResult) -> tuple[NationalFigure | None, str]:
        figures = self.indicator_figures.get(local.indicator_id, [])
        mine = [f for f in figures if local.rule_id and f.rule_id == local.rule_id]
        if not mine:
            return None, _indicator_without_figure(
                figures, local.rule.variant if local.rule else ""
            )
        questions = {
            self.versions[fp].question_id
            for fp in local.version_fingerprints
            if fp in self.versions
        }
        broken = self._broken(
            s for s, qs in self.indicator_sets.get(local.indicator_id, []) if qs & questions
        )
        if broken:
            return None, broken
        figure = _same_statistic(mine, local)
        if figure is None:
            return None, _no_statistic(mine[0], local)
        if figure.rule_signature != local.rule_signature:
            return figure, _(
                "niet vergelijkbaar: het landelijke cijfer is met een andere versie van de "
                "rekenregel berekend"
            )
        return figure, self._version_reason(figure, local.version_fingerprints)

    # ----------------------------------------------------------------------- shared

    def _broken(self, set_ids) -> str:
        for set_id in set_ids:
            if set_id in self.broken_sets:
                name, reasons = self.broken_sets[set_id]
                return _("niet vergelijkbaar: set '%(set)s': %(reasons)s") % {
                    "set": name,
                    "reasons": "; ".join(reasons),
                }
        return ""

    def _version_reason(self, figure: NationalFigure, local_fps) -> str:
        if not figure.version_fingerprints:
            return _(
                "niet vergelijkbaar: onbekend op welke vraagversies het landelijke cijfer "
                "berekend is"
            )
        national = set(figure.version_fingerprints)
        others = [fp for fp in local_fps if fp not in national]
        if not others:
            return ""
        national_questions = {
            self.versions[fp].question_id for fp in national if fp in self.versions
        }
        local_info = [self.versions.get(fp) for fp in others]
        if all(v is not None and v.question_id in national_questions for v in local_info):
            numbers = ", ".join(
                f"{v.code} v{v.number}" for fp in sorted(national) if (v := self.versions.get(fp))
            )
            return _(
                "niet vergelijkbaar: het landelijke cijfer hoort bij een andere versie van de "
                "vraag (%(versions)s)"
            ) % {"versions": numbers}
        return _("niet vergelijkbaar: het landelijke cijfer gaat over een andere variant%(v)s") % {
            "v": f" ({figure.variant})" if figure.variant else ""
        }


def _figures(question_ids, indicator_ids) -> tuple[dict, dict]:
    """Every figure of these questions and indicators, newest first: one query."""
    by_question: dict[int, list] = defaultdict(list)
    by_indicator: dict[int, list] = defaultdict(list)
    if not question_ids and not indicator_ids:
        return by_question, by_indicator
    figures = NationalFigure.objects.newest_first().filter(
        Q(question_id__in=question_ids) | Q(indicator_id__in=list(indicator_ids))
    )
    for figure in figures:
        if figure.question_id:
            by_question[figure.question_id].append(figure)
        else:
            by_indicator[figure.indicator_id].append(figure)
    return by_question, by_indicator


def _versions(fingerprints) -> dict[str, VersionInfo]:
    if not fingerprints:
        return {}
    rows = QuestionVersion.objects.filter(fingerprint__in=list(fingerprints)).values_list(
        "fingerprint", "question_id", "question__code", "number", "verification"
    )
    return {
        fp: VersionInfo(qid, code, number, verification == Verification.VERBATIM)
        for fp, qid, code, number, verification in rows
    }


# What comparability() reads of an item: whether it is national, its code, the question
# it asks (and whether that wording is verified) or was adapted from; its questionnaire,
# which the related manager sets on it.
JUDGED_FIELDS = ("questionnaire", "kind", "code", "question_version", "derived_from")
JUDGED_FIELDS += ("question_version__question", "question_version__verification")
JUDGED_FIELDS += ("derived_from__question",)


def _sets(questionnaire) -> tuple[dict, dict]:
    """Basket sets that are not comparable (with reasons), and per indicator the sets that
    carry it with their questions: three queries, one without basket sets (no set to
    break, so the items in order are not read)."""
    basket = list(basket_sets_for(questionnaire))
    if not basket:
        return {}, {}
    ordered = list(
        questionnaire.items.select_related("question_version", "derived_from")
        .only(*JUDGED_FIELDS)
        .order_by("section__position", "position", "pk")
    )
    statuses = comparability(basket, ordered)
    broken, by_indicator = {}, defaultdict(list)
    for basket_set in basket:
        qset = basket_set.question_set
        status, reasons = statuses[qset.pk]
        if status == NOT_COMPARABLE:
            broken[qset.pk] = (qset.name_nl, reasons)
        questions = {si.question_version.question_id for si in qset.items.all()}
        for indicator in qset.indicators.all():
            by_indicator[indicator.pk].append((qset.pk, questions))
    return broken, by_indicator


def _same_statistic(figures, local: LocalResult) -> NationalFigure | None:
    """The newest figure of the same statistic, categories and scale as the local one."""
    for figure in figures:
        if figure.statistic != local.statistic:
            continue
        if figure.is_percentage and sorted(figure.categories) != sorted(local.categories):
            continue
        if (
            not figure.is_percentage
            and figure.scale_min is not None
            and ((figure.scale_min, figure.scale_max) != (local.scale_min, local.scale_max))
        ):
            continue
        return figure
    return None


def _no_statistic(figure: NationalFigure, local: LocalResult) -> str:
    if figure.statistic != local.statistic:
        return _("geen landelijk cijfer voor deze statistiek (landelijk: %(statistic)s)") % {
            "statistic": figure.get_statistic_display()
        }
    if figure.is_percentage:
        return _(
            "geen landelijk cijfer voor deze antwoordcategorieën (landelijk %(national)s, "
            "lokaal %(local)s)"
        ) % {"national": figure.categories_text(), "local": "|".join(map(str, local.categories))}
    return _(
        "niet vergelijkbaar: landelijk op een schaal van %(low)s tot %(high)s, "
        "lokaal antwoordcodes %(local_low)s tot %(local_high)s"
    ) % {
        "low": _short(figure.scale_min),
        "high": _short(figure.scale_max),
        "local_low": _short(local.scale_min),
        "local_high": _short(local.scale_max),
    }


def _indicator_without_figure(figures, variant: str) -> str:
    same_variant = [f for f in figures if f.variant == variant or not f.variant]
    if figures and not same_variant:
        return _(
            "niet vergelijkbaar: het landelijke cijfer gaat over een andere variant (%(v)s)"
        ) % {"v": figures[0].variant}
    if same_variant:
        return _(
            "niet vergelijkbaar: de rekenregel van het landelijke cijfer is niet vastgelegd "
            "(landelijk %(value)s in %(year)s)"
        ) % {"value": same_variant[0].display_value(), "year": same_variant[0].year}
    return _("geen landelijk cijfer voor deze indicator in de catalogus")


def _short(value) -> str:
    return "?" if value is None else format_number(value)
