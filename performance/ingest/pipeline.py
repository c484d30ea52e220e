"""Set-based import: rows go into a temporary staging table (COPY on
PostgreSQL, batched executemany elsewhere), are validated there in SQL, and
are upserted in three statements, so a 1,000,000-row file never costs a
million round trips. The SQL is shared; only small dialect snippets differ."""

import logging
import time
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from ..models import ImportBatch, ImportRowError, Metric, Observation
from .columns import COLUMNS

STAGE = "perf_stage"
RESOLVED = "perf_resolved"
ERRORS = "perf_errors"
CHUNK = 50_000

NUMBER_RE = (
    r"^[-+]?([0-9]{1,15}([.][0-9]{0,15})?|[.][0-9]{1,15})([eE][-+]?[0-9]{1,2})?$"
)
COUNT_RE = r"^[0-9]{1,9}$"
DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

logger = logging.getLogger(__name__)
Progress = Callable[[str, int, float | None], None]


class Dialect:
    """SQL snippets that differ between PostgreSQL and SQLite."""

    def __init__(self, vendor: str):
        self.pg = vendor == "postgresql"
        self.distinct = "IS DISTINCT FROM" if self.pg else "IS NOT"

    def matches(self, expr: str, pattern: str) -> str:
        pattern = pattern.replace("'", "''")
        # Django registers a REGEXP function on every SQLite connection.
        op = "~" if self.pg else "REGEXP"
        return f"({expr} {op} '{pattern}')"

    def number(self, expr: str) -> str:
        cast = "double precision" if self.pg else "REAL"
        return (
            f"CASE WHEN {self.matches(expr, NUMBER_RE)} THEN CAST({expr} AS {cast}) END"
        )

    def count(self, expr: str) -> str:
        return (
            f"CASE WHEN {self.matches(expr, COUNT_RE)} THEN CAST({expr} AS INTEGER) END"
        )

    def date(self, expr: str) -> str:
        if not self.pg:
            # Through julianday() 2023-02-30 becomes 2023-03-02: compare back.
            return (
                f"CASE WHEN {self.matches(expr, DATE_RE)} "
                f"AND date(julianday({expr})) = {expr} THEN {expr} END"
            )
        # PostgreSQL 15 has no pg_input_is_valid(); nested CASEs guarantee the
        # cast only sees valid dates (an AND would not fix evaluation order).
        y, m, d = (
            f"CAST(substr({expr}, 1, 4) AS integer)",
            f"CAST(substr({expr}, 6, 2) AS integer)",
            f"CAST(substr({expr}, 9, 2) AS integer)",
        )
        last_day = (
            f"CAST(extract(day from make_date({y}, {m}, 1) "
            f"+ interval '1 month' - interval '1 day') AS integer)"
        )
        return (
            f"CASE WHEN {self.matches(expr, DATE_RE)} THEN "
            f"CASE WHEN {m} BETWEEN 1 AND 12 AND {y} >= 1 THEN "
            f"CASE WHEN {d} BETWEEN 1 AND {last_day} THEN CAST({expr} AS date) END "
            f"END END"
        )


def create_stage(cursor) -> None:
    for table in (STAGE, RESOLVED, ERRORS):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cols = ", ".join(f"{c} TEXT NOT NULL" for c in COLUMNS)
    cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} (row_no INTEGER NOT NULL, {cols})")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {ERRORS} (row_no INTEGER, col TEXT, code TEXT, "
        f"value TEXT, detail TEXT)"
    )


