"""Portable loader (SQLite under `make run`): batched executemany into the
staging table. Same validation and upsert SQL as the COPY path."""

from itertools import islice

from .columns import COLUMNS
from .pipeline import CHUNK
from .tables import STAGE

INSERT_SQL = (
    f"INSERT INTO {STAGE} (row_no, {', '.join(COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * (len(COLUMNS) + 1))})"
)


def load(cursor, rows, progress) -> int:
    total = 0
    rows = iter(rows)
    while True:
        chunk = list(islice(rows, CHUNK // 5))
        if not chunk:
            return total
        cursor.executemany(INSERT_SQL, chunk)
        total += len(chunk)
        progress(total, None)
