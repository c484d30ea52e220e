"""The review scoring engine: pure functions over plain data, no ORM.

The selector gathers each person's evidence, this module turns it into
scores, tiers and amounts, and the service stores the result. Everything is
deterministic: inputs are sorted before ranking, arithmetic is Decimal, and
rounding happens only at the edge (scores, weights and contributions to
0.01, amounts to 0.01, ROUND_HALF_UP as payroll expects).

The rules, in the order `compute` applies them:

1. Each component is normalised to 0-100 (`target_score`, `percentile_rank`).
   It is left out, with a `Note`, when the person has no value, fewer
   observations than the component's minimum sample, no target to compare
   with, or no peer to be ranked against.
2. The weights of the components left in are renormalised to total 100
   (`effective_weights`); nothing left in gives no score and tier "none".
3. final = computed + the manager's adjustment, clipped to [0, 100].
4. Tiers are chosen on the final score as shown (2 dp), lower bound
   inclusive: 70.00 belongs to the tier starting at 70.
5. A person who fails an eligibility gate keeps the computed and final score
   (they see how they did, as in Frappe HRMS appraisals and Xactly
   statements), gets tier "ineligible" and amount 0, and takes no place in a
   forced distribution.
6. Forced distribution (`forced_distribution`) caps tiers best first;
   overflow drops one tier down.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

HUNDRED = Decimal("100")
ZERO = Decimal("0")
CENT = Decimal("0.01")

TIER_NONE = "none"  # no component could be scored
TIER_INELIGIBLE = "ineligible"  # an eligibility gate failed: score shown, amount 0


class Normalisation:
    TARGET = "target"  # 0-100 against the target, respecting direction, capped
    PERCENTILE = "percentile"  # percentile rank within the peer group


class Note:
    """Why a component was left out of a person's score (rendered in words
    by the caller, in the reader's language)."""

    NO_DATA = "no_data"
    BELOW_MIN_SAMPLE = "below_min_sample"
    NO_TARGET = "no_target"
    NO_PEERS = "no_peers"  # percentile: nobody else in the peer group has a value


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


# --- scheme validation ------------------------------------------------------


@dataclass(frozen=True)
class SchemeError:
    """One problem with a scheme: a stable code and the field it concerns
    ("components.2.weight", "tiers.1.max_share", "" for the whole scheme)."""

    code: str
    field: str = ""


class Error:
    """Stable codes returned by `scheme_errors` (the caller renders words)."""

    NO_COMPONENTS = "no_components"
    WEIGHTS_TOTAL = "weights_total_not_100"
    WEIGHT_NOT_POSITIVE = "weight_not_positive"
    DUPLICATE_KEY = "duplicate_component_key"
    UNKNOWN_NORMALISATION = "unknown_normalisation"
    TARGET_NOT_POSITIVE = "target_not_positive"
    MIN_SAMPLE_NEGATIVE = "min_sample_negative"
    NO_TIERS = "no_tiers"
    DUPLICATE_TIER_CODE = "duplicate_tier_code"
    RESERVED_TIER_CODE = "reserved_tier_code"
    TIER_SCORE_OUT_OF_RANGE = "tier_min_score_out_of_range"
    TIERS_NOT_FROM_ZERO = "tiers_not_starting_at_0"  # a gap below the lowest tier
    TIERS_OVERLAP = "tiers_overlap"  # two tiers starting at the same score
    TIER_AMOUNT_AND_MULTIPLIER = "tier_amount_and_multiplier"
    TIER_NO_AMOUNT = "tier_neither_amount_nor_multiplier"
    TIER_AMOUNT_NEGATIVE = "tier_amount_negative"
    MULTIPLIER_WITHOUT_BASE = "multiplier_without_base_amount"
    MAX_SHARE_OUT_OF_RANGE = "max_share_out_of_range"
    LOWEST_TIER_CAPPED = "lowest_tier_capped"  # its overflow would have nowhere to go
    BASE_AMOUNT_NEGATIVE = "base_amount_negative"
    MAX_ADJUSTMENT_OUT_OF_RANGE = "max_adjustment_out_of_range"


