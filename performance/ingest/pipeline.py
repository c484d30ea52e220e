"""Set-based import: rows go into a temporary staging table (COPY on
PostgreSQL, batched executemany elsewhere), are resolved to ids and parsed
in one statement, validated in SQL, and written in a few statements, so a
1,000,000-row file never costs a million round trips. The SQL is shared;
only small dialect snippets differ."""

import logging
import time
from collections.abc import Callable

from django.db import connection, transaction

from ..models import ImportBatch, Metric
from . import checks, write
from .columns import COLUMNS
from .dialect import WHITESPACE, Dialect
from .tables import ALL, ERRORS, RESOLVED, STAGE

CHUNK = 50_000

logger = logging.getLogger(__name__)
Progress = Callable[[str, int, float | None], None]
# load(cursor, progress) creates and fills STAGE; returns the row count.
Loader = Callable[..., int]


def drop_tables(cursor) -> None:
    for table in ALL:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def create_stage(cursor) -> None:
    """The staging table for rows given as tuples (row number, *COLUMNS)."""
    cols = ", ".join(f"{c} TEXT NOT NULL" for c in COLUMNS)
    cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} (row_no INTEGER NOT NULL, {cols})")


FINAL_VALUE = (
    "CASE WHEN aggregation = 'rate' AND num IS NOT NULL AND den > 0 "
    "THEN num / den * rate_scale ELSE v END"
)


def resolve(cursor, dialect: Dialect, *, default_source: str, raw: bool) -> None:
    """Join the staging rows to employees, teams, stores and metrics once,
    parsing numbers and dates; every check and the write read this table.
    Raw-staged text is trimmed and its dates normalised here first."""
    d = dialect
    if raw:
        text = {c: d.trim(f"s.{c}") for c in COLUMNS}
        for c in ("period_start", "period_end"):
            text[c] = d.loose_date(text[c])
    else:
        text = {c: f"s.{c}" for c in COLUMNS}
    cleaned = ", ".join(f"{expr} AS {c}" for c, expr in text.items())
    # OFFSET 0 keeps the cleaned columns a subquery of their own, so each
    # is computed once per row rather than inlined wherever it is used.
    fence = "OFFSET 0" if raw else ""
    p_end = "CASE WHEN x.period_end = '' THEN x.period_start ELSE x.period_end END"
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE {RESOLVED} AS
        SELECT y.*, {FINAL_VALUE} AS final_value,
          CASE level WHEN 'employee' THEN employee_id WHEN 'team' THEN team_id
            ELSE store_id END AS subject_id
        FROM (
          SELECT x.row_no, x.employee_number, x.team_code, x.store_code, x.metric,
            x.period_start, x.period_end, x.value, x.numerator, x.denominator,
            x.sample_size,
            CASE WHEN x.source = '' THEN %(source)s ELSE x.source END AS source,
            (CASE WHEN x.employee_number <> '' THEN 1 ELSE 0 END
             + CASE WHEN x.team_code <> '' THEN 1 ELSE 0 END
             + CASE WHEN x.store_code <> '' THEN 1 ELSE 0 END) AS n_subjects,
            CASE WHEN x.employee_number <> '' THEN 'employee'
                 WHEN x.team_code <> '' THEN 'team'
                 WHEN x.store_code <> '' THEN 'store' END AS level,
            e.id AS employee_id, t.id AS team_id, st.id AS store_id,
            m.id AS metric_id, m.level AS metric_level, m.aggregation,
            m.value_min, m.value_max, m.rate_scale, m.code AS metric_code,
            {d.number("x.value")} AS v,
            {d.number("x.numerator")} AS num,
            {d.number("x.denominator")} AS den,
            {d.count("x.sample_size")} AS n,
            {d.date("x.period_start")} AS d_start,
            {d.date(p_end)} AS d_end
          FROM (SELECT s.row_no, {cleaned} FROM {STAGE} s {fence}) x
          LEFT JOIN people_employee e ON e.number = x.employee_number
          LEFT JOIN people_team t ON t.code = x.team_code
          LEFT JOIN people_store st ON st.code = x.store_code
          LEFT JOIN performance_metric m ON m.code = lower(x.metric) AND m.is_active
        ) y
        """,
        {"source": default_source, "ws": WHITESPACE},
    )


def _tune(cursor, dialect: Dialect) -> None:
    """More memory for the sorts and hashes of one import (PostgreSQL)."""
    if dialect.pg:
        cursor.execute("SET work_mem = '128MB'")


def _untune(cursor, dialect: Dialect) -> None:
    if dialect.pg:
        cursor.execute("RESET work_mem")


def run(
    load: Loader,
    *,
    batch: ImportBatch,
    default_source: str,
    progress: Progress | None = None,
    raw: bool = False,
) -> dict:
    """Stage (with `load`), validate and (if clean) write. Returns the
    counts; writes nothing on any error."""
    dialect = Dialect(connection.vendor)
    report = progress or (lambda phase, rows, fraction: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(now - clock, 3)
        clock = now

    with connection.cursor() as cursor:
        drop_tables(cursor)
        _tune(cursor, dialect)
        try:
            outcome = _stages(
                cursor, dialect, load, batch, default_source, raw, report, lap
            )
        except BaseException:
            # The transaction may be aborted: leave the temporary tables to
            # the session's end or the next import, which drops them first.
            logger.info("import %s failed after %s", batch.pk, timings)
            raise
        drop_tables(cursor)
        _untune(cursor, dialect)
    logger.info("import %s: %s", batch.pk, timings)
    return {**outcome, "staged": "raw" if raw else "parsed", "timings": timings}


def _stages(cursor, dialect, load, batch, default_source, raw, report, lap) -> dict:
    total = load(cursor, lambda n, f: report("loading", n, f))
    lap("load")
    report("validating", total, None)
    if total == 0:
        return {"rows": 0, "errors": -1}
    cursor.execute(f"ANALYZE {STAGE}")
    resolve(cursor, dialect, default_source=default_source, raw=raw)
    cursor.execute(f"ANALYZE {RESOLVED}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {ERRORS} (row_no INTEGER, col TEXT, "
        f"code TEXT, value TEXT, detail TEXT)"
    )
    lap("resolve")
    errors = checks.validate(cursor, dialect)
    lap("validate")
    if errors:
        checks.save_errors(cursor, batch)
        lap("save_errors")
        return {"rows": total, "errors": errors}
    report("writing", total, None)
    with transaction.atomic():
        created, updated, unchanged = write.write(cursor, dialect, batch)
    lap("write")
    return {
        "rows": total,
        "errors": 0,
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
    }


def metrics_by_code() -> dict[str, Metric]:
    return {m.code: m for m in Metric.objects.all()}
