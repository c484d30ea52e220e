"""Bulk ingestion of observations behind one interface: `ingest(...)` for
rows, `ingest_file(...)` for an open upload. On PostgreSQL rows are staged
with COPY (a plain UTF-8 CSV as its raw bytes), elsewhere with executemany."""

from collections.abc import Iterable, Iterator

from django.db import connection

from people.tabular import read_table

from . import copy_postgres, plain, raw_copy
from .columns import ALIASES, COLUMN_LABELS, COLUMNS, DATE_COLUMNS, reason
from .pipeline import Progress, create_stage, run

__all__ = [
    "ALIASES",
    "COLUMNS",
    "COLUMN_LABELS",
    "ingest",
    "ingest_file",
    "normalise_date",
    "reason",
    "to_tuples",
]


def loader_for(*, force_plain: bool = False):
    if connection.vendor == "postgresql" and not force_plain:
        return copy_postgres.load
    return plain.load


def normalise_date(text: str) -> str:
    """2024/1/5, 2024.01.05 and 2024-1-5 → 2024-01-05; anything else as is
    (SQL reports it)."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return text
    for sep in ("-", "/", "."):
        parts = text.split(sep)
        if (
            len(parts) == 3
            and all(p.isascii() and p.isdigit() for p in parts)
            and len(parts[0]) == 4
        ):
            return f"{parts[0]}-{int(parts[1]):02d}-{int(parts[2]):02d}"
    return text


def _text(value) -> str:
    # PostgreSQL text cannot hold NUL: it becomes U+FFFD, which then fails
    # validation like any other stray character.
    text = str(value or "").strip()
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def to_tuples(rows: Iterable[tuple[int, dict]]) -> Iterator[tuple]:
    """(row number, {column: text}) → staging tuples in COLUMNS order."""
    date_idx = [COLUMNS.index(c) for c in DATE_COLUMNS]
    for number, row in rows:
        values = [_text(row.get(c, "")) for c in COLUMNS]
        for i in date_idx:
            if values[i]:
                values[i] = normalise_date(values[i])
        yield (number, *values)


def ingest(
    rows: Iterable[tuple[int, dict]],
    *,
    batch,
    default_source: str,
    progress: Progress | None = None,
    force_plain: bool = False,
) -> dict:
    loader = loader_for(force_plain=force_plain)
    tuples = to_tuples(rows)

    def load(cursor, report) -> int:
        create_stage(cursor)
        return loader(cursor, tuples, report)

    return run(load, batch=batch, default_source=default_source, progress=progress)


def ingest_file(
    fh,
    *,
    aliases: dict[str, str],
    batch,
    default_source: str,
    progress: Progress | None = None,
    force_plain: bool = False,
) -> dict:
    """Import an open CSV/XLSX upload. A UTF-8 CSV whose bytes COPY reads as
    Python would is staged raw on PostgreSQL; any other file, or one COPY
    refuses, is read by people.tabular.read_table (its errors as before)."""
    columns = None
    if connection.vendor == "postgresql" and not force_plain:
        columns = raw_copy.layout(fh, aliases)
    if columns:

        def load(cursor, report) -> int:
            return raw_copy.load(cursor, report, fh=fh, columns=columns)

        try:
            return run(
                load,
                batch=batch,
                default_source=default_source,
                progress=progress,
                raw=True,
            )
        except raw_copy.Unsuitable:
            fh.seek(0)
    return ingest(
        read_table(fh, aliases=aliases),
        batch=batch,
        default_source=default_source,
        progress=progress,
        force_plain=force_plain,
    )
