"""Kirkpatrick statistics: Hake's gain, paired change and the staggered
difference-in-differences, by hand and against statsmodels."""

import numpy as np
import pandas as pd
import pingouin
import pytest
import statsmodels.formula.api as smf
from scipy import stats as scipy_stats

from performance.analytics.effectiveness import (
    learning_gain,
    mean_interval,
    reaction,
    staggered_did,
)


def test_reaction_distribution():
    r = reaction({5: 3, 4: 1})
    assert r.n == 4 and r.mean == pytest.approx(4.75)
    assert r.distribution == {1: 0, 2: 0, 3: 0, 4: 1, 5: 3}
    assert reaction({}).mean is None


def test_hake_normalised_gain_by_hand():
    """Pre 40 %, post 70 %: <g> = (70 − 40) / (100 − 40) = 0.5 (Hake 1998)."""
    g = learning_gain([(30, 60), (50, 80)])
    assert g.pre == 40 and g.post == 70
    assert g.normalised == pytest.approx(0.5)
    assert g.gain.estimate == pytest.approx(30) and g.n == 2


def test_mean_interval_matches_pingouin_paired_t():
    pre = [40, 55, 62, 48, 70, 35, 58]
    post = [52, 60, 75, 50, 72, 49, 66]
    interval = mean_interval([b - a for a, b in zip(pre, post, strict=True)])
    ci = pingouin.ttest(post, pre, paired=True)["CI95"].iloc[0]
    assert interval.low == pytest.approx(ci[0], abs=0.01)
    assert interval.high == pytest.approx(ci[1], abs=0.01)


# A, B trained in period 3; E in period 4; C, D never.
PANEL = {
    1: {2: 10, 3: 15},  # A
    2: {2: 12, 3: 16},  # B
    3: {2: 10, 3: 11, 4: 12},  # C
    4: {2: 11, 3: 11, 4: 13},  # D
    5: {2: 19, 3: 20, 4: 26},  # E
}
COHORTS = {1: 3, 2: 3, 5: 4}
STRATA = dict.fromkeys(PANEL, "teller")


def test_staggered_did_by_hand():
    """ATT(3,3): treated A, B gain 5 and 4 (4.5); not yet trained C, D, E
    gain 1, 0, 1 (2/3): 3.8333. ATT(4,4): E gains 6; C, D (A, B are trained
    by then) gain 1 and 2 (1.5): 4.5. Weighted by cohort size 2:1: 4.0556."""
    did = staggered_did(PANEL, COHORTS, STRATA, pre=0, post=1, min_units=1)
    cells = {(c.cohort, c.period): c for c in did.cells}
    assert cells[(3, 3)].att == pytest.approx(4.5 - 2 / 3)
    assert cells[(3, 3)].controls == 3
    assert cells[(4, 4)].att == pytest.approx(4.5)
    assert cells[(4, 4)].controls == 2
    assert did.att.estimate == pytest.approx((4.5 - 2 / 3) * 2 / 3 + 4.5 / 3)
    assert did.treated == 3


def test_one_cohort_equals_ols_with_interaction():
    """One cohort, one post period: the estimate is the treated × post
    coefficient of OLS on the levels, and its standard error that of OLS of
    the change on treatment with HC2 errors (statsmodels; for a two-group
    regression that is the Welch variance)."""
    rng = np.random.default_rng(11)
    panel, cohorts, rows = {}, {}, []
    for i in range(40):
        treated = i < 15
        level = rng.normal(50, 5)
        before = level + rng.normal()
        after = level + 1 + (3 if treated else 0) + rng.normal()
        panel[i] = {5: before, 6: after}
        if treated:
            cohorts[i] = 6
        rows += [
            {"i": i, "y": before, "treated": int(treated), "post": 0},
            {"i": i, "y": after, "treated": int(treated), "post": 1},
        ]
    did = staggered_did(panel, cohorts, dict.fromkeys(panel, "x"), pre=0, post=1)
    frame = pd.DataFrame(rows)
    ols = smf.ols("y ~ treated * post", data=frame).fit()
    assert did.att.estimate == pytest.approx(ols.params["treated:post"])
    change = frame.pivot(index="i", columns="post", values="y")
    change = pd.DataFrame(
        {"d": change[1] - change[0], "treated": frame.groupby("i")["treated"].first()}
    )
    hc2 = smf.ols("d ~ treated", data=change).fit(cov_type="HC2")
    half = hc2.bse["treated"] * scipy_stats.t.ppf(0.975, 15 - 1)
    assert did.att.high - did.att.estimate == pytest.approx(half)


def _simulated(effect, *, trend=0.0, n=60, seed=5):
    """Staggered completions in periods 4-6 of 1-9; `trend` adds a pre-existing
    rise for the trained (a pre-trend)."""
    rng = np.random.default_rng(seed)
    panel, cohorts = {}, {}
    for i in range(n):
        g = [4, 5, 6, None][i % 4]
        level = rng.normal(80, 3)
        panel[i] = {}
        for t in range(1, 10):
            y = level + 0.2 * t + rng.normal(0, 1)
            if g is not None:
                y += trend * t
                if t >= g:
                    y += effect
            panel[i][t] = y
        if g is not None:
            cohorts[i] = g
    return panel, cohorts, dict.fromkeys(panel, "agent")


def test_real_effect_found_and_null_not():
    panel, cohorts, strata = _simulated(5.0)
    did = staggered_did(panel, cohorts, strata)
    assert did.att.low < 5.0 < did.att.high and did.att.excludes_zero
    assert not did.pre_trends_differ and not did.too_few
    panel, cohorts, strata = _simulated(0.0)
    null = staggered_did(panel, cohorts, strata)
    assert not null.att.excludes_zero


def test_pre_trend_and_small_n_are_reported():
    panel, cohorts, strata = _simulated(0.0, trend=1.0)
    assert staggered_did(panel, cohorts, strata).pre_trends_differ
    small = {k: v for k, v in PANEL.items()}
    assert staggered_did(small, COHORTS, STRATA).too_few


def test_other_positions_are_not_controls():
    """A not-yet-trained person of another position is not a comparison."""
    strata = {**STRATA, 3: "waiter", 4: "waiter"}
    did = staggered_did(PANEL, COHORTS, strata, pre=0, post=1, min_units=1)
    cells = {(c.cohort, c.period): c for c in did.cells}
    assert cells[(3, 3)].controls == 1  # only E
    assert (4, 4) not in cells  # nobody left to compare with


def test_negligible_effect():
    """A precise but tiny difference (under 0.1 SD between people) is
    negligible; the simulated 5-point effect is not."""
    panel, cohorts, strata = _simulated(5.0)
    did = staggered_did(panel, cohorts, strata)
    assert did.sd > 1 and not did.negligible
    tiny = staggered_did(*_simulated(0.01), pre=3, post=3)
    assert tiny.negligible or not tiny.att.excludes_zero


def test_a_negligible_pre_trend_does_not_hide_a_null_result():
    """A placebo difference that is significant but under NEGLIGIBLE_D
    standard deviations does not make a null effect read "pre-trends"; one
    above it does."""
    from performance.analytics.effectiveness import DiD, Interval

    null = Interval(0.05, -0.01, 0.11, 40)
    tiny = DiD(
        att=null,
        pre_trend=Interval(0.12, 0.02, 0.22, 40),
        treated=20,
        controls=20,
        sd=2.5,
    )
    assert not tiny.pre_trends_differ
    real = DiD(
        att=null, pre_trend=Interval(1.5, 1.0, 2.0, 40), treated=20, controls=20, sd=2.5
    )
    assert real.pre_trends_differ
