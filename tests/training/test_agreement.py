"""Tests for training.agreement against independently computed reference values."""

import math
import random

import krippendorff
import numpy as np
import pandas as pd
import pingouin
import pytest

from training.agreement import (
    alpha_ci,
    alpha_verdict,
    complete_rows,
    flag_raters,
    icc,
    icc_ci,
    icc_verdict,
    krippendorff_alpha,
    percent_agreement,
    rater_deviation,
)

# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C:
# 4 observers x 12 units with missing values, transposed here to units x raters.
_KRIPPENDORFF_BY_OBSERVER = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
KRIPPENDORFF_2011 = [
    list(unit) for unit in zip(*_KRIPPENDORFF_BY_OBSERVER, strict=True)
]

# pingouin 0.7 labels: A = absolute agreement (two-way random, Shrout-Fleiss 2),
# C = consistency (two-way mixed, Shrout-Fleiss 3).
ICC_MODELS = {
    "1,1": "ICC(1,1)",
    "1,k": "ICC(1,k)",
    "2,1": "ICC(A,1)",
    "3,1": "ICC(C,1)",
    "2,k": "ICC(A,k)",
    "3,k": "ICC(C,k)",
}
LEVELS = ["nominal", "interval", "ordinal", "ratio"]


def random_rubric(seed, n_subjects=30, n_raters=5, p_missing=0.15):
    """1-5 rubric scores with a per-rater bias and some missing cells."""
    rng = random.Random(seed)
    bias = [rng.choice([-1, 0, 0, 1]) for _ in range(n_raters)]
    matrix = []
    for _ in range(n_subjects):
        true_level = rng.randint(1, 5)
        row = []
        for j in range(n_raters):
            if rng.random() < p_missing:
                row.append(None)
            else:
                noisy = true_level + bias[j] + rng.choice([-1, 0, 0, 0, 1])
                row.append(float(min(5, max(1, noisy))))
        matrix.append(row)
    return matrix


DATASETS = {
    "shrout_fleiss": SHROUT_FLEISS,
    "krippendorff_2011": KRIPPENDORFF_2011,
    "random_seed_7": random_rubric(7),
    "random_seed_2024": random_rubric(2024, n_subjects=40, n_raters=3),
    "random_seed_99": random_rubric(99, n_subjects=25, n_raters=4, p_missing=0.1),
}


def pingouin_table(matrix):
    """pingouin's ICC table (unrounded), dropping incomplete subjects."""
    long = pd.DataFrame(
        [
            {"target": i, "rater": j, "score": np.nan if x is None else x}
            for i, row in enumerate(matrix)
            for j, x in enumerate(row)
        ]
    )
    saved = dict(pingouin.options)
    pingouin.options.update({"round": None, "round.column.CI95": None})
    try:
        return pingouin.intraclass_corr(
            data=long,
            targets="target",
            raters="rater",
            ratings="score",
            nan_policy="omit",
        ).set_index("Type")
    finally:
        pingouin.options.clear()
        pingouin.options.update(saved)


def pingouin_icc(matrix, model):
    """Reference ICC from pingouin, dropping incomplete subjects."""
    return float(pingouin_table(matrix).loc[ICC_MODELS[model], "ICC"])


def reference_alpha(matrix, level):
    """Reference alpha from the krippendorff package (raters x units, NaN)."""
    data = np.array(
        [[np.nan if x is None else x for x in row] for row in matrix], dtype=float
    ).T
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


@pytest.mark.parametrize(
    ("model", "published"),
    [
        ("1,1", 0.17),
        ("2,1", 0.29),
        ("3,1", 0.71),
        ("1,k", 0.44),
        ("2,k", 0.62),
        ("3,k", 0.91),
    ],
)
def test_icc_matches_shrout_fleiss_published_values(model, published):
    """ICC forms reproduce the values published by Shrout & Fleiss (1979)."""
    assert icc(SHROUT_FLEISS, model=model) == pytest.approx(published, abs=5e-3)


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # inside pingouin
@pytest.mark.parametrize("model", list(ICC_MODELS))
@pytest.mark.parametrize("name", list(DATASETS))
def test_icc_matches_pingouin(name, model):
    """ICC agrees with pingouin.intraclass_corr to three decimals."""
    matrix = DATASETS[name]
    expected = pingouin_icc(matrix, model)
    assert icc(matrix, model=model) == pytest.approx(expected, abs=5e-4)


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("interval", 0.849), ("ordinal", 0.815)],
)
def test_alpha_matches_krippendorff_published_values(level, published):
    """Alpha reproduces Krippendorff's (2011) worked example with missing data."""
    alpha = krippendorff_alpha(KRIPPENDORFF_2011, level=level)
    assert alpha == pytest.approx(published, abs=5e-4)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("name", list(DATASETS))
