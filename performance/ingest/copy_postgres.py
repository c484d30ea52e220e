"""PostgreSQL loader: COPY the rows into the staging table in chunks (one
COPY per chunk lets progress be reported between them)."""

import csv
import io
from itertools import islice

from .columns import COLUMNS
from .pipeline import CHUNK
from .tables import STAGE

COPY_SQL = (
    f"COPY {STAGE} (row_no, {', '.join(COLUMNS)}) FROM STDIN "
    f"WITH (FORMAT csv, FORCE_NOT_NULL ({', '.join(COLUMNS)}))"
)


def load(cursor, rows, progress) -> int:
    raw = cursor.cursor  # psycopg2's own cursor, under Django's wrapper
    total = 0
    rows = iter(rows)
    while True:
        chunk = list(islice(rows, CHUNK))
        if not chunk:
            return total
        buffer = io.StringIO()
        # "\r\n" as terminator makes the writer quote a lone \r too, which
        # COPY would otherwise read as the end of the line.
        csv.writer(buffer, lineterminator="\r\n").writerows(chunk)
        buffer.seek(0)
        raw.copy_expert(COPY_SQL, buffer)
        total += len(chunk)
        progress(total, None)