def scheme_problems(scheme: Scheme) -> list[SchemeError]:
    """Everything wrong with a scheme, each with the field it concerns, in
    the order of the scheme's fields; empty when the scheme is valid.

    Weights total exactly 100 (as Frappe HRMS requires of KRA weights); the
    tiers, sorted by min_score, start at 0 and no two start at the same score,
    so every score in [0, 100] falls in exactly one tier (gaps cannot exist
    otherwise, since a tier runs to the next one's start)."""
    errors: list[SchemeError] = []
    add = errors.append
    if not scheme.components:
        add(SchemeError(Error.NO_COMPONENTS, "components"))
    seen: set[str] = set()
    total = ZERO
    for i, c in enumerate(scheme.components):
        where = f"components.{i}"
        if c.key in seen:
            add(SchemeError(Error.DUPLICATE_KEY, f"{where}.key"))
        seen.add(c.key)
        weight = _dec(c.weight)
        total += weight
        if weight <= 0:
            add(SchemeError(Error.WEIGHT_NOT_POSITIVE, f"{where}.weight"))
        if c.normalisation not in (Normalisation.TARGET, Normalisation.PERCENTILE):
            add(SchemeError(Error.UNKNOWN_NORMALISATION, f"{where}.normalisation"))
        if c.normalisation == Normalisation.TARGET and c.target is not None:
            if _dec(c.target) <= 0:
                add(SchemeError(Error.TARGET_NOT_POSITIVE, f"{where}.target"))
        if c.min_sample < 0:
            add(SchemeError(Error.MIN_SAMPLE_NEGATIVE, f"{where}.min_sample"))
    if scheme.components and total != HUNDRED:
        add(SchemeError(Error.WEIGHTS_TOTAL, "components"))

    if not scheme.tiers:
        add(SchemeError(Error.NO_TIERS, "tiers"))
    codes: set[str] = set()
    starts: dict[Decimal, int] = {}
    uses_multiplier = False
    for i, t in enumerate(scheme.tiers):
        where = f"tiers.{i}"
        if t.code in codes:
            add(SchemeError(Error.DUPLICATE_TIER_CODE, f"{where}.code"))
        if t.code in (TIER_NONE, TIER_INELIGIBLE):
            add(SchemeError(Error.RESERVED_TIER_CODE, f"{where}.code"))
        codes.add(t.code)
        start = _dec(t.min_score)
        if not ZERO <= start <= HUNDRED:
            add(SchemeError(Error.TIER_SCORE_OUT_OF_RANGE, f"{where}.min_score"))
        elif start in starts:
            add(SchemeError(Error.TIERS_OVERLAP, f"{where}.min_score"))
        starts.setdefault(start, i)
        if t.amount is not None and t.multiplier is not None:
            add(SchemeError(Error.TIER_AMOUNT_AND_MULTIPLIER, f"{where}.amount"))
        elif t.amount is None and t.multiplier is None:
            add(SchemeError(Error.TIER_NO_AMOUNT, f"{where}.amount"))
        elif t.amount is not None and _dec(t.amount) < 0:
            add(SchemeError(Error.TIER_AMOUNT_NEGATIVE, f"{where}.amount"))
        elif t.multiplier is not None:
            uses_multiplier = True
            if _dec(t.multiplier) < 0:
                add(SchemeError(Error.TIER_AMOUNT_NEGATIVE, f"{where}.multiplier"))
        if t.max_share is not None and not ZERO < _dec(t.max_share) <= 1:
            add(SchemeError(Error.MAX_SHARE_OUT_OF_RANGE, f"{where}.max_share"))
    if starts and min(starts) != ZERO:
        add(SchemeError(Error.TIERS_NOT_FROM_ZERO, "tiers"))
    if scheme.tiers:
        lowest = min(
            range(len(scheme.tiers)), key=lambda i: _dec(scheme.tiers[i].min_score)
        )
        if scheme.tiers[lowest].max_share is not None:
            add(SchemeError(Error.LOWEST_TIER_CAPPED, f"tiers.{lowest}.max_share"))

    base = _dec(scheme.base_amount)
    if base < 0:
        add(SchemeError(Error.BASE_AMOUNT_NEGATIVE, "base_amount"))
    elif uses_multiplier and base == 0:
        add(SchemeError(Error.MULTIPLIER_WITHOUT_BASE, "base_amount"))
    if not ZERO <= _dec(scheme.max_adjustment) <= HUNDRED:
        add(SchemeError(Error.MAX_ADJUSTMENT_OUT_OF_RANGE, "max_adjustment"))
    return errors


