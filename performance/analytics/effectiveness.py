"""Training effectiveness on Kirkpatrick's four levels, as pure functions.

L1 reaction: rating distribution. L2 learning: pre/post gain and Hake's
normalised gain. L3 behaviour: paired before/after scores. L4 results: a
staggered difference-in-differences with not-yet-trained comparisons
(Callaway & Sant'Anna 2021).
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from scipy import stats as scipy_stats

# Below this many people on either side an estimate is not shown as one.
MIN_UNITS = 8
# Smaller effects than this many standard deviations of the metric between
# people are negligible (Cohen's d; 0.2 is "small", so 0.1 is well below).
NEGLIGIBLE_D = 0.1
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float
    n: int

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class Reaction:
    n: int
    mean: float | None
    distribution: dict[int, int]  # rating 1..5 → count


def reaction(counts: dict[int, int]) -> Reaction:
    """Kirkpatrick level 1: ratings 1-5 and their mean."""
    distribution = {r: int(counts.get(r, 0)) for r in range(1, 6)}
    n = sum(distribution.values())
    mean = sum(r * c for r, c in distribution.items()) / n if n else None
    return Reaction(n=n, mean=mean, distribution=distribution)


def mean_interval(values: Sequence[float]) -> Interval | None:
    """Mean with a 95 % t interval (Student); None below two values."""
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = scipy_stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return Interval(mean, mean - half, mean + half, n)


@dataclass(frozen=True)
class Gain:
    n: int
    pre: float | None  # mean %
    post: float | None
    gain: Interval | None  # mean post − pre, percentage points
    normalised: float | None  # Hake's <g>


def learning_gain(pairs: Iterable[tuple[float, float]]) -> Gain:
    """Kirkpatrick level 2 from (pre %, post %) per learner who took both.

    Hake (1998), "Interactive-engagement versus traditional methods", Am. J.
    Phys. 66, 64: the class-average normalised gain
    <g> = (<post> − <pre>) / (100 − <pre>), the share of the possible gain
    that was achieved; Hake calls < 0.3 low, 0.3-0.7 medium, ≥ 0.7 high.
    """
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return Gain(0, None, None, None, None)
    pre = sum(p for p, _ in pairs) / n
    post = sum(q for _, q in pairs) / n
    normalised = (post - pre) / (100 - pre) if pre < 100 else None
    return Gain(
        n=n,
        pre=pre,
        post=post,
        gain=mean_interval([q - p for p, q in pairs]),
        normalised=normalised,
    )


def paired_change(pairs: Iterable[tuple[float, float]]) -> Gain:
    """Kirkpatrick level 3: mean before, after and the paired difference
    (95 % t interval) for people observed on both sides."""
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return Gain(0, None, None, None, None)
    return Gain(
        n=n,
        pre=sum(p for p, _ in pairs) / n,
        post=sum(q for _, q in pairs) / n,
        gain=mean_interval([q - p for p, q in pairs]),
        normalised=None,
    )


# --- level 4: staggered difference-in-differences ------------------------


@dataclass(frozen=True)
class Cell:
    """ATT(g, t): cohort g (stratum, completion period) at period t."""

    stratum: str
    cohort: int
    period: int
    att: float
    treated: int
    controls: int


@dataclass
class DiD:
    att: Interval | None  # post periods, weighted by cohort size
    pre_trend: Interval | None  # placebo ATT over pre periods (≈ 0 expected)
    treated: int  # trained people in at least one post cell
    controls: int  # not-yet-trained people used at least once
    cells: list[Cell] = field(default_factory=list)
    too_few: bool = False
    sd: float | None = None  # of the metric between people, base months

    @property
    def negligible(self) -> bool:
        """Significant or not, smaller than NEGLIGIBLE_D standard deviations."""
        if self.att is None or not self.sd:
            return False
        return abs(self.att.estimate) < NEGLIGIBLE_D * self.sd

    @property
    def pre_trends_differ(self) -> bool:
        """The placebo estimate is significant and not negligible: at least
        NEGLIGIBLE_D standard deviations and a quarter of the effect (a tiny
        but precise pre-period difference on smooth data should neither hide
        a large effect nor make a null one unreadable)."""
        pre = self.pre_trend
        if pre is None or not pre.excludes_zero:
            return False
        if self.sd and abs(pre.estimate) < NEGLIGIBLE_D * self.sd:
            return False  # a negligible difference, however precisely measured
        return self.att is None or abs(pre.estimate) >= 0.25 * abs(self.att.estimate)


def _small_sample(n: int) -> float:
    return math.sqrt(n / (n - 1)) if n > 1 else 1.0


def staggered_did(
    panel: dict[int, dict[int, float]],
    cohorts: dict[int, int],
    strata: dict[int, str],
    *,
    pre: int = 3,
    post: int = 3,
    transition: int = 0,
    min_units: int = MIN_UNITS,
) -> DiD:
    """Group-time average treatment effects with not-yet-treated controls.

    Callaway & Sant'Anna (2021), "Difference-in-Differences with multiple
    time periods", J. Econometrics 225(2), 200-230, unconditional case:
    for cohort g (people who completed in period g) and period t,
      ATT(g,t) = mean(Y_t − Y_{g−1} | G = g) − mean(Y_t − Y_{g−1} | C),
    where C are people of the same stratum (position) not yet trained by
    period max(t, g − 1) (never-trained included). Post cells t = g + k ..
    g + k + post − 1 (k = `transition` months skipped, e.g. the completion
    month itself, half before and half after) are averaged with weights proportional to cohort size;
    pre cells t = g − pre .. g − 2 give the placebo "pre-trend" estimate.
    Standard errors from the influence function of the aggregate,
    Var = Σᵢ ψᵢ² with ψᵢ = Σ_c w_c (1{i∈T_c}(ΔYᵢ − μ_T)/n_T −
    1{i∈C_c}(ΔYᵢ − μ_C)/n_C), the analytic counterpart of their multiplier
    bootstrap (weights treated as known), each group term scaled by
    √(n/(n − 1)) (for one cell: the Welch variance, statsmodels' HC2); 95 %
    Student t interval with the smaller side's people − 1 degrees of freedom.

    `panel`: person → {period: value}; `cohorts`: trained person → completion
    period; `strata`: person → stratum (position).
    """
    by_cohort: dict[tuple[str, int], list[int]] = defaultdict(list)
    for person, g in cohorts.items():
        by_cohort[(strata.get(person, ""), g)].append(person)
    people_by_stratum: dict[str, list[int]] = defaultdict(list)
    for person in panel:
        people_by_stratum[strata.get(person, "")].append(person)

    def cells(offsets):
        out = []
        for (stratum, g), members in sorted(by_cohort.items()):
            base = g - 1
            for e in offsets:
                t = g + e
                if t == base:
                    continue
                horizon = max(t, base)
                treated = [
                    (i, panel[i][t] - panel[i][base])
                    for i in members
                    if i in panel and t in panel[i] and base in panel[i]
                ]
                controls = [
                    (i, panel[i][t] - panel[i][base])
                    for i in people_by_stratum[stratum]
                    if cohorts.get(i, math.inf) > horizon
                    and t in panel[i]
                    and base in panel[i]
                ]
                if treated and controls:
                    out.append((stratum, g, t, treated, controls))
        return out

    def aggregate(found) -> tuple[Interval | None, list[Cell], set, set]:
        if not found:
            return None, [], set(), set()
        weight_total = sum(len(tr) for *_, tr, _ in found)
        psi: dict[int, float] = defaultdict(float)
        estimate = 0.0
        result, t_units, c_units = [], set(), set()
        for stratum, g, t, treated, controls in found:
            w = len(treated) / weight_total
            mu_t = sum(d for _, d in treated) / len(treated)
            mu_c = sum(d for _, d in controls) / len(controls)
            estimate += w * (mu_t - mu_c)
            # × √(n/(n − 1)): sample variances per group (the Welch/HC2
            # variance of a two-group difference) rather than population ones.
            k_t = _small_sample(len(treated))
            k_c = _small_sample(len(controls))
            for i, d in treated:
                psi[i] += w * k_t * (d - mu_t) / len(treated)
                t_units.add(i)
            for i, d in controls:
                psi[i] -= w * k_c * (d - mu_c) / len(controls)
                c_units.add(i)
            result.append(Cell(stratum, g, t, mu_t - mu_c, len(treated), len(controls)))
        se = math.sqrt(sum(v * v for v in psi.values()))
        # Student's t with the smaller side's degrees of freedom: with a few
        # dozen people the normal quantile covers less than 95 %.
        df = max(1, min(len(t_units), len(c_units)) - 1)
        half = scipy_stats.t.ppf(0.975, df) * se
        interval = Interval(estimate, estimate - half, estimate + half, len(t_units))
        return interval, result, t_units, c_units

    att, post_cells, treated, controls = aggregate(
        cells(range(transition, transition + post))
    )
    pre_trend, pre_cells, _, _ = aggregate(cells(range(-pre, -1)))
    too_few = len(treated) < min_units or len(controls) < min_units
    base_values = [
        panel[i][g - 1]
        for (_, g), members in by_cohort.items()
        for i in (*members, *controls)
        if i in panel and g - 1 in panel[i]
    ]
    sd = None
    if len(base_values) > 1:
        mean = sum(base_values) / len(base_values)
        sd = math.sqrt(
            sum((v - mean) ** 2 for v in base_values) / (len(base_values) - 1)
        )
    return DiD(
        sd=sd,
        att=att,
        pre_trend=pre_trend,
        treated=len(treated),
        controls=len(controls),
        cells=post_cells + pre_cells,
        too_few=too_few,
    )
