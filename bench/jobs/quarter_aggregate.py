"""Every employee's metrics over a quarter, as a review cycle will need them,
through performance.selectors.period_figures (set-based: one GROUP BY employee,
metric over all active employees, each metric's aggregation applied), against
one SQL aggregate pass over the same observation rows (per employee, metric
and month) read into Python."""

import time

from django.db import connection

from bench.data import has_models


def ready() -> str | None:
    why = has_models("performance.Observation")
    if why:
        return why
    from performance import selectors

    if not hasattr(selectors, "period_figures"):
        return "performance.selectors.period_figures not on main yet"
    return None


def prepare(ctx) -> dict:
    return {}


def _quarter_start():
    from django.utils import timezone

    from performance.selectors import _month_add

    return _month_add(timezone.localdate().replace(day=1), -2)


def run(args: dict) -> dict:
    from people.models import Employee
    from performance.selectors import period_figures

    started = time.perf_counter()
    figures = period_figures(
        employees=Employee.objects.active(), start=_quarter_start()
    )
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "units": Employee.objects.active().count(),  # as before: active employees
        "points": sum(len(by_metric) for by_metric in figures.values()),
    }


def floor(args: dict) -> dict:
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT o.employee_id, o.metric_id, date_trunc('month', o.period_start),
              count(*), sum(o.value), sum(o.numerator), sum(o.denominator),
              sum(o.sample_size), max(o.period_end)
            FROM performance_observation o
            JOIN people_employee e ON e.id = o.employee_id AND e.status = 'active'
            WHERE o.level = 'employee' AND o.period_start >= %s
            GROUP BY 1, 2, 3
            """,
            [_quarter_start()],
        )
        rows = cur.fetchall()
    return {"seconds": time.perf_counter() - started, "units": len(rows)}
