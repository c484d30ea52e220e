"""Computing a review cycle for the bench's whole population with the
ten-component scheme of bench/data/reviews.py, through
performance.reviews.services.cycle_compute (gather the evidence set-based,
score with the engine, store results and components), against one plain SQL
aggregate pass over the same evidence (observations per employee and metric,
required enrolments, graded courses and role-play sheets per employee) read
into Python. The compute's phases are timed too."""

import datetime as dt
import time

from django.db import connection

from bench.data import has_models


def ready() -> str | None:
    from bench.data import reviews

    return reviews.ready() or has_models("performance.Observation")


def _period(scale_name: str) -> tuple[dt.date, dt.date]:
    """The last quarter of the observations (all of them at small scale)."""
    from bench.data.performance import period
    from bench.scale import SCALES

    first, last = period(SCALES[scale_name])
    return max(first, last - dt.timedelta(days=91)), last


def prepare(ctx) -> dict:
    """Open a fresh cycle (draft) over everyone for the period."""
    from bench.data.reviews import SCHEME_CODE
    from performance.models import ReviewScheme
    from performance.reviews import services

    start, end = _period(ctx.scale.name)
    scheme = ReviewScheme.objects.filter(code=SCHEME_CODE).order_by("-version").first()
    cycle = services.cycle_open(
        scheme=scheme,
        name=f"基准 {start}",
        name_en=f"Bench {start}",
        period_start=start,
        period_end=end,
        by=None,
        reason="bench",
    )
    return {"cycle": cycle.pk, "start": start.isoformat(), "end": end.isoformat()}


def _timed(phases: dict, label: str, fn):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            phases[label] = phases.get(label, 0.0) + time.perf_counter() - started

    return wrapper


def run(args: dict) -> dict:
    from performance.models import ReviewCycle, ReviewResult
    from performance.reviews import engine, selectors, services

    phases: dict[str, float] = {}
    # Looked up at call time through the modules, so wrapping times them.
    selectors.gather = _timed(phases, "gather", selectors.gather)
    engine.compute = _timed(phases, "engine", engine.compute)
    services._store = _timed(phases, "store", services._store)
    cycle = ReviewCycle.objects.get(pk=args["cycle"])
    started = time.perf_counter()
    cycle = services.cycle_compute(cycle=cycle, by=None, reason="bench")
    seconds = time.perf_counter() - started
    phases["other (incl. commit)"] = seconds - sum(phases.values())
    results = ReviewResult.objects.filter(cycle=cycle)
    return {
        "seconds": seconds,
        "units": results.count(),
        "scored": results.filter(final_score__isnull=False).count(),
        "phases": {k: round(v, 2) for k, v in phases.items()},
    }


def floor(args: dict) -> dict:
    """The same evidence in one statement: four GROUP BYs over the active
    employees, UNION ALL, fetched into Python."""
    from performance.models import ReviewCycle
    from performance.reviews.selectors import population

    cycle = ReviewCycle.objects.get(pk=args["cycle"])
    start = dt.date.fromisoformat(args["start"])
    end = dt.date.fromisoformat(args["end"])
    people_sql, people_params = population(cycle).values("pk").query.sql_with_params()
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            f"""
            WITH people(id) AS ({people_sql})
            SELECT o.employee_id, o.metric_id, count(*), sum(o.value),
              sum(o.numerator), sum(o.denominator), sum(o.sample_size)
            FROM performance_observation o JOIN people p ON p.id = o.employee_id
            WHERE o.level = 'employee' AND o.period_start >= %s
              AND o.period_start < %s
            GROUP BY 1, 2
            UNION ALL
            SELECT e.employee_id, -1, count(*),
              count(*) FILTER (WHERE e.completed_at::date <= e.due_date), 0, 0, 0
            FROM training_enrollment e JOIN people p ON p.id = e.employee_id
            WHERE e.due_date BETWEEN %s AND %s AND e.source <> 'self'
            GROUP BY 1
            UNION ALL
            SELECT e.employee_id, -2, count(*), avg(e.quiz_grade), 0, 0, 0
            FROM training_enrollment e JOIN people p ON p.id = e.employee_id
            WHERE e.quiz_grade IS NOT NULL AND EXISTS (
              SELECT 1 FROM training_quizattempt a WHERE a.enrollment_id = e.id
                AND a.finished_at >= %s AND a.finished_at < %s)
            GROUP BY 1
            UNION ALL
            SELECT r.learner_id, -3, count(*), avg(r.percent), 0, 0, 0
            FROM training_roleplayassessment r JOIN people p ON p.id = r.learner_id
            WHERE r.status = 'submitted' AND r.kind IN ('assessor', 'second')
              AND r.submitted_at >= %s AND r.submitted_at < %s
              AND r.percent IS NOT NULL
            GROUP BY 1
            """,
            [
                *people_params,
                start,
                end + dt.timedelta(days=1),
                start,
                end,
                start,
                end + dt.timedelta(days=1),
                start,
                end + dt.timedelta(days=1),
            ],
        )
        rows = cur.fetchall()
    return {"seconds": time.perf_counter() - started, "units": len(rows)}
