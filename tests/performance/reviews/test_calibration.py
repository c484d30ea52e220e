"""Calibration figures for HR, against hand-computed values."""

from decimal import Decimal as D

import pytest
from scipy.stats import median_abs_deviation

from performance.reviews.calibration import Row, band, modified_z, summaries


def test_modified_z_matches_the_mad_formula():
    """M = 0.6745 (x − median)/MAD, MAD as scipy computes it (scale 1)."""
    values = {"m1": 0.0, "m2": 1.0, "m3": 2.0, "m4": 1.0, "m5": 10.0}
    mad = median_abs_deviation(list(values.values()))
    assert mad == 1.0
    z = modified_z(values)
    assert z["m5"] == pytest.approx(0.6745 * 9)
    assert z["m1"] == pytest.approx(-0.6745)
    assert z["m2"] == 0


def test_modified_z_falls_back_to_mean_absolute_deviation():
    """Most managers never adjust (MAD 0): (x − median)/(1.253314 MeanAD)."""
    z = modified_z({"a": 0.0, "b": 0.0, "c": 0.0, "d": 0.0, "e": 5.0})
    assert z["e"] == pytest.approx(5 / 1.253314)
    assert z["a"] == 0


def test_modified_z_needs_three_groups_and_some_spread():
    assert modified_z({"a": 0.0, "b": 9.0}) == {"a": None, "b": None}
    assert modified_z({"a": 2.0, "b": 2.0, "c": 2.0}) == {
        "a": None,
        "b": None,
        "c": None,
    }


def test_band_puts_100_in_the_top_band():
    assert [band(D(s)) for s in ("0", "9.99", "10", "99.99", "100")] == [0, 0, 1, 9, 9]


def test_summaries_by_group_and_the_flagged_manager():
    """Four managers adjust by about 0, one by +8 on average: only that one
    is flagged; distributions and counts are per group."""
    rows = [
        Row("ann", D("80"), D("0"), "A"),
        Row("ann", D("60"), D("0"), "B"),
        Row("bob", D("70"), D("1"), "B"),
        Row("bob", D("50"), D("-1"), "C"),
        Row("cai", D("75"), D("0"), "B"),
        Row("cai", None, D("0"), "none"),
        Row("dan", D("65"), D("1"), "B"),
        Row("dan", D("66"), D("0"), "B"),
        Row("eve", D("95"), D("8"), "A"),
        Row("eve", D("100"), D("8"), "A"),
        Row("fay", D("99"), D("10"), "A"),  # one result: not compared
    ]
    by = {s.group: s for s in summaries(rows)}
    assert list(by) == ["ann", "bob", "cai", "dan", "eve", "fay"]
    eve = by["eve"]
    assert (eve.n, eve.scored, eve.mean, eve.median, eve.sd) == (2, 2, 97.5, 97.5, 3.54)
    assert eve.histogram[9] == 2 and eve.tiers == (("A", 2),)
    assert (eve.mean_adjustment, eve.adjusted, eve.raised, eve.lowered) == (
        8.0,
        2,
        2,
        0,
    )
    # Means 0, 0, 0, 0.5, 8: median 0, MAD 0, MeanAD 1.7 → z = 8/(1.253314×1.7).
    assert eve.z == pytest.approx(round(8 / (1.253314 * 1.7), 2))
    assert eve.flagged
    assert [g for g, s in by.items() if s.flagged] == ["eve"]
    assert by["fay"].z is None and not by["fay"].flagged
    cai = by["cai"]
    assert (cai.n, cai.scored, cai.sd, cai.minimum, cai.maximum) == (
        2,
        1,
        None,
        75.0,
        75.0,
    )
    assert cai.tiers == (("B", 1), ("none", 1))
    bob = by["bob"]
    assert (bob.mean_adjustment, bob.adjusted, bob.raised, bob.lowered) == (
        0.0,
        2,
        1,
        1,
    )