def drop_stage(cursor) -> None:
    for table in (STAGE, RESOLVED, ERRORS):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def resolve(cursor, dialect: Dialect, *, default_source: str) -> None:
    """Join the staging rows to employees, teams, stores and metrics once,
    parsing numbers and dates; every check and the upsert read this table."""
    d = dialect
    p_end = "CASE WHEN s.period_end = '' THEN s.period_start ELSE s.period_end END"
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE {RESOLVED} AS
        SELECT s.row_no, s.employee_number, s.team_code, s.store_code, s.metric,
          s.period_start, s.period_end, s.value, s.numerator, s.denominator,
          s.sample_size,
          CASE WHEN s.source = '' THEN %s ELSE s.source END AS source,
          (CASE WHEN s.employee_number <> '' THEN 1 ELSE 0 END
           + CASE WHEN s.team_code <> '' THEN 1 ELSE 0 END
           + CASE WHEN s.store_code <> '' THEN 1 ELSE 0 END) AS n_subjects,
          CASE WHEN s.employee_number <> '' THEN 'employee'
               WHEN s.team_code <> '' THEN 'team'
               WHEN s.store_code <> '' THEN 'store' END AS level,
          e.id AS employee_id, t.id AS team_id, st.id AS store_id,
          m.id AS metric_id, m.level AS metric_level, m.aggregation,
          m.value_min, m.value_max, m.rate_scale, m.code AS metric_code,
          {d.number("s.value")} AS v,
          {d.number("s.numerator")} AS num,
          {d.number("s.denominator")} AS den,
          {d.count("s.sample_size")} AS n,
          {d.date("s.period_start")} AS d_start,
          {d.date(p_end)} AS d_end
        FROM {STAGE} s
        LEFT JOIN people_employee e ON e.number = s.employee_number
        LEFT JOIN people_team t ON t.code = s.team_code
        LEFT JOIN people_store st ON st.code = s.store_code
        LEFT JOIN performance_metric m ON m.code = lower(s.metric) AND m.is_active
        """,
        [default_source],
    )


# (column, code, value expression, detail expression, condition) over RESOLVED.
FINAL_VALUE = (
    "CASE WHEN aggregation = 'rate' AND num IS NOT NULL AND den > 0 "
    "THEN num / den * rate_scale ELSE v END"
)
CHECKS = [
    ("employee_number", "subject_missing", "''", "''", "n_subjects = 0"),
    ("employee_number", "subject_many", "''", "''", "n_subjects > 1"),
    (
        "employee_number",
        "unknown_employee",
        "employee_number",
        "''",
        "employee_number <> '' AND employee_id IS NULL",
    ),
    (
        "team_code",
        "unknown_team",
        "team_code",
        "''",
        "team_code <> '' AND team_id IS NULL",
    ),
    (
        "store_code",
        "unknown_store",
        "store_code",
        "''",
        "store_code <> '' AND store_id IS NULL",
    ),
    ("metric", "required", "''", "''", "metric = ''"),
    ("metric", "unknown_metric", "metric", "''", "metric <> '' AND metric_id IS NULL"),
    (
        "metric",
        "level_mismatch",
        "metric",
        "metric_level",
        "metric_id IS NOT NULL AND n_subjects = 1 AND level <> metric_level",
    ),
    ("period_start", "required", "''", "''", "period_start = ''"),
    (
        "period_start",
        "bad_date",
        "period_start",
        "''",
        "period_start <> '' AND d_start IS NULL",
    ),
    (
        "period_end",
        "bad_date",
        "period_end",
        "''",
        "period_end <> '' AND d_end IS NULL",
    ),
    ("period_end", "end_before_start", "period_end", "''", "d_end < d_start"),
    ("value", "not_number", "value", "''", "value <> '' AND v IS NULL"),
    ("numerator", "not_number", "numerator", "''", "numerator <> '' AND num IS NULL"),
    (
        "denominator",
        "not_number",
        "denominator",
        "''",
        "denominator <> '' AND den IS NULL",
    ),
    (
        "sample_size",
        "not_count",
        "sample_size",
        "''",
        "sample_size <> '' AND n IS NULL",
    ),
    (
        "value",
        "required",
        "''",
        "''",
        "value = '' AND metric_id IS NOT NULL AND aggregation <> 'rate'",
    ),
    (
        "numerator",
        "rate_missing",
        "''",
        "''",
        "value = '' AND aggregation = 'rate' AND (numerator = '' OR denominator = '')",
    ),
    ("denominator", "bad_denominator", "denominator", "''", "den <= 0"),
    ("numerator", "negative", "numerator", "''", "num < 0"),
    (
        "value",
        "out_of_range",
        f"CASE WHEN value <> '' THEN value ELSE CAST({FINAL_VALUE} AS TEXT) END",
        "metric_code",
        f"({FINAL_VALUE}) < value_min OR ({FINAL_VALUE}) > value_max",
    ),
]


DUPLICATE_KEY = (
    "lower(metric), employee_number, team_code, store_code, period_start, "
    "CASE WHEN period_end = '' THEN period_start ELSE period_end END, source"
)


def has_problems(cursor) -> bool:
    """One scan (and one hash aggregate for duplicates): a clean file, the
    usual case, skips the per-check statements."""
    any_check = " OR ".join(f"({c[4]})" for c in CHECKS)
    cursor.execute(f"SELECT 1 FROM {RESOLVED} WHERE {any_check} LIMIT 1")
    if cursor.fetchone():
        return True
    cursor.execute(
        f"SELECT 1 FROM {RESOLVED} GROUP BY {DUPLICATE_KEY} HAVING COUNT(*) > 1 LIMIT 1"
    )
    return cursor.fetchone() is not None


def validate(cursor) -> int:
    """Record every problem of every row in the errors table; return the count."""
    if not has_problems(cursor):
        return 0
    for column, code, value, detail, condition in CHECKS:
        cursor.execute(
            f"INSERT INTO {ERRORS} (row_no, col, code, value, detail) "
            f"SELECT row_no, %s, %s, {value}, {detail} FROM {RESOLVED} WHERE {condition}",
            [column, code],
        )
    # Rows repeating an earlier row's subject, metric, period and source.
    cursor.execute(
        f"""
        INSERT INTO {ERRORS} (row_no, col, code, value, detail)
        SELECT row_no, '', 'duplicate', '', CAST(first_row AS TEXT) FROM (
          SELECT row_no, MIN(row_no) OVER (PARTITION BY {DUPLICATE_KEY}) AS first_row
          FROM {RESOLVED}
        ) x WHERE row_no > first_row
        """
    )
    cursor.execute(f"SELECT COUNT(*) FROM {ERRORS}")
    return cursor.fetchone()[0]


def save_errors(cursor, batch: ImportBatch) -> None:
    table = ImportRowError._meta.db_table
    cursor.execute(
        f'INSERT INTO {table} (batch_id, "row", "column", code, value, detail) '
        f"SELECT %s, row_no, col, code, COALESCE(value, ''), COALESCE(detail, '') "
        f"FROM {ERRORS}",
        [_batch_param(batch)],
    )


def _batch_param(batch: ImportBatch):
    return ImportBatch._meta.pk.get_db_prep_value(batch.pk, connection)


SUBJECT = {"employee": "employee_id", "team": "team_id", "store": "store_id"}


def count_changes(cursor, dialect: Dialect) -> tuple[int, int, int]:
    """(created, updated, unchanged) that the upsert is about to cause."""
    table = Observation._meta.db_table
    dist = dialect.distinct
    changed = " OR ".join(
        [
            f"o.value {dist} ({FINAL_VALUE})",
            f"o.numerator {dist} r.num",
            f"o.denominator {dist} r.den",
            f"o.sample_size {dist} r.n",
        ]
    )
    totals = [0, 0, 0]
    for level, column in SUBJECT.items():
        cursor.execute(
            f"""
            SELECT
              SUM(CASE WHEN o.id IS NULL THEN 1 ELSE 0 END),
              SUM(CASE WHEN o.id IS NOT NULL AND ({changed}) THEN 1 ELSE 0 END),
              COUNT(*)
            FROM {RESOLVED} r LEFT JOIN {table} o
              ON o.level = %s AND o.metric_id = r.metric_id
              AND o.{column} = r.{column} AND o.period_start = r.d_start
              AND o.period_end = r.d_end AND o.source = r.source
            WHERE r.level = %s
            """,
            [level, level],
        )
        created, updated, total = (x or 0 for x in cursor.fetchone())
        totals[0] += created
        totals[1] += updated
        totals[2] += total - created - updated
    return tuple(totals)


def upsert(cursor, dialect: Dialect, batch: ImportBatch) -> None:
    """Insert new observations and update changed ones; unchanged rows keep
    their batch, so importing the same file twice leaves the same state."""
    table = Observation._meta.db_table
    dist = dialect.distinct
    for level, column in SUBJECT.items():
        cursor.execute(
            f"""
            INSERT INTO {table} (metric_id, level, employee_id, team_id, store_id,
              period_start, period_end, value, numerator, denominator, sample_size,
              source, batch_id)
            SELECT metric_id, level,
              CASE WHEN level = 'employee' THEN employee_id END,
              CASE WHEN level = 'team' THEN team_id END,
              CASE WHEN level = 'store' THEN store_id END,
              d_start, d_end, {FINAL_VALUE}, num, den, n, source, %s
            FROM {RESOLVED} WHERE level = %s
            ON CONFLICT (metric_id, {column}, period_start, period_end, source)
              WHERE level = '{level}'
            DO UPDATE SET value = excluded.value, numerator = excluded.numerator,
              denominator = excluded.denominator, sample_size = excluded.sample_size,
              batch_id = excluded.batch_id
            WHERE {table}.value {dist} excluded.value
              OR {table}.numerator {dist} excluded.numerator
              OR {table}.denominator {dist} excluded.denominator
              OR {table}.sample_size {dist} excluded.sample_size
            """,
            [_batch_param(batch), level],
        )


def run(
    rows: Iterable[tuple],
    *,
    batch: ImportBatch,
    loader,
    default_source: str,
    progress: Progress | None = None,
) -> dict:
    """Stage, validate and (if clean) upsert `rows` (tuples in COLUMNS order,
    led by the row number). Returns the counts; writes nothing on any error."""
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
        create_stage(cursor)
        try:
            total = loader(cursor, rows, lambda n, f: report("loading", n, f))
            lap("load")
            report("validating", total, None)
            if total == 0:
                return {"rows": 0, "errors": -1, "timings": timings}
            cursor.execute(f"ANALYZE {STAGE}")
            resolve(cursor, dialect, default_source=default_source)
            cursor.execute(f"ANALYZE {RESOLVED}")
            lap("resolve")
            errors = validate(cursor)
            lap("validate")
            if errors:
                save_errors(cursor, batch)
                lap("save_errors")
                return {"rows": total, "errors": errors, "timings": timings}
            report("writing", total, None)
            with transaction.atomic():
                created, updated, unchanged = count_changes(cursor, dialect)
                lap("count")
                upsert(cursor, dialect, batch)
                lap("upsert")
            return {
                "rows": total,
                "errors": 0,
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
                "timings": timings,
            }
        finally:
            drop_stage(cursor)
            logger.info("import %s: %s", batch.pk, timings)


def metrics_by_code() -> dict[str, Metric]:
    return {m.code: m for m in Metric.objects.all()}
