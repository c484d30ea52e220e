"""Moodle's item statistics against hand-computed values and references."""

import math

import numpy as np
import pandas as pd
import pingouin
import pytest

from performance.analytics.itemstats import (
    distractor_analysis,
    item_flags,
    item_statistics,
    item_sums,
    quiz_statistics,
    quiz_sums,
    random_guess_score,
)

# Four attempts at three one-mark questions (a Guttman pattern).
MARKS = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


def test_item_statistics_match_hand_computed_values():
    """Question 1: x = 1,1,1,0, rest = 2,1,0,0. F = 75 %, SD = 50 %,
    cov(x,r) = 0.25, var r = 11/12, D = 0.25/√(0.25·11/12) = 52.22 %;
    sorted pairing gives the same cross-products, so DE = 100 %."""
    stats = item_statistics(item_sums(MARKS, [1, 1, 1]))
    q1 = stats[0]
    assert q1.facility == pytest.approx(75)
    assert q1.sd == pytest.approx(50)
    assert q1.discrimination_index == pytest.approx(
        100 * 0.25 / math.sqrt(0.25 * 11 / 12)
    )
    assert q1.discrimination_index == pytest.approx(52.2233, abs=1e-3)
    assert q1.discriminative_efficiency == pytest.approx(100)
    assert q1.intended_weight == pytest.approx(100 / 3)
    assert sum(s.effective_weight for s in stats) == pytest.approx(100)


def test_discrimination_is_the_item_rest_correlation():
    """D equals numpy's Pearson correlation of item and rest of test, on a
    random table with unequal weights."""
    rng = np.random.default_rng(7)
    ability = rng.normal(size=60)
    weights = [1.0, 2.0, 1.0, 0.5, 1.0]
    marks = [[w * float(rng.normal() + a > 0) for w in weights] for a in ability]
    stats = item_statistics(item_sums(marks, weights))
    table = np.array(marks)
    for j, s in enumerate(stats):
        rest = table.sum(axis=1) - table[:, j]
        assert s.discrimination_index == pytest.approx(
            100 * np.corrcoef(table[:, j], rest)[0, 1]
        )
        assert s.facility == pytest.approx(100 * table[:, j].mean() / weights[j])
        assert s.sd == pytest.approx(100 * table[:, j].std(ddof=1) / weights[j])
    cov_t = [np.cov(table[:, j], table.sum(axis=1))[0, 1] for j in range(5)]
    if min(cov_t) >= 0:
        roots = np.sqrt(cov_t)
        for j, s in enumerate(stats):
            assert s.effective_weight == pytest.approx(100 * roots[j] / roots.sum())


def test_quiz_statistics_hand_and_pingouin():
    """CIC of the Guttman table: item variances 1/4 + 1/3 + 1/4, total
    variance 5/3, α = 3/2 · (1 − 0.8333/1.6667) = 0.75; ER = 50 %;
    SD = √(5/3)/3 = 43.03 %; SE = 21.52 %. pingouin's α agrees."""
    q = quiz_statistics(quiz_sums(MARKS, [1, 1, 1]))
    assert q.cic == pytest.approx(75)
    assert q.error_ratio == pytest.approx(50)
    assert q.sd == pytest.approx(100 * math.sqrt(5 / 3) / 3)
    assert q.standard_error == pytest.approx(q.sd / 2)
    assert q.mean == pytest.approx(50)
    alpha, _ = pingouin.cronbach_alpha(data=pd.DataFrame(MARKS))
    assert q.cic == pytest.approx(100 * alpha)


def test_cic_matches_pingouin_on_random_data():
    rng = np.random.default_rng(3)
    ability = rng.normal(size=80)
    marks = [[float(rng.normal() + a > 0.3) for _ in range(8)] for a in ability]
    alpha, _ = pingouin.cronbach_alpha(data=pd.DataFrame(marks))
    assert quiz_statistics(quiz_sums(marks, [1] * 8)).cic == pytest.approx(100 * alpha)


def test_negative_covariance_hides_effective_weight_and_flags():
    """An item the weakest get right: D < 0, flagged; effective weights are
    not shown (Moodle leaves them empty when any covariance is negative)."""
    marks = [[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1], [1, 0, 0]]
    stats = item_statistics(item_sums(marks, [1, 1, 1]))
    assert stats[2].discrimination_index < 0
    assert "negative" in stats[2].flags
    assert all(s.effective_weight is None for s in stats)


def test_flags_and_degenerate_items():
    assert item_flags(100, None) == ("too_easy",)
    assert item_flags(0, -5) == ("too_hard", "negative")
    assert item_flags(50, 10) == ("weak",)
    assert item_flags(50, 40) == ()
    # Everyone right: no variance, no discrimination, no crash.
    stats = item_statistics(item_sums([[1, 1], [1, 0]], [1, 1]))
    assert stats[0].discrimination_index is None
    assert stats[0].discriminative_efficiency is None
    one = item_statistics(item_sums([[1, 0]], [1, 1]))
    assert one[0].sd is None and one[0].facility == 100


def test_random_guess_scores():
    assert random_guess_score("single", [1, 0, 0, 0]) == 0.25
    assert random_guess_score("situational", [1, 0.5, 0]) == 0.5
    assert random_guess_score("true_false", []) == 0.5
    assert random_guess_score("matching", [0, 0, 0]) == pytest.approx(1 / 3)
    assert random_guess_score("multiple", [0.5, 0.5, -1]) is None


def test_distractor_analysis_flags_unused_and_strong_distractors():
    options = [("a", "A", 1.0), ("b", "B", 0.0), ("c", "C", 0.0)]
    # a chosen 10 times by attempts averaging 6/10, b 10 times averaging 8/10.
    rows = distractor_analysis(
        options, {"a": (10, 60.0), "b": (10, 80.0)}, responses=20, max_total=10
    )
    assert [r.n for r in rows] == [10, 10, 0]
    assert rows[0].share == 50 and rows[0].mean_total == 60
    assert rows[1].flag == "attracts_strong"
    assert rows[2].flag == "unused"