def test_alpha_matches_krippendorff_package(name, level):
    """Alpha agrees with the krippendorff package to three decimals."""
    matrix = DATASETS[name]
    expected = reference_alpha(matrix, level)
    assert krippendorff_alpha(matrix, level=level) == pytest.approx(expected, abs=5e-4)


def test_icc_drops_incomplete_rows():
    """Rows with a missing score do not change the ICC of the complete rows."""
    with_gaps = [*SHROUT_FLEISS, [None, 3, 3, 3], [1, None, None, 9]]
    for model in ICC_MODELS:
        assert icc(with_gaps, model=model) == icc(SHROUT_FLEISS, model=model)


def test_icc_rejects_too_few_complete_subjects():
    """ICC raises ValueError with fewer than 2 complete subjects."""
    with pytest.raises(ValueError, match="at least 2 subjects"):
        icc([[1, 2, 3], [2, None, 3], [None, 1, 1]], model="2,1")


def test_icc_rejects_single_rater():
    """ICC raises ValueError with fewer than 2 raters."""
    with pytest.raises(ValueError, match="at least 2 raters"):
        icc([[1], [2], [3]], model="3,1")


def test_icc_rejects_unknown_model():
    """ICC raises ValueError for a model name it does not implement."""
    with pytest.raises(ValueError, match="Unknown ICC model"):
        icc(SHROUT_FLEISS, model="4,1")
    with pytest.raises(ValueError, match="Unknown ICC model"):
        icc_ci(SHROUT_FLEISS, model="4,1")


def test_icc_rejects_ragged_matrix():
    """ICC raises ValueError when rows have different numbers of raters."""
    with pytest.raises(ValueError, match="one column per rater"):
        icc([[1, 2], [1, 2, 3]], model="2,1")


def test_alpha_rejects_unpairable_data():
    """Alpha raises ValueError when no unit has two or more values."""
    with pytest.raises(ValueError, match="pairable"):
        krippendorff_alpha([[1, None], [None, 2], [None, None]], level="interval")


def test_alpha_is_one_for_perfect_agreement_on_a_single_value():
    """Alpha is 1.0 when every pairable value is identical (no disagreement)."""
    assert krippendorff_alpha([[3, 3], [3, None]], level="ordinal") == 1.0


def test_alpha_skips_units_with_a_single_value():
    """Units with fewer than two values do not affect alpha."""
    extra = [*KRIPPENDORFF_2011, [None, None, 5, None]]
    for level in LEVELS:
        assert krippendorff_alpha(extra, level=level) == pytest.approx(
            krippendorff_alpha(KRIPPENDORFF_2011, level=level)
        )


LENIENT = [
    [3, 3, 5, 3],
    [2, 2, 4, 2],
    [4, 4, 6, None],
    [1, None, 3, 1],
    [None, None, 2, None],
]


def test_rater_deviation_detects_lenient_rater():
    """A rater scoring +2 above the others has a positive mean deviation."""
    deviations = rater_deviation(LENIENT)
    # Consensus with 4 raters is +0.5 above the others: lenient +1.5, others -0.5;
    # with 3 raters it is +2/3 above the others: lenient +4/3, others -2/3.
    assert deviations[2] == pytest.approx((1.5 + 1.5 + 4 / 3 + 4 / 3) / 4)
    assert deviations[0] == pytest.approx((-0.5 - 0.5 - 2 / 3 - 2 / 3) / 4)
    assert deviations[1] == pytest.approx((-0.5 - 0.5 - 2 / 3) / 3)
    assert deviations[3] == pytest.approx((-0.5 - 0.5 - 2 / 3) / 3)
    assert deviations[2] > 0 > deviations[0]


def test_rater_deviation_is_none_for_rater_without_scores():
    """A rater who scored nothing gets None rather than a number."""
    assert rater_deviation([[1, 2, None], [3, 3, None]])[2] is None


def test_rater_deviation_sums_to_zero_on_complete_data():
    """On complete data the deviations of all raters sum to zero."""
    assert math.fsum(rater_deviation(SHROUT_FLEISS)) == pytest.approx(0, abs=1e-12)


def test_flag_raters_returns_lenient_rater():
    """Only the +2 lenient rater exceeds a 1-point deviation threshold."""
    assert flag_raters(LENIENT, max_abs_deviation=1.0) == [2]
    assert flag_raters(LENIENT, max_abs_deviation=0.5) == [0, 1, 2, 3]
    assert flag_raters(LENIENT, max_abs_deviation=2.0) == []


def test_percent_agreement_exact_and_adjacent():
    """Percent agreement counts within-subject pairs within the tolerance."""
    matrix = [[1, 1, 2], [3, 5, None], [4, None, None]]
    # Pairs: (1,1) (1,2) (1,2) (3,5); exact 1/4, within 1: 3/4, within 2: 4/4.
    assert percent_agreement(matrix) == pytest.approx(0.25)
    assert percent_agreement(matrix, tolerance=1) == pytest.approx(0.75)
    assert percent_agreement(matrix, tolerance=2) == 1.0


