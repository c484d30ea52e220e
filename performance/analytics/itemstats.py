"""Item analysis of a quiz with Moodle's names and formulas.

Source: Moodle's question statistics calculator
(question/classes/statistics/questions/calculator.php) and quiz statistics
calculator (mod/quiz/report/statistics/classes/calculated.php, calculator.php),
documented at https://docs.moodle.org/dev/Quiz_statistics_calculations.

Inputs are sufficient statistics (sums over first attempts) so that the
database does the per-attempt work: for item i in attempt a, x = mark on the
item (weight × score), t = the attempt's total mark, r = t − x (the rest of
the test). All variances and covariances are sample ones (÷ (s − 1)), as
Moodle's.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Moodle's quiz statistics help: facility below 5 % / above 95 % and
# discrimination below 0 are what trainers are told to look at first.
TOO_HARD = 5.0
TOO_EASY = 95.0
WEAK_DISCRIMINATION = 20.0  # Moodle's docs: below 20 % deserves a look


@dataclass(frozen=True)
class ItemSums:
    """One question's sums over the attempts that answered it."""

    question_id: int
    s: int  # attempts
    max_mark: float
    sum_x: float
    sum_x2: float
    sum_r: float
    sum_r2: float
    sum_xr: float
    sum_xt: float  # x × total mark (for the effective weight)
    sum_sorted_xr: float  # Σ x₍ₖ₎ r₍ₖ₎, x and r each sorted ascending


@dataclass(frozen=True)
class ItemStats:
    question_id: int
    s: int
    facility: float | None  # %
    sd: float | None  # % of the maximum mark
    random_guess: float | None  # %
    intended_weight: float | None  # %
    effective_weight: float | None  # %
    discrimination_index: float | None  # %
    discriminative_efficiency: float | None  # %
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuizSums:
    """Totals of the attempts (t = total mark) and each slot's mark sums."""

    s: int
    max_total: float
    sum_t: float
    sum_t2: float
    slots: Sequence[tuple[int, float, float]]  # (n, Σx, Σx²) per slot


@dataclass(frozen=True)
class QuizStats:
    s: int
    mean: float | None  # % of the maximum total
    sd: float | None  # % of the maximum total
    cic: float | None  # coefficient of internal consistency, %
    error_ratio: float | None  # %
    standard_error: float | None  # % of the maximum total


def _var(n: int, total: float, squares: float) -> float | None:
    if n < 2:
        return None
    return max(0.0, (squares - total * total / n) / (n - 1))


def _cov(n: int, sum_a: float, sum_b: float, sum_ab: float) -> float | None:
    if n < 2:
        return None
    return (sum_ab - sum_a * sum_b / n) / (n - 1)


def item_statistics(
    items: Sequence[ItemSums], random_guess: dict[int, float | None] | None = None
) -> list[ItemStats]:
    """Moodle's per-question statistics.

    * facility index F = mean(x) / max mark × 100;
    * standard deviation SD = sd(x) / max mark × 100;
    * intended weight = max mark / Σ max marks × 100;
    * discrimination index D = 100 × cov(x, r) / √(var x · var r), the
      correlation of the item with the rest of the test;
    * discriminative efficiency = 100 × cov(x, r) / cov_max(x, r), where
      cov_max pairs x and r each sorted ascending (the largest covariance
      these marks could have);
    * effective weight = 100 × √cov(x, t) / Σⱼ √cov(xⱼ, t), none when any
      item's covariance with the total is negative (as Moodle does).
    """
    random_guess = random_guess or {}
    total_max = sum(i.max_mark for i in items)
    cov_t = {
        i.question_id: _cov(i.s, i.sum_x, i.sum_x + i.sum_r, i.sum_xt) for i in items
    }
    negative = any(c is not None and c < 0 for c in cov_t.values())
    root_sum = sum(math.sqrt(c) for c in cov_t.values() if c is not None and c >= 0)
    out = []
    for i in items:
        facility = sd = d = de = ew = None
        if i.s and i.max_mark:
            facility = 100 * i.sum_x / i.s / i.max_mark
        var_x = _var(i.s, i.sum_x, i.sum_x2)
        var_r = _var(i.s, i.sum_r, i.sum_r2)
        cov = _cov(i.s, i.sum_x, i.sum_r, i.sum_xr)
        if var_x is not None and i.max_mark:
            sd = 100 * math.sqrt(var_x) / i.max_mark
        if var_x and var_r:
            d = 100 * cov / math.sqrt(var_x * var_r)
        cov_max = _cov(i.s, i.sum_x, i.sum_r, i.sum_sorted_xr)
        if cov_max:
            de = 100 * cov / cov_max
        c = cov_t[i.question_id]
        if root_sum and not negative and c is not None:
            ew = 100 * math.sqrt(c) / root_sum
        guess = random_guess.get(i.question_id)
        out.append(
            ItemStats(
                question_id=i.question_id,
                s=i.s,
                facility=facility,
                sd=sd,
                random_guess=None if guess is None else 100 * guess,
                intended_weight=100 * i.max_mark / total_max if total_max else None,
                effective_weight=ew,
                discrimination_index=d,
                discriminative_efficiency=de,
                flags=item_flags(facility, d),
            )
        )
    return out


def item_flags(facility: float | None, discrimination: float | None) -> tuple:
    """What a trainer should look at: "too_easy" (F > 95 %), "too_hard"
    (F < 5 %), "negative" (D < 0: stronger learners do worse on it) and
    "weak" (0 ≤ D < 20 %), following Moodle's quiz statistics help."""
    flags = []
    if facility is not None:
        if facility > TOO_EASY:
            flags.append("too_easy")
        elif facility < TOO_HARD:
            flags.append("too_hard")
    if discrimination is not None:
        if discrimination < 0:
            flags.append("negative")
        elif discrimination < WEAK_DISCRIMINATION:
            flags.append("weak")
    return tuple(flags)