def scheme_errors(scheme: Scheme) -> list[str]:
    """Codes of what is wrong with a scheme (weights not totalling 100,
    duplicate keys, tiers overlapping or leaving gaps, ...); empty when valid.
    The codes are `Error`'s; `scheme_problems` also names the field."""
    return [e.code for e in scheme_problems(scheme)]


# --- normalisation ----------------------------------------------------------


def target_score(raw: Decimal, target: Decimal, *, higher_is_better: bool) -> Decimal:
    """0-100 against a positive target, capped at 100 (ratio-to-target
    attainment, as in incentive plans' "% of quota"):

    - higher is better: raw / target × 100 (a raw of 0 or below scores 0);
    - lower is better: target / raw × 100 (a raw of 0 or below, e.g. no
      complaints at all, cannot be beaten: 100).
    """
    if higher_is_better:
        value = raw / target * HUNDRED
    elif raw <= 0:
        value = HUNDRED
    else:
        value = target / raw * HUNDRED
    return min(max(value, ZERO), HUNDRED)


def percentile_rank(
    value: Decimal, others_sorted: Sequence[Decimal], *, higher_is_better: bool
) -> Decimal:
    """Mid-rank percentile rank of `value` within the sorted group it belongs
    to (which includes it): (worse + 0.5 × equal) / n × 100, so ties take the
    mean rank. This is the textbook percentile rank (Crocker & Algina 1986,
    ch. 19) and scipy.stats.percentileofscore(kind="mean"); for lower-is-better
    components "worse" means a higher value."""
    n = len(others_sorted)
    below = bisect_left(others_sorted, value)
    equal = bisect_right(others_sorted, value) - below
    worse = below if higher_is_better else n - below - equal
    return (Decimal(worse) + Decimal(equal) / 2) / Decimal(n) * HUNDRED


def group_ranks(
    values: Sequence[Decimal], *, higher_is_better: bool
) -> dict[Decimal, Decimal]:
    """`percentile_rank` of every distinct value of a peer group in one pass
    over the sorted values (n log n for the group, not per person)."""
    ordered = sorted(values)
    n = Decimal(len(ordered))
    ranks = {}
    below = 0
    i = 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j] == ordered[i]:
            j += 1
        equal = j - i
        worse = below if higher_is_better else len(ordered) - below - equal
        ranks[ordered[i]] = (Decimal(worse) + Decimal(equal) / 2) / n * HUNDRED
        below += equal
        i = j
    return ranks


def effective_weights(weights: Mapping) -> dict:
    """Renormalise the weights of the included components to total 100:
    w_i / Σ w_included × 100 (Frappe HRMS computes its final score the same
    way over the KRAs that were rated). Unrounded."""
    total = sum(weights.values(), ZERO)
    return {key: w / total * HUNDRED for key, w in weights.items()}


# --- tiers and forced distribution -----------------------------------------


def tier_for(score: Decimal, tiers_ascending: Sequence[Tier]) -> int:
    """Index of the tier a score falls in; lower bound inclusive, so a score
    exactly on a border belongs to the higher tier."""
    index = 0
    for i, tier in enumerate(tiers_ascending):
        if score >= _dec(tier.min_score):
            index = i
    return index


