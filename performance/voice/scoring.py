"""Survey scoring as pure functions (no database): the reference the SQL
aggregation in performance.voice.services is tested against.

SERVQUAL (Parasuraman, Zeithaml & Berry 1988, "SERVQUAL: a multiple-item
scale for measuring consumer perceptions of service quality", J. Retailing
64(1)): 22 items in five dimensions, each rated 1–7 for expectation (E) and
perception (P); gap = P − E per item, averaged per dimension. Items worded
negatively are reverse-scored (score = 8 − rating) where the questionnaire
version says so, so a positive gap always means "better than expected".
The unweighted overall score is the mean of the five dimension scores; the
weighted one spreads 100 importance points over the dimensions (Zeithaml,
Parasuraman & Berry 1990, "Delivering Quality Service", ch. 2 and app. A).

Missing answers: an item counts only when both E and P were given; a
dimension counts when at least one of its items does (its score is the mean
of those items); the overall scores use the dimensions answered, the
weighted one re-normalising the weights of those dimensions. A set of
responses is summarised as the mean of its responses' scores, each with its
n (responses that have that score), so every figure says how many answers
it rests on. With complete answers this is exactly the 1988/1990 scoring.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SCALE_MIN, SCALE_MAX = 1, 7  # SERVQUAL and CES ratings

TANGIBLES = "tangibles"
RELIABILITY = "reliability"
RESPONSIVENESS = "responsiveness"
ASSURANCE = "assurance"
EMPATHY = "empathy"
DIMENSIONS = (TANGIBLES, RELIABILITY, RESPONSIVENESS, ASSURANCE, EMPATHY)


@dataclass(frozen=True)
class ItemSpec:
    number: int
    dimension: str
    reversed: bool = False


# The classic 22-item version: items 1–4 tangibles, 5–9 reliability, 10–13
# responsiveness, 14–17 assurance, 18–22 empathy; in the Chinese teaching
# version 10–13 and 18–22 are worded negatively (reverse-scored).
CLASSIC_ITEMS = tuple(
    ItemSpec(
        n,
        TANGIBLES
        if n <= 4
        else RELIABILITY
        if n <= 9
        else RESPONSIVENESS
        if n <= 13
        else ASSURANCE
        if n <= 17
        else EMPATHY,
        reversed=10 <= n <= 13 or n >= 18,
    )
    for n in range(1, 23)
)

# (expectation, perception); either may be None when not answered.
Pair = tuple[int | None, int | None]


@dataclass(frozen=True)
class Stat:
    """A mean (or percentage) and the number of answers it rests on; value is
    None when n is 0. `count` is the numerator of a percentage."""

    value: float | None
    n: int
    count: int | None = None


@dataclass(frozen=True)
class ResponseScores:
    items: dict[int, float]
    dimensions: dict[str, float | None]
    overall: float | None
    weighted: float | None


@dataclass(frozen=True)
class ServqualSummary:
    items: dict[int, Stat]
    dimensions: dict[str, Stat]
    overall: Stat
    weighted: Stat
    responses: int = 0
    weights: dict[str, float] = field(default_factory=dict)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _stat(values: Sequence[float]) -> Stat:
    return Stat(_mean(values), len(values))


def item_score(rating: int, *, reversed: bool, scale_max: int = SCALE_MAX) -> int:
    """A rating as scored: 8 − rating on a 1–7 scale for a reversed item."""
    return scale_max + 1 - rating if reversed else rating


def weights_problems(weights: Mapping[str, float] | None) -> list[str]:
    """Why importance weights are unusable ([] if fine; None means unweighted):
    they must name the five dimensions, be ≥ 0 and add up to 100 points."""
    if not weights:
        return []
    problems = []
    if set(weights) != set(DIMENSIONS):
        problems.append("dimensions")
    if any(w is None or w < 0 for w in weights.values()):
        problems.append("negative")
    elif abs(sum(weights.values()) - 100) > 1e-6:
        problems.append("sum")
    return problems


def servqual_response(
    answers: Mapping[int, Pair],
    items: Sequence[ItemSpec] = CLASSIC_ITEMS,
    weights: Mapping[str, float] | None = None,
) -> ResponseScores:
    """One respondent's gaps: per item P − E (after reverse-scoring both),
    per dimension the mean of its answered items, overall the mean of the
    answered dimensions, weighted Σ wᵢ·gapᵢ / Σ wᵢ over answered dimensions
    (= Σ wᵢ·gapᵢ / 100 when all five are answered)."""
    item_gaps: dict[int, float] = {}
    by_dimension: dict[str, list[float]] = {d: [] for d in DIMENSIONS}
    for item in items:
        expectation, perception = answers.get(item.number, (None, None))
        if expectation is None or perception is None:
            continue
        gap = item_score(perception, reversed=item.reversed) - item_score(
            expectation, reversed=item.reversed
        )
        item_gaps[item.number] = gap
        by_dimension[item.dimension].append(gap)
    dimensions = {d: _mean(v) for d, v in by_dimension.items()}
    answered = {d: g for d, g in dimensions.items() if g is not None}
    overall = _mean(list(answered.values()))
    weighted = None
    if weights and answered:
        total = sum(weights[d] for d in answered)
        if total > 0:
            weighted = sum(weights[d] * g for d, g in answered.items()) / total
    return ResponseScores(item_gaps, dimensions, overall, weighted)


def servqual_summary(
    responses: Iterable[Mapping[int, Pair]],
    items: Sequence[ItemSpec] = CLASSIC_ITEMS,
    weights: Mapping[str, float] | None = None,
) -> ServqualSummary:
    """Gaps of a set of responses: each figure the mean of the responses'
    scores (servqual_response), with its n."""
    scored = [servqual_response(r, items, weights) for r in responses]
    numbers = [i.number for i in items]
    return ServqualSummary(
        items={n: _stat([s.items[n] for s in scored if n in s.items]) for n in numbers},
        dimensions={
            d: _stat([s.dimensions[d] for s in scored if s.dimensions[d] is not None])
            for d in DIMENSIONS
        },
        overall=_stat([s.overall for s in scored if s.overall is not None]),
        weighted=_stat([s.weighted for s in scored if s.weighted is not None]),
        responses=len(scored),
        weights=dict(weights or {}),
    )


def _ratings(ratings: Iterable[int | None]) -> list[int]:
    return [r for r in ratings if r is not None]


def csat(ratings: Iterable[int | None]) -> Stat:
    """CSAT: % of answers on a 1–5 scale that are 4 or 5 ("satisfied" or
    "very satisfied"), the top-two-box convention (ACSI and most contact-
    centre tools); unanswered ratings are left out of n."""
    answered = _ratings(ratings)
    satisfied = sum(1 for r in answered if r >= 4)
    value = 100 * satisfied / len(answered) if answered else None
    return Stat(value, len(answered), satisfied)


def nps(ratings: Iterable[int | None]) -> Stat:
    """Net Promoter Score on the 0–10 "how likely are you to recommend"
    scale: % promoters (9–10) minus % detractors (0–6), −100..100
    (Reichheld 2003, "The one number you need to grow", HBR 81(12)).
    `count` is promoters − detractors."""
    answered = _ratings(ratings)
    promoters = sum(1 for r in answered if r >= 9)
    detractors = sum(1 for r in answered if r <= 6)
    value = 100 * (promoters - detractors) / len(answered) if answered else None
    return Stat(value, len(answered), promoters - detractors)


def ces(ratings: Iterable[int | None]) -> Stat:
    """Customer Effort Score: the mean of 1–7 answers to "the company made it
    easy for me to handle my issue" (CES 2.0; Dixon, Freeman & Toman 2010,
    "Stop trying to delight your customers", HBR 88(7)); higher is easier."""
    answered = _ratings(ratings)
    return Stat(_mean(answered), len(answered))


# The scale each kind asks on: (lowest, highest).
SCALES = {"servqual": (1, 7), "csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
