"""The review scoring engine against hand-computed tables."""

import random
from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import percentileofscore

from performance.reviews import engine
from performance.reviews.engine import (
    Component,
    Error,
    Evidence,
    Normalisation,
    Note,
    Person,
    Scheme,
    Tier,
    compute,
    scheme_errors,
    scheme_problems,
)

TIERS = (
    Tier("C", D("0"), amount=D("0")),
    Tier("B", D("60"), amount=D("500")),
    Tier("A", D("80"), amount=D("1000")),
)


def one_component() -> Scheme:
    return Scheme(components=(Component("x", D("100"), target=100),), tiers=TIERS)


def person(eid, raw, n=10, **kwargs) -> Person:
    return Person(eid, evidence={"x": Evidence(raw, n)}, **kwargs)


def by_id(results):
    return {r.employee_id: r for r in results}


def test_renormalises_weights_over_the_components_left_in():
    """A component below its minimum sample is left out with its note and the
    other weights are scaled to 100: 50/30 become 62.5/37.5."""
    scheme = Scheme(
        components=(
            Component("quiz", D("50"), target=80),
            Component("complaints", D("30"), target=10, higher_is_better=False),
            Component("audit", D("20"), target=100, min_sample=5),
        ),
        tiers=TIERS,
    )
    p = Person(
        1,
        evidence={
            "quiz": Evidence(60, 10),  # 60/80 = 75
            "complaints": Evidence(20, 10),  # 10/20 = 50
            "audit": Evidence(90, 3),  # 3 < 5
        },
    )
    [r] = compute(scheme, [p])
    quiz, complaints, audit = r.components
    assert (quiz.normalised, quiz.effective_weight, quiz.contribution) == (
        D("75.00"),
        D("62.50"),
        D("46.88"),
    )
    assert (complaints.normalised, complaints.effective_weight) == (
        D("50.00"),
        D("37.50"),
    )
    assert complaints.contribution == D("18.75")
    assert not audit.included and audit.note == Note.BELOW_MIN_SAMPLE
    assert audit.effective_weight == 0 and audit.contribution == 0
    # 46.875 + 18.75 = 65.625, rounded half up only at the edge.
    assert r.computed_score == D("65.63") and r.final_score == D("65.63")
    assert (r.tier_code, r.amount) == ("B", D("500.00"))


def test_notes_for_no_data_and_no_target_and_nothing_left():
    """No value, or a target component without a target, is left out with its
    note; when nothing is left there is no score, tier "none" and amount 0."""
    scheme = Scheme(
        components=(Component("a", D("60")), Component("b", D("40"), target=50)),
        tiers=TIERS,
    )
    r = by_id(
        compute(
            scheme,
            [
                Person(1, evidence={"a": Evidence(5, 3), "b": Evidence(None, 0)}),
                Person(2, evidence={"b": Evidence(25, 4)}),
            ],
        )
    )
    assert [c.note for c in r[1].components] == [Note.NO_TARGET, Note.NO_DATA]
    assert r[1].computed_score is None and r[1].final_score is None
    assert (r[1].tier_code, r[1].amount) == (engine.TIER_NONE, D("0.00"))
    assert [c.note for c in r[2].components] == [Note.NO_DATA, ""]
    assert r[2].components[1].effective_weight == D("100.00")
    assert r[2].computed_score == D("50.00")


@pytest.mark.parametrize(
    ("raw", "higher", "expected"),
    [
        (50, True, D("50")),
        (150, True, D("100")),  # capped
        (0, True, D("0")),
        (-5, True, D("0")),
        (20, False, D("50")),  # target 10 / raw 20
        (5, False, D("100")),  # better than target: capped
        (0, False, D("100")),  # none at all cannot be beaten
    ],
)
def test_target_score_respects_direction_and_caps(raw, higher, expected):
    """higher-better raw/target×100, lower-better target/raw×100, in [0, 100]."""
    target = D("100") if higher else D("10")
    assert engine.target_score(D(raw), target, higher_is_better=higher) == expected


def test_percentile_ties_take_the_mean_rank():
    """(worse + ½ equal)/n × 100: values 10, 20, 20, 30 rank 12.5, 50, 50,
    87.5; lower-is-better mirrors them; a group of its own is left out."""
    scheme = Scheme(
        components=(
            Component("up", D("50"), normalisation=Normalisation.PERCENTILE),
            Component(
                "down",
                D("50"),
                normalisation=Normalisation.PERCENTILE,
                higher_is_better=False,
            ),
        ),
        tiers=TIERS,
    )
    values = {1: 10, 2: 20, 3: 20, 4: 30}
    people = [
        Person(
            e,
            peer_group=("cashier",),
            evidence={"up": Evidence(v, 5), "down": Evidence(v, 5)},
        )
        for e, v in values.items()
    ] + [Person(5, peer_group=("manager",), evidence={"up": Evidence(99, 5)})]
    r = by_id(compute(scheme, people))
    assert [r[e].components[0].normalised for e in values] == [
        D("12.50"),
        D("50.00"),
        D("50.00"),
        D("87.50"),
    ]
    assert [r[e].components[1].normalised for e in values] == [
        D("87.50"),
        D("50.00"),
        D("50.00"),
        D("12.50"),
    ]
    assert r[5].components[0].note == Note.NO_PEERS
    assert r[5].computed_score is None