def quiz_statistics(q: QuizSums) -> QuizStats:
    """Moodle's quiz-level figures, over slots p:

    CIC = 100 · p/(p − 1) · (1 − Σ var(slot marks) / var(total)) (Cronbach's
    α × 100); error ratio ER = 100 · √(1 − CIC/100); standard error
    SE = ER/100 · SD(total). Reported as % of the maximum total.
    """
    mean = sd = cic = er = se = None
    scale = 100 / q.max_total if q.max_total else None
    if q.s and scale:
        mean = q.sum_t / q.s * scale
    var_t = _var(q.s, q.sum_t, q.sum_t2)
    if var_t is not None and scale:
        sd = math.sqrt(var_t) * scale
    p = len(q.slots)
    if p > 1 and var_t:
        item_vars = [_var(n, sx, sx2) for n, sx, sx2 in q.slots]
        if all(v is not None for v in item_vars):
            cic = 100 * p / (p - 1) * (1 - sum(item_vars) / var_t)
            # CIC can be negative on a very inconsistent quiz; ER is then > 100.
            er = 100 * math.sqrt(max(0.0, 1 - cic / 100))
            se = er / 100 * sd if sd is not None else None
    return QuizStats(
        s=q.s, mean=mean, sd=sd, cic=cic, error_ratio=er, standard_error=se
    )


def random_guess_score(kind: str, credits: Sequence[float]) -> float | None:
    """The mark (0-1) a random guess gets on average, per question type
    (Moodle's qtype get_random_guess_score): single choice and situational
    judgement the mean option credit, true/false 0.5, matching one over the
    number of answers; none for multiple choice and ordering (Moodle's
    multi-answer and ordering types return none either)."""
    if kind in ("single", "situational"):
        return sum(max(0.0, c) for c in credits) / len(credits) if credits else None
    if kind == "true_false":
        return 0.5
    if kind == "matching":
        return 1 / len(credits) if credits else None
    return None


# --- reference sums from a plain table (tests, and small quizzes) ---------


def item_sums(
    marks: Sequence[Sequence[float | None]], max_marks: Sequence[float], ids=None
) -> list[ItemSums]:
    """Sums per item from an attempts × items table of marks (None: the
    attempt did not get that item)."""
    totals = [sum(m or 0 for m in row) for row in marks]
    out = []
    for j, max_mark in enumerate(max_marks):
        xs, rs, ts = [], [], []
        for row, t in zip(marks, totals, strict=True):
            if row[j] is None:
                continue
            xs.append(row[j])
            rs.append(t - row[j])
            ts.append(t)
        out.append(
            ItemSums(
                question_id=ids[j] if ids else j,
                s=len(xs),
                max_mark=max_mark,
                sum_x=sum(xs),
                sum_x2=sum(x * x for x in xs),
                sum_r=sum(rs),
                sum_r2=sum(r * r for r in rs),
                sum_xr=sum(x * r for x, r in zip(xs, rs, strict=True)),
                sum_xt=sum(x * t for x, t in zip(xs, ts, strict=True)),
                sum_sorted_xr=sum(
                    x * r for x, r in zip(sorted(xs), sorted(rs), strict=True)
                ),
            )
        )
    return out


def quiz_sums(marks: Sequence[Sequence[float]], max_marks: Sequence[float]) -> QuizSums:
    totals = [sum(row) for row in marks]
    return QuizSums(
        s=len(marks),
        max_total=sum(max_marks),
        sum_t=sum(totals),
        sum_t2=sum(t * t for t in totals),
        slots=[
            (len(marks), sum(r[j] for r in marks), sum(r[j] ** 2 for r in marks))
            for j in range(len(max_marks))
        ],
    )


@dataclass(frozen=True)
class OptionCount:
    option_id: str
    label: str
    credit: float
    n: int  # responses choosing it
    share: float | None  # % of the question's responses
    mean_total: float | None  # mean total mark (%) of those choosing it
    flag: str = ""  # "unused", "attracts_strong" (a distractor)


def distractor_analysis(
    options: Sequence[tuple[str, str, float]],
    counts: dict[str, tuple[int, float]],
    responses: int,
    max_total: float,
) -> list[OptionCount]:
    """How often each option was chosen and by whom (classical distractor
    analysis, as Moodle's response analysis shows frequencies per response).

    `counts` maps option id → (times chosen, Σ total marks of those attempts).
    A wrong option nobody chose is "unused" (a non-functioning distractor,
    Haladyna & Downing 1993 use < 5 %); a wrong option whose choosers score
    higher on the whole quiz than the key's is "attracts_strong" (often an
    ambiguous key)."""
    rows = []
    key_means = []
    for oid, label, credit in options:
        n, total = counts.get(oid, (0, 0.0))
        mean = 100 * total / n / max_total if n and max_total else None
        rows.append([oid, label, credit, n, mean])
        if credit >= 1 and mean is not None:
            key_means.append(mean)
    key_mean = max(key_means) if key_means else None
    out = []
    for oid, label, credit, n, mean in rows:
        flag = ""
        if credit <= 0:
            if responses and n / responses < 0.05:
                flag = "unused"
            elif key_mean is not None and mean is not None and mean > key_mean:
                flag = "attracts_strong"
        out.append(
            OptionCount(
                option_id=oid,
                label=label,
                credit=credit,
                n=n,
                share=100 * n / responses if responses else None,
                mean_total=mean,
                flag=flag,
            )
        )
    return out
