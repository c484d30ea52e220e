"""HR's calibration view of a review cycle, as pure functions over plain rows.

Score and adjustment distributions by manager or by store (as Lattice and
Culture Amp show them), and a flag on a group whose adjustments depart from
the others'. The selector hands in one `Row` per result; the previous
cycle's figures come from calling `summaries` again on its rows.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

BANDS = 10  # score histogram: [0, 10), [10, 20), ..., [90, 100]
THRESHOLD = 3.5  # Iglewicz & Hoaglin's cut for a modified z-score
MIN_GROUPS = 3  # fewer groups than this: nobody to depart from


@dataclass(frozen=True)
class Row:
    group: Hashable  # manager id, store code, ...
    final_score: Decimal | None
    adjustment: Decimal = Decimal("0")
    tier_code: str = ""


@dataclass(frozen=True)
class Summary:
    group: Hashable
    n: int  # results in the group
    scored: int  # of which with a score
    mean: float | None
    median: float | None
    sd: float | None  # sample SD, None under 2 scores
    minimum: float | None
    maximum: float | None
    histogram: tuple[int, ...]  # counts per 10-point band
    tiers: tuple[tuple[str, int], ...]  # (tier code, count), by code
    mean_adjustment: float
    adjusted: int  # results with a non-zero adjustment
    raised: int
    lowered: int
    z: float | None  # modified z-score of mean_adjustment among the groups
    flagged: bool


def band(score: Decimal) -> int:
    """The histogram band of a 0-100 score; 100 falls in the top band."""
    return min(int(score // 10), BANDS - 1)


def modified_z(values: Mapping[Hashable, float]) -> dict[Hashable, float | None]:
    """Modified z-score of each value, Iglewicz & Hoaglin (1993):
    M = 0.6745 (x − median) / MAD. When MAD is 0 (most groups never adjust),
    M = (x − median) / (1.253314 × MeanAD), the fallback IBM SPSS uses;
    both 0 means every value equals the median: None (nothing departs).
    Fewer than MIN_GROUPS values: None for all."""
    if len(values) < MIN_GROUPS:
        return dict.fromkeys(values)
    xs = list(values.values())
    med = statistics.median(xs)
    deviations = [abs(x - med) for x in xs]
    mad = statistics.median(deviations)
    if mad > 0:
        return {k: 0.6745 * (x - med) / mad for k, x in values.items()}
    mean_ad = statistics.fmean(deviations)
    if mean_ad > 0:
        return {k: (x - med) / (1.253314 * mean_ad) for k, x in values.items()}
    return dict.fromkeys(values)


def summaries(
    rows: Iterable[Row], *, threshold: float = THRESHOLD, min_size: int = 2
) -> list[Summary]:
    """One summary per group, sorted by group. A group's mean adjustment is
    flagged when |modified z| > threshold among the groups of at least
    `min_size` results (a group of one says little about its manager)."""
    by_group: dict[Hashable, list[Row]] = defaultdict(list)
    for row in rows:
        by_group[row.group].append(row)
    mean_adjustment = {
        g: statistics.fmean(float(r.adjustment) for r in rs)
        for g, rs in by_group.items()
    }
    z = modified_z(
        {g: m for g, m in mean_adjustment.items() if len(by_group[g]) >= min_size}
    )
    result = []
    for g in sorted(by_group, key=_sort_key):
        rs = by_group[g]
        scores = sorted(float(r.final_score) for r in rs if r.final_score is not None)
        histogram = [0] * BANDS
        for r in rs:
            if r.final_score is not None:
                histogram[band(r.final_score)] += 1
        tiers: dict[str, int] = defaultdict(int)
        for r in rs:
            tiers[r.tier_code] += 1
        zg = z.get(g)
        result.append(
            Summary(
                group=g,
                n=len(rs),
                scored=len(scores),
                mean=_r(statistics.fmean(scores)) if scores else None,
                median=_r(statistics.median(scores)) if scores else None,
                sd=_r(statistics.stdev(scores)) if len(scores) > 1 else None,
                minimum=scores[0] if scores else None,
                maximum=scores[-1] if scores else None,
                histogram=tuple(histogram),
                tiers=tuple(sorted(tiers.items())),
                mean_adjustment=_r(mean_adjustment[g]),
                adjusted=sum(1 for r in rs if r.adjustment != 0),
                raised=sum(1 for r in rs if r.adjustment > 0),
                lowered=sum(1 for r in rs if r.adjustment < 0),
                z=_r(zg) if zg is not None else None,
                flagged=zg is not None and abs(zg) > threshold,
            )
        )
    return result


def _r(x: float) -> float:
    return round(x, 2)


def _sort_key(group):
    return (str(type(group)), group if isinstance(group, int | float) else str(group))
