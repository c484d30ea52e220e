"""Inter-rater agreement statistics for role-play assessor calibration.

Every function takes a ratings matrix ``list[list[float | None]]``: one row per
subject (a recording, or a recording x criterion), one column per rater, and
``None`` where a rater gave no score. Pure Python, no numpy/scipy.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations
from typing import Literal

Matrix = list[list[float | None]]


def _n_raters(matrix: Matrix) -> int:
    widths = {len(row) for row in matrix}
    if len(widths) > 1:
        raise ValueError("Ratings matrix rows must all have one column per rater.")
    return widths.pop() if widths else 0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def icc(matrix: Matrix, *, model: Literal["2,1", "3,1", "2,k", "3,k"]) -> float:
    """Intraclass correlation, Shrout & Fleiss (1979), Psychol. Bull. 86(2).

    Two-way ANOVA mean squares over the complete rows (rows with a missing
    score are dropped, as pingouin does): MSR (subjects), MSC (raters), MSE.

    - ``"2,1"``  random, absolute: (MSR-MSE) / (MSR+(k-1)MSE+k(MSC-MSE)/n)
    - ``"3,1"``  mixed, consistency: (MSR-MSE) / (MSR+(k-1)MSE)
    - ``"2,k"``  average of k raters: (MSR-MSE) / (MSR+(MSC-MSE)/n)
    - ``"3,k"``  average of k raters: (MSR-MSE) / MSR
    """
    if model not in ("2,1", "3,1", "2,k", "3,k"):
        raise ValueError(f"Unknown ICC model {model!r}.")
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
    msr = ss_rows / (n - 1)
    msc = ss_cols / (k - 1)
    mse = ss_error / ((n - 1) * (k - 1))
    denominator = {
        "2,1": msr + (k - 1) * mse + k * (msc - mse) / n,
        "3,1": msr + (k - 1) * mse,
        "2,k": msr + (msc - mse) / n,
        "3,k": msr,
    }[model]
    if math.isclose(denominator, 0.0, abs_tol=1e-12):
        raise ValueError("ICC is undefined: the complete ratings have no variance.")
    return (msr - mse) / denominator


def krippendorff_alpha(
    matrix: Matrix, *, level: Literal["interval", "ordinal", "nominal"]
) -> float:
    """Krippendorff's alpha, per Krippendorff (2011), "Computing Krippendorff's
    Alpha-Reliability", via the coincidence matrix o_ck.

    alpha = 1 - (n-1) * sum(o_ck * d2_ck) / sum(n_c * n_k * d2_ck), where units
    with fewer than 2 values are not pairable and are skipped. Metrics d2:
    nominal 0/1; interval (c-k)^2; ordinal (sum_{g=c..k} n_g - (n_c+n_k)/2)^2.
    """
    if level not in ("interval", "ordinal", "nominal"):
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