def test_percent_agreement_tolerance_is_inclusive_for_fractional_scores():
    """A difference equal to a fractional tolerance counts as agreement."""
    assert percent_agreement([[0.1, 0.3]], tolerance=0.2) == 1.0


def test_percent_agreement_rejects_data_without_pairs():
    """Percent agreement raises ValueError when no subject has two scores."""
    with pytest.raises(ValueError, match="at least one subject"):
        percent_agreement([[1, None], [None, 2]])


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # inside pingouin
@pytest.mark.parametrize("model", list(ICC_MODELS))
@pytest.mark.parametrize("name", list(DATASETS))
def test_icc_interval_matches_pingouin(name, model):
    """The 95 % F-distribution interval of each ICC form (Shrout & Fleiss
    1979; McGraw & Wong 1996 for absolute agreement) equals pingouin's,
    including datasets with missing scores (incomplete rows dropped)."""
    matrix = DATASETS[name]
    expected = pingouin_table(matrix).loc[ICC_MODELS[model], "CI95"]
    low, high = icc_ci(matrix, model=model)
    assert (low, high) == pytest.approx(tuple(expected), abs=1e-9)
    assert low <= icc(matrix, model=model) <= high


def test_complete_rows_counts_the_subjects_the_icc_uses():
    assert complete_rows(KRIPPENDORFF_2011) == 8
    assert complete_rows(SHROUT_FLEISS) == 6


def reference_bootstrap(matrix, level, samples, seed):
    """Naive bootstrap: draw pairable units with the same generator and ask
    the krippendorff package for each resample's alpha."""
    units = [row for row in matrix if sum(x is not None for x in row) >= 2]
    picks = np.random.default_rng(seed).integers(0, len(units), (samples, len(units)))
    alphas = []
    for draw in picks:
        data = np.array(
            [[np.nan if x is None else x for x in units[i]] for i in draw], dtype=float
        ).T
        try:
            alphas.append(
                krippendorff.alpha(reliability_data=data, level_of_measurement=level)
            )
        except ValueError:  # one value only: perfect agreement
            alphas.append(1.0)
    return np.percentile(alphas, [2.5, 97.5])


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("name", ["krippendorff_2011", "random_seed_99"])
def test_alpha_bootstrap_matches_a_naive_bootstrap(name, level):
    """The vectorised bootstrap gives the interval a resample-by-resample
    computation with the krippendorff package gives, seeded and repeatable."""
    matrix = DATASETS[name]
    ours = alpha_ci(matrix, level=level, samples=200, seed=5)
    assert ours == pytest.approx(tuple(reference_bootstrap(matrix, level, 200, 5)))
    assert alpha_ci(matrix, level=level, samples=200, seed=5) == ours
    assert ours[0] <= krippendorff_alpha(matrix, level=level) <= ours[1]


def test_alpha_bootstrap_default_is_seeded():
    """Without arguments: 1000 resamples, the same interval every time."""
    first = alpha_ci(DATASETS["random_seed_7"], level="interval")
    assert alpha_ci(DATASETS["random_seed_7"], level="interval") == first
    assert first[0] < first[1]


def test_alpha_ratio_is_a_ratio_scale():
    """Ratio alpha is unchanged when every value is doubled but not when
    shifted (the zero matters); interval alpha is unchanged by both."""
    data = [[1, 2], [1, 1], [2, 3], [5, 4], [3, None]]
    doubled = [[None if x is None else 2 * x for x in row] for row in data]
    shifted = [[None if x is None else x + 3 for x in row] for row in data]
    ratio = krippendorff_alpha(data, level="ratio")
    assert krippendorff_alpha(doubled, level="ratio") == pytest.approx(ratio)
    assert krippendorff_alpha(shifted, level="ratio") != pytest.approx(ratio)
    interval = krippendorff_alpha(data, level="interval")
    assert krippendorff_alpha(shifted, level="interval") == pytest.approx(interval)


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        (0.49, "poor"),
        (0.5, "moderate"),
        (0.749, "moderate"),
        (0.75, "good"),
        (0.9, "good"),
        (0.901, "excellent"),
        (-0.2, "poor"),
    ],
)
def test_icc_verdict_follows_koo_and_li(value, verdict):
    assert icc_verdict(value) == verdict


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        (0.666, "unreliable"),
        (0.667, "tentative"),
        (0.799, "tentative"),
        (0.8, "reliable"),
    ],
)
def test_alpha_verdict_follows_krippendorff(value, verdict):
    assert alpha_verdict(value) == verdict
