"""Pure scoring rules for questions, quizzes, random draws and rubrics.

No Django and no database: models convert themselves to the frozen specs below.
Malformed learner input raises ``InvalidResponse`` (callers answer with a 4xx);
a badly authored spec raises ``ValueError`` when the spec is built.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

Id = int | str
EPS = 1e-9


class InvalidResponse(ValueError):
    """A learner's or scorer's response does not fit the question or rubric."""


class AllNotApplicable(InvalidResponse):
    """Every criterion of a sheet is N/A: the recording could not be scored
    (the situation the rubric describes did not happen in it). Such a sheet is
    refused, not stored as a score of 0 or 100."""

    def __str__(self) -> str:
        from django.utils.translation import gettext

        return gettext(
            "Every criterion is N/A: this recording could not be scored. "
            "Choose a level for at least one criterion, or ask the trainer "
            "for another recording."
        )


class NotEnoughQuestions(ValueError):
    """A random-draw pool has fewer eligible questions than it must draw."""


@dataclass(frozen=True)
class QuestionResult:
    score: float  # in [0, 1]
    correct: bool  # full credit


@dataclass(frozen=True)
class Option:
    id: Id
    credit: float  # Moodle fraction (multiple choice) or weight 0-1 (SJT)


@dataclass(frozen=True)
class SingleChoice:
    options: tuple[Id, ...]
    correct: Id

    def __post_init__(self):
        _unique(self.options, "option")
        if self.correct not in self.options:
            raise ValueError("the correct option must be one of the options")


@dataclass(frozen=True)
class TrueFalse:
    answer: bool


@dataclass(frozen=True)
class MultipleChoice:
    """Positive credits must sum to 1; every wrong option needs a negative credit,
    so choosing every option can never earn full credit."""

    options: tuple[Option, ...]

    def __post_init__(self):
        _unique([o.id for o in self.options], "option")
        if any(not -1 <= o.credit <= 1 or o.credit == 0 for o in self.options):
            raise ValueError("credits must be in [-1, 1] and non-zero")
        if abs(sum(o.credit for o in self.options if o.credit > 0) - 1) > 1e-6:
            raise ValueError("the credits of correct options must sum to 1")


@dataclass(frozen=True)
class SituationalJudgement:
    options: tuple[Option, ...]  # credit = weight of the option, 0-1

    def __post_init__(self):
        _unique([o.id for o in self.options], "option")
        if any(not 0 <= o.credit <= 1 for o in self.options):
            raise ValueError("weights must be in [0, 1]")


@dataclass(frozen=True)
class Ordering:
    items: tuple[Id, ...]  # the correct order

    def __post_init__(self):
        _unique(self.items, "item")
        if len(self.items) < 2:
            raise ValueError("an ordering question needs at least two items")


@dataclass(frozen=True)
class Matching:
    pairs: Mapping[Id, Id]  # prompt id -> correct answer id
    distractors: frozenset[Id] = field(default_factory=frozenset)

    def __post_init__(self):
        if not self.pairs:
            raise ValueError("a matching question needs at least one prompt")


_Choices = SingleChoice | TrueFalse | MultipleChoice | SituationalJudgement
QuestionSpec = _Choices | Ordering | Matching


def _unique(ids: Sequence[Id], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate {what} ids")


def _check_id(value: object, known: Collection[Id], what: str = "option") -> Id:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidResponse(f"{what} id must be an integer or string")
    if value not in known:
        raise InvalidResponse(f"unknown {what} id: {value!r}")
    return value


def _id_list(response: object, known: Collection[Id], what: str) -> list[Id]:
    if isinstance(response, str | bytes | Mapping) or not isinstance(
        response, Collection
    ):
        raise InvalidResponse(f"expected a list of {what} ids")
    ids = [_check_id(v, known, what) for v in response]
    if len(set(ids)) != len(ids):
        raise InvalidResponse(f"duplicate {what} ids")
    return ids


def _result(score: float) -> QuestionResult:
    score = round(min(max(score, 0.0), 1.0), 9)
    return QuestionResult(score=score, correct=score >= 1.0)


def grade_question(question: QuestionSpec, response: object) -> QuestionResult:
    """Grade one response. Expected response shapes:

    * SingleChoice, SituationalJudgement: one option id; score 1/0 or the weight.
    * TrueFalse: a bool.
    * MultipleChoice: a list of chosen option ids (may be empty);
      score = clamp(sum of chosen credits, 0, 1).
    * Ordering: a permutation of the item ids. Rule ("relative to the next item"):
      for each of the n - 1 consecutive pairs (a, b) of the correct order, one
      point if b directly follows a in the response; score = points / (n - 1).
      The full order scores 1, the reversed order 0.
    * Matching: {prompt id: answer id}; unanswered prompts earn nothing;
      score = prompts matched correctly / prompts.
    """
    match question:
        case SingleChoice(options=options, correct=correct):
            return _result(float(_check_id(response, options) == correct))
        case TrueFalse(answer=answer):
            if not isinstance(response, bool):
                raise InvalidResponse("expected true or false")
            return _result(float(response == answer))
        case MultipleChoice(options=options):
            credit = {o.id: o.credit for o in options}
            return _result(sum(credit[i] for i in _id_list(response, credit, "option")))
        case SituationalJudgement(options=options):
            weight = {o.id: o.credit for o in options}
            return _result(weight[_check_id(response, weight)])
        case Ordering(items=items):
            order = _id_list(response, items, "item")
            if len(order) != len(items):
                raise InvalidResponse("the response must order every item once")
            follows = set(pairwise(order))
            hits = sum(pair in follows for pair in pairwise(items))
            return _result(hits / (len(items) - 1))
        case Matching(pairs=pairs, distractors=distractors):
            if not isinstance(response, Mapping):
                raise InvalidResponse("expected a mapping of prompt id to answer id")
            answers = set(pairs.values()) | distractors
            hits = sum(
                _check_id(a, answers, "answer") == pairs[_check_id(p, pairs, "prompt")]
                for p, a in response.items()
            )
            return _result(hits / len(pairs))
    raise TypeError(f"unsupported question spec: {type(question).__name__}")


def quiz_score(results: Sequence[tuple[float, float]]) -> float:
    """Weighted percent 0-100 from (weight, score in [0, 1]) per question."""
    if any(w < 0 or not 0 <= s <= 1 for w, s in results):
        raise ValueError("weights must be >= 0 and scores in [0, 1]")
    total = sum(w for w, _ in results)
    if total <= 0:
        raise ValueError("a quiz needs a positive total weight")
    return 100 * sum(w * s for w, s in results) / total


def passed(percent: float, pass_mark: float) -> bool:
    """True when percent reaches the pass mark (tolerant of float noise)."""
    return percent >= pass_mark - EPS


_METHODS = {
    "highest": max,
    "last": lambda p: p[-1],
    "average": lambda p: sum(p) / len(p),
}


def grade_attempts(
    percents: Sequence[float], method: Literal["highest", "last", "average"]
) -> float | None:
    """The quiz grade over attempts in chronological order; None if none yet."""
    if method not in _METHODS:
        raise ValueError(f"unknown grading method: {method!r}")
    return _METHODS[method](percents) if percents else None


@dataclass(frozen=True)
class PoolRule:
    """Draw ``count`` questions tagged ``tag`` with difficulty >= min_difficulty."""

    tag: str
    count: int
    min_difficulty: int
    candidates: Sequence[tuple[int, Collection[str], int]]  # (id, tags, difficulty)


def draw_questions(
    *,
    fixed: Sequence[int],
    pools: Sequence[PoolRule],
    rng: random.Random,
    shuffle: bool,
) -> list[int]:
    """Fixed questions, then each pool's draw in rule order; if ``shuffle`` the
    whole list is then shuffled. Draws are without replacement and never repeat
    a fixed or earlier-drawn question. Candidates are sorted by id before
    sampling, so the same rng seed always yields the same questions.
    """
    if len(set(fixed)) != len(fixed):
        raise ValueError("duplicate fixed question ids")
    chosen = list(fixed)
    taken = set(fixed)
    for pool in pools:
        if pool.count < 0:
            raise ValueError("a pool count cannot be negative")
        min_d = pool.min_difficulty
        eligible = sorted(
            {q for q, tags, d in pool.candidates if pool.tag in tags and d >= min_d}
            - taken
        )
        if len(eligible) < pool.count:
            raise NotEnoughQuestions(
                f"pool '{pool.tag}' (difficulty >= {pool.min_difficulty}) must draw "
                f"{pool.count} questions but only {len(eligible)} are available"
            )
        drawn = rng.sample(eligible, pool.count)
        chosen += drawn
        taken.update(drawn)
    if shuffle:
        rng.shuffle(chosen)
    return chosen


@dataclass(frozen=True)
class Level:
    id: Id
    points: float


@dataclass(frozen=True)
class Criterion:
    """Levels ordered by strictly rising points. A critical criterion fails when
    scored below ``pass_level_points``."""

    id: Id
    weight: float
    levels: tuple[Level, ...]
    critical: bool = False
    allow_na: bool = False
    pass_level_points: float | None = None

    def __post_init__(self):
        _unique([lv.id for lv in self.levels], "level")
        if self.weight <= 0:
            raise ValueError("criterion weight must be > 0")
        points = [lv.points for lv in self.levels]
        if len(points) < 2 or any(a >= b for a, b in pairwise(points)):
            raise ValueError("need at least two levels with strictly rising points")
        if self.critical and self.pass_level_points is None:
            raise ValueError("a critical criterion needs pass_level_points")


@dataclass(frozen=True)
class RubricSpec:
    criteria: tuple[Criterion, ...]
    pass_mark: float  # percent, 0-100

    def __post_init__(self):
        _unique([c.id for c in self.criteria], "criterion")
        if not self.criteria:
            raise ValueError("a rubric needs at least one criterion")


@dataclass(frozen=True)
class RubricResult:
    percent: float
    passed: bool
    failed_critical: list[Id]


def score_rubric(rubric: RubricSpec, scores: Mapping[Id, Id | None]) -> RubricResult:
    """Score one rubric sheet; ``scores`` maps every criterion to a level id or
    None (N/A). Normalised weighted percent over the scored criteria S:

        percent = 100 * sum_{c in S} w_c * (p_c - min_c) / (max_c - min_c)
                      / sum_{c in S} w_c

    where p_c is the chosen level's points and min_c/max_c the lowest/highest
    level points. N/A criteria are dropped from both sums (N/A needs allow_na;
    all N/A is invalid). passed = percent >= pass_mark and no critical criterion
    scored below its pass_level_points (a critical N/A does not fail).
    """
    ids = {c.id for c in rubric.criteria}
    if unknown := [k for k in scores if k not in ids]:
        raise InvalidResponse(f"unknown criteria: {unknown!r}")
    weighted = total_weight = 0.0
    failed: list[Id] = []
    for c in rubric.criteria:
        if c.id not in scores:
            raise InvalidResponse(f"criterion {c.id!r} is not scored")
        level_id = scores[c.id]
        if level_id is None:
            if not c.allow_na:
                raise InvalidResponse(f"criterion {c.id!r} does not allow N/A")
            continue
        points = {lv.id: lv.points for lv in c.levels}
        p = points[_check_id(level_id, points, "level")]
        lo, hi = c.levels[0].points, c.levels[-1].points
        weighted += c.weight * (p - lo) / (hi - lo)
        total_weight += c.weight
        if c.critical and p < c.pass_level_points:
            failed.append(c.id)
    if total_weight == 0:
        raise AllNotApplicable()
    percent = 100 * weighted / total_weight
    ok = passed(percent, rubric.pass_mark) and not failed
    return RubricResult(percent=percent, passed=ok, failed_critical=failed)
