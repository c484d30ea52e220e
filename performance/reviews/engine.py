"""The review scoring engine: pure functions over plain data, no ORM.

The selector gathers each person's evidence, this module turns it into
scores, tiers and amounts, and the service stores the result. Everything is
deterministic: inputs are sorted before ranking, rounding happens only at
the edge (`round_result`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


class Normalisation:
    TARGET = "target"  # 0-100 against the target, respecting direction, capped
    PERCENTILE = "percentile"  # percentile rank within the peer group


class Note:
    """Why a component was left out of a person's score (rendered in words
    by the caller, in the reader's language)."""

    NO_DATA = "no_data"
    BELOW_MIN_SAMPLE = "below_min_sample"
    NO_TARGET = "no_target"


@dataclass(frozen=True)
class Component:
    key: str
    weight: Decimal  # the scheme's weights total exactly 100
    normalisation: str = Normalisation.TARGET
    target: float | None = None
    higher_is_better: bool = True
    min_sample: int = 1


@dataclass(frozen=True)
class Tier:
    """Scores in [min_score, next tier's min_score) fall in this tier; the
    highest tier is closed at 100. Exactly one of amount and multiplier."""

    code: str
    min_score: Decimal
    amount: Decimal | None = None
    multiplier: Decimal | None = None
    max_share: Decimal | None = None  # forced distribution: at most this share (0-1)


@dataclass(frozen=True)
class Scheme:
    components: tuple[Component, ...]
    tiers: tuple[Tier, ...]
    base_amount: Decimal = Decimal("0")
    max_adjustment: Decimal = Decimal("0")  # a manager moves a score by at most ±this


@dataclass(frozen=True)
class Evidence:
    raw: float | None
    n: int = 0


@dataclass(frozen=True)
class Person:
    employee_id: int
    peer_group: tuple = ()
    evidence: Mapping[str, Evidence] = field(default_factory=dict)
    failed_gates: tuple[str, ...] = ()  # codes of eligibility gates not met
    adjustment: Decimal = Decimal("0")


@dataclass(frozen=True)
class ComponentResult:
    key: str
    raw: float | None
    n: int
    normalised: Decimal | None
    weight: Decimal  # as configured
    effective_weight: Decimal  # after renormalisation over included components
    contribution: Decimal
    included: bool
    note: str = ""


@dataclass(frozen=True)
class PersonResult:
    employee_id: int
    components: tuple[ComponentResult, ...]
    computed_score: Decimal | None  # None: no component could be scored
    adjustment: Decimal
    final_score: Decimal | None
    eligible: bool
    failed_gates: tuple[str, ...]
    tier_code: str
    amount: Decimal


def scheme_errors(scheme: Scheme) -> list[str]:
    """Codes of what is wrong with a scheme (weights not totalling 100,
    duplicate keys, tiers overlapping or leaving gaps, ...); empty when valid."""
    raise NotImplementedError


def compute(scheme: Scheme, people: Sequence[Person]) -> list[PersonResult]:
    """Score everyone in one pass (percentiles and forced distribution need
    the whole population); results sorted by employee_id."""
    raise NotImplementedError
