"""Row validation over the resolved table: every problem of every row, with
its column and code, into the errors table."""

from django.db import connection

from ..models import ImportBatch, ImportRowError
from .dialect import Dialect
from .tables import ERRORS, RESOLVED

# (column, code, value expression, detail expression, condition) over RESOLVED.
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
        "CASE WHEN value <> '' THEN value ELSE CAST(final_value AS TEXT) END",
        "metric_code",
        "final_value < value_min OR final_value > value_max",
    ),
]

DUPLICATE_KEY = (
    "lower(metric), employee_number, team_code, store_code, period_start, "
    "CASE WHEN period_end = '' THEN period_start ELSE period_end END, source"
)


def has_problems(cursor) -> bool:
    """One scan (and one hash aggregate for duplicates): a clean file, the
    usual case, skips writing error rows."""
    any_check = " OR ".join(f"({c[4]})" for c in CHECKS)
    cursor.execute(f"SELECT 1 FROM {RESOLVED} WHERE {any_check} LIMIT 1")
    if cursor.fetchone():
        return True
    cursor.execute(
        f"SELECT 1 FROM {RESOLVED} GROUP BY {DUPLICATE_KEY} HAVING COUNT(*) > 1 LIMIT 1"
    )
    return cursor.fetchone() is not None


def _one_pass(cursor) -> None:
    """PostgreSQL: every check and the duplicate test in a single scan, each
    row fanned out to the problems it has (LATERAL VALUES)."""
    checks = ",\n".join(
        f"(({condition}), '{column}', '{code}', {value}, CAST({detail} AS TEXT))"
        for column, code, value, detail, condition in CHECKS
    )
    cursor.execute(
        f"""
        INSERT INTO {ERRORS} (row_no, col, code, value, detail)
        SELECT r.row_no, c.col, c.code, c.value, c.detail
        FROM (
          SELECT *, MIN(row_no) OVER (PARTITION BY {DUPLICATE_KEY}) AS first_row
          FROM {RESOLVED}
        ) r
        CROSS JOIN LATERAL (VALUES
          {checks},
          (r.row_no > r.first_row, '', 'duplicate', '', CAST(r.first_row AS TEXT))
        ) AS c(bad, col, code, value, detail)
        WHERE c.bad
        """
    )


def _per_check(cursor) -> None:
    """SQLite (no LATERAL): one statement per check."""
    for column, code, value, detail, condition in CHECKS:
        cursor.execute(
            f"INSERT INTO {ERRORS} (row_no, col, code, value, detail) "
            f"SELECT row_no, %s, %s, {value}, {detail} FROM {RESOLVED} WHERE {condition}",
            [column, code],
        )
    cursor.execute(
        f"""
        INSERT INTO {ERRORS} (row_no, col, code, value, detail)
        SELECT row_no, '', 'duplicate', '', CAST(first_row AS TEXT) FROM (
          SELECT row_no, MIN(row_no) OVER (PARTITION BY {DUPLICATE_KEY}) AS first_row
          FROM {RESOLVED}
        ) x WHERE row_no > first_row
        """
    )


def validate(cursor, dialect: Dialect) -> int:
    """Record every problem of every row in the errors table; return the count."""
    if not has_problems(cursor):
        return 0
    (_one_pass if dialect.pg else _per_check)(cursor)
    cursor.execute(f"SELECT COUNT(*) FROM {ERRORS}")
    return cursor.fetchone()[0]


def save_errors(cursor, batch: ImportBatch) -> None:
    table = ImportRowError._meta.db_table
    batch_id = ImportBatch._meta.pk.get_db_prep_value(batch.pk, connection)
    cursor.execute(
        f'INSERT INTO {table} (batch_id, "row", "column", code, value, detail) '
        f"SELECT %s, row_no, col, code, COALESCE(value, ''), COALESCE(detail, '') "
        f"FROM {ERRORS}",
        [batch_id],
    )
