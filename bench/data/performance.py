"""Metric observations at scale: one per employee per day over the last
`scale.days` days (10,000 x 365 = 3,650,000 at full scale), the employee-level
built-in metrics taking turns by day, in one INSERT ... SELECT generate_series.
Then the survey responses (bench/data/surveys.py)."""

import datetime as dt

from django.utils import timezone

from . import Context, execute, has_models

NEEDS = ("people",)


def ready() -> str | None:
    return has_models("performance.Observation", "performance.Metric")


def period(scale) -> tuple[dt.date, dt.date]:
    """First and last day of the generated observations (ending yesterday)."""
    last = timezone.localdate() - dt.timedelta(days=1)
    return last - dt.timedelta(days=scale.days - 1), last


def generate(ctx: Context) -> None:
    first, last = period(ctx.scale)
    # Values by aggregation: rates get numerator/denominator (value derived),
    # means a value in the metric's range, sums a small count.
    execute(
        """
        WITH m AS (
          SELECT id, code, aggregation, source, value_min, value_max,
                 row_number() OVER (ORDER BY code) - 1 AS k,
                 count(*) OVER () AS n
          FROM performance_metric WHERE level = 'employee' AND is_active
        ), obs AS (
          SELECT e.id AS employee_id, d::date AS day, m.id AS metric_id,
                 m.aggregation, m.source, m.code,
                 20 + (random() * 40)::int AS den, random() AS r
          FROM people_employee e
          CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') d
          JOIN m ON m.k = (e.id + (d::date - %s::date)) %% m.n
        )
        INSERT INTO performance_observation (metric_id, level, employee_id,
          period_start, period_end, value, numerator, denominator, sample_size,
          source)
        SELECT metric_id, 'employee', employee_id, day, day,
          CASE
            WHEN aggregation = 'rate' THEN round((den * (0.6 + 0.4 * r))) / den * 100
            WHEN aggregation = 'sum' THEN floor(r * 3)
            WHEN code = 'aht' THEN 180 + r * 300
            ELSE 60 + r * 40
          END,
          CASE WHEN aggregation = 'rate' THEN round(den * (0.6 + 0.4 * r)) END,
          CASE WHEN aggregation = 'rate' THEN den END,
          CASE WHEN aggregation = 'mean' THEN 1 + (r * 20)::int END,
          source
        FROM obs
        """,
        [first, last, first],
    )
    ctx.facts["performance"] = {"first": first.isoformat(), "last": last.isoformat()}
    if has_models("performance.SurveyResponse") is None:
        from . import surveys

        surveys.generate(ctx, first, ctx.scale.days)