def forced_distribution(
    scores: Mapping[int, Decimal],
    natural: Mapping[int, int],
    tiers_ascending: Sequence[Tier],
) -> dict[int, int]:
    """Apply tier caps, best tier first. A tier with max_share admits at most
    floor(max_share × population) people, population being everyone in
    `scores` (the eligible people with a score), best score first; the rest
    drop to the next tier down and compete there with its own members.

    Tie rule: people tied on the score at the cut all drop together, so equal
    scores always get equal tiers and the cap is never exceeded (a tie broken
    by employee number would pay two equal scores differently for no reason
    the employee can see). The tier may then admit fewer than its cap."""
    population = len(scores)
    placed = dict(natural)
    overflow: list[int] = []
    for index in range(len(tiers_ascending) - 1, -1, -1):
        tier = tiers_ascending[index]
        members = [e for e, t in natural.items() if t == index] + overflow
        overflow = []
        if tier.max_share is None or index == 0:
            for e in members:
                placed[e] = index
            continue
        cap = int((_dec(tier.max_share) * population).to_integral_value(ROUND_FLOOR))
        members.sort(key=lambda e: (-scores[e], e))
        if len(members) > cap:
            cut = cap
            # Everyone tied with the first person left out drops with them.
            while cut > 0 and scores[members[cut - 1]] == scores[members[cut]]:
                cut -= 1
            admitted, overflow = members[:cut], members[cut:]
        else:
            admitted = members
        for e in admitted:
            placed[e] = index
    return placed


# --- compute ----------------------------------------------------------------


