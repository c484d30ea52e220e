"""Writing a validated import: rows whose observation exists are matched
once; new rows go in with a plain INSERT (no speculative ON CONFLICT
insertion), changed ones are updated, unchanged ones keep their batch, so
importing the same file twice leaves the same state."""

from django.db import connection

from ..models import ImportBatch, Observation
from .dialect import Dialect
from .tables import MATCH, RESOLVED

SUBJECT = {"employee": "employee_id", "team": "team_id", "store": "store_id"}
REFERENCED = {
    "metric_id": "performance_metric",
    "employee_id": "people_employee",
    "team_id": "people_team",
    "store_id": "people_store",
}
# pg_advisory_xact_lock key: one import writes at a time, so the rows found
# new stay new until they are inserted.
WRITE_LOCK = 0x5E_1F_0B5


def _batch_param(batch: ImportBatch):
    return ImportBatch._meta.pk.get_db_prep_value(batch.pk, connection)


def levels(cursor) -> list[str]:
    cursor.execute(f"SELECT DISTINCT level FROM {RESOLVED}")
    return [level for (level,) in cursor.fetchall()]


def lock(cursor, dialect: Dialect, batch: ImportBatch) -> bool:
    """Serialise import writes and hold the rows this import refers to.

    Every id was resolved by a join in `resolve`; locking the referenced rows
    FOR KEY SHARE (what a foreign-key check takes, once per distinct row
    instead of once per inserted row) keeps them until commit. A superuser
    connection may then skip the per-row FK triggers for this transaction
    (session_replication_role, as pg_restore --disable-triggers does): at a
    million rows, those deferred checks alone cost more than the insert.
    CHECK and unique constraints still apply. Returns whether the triggers
    are off (the caller must switch them back on)."""
    if not dialect.pg:
        return False
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
    for column, table in REFERENCED.items():
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE id IN "
            f"(SELECT {column} FROM {RESOLVED}) FOR KEY SHARE) x"
        )
    table = ImportBatch._meta.db_table
    cursor.execute(
        f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE", [_batch_param(batch)]
    )
    cursor.execute("SELECT current_setting('is_superuser') = 'on'")
    if not cursor.fetchone()[0]:
        return False
    cursor.execute("SET LOCAL session_replication_role = replica")
    return True


def unlock(cursor) -> None:
    cursor.execute("SET LOCAL session_replication_role = origin")


def match(cursor, dialect: Dialect, present: list[str]) -> tuple[int, int, int]:
    """Find the rows whose (subject, metric, period, source) exists, and
    whether their figures differ; return (created, updated, unchanged)."""
    table = Observation._meta.db_table
    dist = dialect.distinct
    changed = " OR ".join(
        [
            f"o.value {dist} r.final_value",
            f"o.numerator {dist} r.num",
            f"o.denominator {dist} r.den",
            f"o.sample_size {dist} r.n",
        ]
    )
    # One join per level present, each on that level's unique index columns.
    selects = " UNION ALL ".join(
        f"""
        SELECT r.row_no, o.id AS obs_id,
          CASE WHEN {changed} THEN 1 ELSE 0 END AS changed
        FROM {RESOLVED} r JOIN {table} o
          ON o.level = '{level}' AND o.metric_id = r.metric_id
          AND o.{SUBJECT[level]} = r.subject_id AND o.period_start = r.d_start
          AND o.period_end = r.d_end AND o.source = r.source
        WHERE r.level = '{level}'
        """
        for level in present
    )
    cursor.execute(f"CREATE TEMPORARY TABLE {MATCH} AS {selects}")
    cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(changed), 0) FROM {MATCH}")
    matched, updated = cursor.fetchone()
    cursor.execute(f"SELECT COUNT(*) FROM {RESOLVED}")
    total = cursor.fetchone()[0]
    return total - matched, updated, matched - updated


def insert_new(cursor, batch: ImportBatch, *, any_matched: bool) -> None:
    """Plain INSERT of the rows with no observation yet, in the order of the
    unique index (metric, subject, period), so index pages fill in turn."""
    table = Observation._meta.db_table
    where = (
        f"WHERE NOT EXISTS (SELECT 1 FROM {MATCH} m WHERE m.row_no = r.row_no)"
        if any_matched
        else ""
    )
    cursor.execute(
        f"""
        INSERT INTO {table} (metric_id, level, employee_id, team_id, store_id,
          period_start, period_end, value, numerator, denominator, sample_size,
          source, batch_id)
        SELECT r.metric_id, r.level,
          CASE WHEN r.level = 'employee' THEN r.subject_id END,
          CASE WHEN r.level = 'team' THEN r.subject_id END,
          CASE WHEN r.level = 'store' THEN r.subject_id END,
          r.d_start, r.d_end, r.final_value, r.num, r.den, r.n, r.source, %s
        FROM {RESOLVED} r {where}
        ORDER BY r.metric_id, r.subject_id, r.d_start
        """,
        [_batch_param(batch)],
    )


def update_changed(cursor, batch: ImportBatch) -> None:
    """New figures (and this batch) for the matched rows that differ."""
    table = Observation._meta.db_table
    cursor.execute(
        f"""
        UPDATE {table} SET value = r.final_value, numerator = r.num,
          denominator = r.den, sample_size = r.n, batch_id = %s
        FROM {MATCH} m JOIN {RESOLVED} r ON r.row_no = m.row_no
        WHERE {table}.id = m.obs_id AND m.changed = 1
        """,
        [_batch_param(batch)],
    )


def write(cursor, dialect: Dialect, batch: ImportBatch) -> tuple[int, int, int]:
    """Match, insert and update in the caller's transaction; returns
    (created, updated, unchanged)."""
    triggers_off = lock(cursor, dialect, batch)
    created, updated, unchanged = match(cursor, dialect, levels(cursor))
    if created:
        insert_new(cursor, batch, any_matched=bool(updated or unchanged))
    if triggers_off:
        # On an error the rollback restores the setting; on success it must
        # not outlive these statements (the transaction may be an outer one).
        # Updates run with triggers on: the history trigger (people.history)
        # keeps each changed value's old one; inserts need no history.
        unlock(cursor)
    if updated:
        update_changed(cursor, batch)
    return created, updated, unchanged
