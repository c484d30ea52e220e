"""Scale data, one module per app, generated with COPY and INSERT ... SELECT
(never the ORM row by row).

Each module has `ready() -> str | None` (None, or why its app's tables are not on
main yet) and `generate(ctx)`. They run in dependency order; a module that is not
ready is skipped with its reason, and so is everything that needs its data.
"""

import csv
import importlib
import io
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import connection

from bench.scale import Scale

MODULES = ["people", "courses", "training", "performance", "reviews", "analytics"]
NULL = "\\N"  # COPY's NULL marker, so that "" stays an empty string


@dataclass
class Context:
    scale: Scale
    workdir: Path
    seed: int = 20261123
    # What generators hand to later ones and to targets/jobs (ids, counts).
    facts: dict = field(default_factory=dict)


class RowStream(io.TextIOBase):
    """A file-like view of CSV rows for psycopg2's copy_expert, built a chunk
    at a time so a million-row table never sits in memory."""

    def __init__(self, rows: Iterable[tuple], chunk: int = 5_000):
        self._chunks = self._render(iter(rows), chunk)

    @staticmethod
    def _render(rows: Iterator[tuple], chunk: int) -> Iterator[str]:
        while True:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            n = 0
            for row in rows:
                writer.writerow([NULL if v is None else v for v in row])
                n += 1
                if n == chunk:
                    break
            if n == 0:
                return
            yield out.getvalue()

    def readable(self):
        return True

    def read(self, size=-1):
        # psycopg2 accepts more than `size`; a whole chunk per call is fastest.
        return next(self._chunks, "")


def copy_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    """COPY rows (tuples; None is NULL) into table."""
    with connection.cursor() as cur:
        cur.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            RowStream(rows),
            size=1 << 20,
        )


def execute(statement: str, params=None) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


def reset_sequence(table: str, column: str = "id") -> None:
    execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
        f" coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
    )


def has_models(*labels: str) -> str | None:
    """None if every "app.Model" exists, else a reason naming the missing ones."""
    missing = []
    for label in labels:
        try:
            apps.get_model(label)
        except LookupError:
            missing.append(label)
    return f"not on main yet: {', '.join(missing)}" if missing else None


def generate_all(ctx: Context, log=print) -> dict[str, str]:
    """Run every ready module in order; return {module: reason} for skipped ones."""
    skipped: dict[str, str] = {}
    # One history context for the whole session (the generators' SQL has
    # literal %s, so pghistory.context's per-statement injection can't wrap
    # it): outside a context each history trigger raises and catches an
    # error per row, which PostgreSQL pays for in proportion to the rows
    # still queued (see DATABASES in config/settings/base.py).
    execute(
        "SELECT set_config('pghistory.context_id', gen_random_uuid()::text, false),"
        " set_config('pghistory.context_metadata', '{\"reason\": \"bench data\"}', false)"
    )
    for name in MODULES:
        module = importlib.import_module(f"bench.data.{name}")
        reason = module.ready()
        if reason is None and skipped:
            needs = [m for m in getattr(module, "NEEDS", ()) if m in skipped]
            if needs:
                reason = f"needs {', '.join(needs)}"
        if reason:
            skipped[name] = reason
            log(f"  data/{name}: skipped ({reason})")
            continue
        started = time.perf_counter()
        module.generate(ctx)
        log(f"  data/{name}: {time.perf_counter() - started:.1f}s")
        # Data the issue asks for that the app has no model for (yet).
        for what, why in getattr(module, "NOT_GENERATED", {}).items():
            skipped[what] = why
            log(f"  data/{what}: not generated ({why})")
    execute(
        "SELECT set_config('pghistory.context_id', '', false),"
        " set_config('pghistory.context_metadata', '', false)"
    )
    started = time.perf_counter()
    execute("VACUUM ANALYZE")
    log(f"  vacuum analyze: {time.perf_counter() - started:.1f}s")
    return skipped
