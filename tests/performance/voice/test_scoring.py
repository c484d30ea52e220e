"""SERVQUAL, CSAT, NPS and CES scoring against hand-computed fixtures."""

import pytest

from performance.voice.scoring import (
    CLASSIC_ITEMS,
    DIMENSIONS,
    ItemSpec,
    ces,
    csat,
    item_score,
    nps,
    servqual_response,
    servqual_summary,
    weights_problems,
)

# One complete respondent; the comments give each item's scored gap.
R1 = {
    1: (6, 5),  # -1
    2: (7, 5),  # -2
    3: (5, 5),  # 0
    4: (6, 6),  # 0   tangibles -0.75
    **{n: (7, 6) for n in range(5, 10)},  # -1 each: reliability -1
    10: (2, 4),  # reversed: E'=6 P'=4 → -2
    11: (2, 2),  # 0
    12: (1, 3),  # E'=7 P'=5 → -2
    13: (3, 3),  # 0   responsiveness -1
    14: (5, 6),  # 1
    15: (5, 7),  # 2
    16: (6, 6),  # 0
    17: (4, 5),  # 1   assurance 1
    18: (2, 1),  # E'=6 P'=7 → +1
    19: (2, 2),  # 0
    20: (3, 1),  # E'=5 P'=7 → +2
    21: (1, 1),  # 0
    22: (2, 3),  # E'=6 P'=5 → -1   empathy 0.4
}
# A respondent who skipped most items: item 2 lacks P, item 10 lacks E.
R2 = {1: (4, 7), 2: (5, None), 10: (None, 3), 14: (7, 4)}
WEIGHTS = {
    "tangibles": 10,
    "reliability": 30,
    "responsiveness": 20,
    "assurance": 20,
    "empathy": 20,
}


def test_classic_version_has_22_items_with_reversed_10_to_13_and_18_to_22():
    """The classic Chinese version's layout, as in the domain brief."""
    assert len(CLASSIC_ITEMS) == 22
    assert [i.number for i in CLASSIC_ITEMS if i.reversed] == [
        10, 11, 12, 13, 18, 19, 20, 21, 22
    ]  # fmt: skip
    counts = {d: sum(i.dimension == d for i in CLASSIC_ITEMS) for d in DIMENSIONS}
    assert counts == {
        "tangibles": 4,
        "reliability": 5,
        "responsiveness": 4,
        "assurance": 4,
        "empathy": 5,
    }


def test_item_score_reverses_as_eight_minus_rating():
    """Reverse scoring on 1–7 is 8 − rating; other items keep the rating."""
    assert [item_score(r, reversed=True) for r in (1, 4, 7)] == [7, 4, 1]
    assert item_score(3, reversed=False) == 3


def test_one_complete_response_gives_hand_computed_gaps():
    """Dimension gaps, overall (mean of dimensions) and weighted overall."""
    scores = servqual_response(R1, CLASSIC_ITEMS, WEIGHTS)
    assert scores.items[10] == -2 and scores.items[20] == 2 and scores.items[2] == -2
    assert scores.dimensions == pytest.approx(
        {
            "tangibles": -0.75,
            "reliability": -1,
            "responsiveness": -1,
            "assurance": 1,
            "empathy": 0.4,
        }
    )
    assert scores.overall == pytest.approx(-0.27)
    # (10·-0.75 + 30·-1 + 20·-1 + 20·1 + 20·0.4) / 100
    assert scores.weighted == pytest.approx(-0.295)


def test_reversal_follows_the_version_not_the_item_number():
    """A version whose items are not reversed scores item 10 as P − E."""
    plain = [ItemSpec(i.number, i.dimension, reversed=False) for i in CLASSIC_ITEMS]
    scores = servqual_response(R1, plain)
    assert scores.items[10] == 2
    assert scores.dimensions["responsiveness"] == pytest.approx(1)
    assert scores.weighted is None


def test_missing_answers_skip_the_item_and_renormalise_weights():
    """Only items with both ratings count; weights cover answered dimensions."""
    scores = servqual_response(R2, CLASSIC_ITEMS, WEIGHTS)
    assert scores.items == {1: 3, 14: -3}
    assert scores.dimensions["tangibles"] == 3
    assert scores.dimensions["reliability"] is None
    assert scores.dimensions["responsiveness"] is None
    assert scores.overall == 0
    assert scores.weighted == pytest.approx((10 * 3 + 20 * -3) / 30)


def test_summary_means_response_scores_with_n():
    """Each figure of a set is the mean of its responses' scores, with n."""
    summary = servqual_summary([R1, R2], CLASSIC_ITEMS, WEIGHTS)
    assert summary.responses == 2
    assert (summary.items[1].value, summary.items[1].n) == (1, 2)
    assert (summary.items[2].value, summary.items[2].n) == (-2, 1)
    dims = {d: (s.value, s.n) for d, s in summary.dimensions.items()}
    assert dims["tangibles"] == (pytest.approx(1.125), 2)
    assert dims["reliability"] == (-1, 1)
    assert dims["assurance"] == (-1, 2)
    assert dims["empathy"] == (pytest.approx(0.4), 1)
    assert summary.overall.value == pytest.approx(-0.135)
    assert summary.overall.n == 2
    assert summary.weighted.value == pytest.approx((-0.295 - 1) / 2)


def test_summary_of_nothing_has_no_value():
    summary = servqual_summary([])
    assert summary.overall.value is None and summary.overall.n == 0
    assert all(s.n == 0 for s in summary.dimensions.values())


def test_weights_must_cover_the_five_dimensions_and_add_to_100():
    assert weights_problems(None) == []
    assert weights_problems(WEIGHTS) == []
    assert weights_problems({**WEIGHTS, "empathy": 25}) == ["sum"]
    assert weights_problems({"tangibles": 100}) == ["dimensions"]
    assert weights_problems({**WEIGHTS, "empathy": -20, "tangibles": 50}) == [
        "negative"
    ]


def test_csat_is_percent_of_fours_and_fives():
    stat = csat([5, 4, 3, None, 1, 5])
    assert (stat.value, stat.n, stat.count) == (60, 5, 3)
    assert csat([]).value is None


def test_nps_is_promoters_minus_detractors():
    """Reichheld's example shape: 4 promoters, 2 passives, 3 detractors of 9."""
    stat = nps([10, 9, 8, 7, 6, 0, None, 9, 3, 10])
    assert stat.n == 9 and stat.count == 1
    assert stat.value == pytest.approx(100 / 9)
    assert nps([10] * 5 + [8] * 4 + [6]).value == pytest.approx(40)
    assert nps([0, 6]).value == -100


def test_ces_is_the_mean_of_answers():
    stat = ces([7, 6, None, 2])
    assert (stat.value, stat.n) == (5, 3)
