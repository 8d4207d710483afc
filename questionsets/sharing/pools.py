"""Compare with similar municipalities: the pooled figure of opted-in municipalities of
the same CBS size class and of the same veiligheidsregio, next to the national line.

Rules (each one tested):

* Only municipalities that opted in (``MunicipalitySharing.share_aggregates``) count; the
  viewer's own municipality is never part of its pool.
* Only results on identical question versions (the same fingerprints), the same statistic,
  answer categories and scale, and for an indicator the same scoring rule with the same
  definition (rule and signature) are pooled. Adapted and local items never are.
* A pool is shown only with at least ``MIN_POOL`` municipalities, so no single
  municipality can be read from it; otherwise it says "te weinig gemeenten".
* Pooling is weighted by respondents: the pooled value is sum(n_i * v_i) / sum(n_i), with
  n_i the valid answers of municipality i, and its standard error treats each
  municipality as a stratum, SE = sqrt(sum((n_i / N)^2 * SE_i^2)), using each
  municipality's own SE (which carries its weighting through Kish's effective n). The 95%
  interval is Wilson's for percentages (on the effective n that this SE implies) and
  normal for means, as in ``results.stats``. It describes the respondents of these
  municipalities together, not an average of municipalities.

Fixed number of queries: the candidate results, then their municipalities with the
viewer's (two), whatever the number of municipalities or results.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ..models import LocalResult, Municipality, MunicipalitySharing, QuestionnaireItem
from ..results import stats

MIN_POOL = 5

# CBS gemeentegrootteklassen (inhabitants on 1 January): lower bounds and labels.
SIZE_CLASSES = [
    (0, _("minder dan 5.000 inwoners")),
    (5_000, _("5.000 tot 10.000 inwoners")),
    (10_000, _("10.000 tot 20.000 inwoners")),
    (20_000, _("20.000 tot 50.000 inwoners")),
    (50_000, _("50.000 tot 100.000 inwoners")),
    (100_000, _("100.000 tot 150.000 inwoners")),
    (150_000, _("150.000 tot 250.000 inwoners")),
    (250_000, _("250.000 inwoners of meer")),
]


def size_class(inhabitants: int | None) -> int | None:
    """The index of the CBS size class, or None when the inhabitants are unknown."""
    if inhabitants is None:
        return None
    return max(i for i, (low, _label) in enumerate(SIZE_CLASSES) if inhabitants >= low)


def size_class_label(index: int | None) -> str:
    return "" if index is None else str(SIZE_CLASSES[index][1])


@dataclass
class Member:
    municipality: Municipality
    value: float
    se: float | None
    n: int
    n_effective: float | None
    is_percentage: bool


@dataclass
class Pool:
    kind: str  # "size" or "region"
    label: str
    members: list[Member] = field(default_factory=list)
    reason: str = ""  # why no figure is shown
    value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int = 0

    @property
    def shown(self) -> bool:
        return self.value is not None

    @property
    def named(self) -> list[str]:
        return sorted(m.municipality.name for m in self.members if not _hidden(m.municipality))

    @property
    def unnamed(self) -> int:
        return sum(1 for m in self.members if _hidden(m.municipality))


@dataclass
class PoolRow:
    code: str
    label: str
    is_percentage: bool
    size: Pool
    region: Pool

    @property
    def pools(self) -> tuple[Pool, Pool]:
        return self.size, self.region


def _hidden(municipality) -> bool:
    sharing = getattr(municipality, "sharing_settings", None)
    return bool(sharing and sharing.hide_name)


# --------------------------------------------------------------------------- reading


def peer_pools(questionnaire, comparison) -> list[PoolRow]:
    """One PoolRow per compared-able row of the viewer's comparison (items of national
    versions and indicators with a rule); empty without results."""
    rows = [r for r in comparison.rows if r.total is not None and _poolable(r)]
    if not rows:
        return []
    viewer_id = getattr(questionnaire, "via_municipality_id", None) or (
        questionnaire.municipality_id
    )
    candidates = _candidates([r.total.local for r in rows], viewer_id)
    municipalities = _municipalities({c.pool_municipality for c in candidates} | {viewer_id})
    viewer = municipalities.pop(viewer_id)
    by_key: dict[tuple, dict[int, LocalResult]] = {}
    for result in candidates:  # newest first: keep each municipality's newest result
        by_key.setdefault(_signature(result), {}).setdefault(result.pool_municipality, result)
    return [_pool_row(row, viewer, by_key, municipalities) for row in rows]


def _poolable(row) -> bool:
    local = row.total.local
    if row.kind == "item":
        return row.item_kind == str(QuestionnaireItem.Kind.NATIONAL.label)
    return bool(local.rule_id and local.rule_signature)


def _candidates(locals_: list[LocalResult], viewer_id: int) -> list[LocalResult]:
    """Municipality-level results of opted-in municipalities on the same items' versions
    or the same rules, newest upload first: one query."""
    versions = {fp for r in locals_ if r.item_id for fp in r.version_fingerprints}
    rules = {r.rule_id for r in locals_ if r.indicator_id}
    opted_in = MunicipalitySharing.objects.filter(share_aggregates=True).values("municipality")
    return list(
        LocalResult.objects.filter(wijk="")
        .filter(
            Q(item__question_version__fingerprint__in=versions)
            | Q(indicator__isnull=False, rule__in=rules)
        )
        .annotate(
            pool_municipality=Coalesce(
                F("upload__municipality_id"), F("upload__questionnaire__municipality_id")
            )
        )
        .filter(pool_municipality__in=opted_in)
        .exclude(pool_municipality=viewer_id)
        .order_by("-upload__created_at", "-upload_id")
    )


def _municipalities(ids) -> dict[int, Municipality]:
    rows = Municipality.objects.filter(pk__in=ids).select_related("sharing")
    result = {}
    for municipality in rows:
        municipality.sharing_settings = getattr(municipality, "sharing", None)
        result[municipality.pk] = municipality
    return result


def _signature(result: LocalResult) -> tuple:
    """What must be identical for two results to be pooled."""
    return (
        tuple(sorted(result.version_fingerprints)),
        result.indicator_id,
        result.rule_id if result.indicator_id else None,
        result.rule_signature if result.indicator_id else "",
        result.statistic,
        tuple(sorted(result.categories or [])),
        result.scale_min,
        result.scale_max,
    )


# --------------------------------------------------------------------------- pooling


def _pool_row(row, viewer, by_key, municipalities) -> PoolRow:
    local = row.total.local
    matches = by_key.get(_signature(local), {})
    members = [
        Member(municipalities[m], r.value, r.se, r.n, r.n_effective, r.is_percentage)
        for m, r in matches.items()
        if m in municipalities
    ]
    viewer_class = size_class(viewer.inhabitants)
    size = Pool("size", size_class_label(viewer_class))
    if viewer_class is None:
        size.reason = str(_("grootteklasse van uw gemeente onbekend"))
    else:
        size.members = [
            m for m in members if size_class(m.municipality.inhabitants) == viewer_class
        ]
    region = Pool("region", viewer.safety_region_name)
    region.members = [
        m for m in members if m.municipality.safety_region_code == viewer.safety_region_code
    ]
    for pool in (size, region):
        _estimate(pool)
    return PoolRow(row.code, row.label, local.is_percentage, size, region)


def _estimate(pool: Pool) -> None:
    if pool.reason:
        return
    if len(pool.members) < MIN_POOL:
        pool.reason = str(
            _("te weinig gemeenten (minder dan %(min)d deden mee)") % {"min": MIN_POOL}
        )
        return
    value, se, n, percentage = pooled(pool.members)
    pool.value, pool.n = value, n
    if se is None:
        return
    if percentage:
        low, high = _wilson(value / 100.0, se / 100.0, n)
        pool.ci_low, pool.ci_high = low * 100.0, high * 100.0
    else:
        pool.ci_low, pool.ci_high = stats.interval_from_se(value, se)


def pooled(members: list[Member]) -> tuple[float, float | None, int, bool]:
    """(value, standard error, respondents, is percentage) of members weighted by their
    valid answers; the SE is None when any member has none."""
    total = sum(m.n for m in members)
    percentage = members[0].is_percentage
    value = sum(m.n * m.value for m in members) / total
    ses = [_member_se(m) for m in members]
    if any(s is None for s in ses):
        return value, None, total, percentage
    se = math.sqrt(sum((m.n / total) ** 2 * s * s for m, s in zip(members, ses, strict=True)))
    return value, se, total, percentage


def _member_se(member: Member) -> float | None:
    if member.se is not None:
        return member.se
    if member.is_percentage and member.n:  # aggregated uploads may lack an SE
        p, n_eff = member.value / 100.0, member.n_effective or member.n
        return 100.0 * math.sqrt(p * (1 - p) / n_eff)
    return None


def _wilson(p: float, se: float, n: int) -> tuple[float, float]:
    """Wilson's interval on the effective n implied by the pooled SE."""
    n_eff = p * (1 - p) / (se * se) if se > 0 else float(n)
    return stats.wilson_interval(p, max(n_eff, 1.0))
