"""Payroll export of a review cycle as pure functions over plain rows: CSV
as a stream of lines and XLSX written row by row (openpyxl's write-only
mode), so memory stays flat whatever the population. The caller passes the
header in the reader's language and the rows from a selector's iterator."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# Excel needs the byte-order mark to read UTF-8 (Chinese names) in a CSV.
BOM = "\ufeff"
# OWASP "CSV injection": a cell starting with one of these runs as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MONEY = "#,##0.00"
SCORE = "0.00"


@dataclass(frozen=True)
class PayrollRow:
    employee_number: str
    name: str
    store: str
    tier: str
    score: Decimal | None  # final score; None when nothing could be scored
    amount: Decimal


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as text: a leading formula character
    gets an apostrophe in front (OWASP's advice for CSV injection)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cells(row: PayrollRow) -> list[str]:
    return [
        safe_text(row.employee_number),
        safe_text(row.name),
        safe_text(row.store),
        safe_text(row.tier),
        "" if row.score is None else f"{row.score:.2f}",
        f"{row.amount:.2f}",
    ]


def csv_lines(header: Sequence[str], rows: Iterable[PayrollRow]) -> Iterator[str]:
    """The CSV one line at a time (for a StreamingHttpResponse): BOM and
    header first, then a line per row; scores and amounts with two decimals,
    an empty score where none could be computed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield BOM + line([safe_text(str(h)) for h in header])
    for row in rows:
        yield line(_cells(row))


def xlsx_write(
    header: Sequence[str], rows: Iterable[PayrollRow], out: BinaryIO, *, title: str
) -> None:
    """Write the XLSX to `out` in write-only mode (rows are not kept): text
    cells for the text, numbers with a number format for score and amount so
    payroll can sum them."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "payroll")
    sheet.append([str(h) for h in header])
    for row in rows:
        score = WriteOnlyCell(sheet, value=row.score)
        score.number_format = SCORE
        amount = WriteOnlyCell(sheet, value=row.amount)
        amount.number_format = MONEY
        sheet.append([*(safe_text(v) for v in _text(row)), score, amount])
    book.save(out)


def _text(row: PayrollRow) -> tuple[str, str, str, str]:
    return row.employee_number, row.name, row.store, row.tier