def test_percentile_matches_scipy_mean_kind():
    """The mid-rank percentile equals scipy's percentileofscore(kind="mean")."""
    rng = random.Random(7)
    group = sorted(D(rng.randint(0, 9)) for _ in range(37))
    for value in set(group):
        ours = engine.percentile_rank(value, group, higher_is_better=True)
        ref = percentileofscore([float(v) for v in group], float(value), kind="mean")
        assert float(ours) == pytest.approx(ref)


def test_below_min_sample_people_are_not_peers():
    """Someone left out for a small sample is not in the others' ranking."""
    scheme = Scheme(
        components=(
            Component(
                "x", D("100"), normalisation=Normalisation.PERCENTILE, min_sample=3
            ),
        ),
        tiers=TIERS,
    )
    r = by_id(compute(scheme, [person(1, 10), person(2, 20), person(3, 0, n=2)]))
    assert r[1].components[0].normalised == D("25.00")  # (0 + ½)/2, not (1 + ½)/3
    assert r[3].components[0].note == Note.BELOW_MIN_SAMPLE


@pytest.mark.parametrize(
    ("raw", "score", "tier"),
    [
        (80, D("80.00"), "A"),  # exactly on the border: the higher tier
        (79.995, D("80.00"), "A"),  # the tier follows the score shown
        (79.994, D("79.99"), "B"),
        (60, D("60.00"), "B"),
        (59.99, D("59.99"), "C"),
        (0, D("0.00"), "C"),
        (100, D("100.00"), "A"),
    ],
)
def test_scores_on_a_tier_border_go_to_the_higher_tier(raw, score, tier):
    """Lower bounds are inclusive, on the final score rounded to 2 dp."""
    [r] = compute(one_component(), [person(1, raw)])
    assert (r.final_score, r.tier_code) == (score, tier)


def test_adjustment_is_added_and_clipped_to_0_100():
    """final = computed + adjustment within [0, 100]; beyond ±max refused."""
    scheme = replace(one_component(), max_adjustment=D("10"))
    r = by_id(
        compute(
            scheme,
            [
                person(1, 95, adjustment=D("10")),
                person(2, 3, adjustment=D("-5")),
                person(3, 75, adjustment=D("5")),
            ],
        )
    )
    assert (r[1].computed_score, r[1].final_score) == (D("95.00"), D("100.00"))
    assert r[2].final_score == D("0.00")
    assert (r[3].final_score, r[3].tier_code) == (D("80.00"), "A")
    with pytest.raises(AssertionError):
        compute(scheme, [person(1, 50, adjustment=D("10.01"))])


def test_failed_gate_shows_the_score_but_pays_nothing():
    """An ineligible person keeps the score, gets tier "ineligible" and 0,
    and is not counted in a forced distribution's population."""
    tiers = (TIERS[0], TIERS[1], replace(TIERS[2], max_share=D("0.5")))
    scheme = Scheme(components=(Component("x", D("100"), target=100),), tiers=tiers)
    people = [
        person(1, 99, failed_gates=("certificate", "tenure")),
        person(2, 90),
        person(3, 85),
    ]
    r = by_id(compute(scheme, people))
    assert r[1].final_score == D("99.00") and not r[1].eligible
    assert (r[1].tier_code, r[1].amount) == (engine.TIER_INELIGIBLE, D("0.00"))
    assert r[1].failed_gates == ("certificate", "tenure")
    # Population 2 (the eligible): A admits floor(0.5 × 2) = 1.
    assert (r[2].tier_code, r[3].tier_code) == ("A", "B")


def test_multiplier_of_base_amount():
    """A tier with a multiplier pays multiplier × base, to the cent."""
    tiers = (
        Tier("low", D("0"), multiplier=D("0")),
        Tier("high", D("50"), multiplier=D("1.255")),
    )
    scheme = Scheme(
        components=(Component("x", D("100"), target=100),),
        tiers=tiers,
        base_amount=D("1000.5"),
    )
    r = by_id(compute(scheme, [person(1, 70), person(2, 10)]))
    assert r[1].amount == D("1255.63")  # 1255.6275 half up
    assert r[2].amount == D("0.00")


