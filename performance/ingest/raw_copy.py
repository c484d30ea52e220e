"""PostgreSQL: stage an uploaded UTF-8 CSV by streaming its raw bytes to
COPY, with no Python parsing. The staging table takes the file's own column
order (the mapping only names them); trimming, date spelling and blank rows
are then handled in SQL as people.tabular.read_table would have.

Only files both parsers read alike take this path: a header without quotes,
and no quote in the middle of a value nor a `\\.` line (COPY's end marker).
Anything COPY refuses (other encodings, NUL bytes, ragged rows) raises
Unsuitable, and the caller reads the file the ordinary way, which then
reports the problem as it always has."""

import csv
import re

from django.db import transaction

from .columns import COLUMNS
from .dialect import WHITESPACE
from .tables import STAGE

# A quote not next to a separator, a line end or another quote; or "\.".
SUSPECT = re.compile(rb'[^,\r\n"]"[^,\r\n"]|\\\.')


class Unsuitable(Exception):
    """This file must be read by the Python reader instead."""


def layout(fh, aliases: dict[str, str]) -> list[str] | None:
    """The canonical column of each file column ("" = unused), or None when
    the raw path does not apply. Leaves the file at its start."""
    name = (getattr(fh, "name", "") or "").lower()
    if not name.endswith(".csv") or not getattr(fh, "seekable", lambda: False)():
        return None
    fh.seek(0)
    first = fh.readline(65536)
    fh.seek(0)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if '"' in text or "\\" in text or not text.endswith("\n"):
        return None
    header = next(csv.reader([text.rstrip("\r\n")]), [])
    columns = [aliases.get(h.strip().lower(), "") for h in header]
    named = [c for c in columns if c]
    if not named or len(named) != len(set(named)):
        return None
    return columns


class _Guarded:
    """The upload as COPY reads it, stopping at what the two parsers might
    read differently."""

    def __init__(self, raw):
        self.raw = raw
        self.tail = b""

    def read(self, size=-1):
        chunk = self.raw.read(size)
        if SUSPECT.search(self.tail + chunk):
            raise Unsuitable
        self.tail = chunk[-2:]
        return chunk


def load(cursor, progress, *, fh, columns: list[str]) -> int:
    """Create the staging table in the file's layout and COPY the file in;
    return the number of data rows (blank rows dropped, numbers kept)."""
    names = [c or f"unused_{i}" for i, c in enumerate(columns)]
    # Row numbers as the spreadsheet shows them: the header is row 1.
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGE} ("
        f"row_no INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 2), "
        + ", ".join(f"{n} TEXT NOT NULL" for n in names)
        + ")"
    )
    for column in COLUMNS:
        if column not in names:
            # A constant default is metadata only: no rewrite of the table.
            cursor.execute(
                f"ALTER TABLE {STAGE} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"
            )
    progress(0, 0.0)
    stream = _Guarded(fh)
    try:
        with transaction.atomic():
            cursor.cursor.copy_expert(
                f"COPY {STAGE} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv, "
                f"HEADER true, ENCODING 'UTF8', FORCE_NOT_NULL ({', '.join(names)}))",
                stream,
                size=1 << 20,
            )
    except Exception as exc:
        # COPY refused the bytes (encoding, NUL, ragged rows: psycopg2's own
        # errors, unwrapped), or read() stopped it (reported as QueryCanceled).
        raise Unsuitable from exc
    blank = " AND ".join(f"btrim({n}, %s) = ''" for n in names)
    cursor.execute(f"DELETE FROM {STAGE} WHERE {blank}", [WHITESPACE] * len(names))
    cursor.execute(f"SELECT COUNT(*) FROM {STAGE}")
    total = cursor.fetchone()[0]
    progress(total, 1.0)
    return total
