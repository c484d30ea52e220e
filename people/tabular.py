"""Read uploaded CSV or XLSX files as (row number, {header: text}) streams,
and stream CSV downloads.

Shared by every importer and export. Row numbers are the spreadsheet's own
(header = 1), so an error report points at the line a person sees in Excel.
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _


class TableError(ValueError):
    """The file as a whole cannot be read (wrong type, no header, bad encoding)."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


def _decode_csv(raw) -> Iterator[str]:
    head = raw.read(4096)
    raw.seek(0)
    # Excel on Chinese Windows saves CSV as GB18030 unless told otherwise.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return codecs.iterdecode(raw, encoding)
    raise TableError(_("The file is not UTF-8 or GB18030 text."))


def read_table(
    uploaded, *, aliases: dict[str, str], max_rows: int | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, row) with headers mapped through `aliases`
    (lower-cased header text → canonical column name). Streams: never loads
    the whole file. More than `max_rows` data rows is a TableError."""
    name = (getattr(uploaded, "name", "") or "").lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(uploaded)
    elif name.endswith(".csv"):
        rows = csv.reader(_decode_csv(uploaded))
    else:
        raise TableError(_("Upload a .csv or .xlsx file."))
    try:
        header = next(rows)
    except StopIteration:
        raise TableError(_("The file is empty.")) from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise TableError(
            _("The file could not be read: %(error)s") % {"error": exc}
        ) from exc
    columns = [aliases.get(str(h or "").strip().lower(), "") for h in header]
    if not any(columns):
        raise TableError(_("No known column headers were found in the first row."))
    try:
        for number, values in enumerate(rows, start=2):
            if max_rows is not None and number - 1 > max_rows:
                raise TableError(
                    _("The file has more than %(n)d rows; split it.") % {"n": max_rows}
                )
            cells = [_text(v) for v in values]
            if not any(cells):
                continue
            yield number, {c: v for c, v in zip(columns, cells, strict=False) if c}
    except (csv.Error, UnicodeDecodeError) as exc:
        raise TableError(
            _("The file could not be read: %(error)s") % {"error": exc}
        ) from exc


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(uploaded):
    from django.conf import settings
    from openpyxl import load_workbook

    try:
        data = uploaded.read()
        # A small zip can expand to gigabytes (zip bomb): refuse before parsing.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise TableError(_("The file is not a valid XLSX workbook.")) from exc
    if expanded > settings.XLSX_MAX_EXPANDED_BYTES:
        raise TableError(
            _("The workbook expands to more than %(mb)d MB; split it.")
            % {"mb": settings.XLSX_MAX_EXPANDED_BYTES // 2**20}
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise TableError(_("The file is not a valid XLSX workbook.")) from exc
    yield from book.active.iter_rows(values_only=True)


class _Echo:
    """A file-like object whose write() returns what it was given, so
    csv.writer produces lines for a streaming response."""

    def write(self, value):
        return value


NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value) -> str:
    """A cell's text; text starting with = + - @ gets a leading apostrophe
    so a spreadsheet does not run it as a formula (a plain number stays)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@") and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_download(rows: Iterable[Sequence], filename: str) -> StreamingHttpResponse:
    """`rows` streamed as a CSV download: UTF-8 with a BOM (spreadsheet
    programs then read Chinese), every cell through safe_cell."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow([safe_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