def compute(scheme: Scheme, people: Sequence[Person]) -> list[PersonResult]:
    """Score everyone in one pass (percentiles and forced distribution need
    the whole population); results sorted by employee_id. The scheme must be
    valid (`scheme_errors` empty) and each adjustment within ±max_adjustment:
    the services refuse both before calling, so here they are asserted."""
    problems = scheme_errors(scheme)
    if problems:
        raise ValueError(f"invalid scheme: {problems}")
    people = sorted(people, key=lambda p: p.employee_id)
    ids = [p.employee_id for p in people]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate employee_id")
    max_adjustment = _dec(scheme.max_adjustment)
    for p in people:
        if abs(_dec(p.adjustment)) > max_adjustment:
            raise AssertionError(
                f"adjustment {p.adjustment} of employee {p.employee_id} "
                f"exceeds ±{max_adjustment}"
            )

    components = scheme.components
    # Per component: each person's usable value (Decimal) or the note why not.
    values: list[dict[int, Decimal]] = []
    notes: list[dict[int, str]] = []
    for c in components:
        usable, why = {}, {}
        key, min_sample = c.key, c.min_sample
        no_target = c.normalisation == Normalisation.TARGET and c.target is None
        for p in people:
            ev = p.evidence.get(key)
            if ev is None or ev.raw is None:
                why[p.employee_id] = Note.NO_DATA
            elif ev.n < min_sample:
                why[p.employee_id] = Note.BELOW_MIN_SAMPLE
            elif no_target:
                why[p.employee_id] = Note.NO_TARGET
            else:
                usable[p.employee_id] = _dec(ev.raw)
        values.append(usable)
        notes.append(why)

    group_of = {p.employee_id: tuple(p.peer_group) for p in people}
    normalised: list[dict[int, Decimal]] = []
    for c, usable, why in zip(components, values, notes, strict=True):
        if c.normalisation == Normalisation.TARGET:
            target = _dec(c.target) if c.target is not None else None
            normalised.append(
                {
                    e: target_score(v, target, higher_is_better=c.higher_is_better)
                    for e, v in usable.items()
                }
            )
            continue
        # Percentile: rank among the peers whose value is usable too.
        groups: dict[tuple, list[Decimal]] = defaultdict(list)
        for e, v in usable.items():
            groups[group_of[e]].append(v)
        rank_of = {
            key: group_ranks(group, higher_is_better=c.higher_is_better)
            for key, group in groups.items()
            if len(group) >= 2
        }
        ranks = {}
        for e, v in usable.items():
            group_ranks_ = rank_of.get(group_of[e])
            if group_ranks_ is None:
                why[e] = Note.NO_PEERS
            else:
                ranks[e] = group_ranks_[v]
        normalised.append(ranks)

    tiers = sorted(scheme.tiers, key=lambda t: _dec(t.min_score))
    base = _dec(scheme.base_amount)
    weights = [_dec(c.weight) for c in components]
    keys = [c.key for c in components]
    count = len(components)
    # Effective weights depend only on which components are left in: most
    # people share a handful of such patterns, so compute each once. This
    # loop runs people × components times (100,000 for a bench cycle), hence
    # the local names and positional dataclass arguments.
    patterns: dict[tuple[bool, ...], tuple[list[Decimal], list[Decimal]]] = {}
    quantize, cent, half_up = Decimal.quantize, CENT, ROUND_HALF_UP
    drafts = []
    for p in people:
        e = p.employee_id
        pattern = tuple([e in norm for norm in normalised])
        if pattern not in patterns:
            left_in = {i: weights[i] for i in range(count) if pattern[i]}
            eff = effective_weights(left_in) if left_in else {}
            exact = [eff.get(i, ZERO) for i in range(count)]
            patterns[pattern] = (exact, [_q(w) for w in exact])
        exact, shown = patterns[pattern]
        included = True in pattern
        rows = []
        total = ZERO
        evidence = p.evidence
        for i in range(count):
            ev = evidence.get(keys[i])
            raw, n = (ev.raw, ev.n) if ev is not None else (None, 0)
            if pattern[i]:
                value = normalised[i][e]
                # contribution = normalised × effective weight / 100
                contribution = value * exact[i] / HUNDRED
                total += contribution
                rows.append(
                    ComponentResult(
                        keys[i],
                        raw,
                        n,
                        quantize(value, cent, half_up),
                        weights[i],
                        shown[i],
                        quantize(contribution, cent, half_up),
                        True,
                    )
                )
            else:
                rows.append(
                    ComponentResult(
                        keys[i],
                        raw,
                        n,
                        None,
                        weights[i],
                        ZERO,
                        ZERO,
                        False,
                        notes[i][e],
                    )
                )
        adjustment = _dec(p.adjustment)
        if included:
            computed = _q(total)
            final = _q(min(max(computed + adjustment, ZERO), HUNDRED))
        else:
            computed = final = None
        drafts.append((p, tuple(rows), computed, adjustment, final))

    # Tiers: natural tier by final score, then the caps over the eligible.
    scores = {
        p.employee_id: final
        for p, _, _, _, final in drafts
        if final is not None and not p.failed_gates
    }
    natural = {e: tier_for(s, tiers) for e, s in scores.items()}
    placed = forced_distribution(scores, natural, tiers)

    results = []
    for p, rows, computed, adjustment, final in drafts:
        e = p.employee_id
        if final is None:
            tier_code, amount = TIER_NONE, ZERO
        elif p.failed_gates:
            tier_code, amount = TIER_INELIGIBLE, ZERO
        else:
            tier = tiers[placed[e]]
            tier_code = tier.code
            amount = (
                _dec(tier.amount)
                if tier.amount is not None
                else _dec(tier.multiplier) * base
            )
        results.append(
            PersonResult(
                employee_id=e,
                components=rows,
                computed_score=computed,
                adjustment=adjustment,
                final_score=final,
                eligible=not p.failed_gates,
                failed_gates=tuple(sorted(p.failed_gates)),
                tier_code=tier_code,
                amount=_q(amount),
            )
        )
    return results


# --- helpers ----------------------------------------------------------------


def _dec(value) -> Decimal:
    """Decimal from an int, Decimal, str or float (a float through its
    shortest repr, so 0.1 is 0.1 and not 0.1000000000000000055...)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value}")
        return Decimal(repr(value))
    return Decimal(value)


def _q(value: Decimal, _cent=CENT, _mode=ROUND_HALF_UP) -> Decimal:
    return value.quantize(_cent, rounding=_mode)
