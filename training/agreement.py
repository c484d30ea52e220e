"""Inter-rater agreement statistics for role-play assessor calibration.

Every function takes a ratings matrix ``list[list[float | None]]``: one row per
subject (a recording, or a recording x criterion), one column per rater, and
``None`` where a rater gave no score. Point estimates are pure Python; the
confidence intervals use scipy's F quantiles and numpy for the bootstrap.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import numpy as np
from scipy.stats import f as f_dist

Matrix = list[list[float | None]]
IccModel = Literal["1,1", "2,1", "3,1", "1,k", "2,k", "3,k"]
ICC_MODELS = ("1,1", "2,1", "3,1", "1,k", "2,k", "3,k")
Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS = ("nominal", "ordinal", "interval", "ratio")


def _n_raters(matrix: Matrix) -> int:
    widths = {len(row) for row in matrix}
    if len(widths) > 1:
        raise ValueError("Ratings matrix rows must all have one column per rater.")
    return widths.pop() if widths else 0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


@dataclass(frozen=True)
class MeanSquares:
    """ANOVA of the complete rows: n subjects, k raters; MSR between
    subjects, MSC between raters, MSE residual, MSW within subjects (one-way:
    raters and residual pooled)."""

    n: int
    k: int
    msr: float
    msc: float
    mse: float
    msw: float


def complete_rows(matrix: Matrix) -> int:
    """How many subjects every rater scored: the n of the ICC."""
    return sum(1 for row in matrix if None not in row)


def mean_squares(matrix: Matrix) -> MeanSquares:
    """Two-way ANOVA mean squares over the complete rows (rows with a missing
    score are dropped, as pingouin does)."""
    k = _n_raters(matrix)
    rows = [[float(x) for x in row] for row in matrix if None not in row]
    n = len(rows)
    if k < 2:
        raise ValueError("ICC needs at least 2 raters.")
    if n < 2:
        raise ValueError(
            f"ICC needs at least 2 subjects scored by every rater; got {n}."
        )
    grand = _mean([x for row in rows for x in row])
    ss_total = sum((x - grand) ** 2 for row in rows for x in row)
    ss_rows = k * sum((_mean(row) - grand) ** 2 for row in rows)
    ss_cols = n * sum((_mean([row[j] for row in rows]) - grand) ** 2 for j in range(k))
    ss_error = ss_total - ss_rows - ss_cols
    return MeanSquares(
        n=n,
        k=k,
        msr=ss_rows / (n - 1),
        msc=ss_cols / (k - 1),
        mse=ss_error / ((n - 1) * (k - 1)),
        msw=(ss_total - ss_rows) / (n * (k - 1)),
    )


def icc(matrix: Matrix, *, model: IccModel) -> float:
    """Intraclass correlation, Shrout & Fleiss (1979), Psychol. Bull. 86(2),
    from `mean_squares`:

    - ``"1,1"``  one-way random, single: (MSR-MSW) / (MSR+(k-1)MSW)
    - ``"1,k"``  one-way random, mean of k raters: (MSR-MSW) / MSR
    - ``"2,1"``  random, absolute: (MSR-MSE) / (MSR+(k-1)MSE+k(MSC-MSE)/n)
    - ``"3,1"``  mixed, consistency: (MSR-MSE) / (MSR+(k-1)MSE)
    - ``"2,k"``  average of k raters: (MSR-MSE) / (MSR+(MSC-MSE)/n)
    - ``"3,k"``  average of k raters: (MSR-MSE) / MSR
    """
    if model not in ICC_MODELS:
        raise ValueError(f"Unknown ICC model {model!r}.")
    ms = mean_squares(matrix)
    n, k, msr, msc, mse, msw = ms.n, ms.k, ms.msr, ms.msc, ms.mse, ms.msw
    numerator = msr - (msw if model[0] == "1" else mse)
    denominator = {
        "1,1": msr + (k - 1) * msw,
        "1,k": msr,
        "2,1": msr + (k - 1) * mse + k * (msc - mse) / n,
        "3,1": msr + (k - 1) * mse,
        "2,k": msr + (msc - mse) / n,
        "3,k": msr,
    }[model]
    if math.isclose(denominator, 0.0, abs_tol=1e-12):
        raise ValueError("ICC is undefined: the complete ratings have no variance.")
    return numerator / denominator


def icc_ci(
    matrix: Matrix, *, model: IccModel, confidence: float = 0.95
) -> tuple[float, float]:
    """Confidence interval of an ICC from the F distribution: Shrout & Fleiss
    (1979) Table 1 for the one-way and consistency forms (F = MSR/MSW or
    MSR/MSE against its quantiles); McGraw & Wong (1996) for absolute
    agreement, whose F has Satterthwaite's approximate df v. The same
    formulas as pingouin and SPSS."""
    if model not in ICC_MODELS:
        raise ValueError(f"Unknown ICC model {model!r}.")
    ms = mean_squares(matrix)
    n, k, msr, msc, mse, msw = ms.n, ms.k, ms.msr, ms.msc, ms.mse, ms.msw
    q = 1 - (1 - confidence) / 2
    if model[0] in "13":
        error, df2 = (msw, n * (k - 1)) if model[0] == "1" else (mse, (n - 1) * (k - 1))
        if error <= 0:
            raise ValueError("ICC interval is undefined: no error variance.")
        f_obs = msr / error
        f_low = f_obs / f_dist.ppf(q, n - 1, df2)
        f_high = f_obs * f_dist.ppf(q, df2, n - 1)
        if model[2] == "1":
            low, high = (f_low - 1) / (f_low + k - 1), (f_high - 1) / (f_high + k - 1)
        else:
            low, high = 1 - 1 / f_low, 1 - 1 / f_high
        return float(low), float(high)
    if mse <= 0:
        raise ValueError("ICC interval is undefined: no error variance.")
    r = icc(matrix, model="2,1")
    fj = msc / mse
    vn = (k - 1) * (n - 1) * (k * r * fj + n * (1 + (k - 1) * r) - k * r) ** 2
    vd = (n - 1) * k**2 * r**2 * fj**2 + (n * (1 + (k - 1) * r) - k * r) ** 2
    v = vn / vd
    f_upper = f_dist.ppf(q, n - 1, v)
    f_lower = f_dist.ppf(q, v, n - 1)
    low = (
        n
        * (msr - f_upper * mse)
        / (f_upper * (k * msc + (k * n - k - n) * mse) + n * msr)
    )
    high = (
        n
        * (f_lower * msr - mse)
        / (k * msc + (k * n - k - n) * mse + n * f_lower * msr)
    )
    if model == "2,k":
        low, high = low * k / (1 + low * (k - 1)), high * k / (1 + high * (k - 1))
    return float(low), float(high)


def krippendorff_alpha(matrix: Matrix, *, level: Level) -> float:
    """Krippendorff's alpha, per Krippendorff (2011), "Computing Krippendorff's
    Alpha-Reliability", via the coincidence matrix o_ck.

    alpha = 1 - (n-1) * sum(o_ck * d2_ck) / sum(n_c * n_k * d2_ck), where units
    with fewer than 2 values are not pairable and are skipped. Metrics d2:
    nominal 0/1; interval (c-k)^2; ordinal (sum_{g=c..k} n_g - (n_c+n_k)/2)^2;
    ratio ((c-k)/(c+k))^2 (0 when c = k = 0).
    """
    if level not in LEVELS:
        raise ValueError(f"Unknown level of measurement {level!r}.")
    coincidences: Counter[tuple[float, float]] = Counter()
    for row in matrix:
        values = [float(x) for x in row if x is not None]
        m = len(values)
        if m < 2:
            continue
        for i, j in ((i, j) for i in range(m) for j in range(m) if i != j):
            coincidences[values[i], values[j]] += 1 / (m - 1)
    if not coincidences:
        raise ValueError("Krippendorff's alpha needs at least one pairable unit.")
    marginals: Counter[float] = Counter()
    for (c, _k), o in coincidences.items():
        marginals[c] += o
    n = sum(marginals.values())
    ordered = sorted(marginals)

    def delta2(c: float, k: float) -> float:
        if level == "nominal":
            return 0.0 if c == k else 1.0
        if level == "interval":
            return (c - k) ** 2
        if level == "ratio":
            return ((c - k) / (c + k)) ** 2 if c + k else 0.0
        lo, hi = min(c, k), max(c, k)
        between = sum(marginals[g] for g in ordered if lo <= g <= hi)
        return (between - (marginals[c] + marginals[k]) / 2) ** 2

    observed = sum(o * delta2(c, k) for (c, k), o in coincidences.items())
    expected = sum(
        marginals[c] * marginals[k] * delta2(c, k) for c in ordered for k in ordered
    )
    if expected == 0:
        if observed == 0:
            return 1.0
        raise ValueError("Krippendorff's alpha is undefined: no expected disagreement.")
    return 1 - (n - 1) * observed / expected


BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 20260101  # fixed: the same data always give the same interval


def alpha_ci(
    matrix: Matrix,
    *,
    level: Level,
    confidence: float = 0.95,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """Percentile bootstrap interval of Krippendorff's alpha, resampling the
    pairable units with replacement (Krippendorff 2004, ch. 11.4; Hayes &
    Krippendorff 2007 bootstrap alpha's sampling distribution). Seeded, so a
    report shows the same interval each time.

    Each unit's coincidences are computed once; a resample is then a weighted
    sum (the weights are how often each unit was drawn), so 1000 resamples
    cost one matrix product."""
    if level not in LEVELS:
        raise ValueError(f"Unknown level of measurement {level!r}.")
    units = [
        [float(x) for x in row if x is not None]
        for row in matrix
        if sum(x is not None for x in row) >= 2
    ]
    if not units:
        raise ValueError("Krippendorff's alpha needs at least one pairable unit.")
    values = sorted({x for unit in units for x in unit})
    index = {v: i for i, v in enumerate(values)}
    size = len(values)
    per_unit = np.zeros((len(units), size * size))
    for u, unit in enumerate(units):
        m = len(unit)
        for i in range(m):
            for j in range(m):
                if i != j:
                    per_unit[u, index[unit[i]] * size + index[unit[j]]] += 1 / (m - 1)
    count = len(units)
    picks = np.random.default_rng(seed).integers(0, count, size=(samples, count))
    offsets = (np.arange(samples) * count)[:, None]
    draws = np.bincount((picks + offsets).ravel(), minlength=samples * count)
    draws = draws.reshape(samples, count).astype(float)
    coincidences = (draws @ per_unit).reshape(samples, size, size)
    marginals = coincidences.sum(axis=2)  # n_c per resample
    total = marginals.sum(axis=1)
    v = np.array(values)
    if level == "nominal":
        d2 = np.broadcast_to(1.0 - np.eye(size), (samples, size, size))
    elif level == "interval":
        d2 = np.broadcast_to((v[:, None] - v[None, :]) ** 2, (samples, size, size))
    elif level == "ratio":
        sums = v[:, None] + v[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(sums != 0, (v[:, None] - v[None, :]) / sums, 0.0)
        d2 = np.broadcast_to(ratio**2, (samples, size, size))
    else:
        cum = np.cumsum(marginals, axis=1)
        lo = np.minimum(np.arange(size)[:, None], np.arange(size)[None, :])
        hi = np.maximum(np.arange(size)[:, None], np.arange(size)[None, :])
        between = cum[:, hi] - cum[:, lo] + marginals[:, lo]
        d2 = (between - (marginals[:, :, None] + marginals[:, None, :]) / 2) ** 2
    observed = (coincidences * d2).sum(axis=(1, 2))
    expected = np.einsum("bc,bk,bck->b", marginals, marginals, d2)
    with np.errstate(divide="ignore", invalid="ignore"):
        alphas = np.where(
            expected > 0,
            1 - (total - 1) * observed / expected,
            np.where(observed == 0, 1.0, np.nan),
        )
    alphas = alphas[~np.isnan(alphas)]
    if not len(alphas):
        raise ValueError("Krippendorff's alpha is undefined in every resample.")
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(alphas, [tail, 100 - tail])
    return float(low), float(high)


# Koo & Li (2016), J. Chiropr. Med. 15(2): below 0.5 poor, 0.5-0.75 moderate,
# 0.75-0.9 good, above 0.9 excellent.
ICC_BANDS = ((0.9, "excellent"), (0.75, "good"), (0.5, "moderate"))
# Krippendorff (2004, p. 241): rely on alpha >= 0.8, draw tentative
# conclusions from 0.667, discard below.
ALPHA_BANDS = ((0.8, "reliable"), (0.667, "tentative"))


def icc_verdict(value: float) -> str:
    """Koo & Li (2016) band of an ICC: "poor", "moderate", "good" or
    "excellent"; 0.75 is good, 0.9 still good ("greater than 0.90": excellent)."""
    if value > 0.9:
        return "excellent"
    for bound, name in ICC_BANDS[1:]:
        if value >= bound:
            return name
    return "poor"


def alpha_verdict(value: float) -> str:
    """Krippendorff's (2004) reading of alpha: "reliable" from 0.8,
    "tentative" from 0.667, else "unreliable"."""
    for bound, name in ALPHA_BANDS:
        if value >= bound:
            return name
    return "unreliable"


TONES = {
    "excellent": "good",
    "good": "good",
    "reliable": "good",
    "moderate": "warn",
    "tentative": "warn",
    "poor": "bad",
    "unreliable": "bad",
}


def rater_deviation(matrix: Matrix) -> list[float | None]:
    """Each rater's mean signed deviation from the consensus (leniency/severity).

    Consensus is the mean of all present ratings for a subject; a rater's
    deviation is mean(rating - consensus) over the subjects they scored that at
    least one other rater also scored (a lone rating deviates by 0 by
    construction). Positive = lenient, negative = severe, None = no such subject.
    """
    deviations: list[list[float]] = [[] for _ in range(_n_raters(matrix))]
    for row in matrix:
        present = [(j, float(x)) for j, x in enumerate(row) if x is not None]
        if len(present) < 2:
            continue
        consensus = _mean([x for _, x in present])
        for j, x in present:
            deviations[j].append(x - consensus)
    return [_mean(d) if d else None for d in deviations]


def percent_agreement(matrix: Matrix, *, tolerance: float = 0) -> float:
    """Share of within-subject rater pairs whose scores differ by <= tolerance.

    Pairs are all unordered pairs of present ratings for each subject (simple
    percent agreement; tolerance 0 is exact agreement, 1 is "adjacent").
    """
    agree = total = 0
    for row in matrix:
        values = [float(x) for x in row if x is not None]
        for a, b in combinations(values, 2):
            total += 1
            diff = abs(a - b)
            agree += diff <= tolerance or math.isclose(diff, tolerance)
    if total == 0:
        raise ValueError("Percent agreement needs at least one subject with 2 scores.")
    return agree / total


def flag_raters(matrix: Matrix, *, max_abs_deviation: float) -> list[int]:
    """Indices of raters whose |mean deviation| (see rater_deviation) exceeds
    max_abs_deviation, i.e. candidates for recalibration."""
    return [
        j
        for j, d in enumerate(rater_deviation(matrix))
        if d is not None and abs(d) > max_abs_deviation
    ]
