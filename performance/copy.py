"""Inserting many new rows of one model at once: COPY on PostgreSQL, a plain
bulk_create elsewhere (SQLite). Rows are tuples of database-ready values
(None, bool, int, float, Decimal, str; a dict or list for a JSON field) in the order of `columns`; fields not
named take the column's own default (NULL), so name every NOT NULL one.

COPY skips Django's per-object work (instances, value preparation), which is
most of the time when a review cycle stores ~100,000 component rows."""

import csv
import io
import json
from collections.abc import Iterable, Sequence

from django.db import connection, models

NULL = r"\N"
BATCH = 5000


def rows_insert(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]
) -> int:
    """Insert `rows` into `model`'s table; returns how many were written."""
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH)
        return len(objects)
    fields = [model._meta.get_field(c) for c in columns]
    names = [f.column for f in fields]
    as_json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    count = 0
    for row in rows:
        values = [NULL if v is None else v for v in row]
        for i in as_json:
            values[i] = json.dumps(row[i])
        writer.writerow(values)
        count += 1
    if not count:
        return 0
    buffer.seek(0)
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    # Django wraps execute's errors but not copy_expert's: wrap them here so
    # a refusal is the same IntegrityError as the ORM path raises.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(
            f"COPY {table} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')",
            buffer,
        )
    return count