FORCED = (
    Tier("C", D("0"), amount=D("0")),
    Tier("B", D("60"), amount=D("500"), max_share=D("0.5")),
    Tier("A", D("80"), amount=D("1000"), max_share=D("0.2")),
)


def forced(scores):
    scheme = Scheme(components=(Component("x", D("100"), target=100),), tiers=FORCED)
    results = compute(scheme, [person(i + 1, s) for i, s in enumerate(scores)])
    return [r.tier_code for r in results]


def test_forced_distribution_caps_overflow_down():
    """Ten eligible: A admits floor(0.2×10) = 2, B floor(0.5×10) = 5; the
    overflow of A joins B, the overflow of B drops to C."""
    scores = [95, 90, 85, 85, 80, 70, 65, 60, 50, 40]
    assert forced(scores) == ["A", "A", "B", "B", "B", "B", "B", "C", "C", "C"]


def test_forced_distribution_ties_at_the_cut_drop_together():
    """Tied scores at a cut all drop, so equal scores get equal tiers."""
    scores = [95, 90, 90, 85, 70, 65, 65, 65, 50, 40]
    # A: 95 | 90, 90 tied at the cut of 2 → only 95. B gets 90, 90, 85, 70,
    # then 65 ×3 tied at the cut of 5 → all three to C.
    assert forced(scores) == ["A", "B", "B", "B", "B", "C", "C", "C", "C", "C"]


def test_forced_distribution_cap_below_one_person_admits_nobody():
    """floor(0.2 × 4) = 0: nobody can be in A; B takes floor(0.5 × 4) = 2."""
    assert forced([99, 98, 70, 10]) == ["B", "B", "C", "C"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=40))
def test_forced_distribution_never_exceeds_a_cap_and_ties_share_a_tier(scores):
    """Whatever the scores: no tier above its cap, equal scores equal tiers,
    and a higher score never gets a lower tier."""
    tiers = forced(scores)
    n = len(scores)
    assert tiers.count("A") <= int(0.2 * n)
    assert tiers.count("B") <= int(0.5 * n)
    rank = {"C": 0, "B": 1, "A": 2}
    for s1, t1 in zip(scores, tiers, strict=True):
        for s2, t2 in zip(scores, tiers, strict=True):
            if s1 == s2:
                assert t1 == t2
            if s1 > s2:
                assert rank[t1] >= rank[t2]


def random_population(seed, size=300):
    rng = random.Random(seed)
    people = []
    for e in range(1, size + 1):
        evidence = {}
        for key in "abcd":
            if rng.random() < 0.9:
                evidence[key] = Evidence(
                    round(rng.uniform(0, 120), 2), rng.randint(0, 12)
                )
        people.append(
            Person(
                e * 7 % 1009,
                peer_group=(
                    rng.choice(["cashier", "clerk"]),
                    rng.choice(["mall", "street"]),
                ),
                evidence=evidence,
                failed_gates=("tenure",) if rng.random() < 0.05 else (),
                adjustment=D(rng.randint(-5, 5)),
            )
        )
    return people


MIXED = Scheme(
    components=(
        Component("a", D("25"), target=100),
        Component("b", D("25"), target=30, higher_is_better=False, min_sample=3),
        Component("c", D("30"), normalisation=Normalisation.PERCENTILE, min_sample=2),
        Component(
            "d", D("20"), normalisation=Normalisation.PERCENTILE, higher_is_better=False
        ),
    ),
    tiers=FORCED,
    max_adjustment=D("5"),
)


def test_compute_is_deterministic():
    """Twice, or with the input shuffled: identical results, sorted by id."""
    people = random_population(1)
    first = compute(MIXED, people)
    assert compute(MIXED, people) == first
    shuffled = list(people)
    random.Random(2).shuffle(shuffled)
    assert compute(MIXED, shuffled) == first
    assert [r.employee_id for r in first] == sorted(p.employee_id for p in people)
    for r in first:
        included = [c for c in r.components if c.included]
        if included:
            assert sum(c.effective_weight for c in included) == pytest.approx(
                100, abs=0.02
            )
            assert r.computed_score == pytest.approx(
                sum(c.contribution for c in included), abs=D("0.03")
            )


def test_compute_refuses_an_invalid_scheme_and_duplicate_people():
    with pytest.raises(ValueError):
        compute(Scheme(components=(Component("x", D("90")),), tiers=TIERS), [])
    with pytest.raises(ValueError):
        compute(one_component(), [person(1, 5), person(1, 6)])


def test_a_valid_scheme_has_no_errors():
    assert scheme_errors(MIXED) == []
    assert scheme_errors(one_component()) == []


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"components": ()}, Error.NO_COMPONENTS, "components"),
        (
            {"components": (Component("a", D("50")), Component("b", D("49.99")))},
            Error.WEIGHTS_TOTAL,
            "components",
        ),
        (
            {"components": (Component("a", D("110")), Component("b", D("-10")))},
            Error.WEIGHT_NOT_POSITIVE,
            "components.1.weight",
        ),
        (
            {"components": (Component("a", D("50")), Component("a", D("50")))},
            Error.DUPLICATE_KEY,
            "components.1.key",
        ),
        (
            {"components": (Component("a", D("100"), normalisation="median"),)},
            Error.UNKNOWN_NORMALISATION,
            "components.0.normalisation",
        ),
        (
            {"components": (Component("a", D("100"), target=0),)},
            Error.TARGET_NOT_POSITIVE,
            "components.0.target",
        ),
        (
            {"components": (Component("a", D("100"), min_sample=-1),)},
            Error.MIN_SAMPLE_NEGATIVE,
            "components.0.min_sample",
        ),
        ({"tiers": ()}, Error.NO_TIERS, "tiers"),
        (
            {
                "tiers": (
                    Tier("C", D("10"), amount=D("0")),
                    Tier("A", D("80"), amount=D("1")),
                )
            },
            Error.TIERS_NOT_FROM_ZERO,
            "tiers",
        ),
        (
            {
                "tiers": (
                    Tier("C", D("0"), amount=D("0")),
                    Tier("A", D("0"), amount=D("1")),
                )
            },
            Error.TIERS_OVERLAP,
            "tiers.1.min_score",
        ),
        (
            {
                "tiers": (
                    Tier("C", D("0"), amount=D("0")),
                    Tier("C", D("50"), amount=D("1")),
                )
            },
            Error.DUPLICATE_TIER_CODE,
            "tiers.1.code",
        ),
        (
            {"tiers": (Tier("none", D("0"), amount=D("0")),)},
            Error.RESERVED_TIER_CODE,
            "tiers.0.code",
        ),
        (
            {
                "tiers": (
                    Tier("C", D("0"), amount=D("0")),
                    Tier("A", D("101"), amount=D("1")),
                )
            },
            Error.TIER_SCORE_OUT_OF_RANGE,
            "tiers.1.min_score",
        ),
        (
            {
                "tiers": (Tier("C", D("0"), amount=D("1"), multiplier=D("1")),),
                "base_amount": D("1"),
            },
            Error.TIER_AMOUNT_AND_MULTIPLIER,
            "tiers.0.amount",
        ),
        ({"tiers": (Tier("C", D("0")),)}, Error.TIER_NO_AMOUNT, "tiers.0.amount"),
        (
            {"tiers": (Tier("C", D("0"), amount=D("-1")),)},
            Error.TIER_AMOUNT_NEGATIVE,
            "tiers.0.amount",
        ),
        (
            {"tiers": (Tier("C", D("0"), multiplier=D("1")),)},
            Error.MULTIPLIER_WITHOUT_BASE,
            "base_amount",
        ),
        (
            {
                "tiers": (TIERS[0], replace(TIERS[1], max_share=D("0"))),
                "base_amount": D("1"),
            },
            Error.MAX_SHARE_OUT_OF_RANGE,
            "tiers.1.max_share",
        ),
        (
            {"tiers": (TIERS[0], replace(TIERS[1], max_share=D("1.01")))},
            Error.MAX_SHARE_OUT_OF_RANGE,
            "tiers.1.max_share",
        ),
        (
            {"tiers": (TIERS[2], replace(TIERS[0], max_share=D("0.5")))},
            Error.LOWEST_TIER_CAPPED,
            "tiers.1.max_share",
        ),
        ({"base_amount": D("-1")}, Error.BASE_AMOUNT_NEGATIVE, "base_amount"),
        (
            {"max_adjustment": D("-1")},
            Error.MAX_ADJUSTMENT_OUT_OF_RANGE,
            "max_adjustment",
        ),
        (
            {"max_adjustment": D("100.5")},
            Error.MAX_ADJUSTMENT_OUT_OF_RANGE,
            "max_adjustment",
        ),
    ],
)
def test_scheme_errors(change, code, field):
    """Each defect gives its stable code, naming the field concerned."""
    scheme = replace(one_component(), **change)
    assert code in scheme_errors(scheme)
    assert engine.SchemeError(code, field) in scheme_problems(scheme)


@pytest.mark.parametrize("higher", [True, False])
def test_group_ranks_agree_with_percentile_rank(higher):
    """The one-pass ranking of a group gives each value its percentile_rank."""
    rng = random.Random(3)
    group = [D(rng.randint(0, 15)) for _ in range(50)]
    ranks = engine.group_ranks(group, higher_is_better=higher)
    ordered = sorted(group)
    for value in group:
        assert ranks[value] == engine.percentile_rank(
            value, ordered, higher_is_better=higher
        )
