"""Payroll export: CSV lines and XLSX, read back with csv and openpyxl."""

import csv
import io
from decimal import Decimal as D

from openpyxl import load_workbook

from performance.reviews.export import PayrollRow, csv_lines, safe_text, xlsx_write

HEADER = ["工号", "姓名", "门店", "等级", "得分", "金额"]
ROWS = [
    PayrollRow("E001", "王小明", "SH-01", "a", D("91.25"), D("1500.00")),
    PayrollRow("E002", '=HYPERLINK("x")', "SH-01", "none", None, D("0")),
    PayrollRow("E003", "Ann Lee", "+BJ", "ineligible", D("70"), D("0.5")),
]


def test_safe_text_defuses_formulas():
    """A cell starting with =, +, -, @ is shown as text, not run."""
    assert [safe_text(v) for v in ("=1+1", "+1", "-1", "@A", "ok")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@A",
        "ok",
    ]


def test_csv_streams_header_and_rows_with_bom():
    """A BOM, the header, one line per row; two decimals, empty score."""
    lines = list(csv_lines(HEADER, iter(ROWS)))
    assert len(lines) == 4 and lines[0].startswith("\ufeff")
    table = list(csv.reader(io.StringIO("".join(lines).lstrip("\ufeff"))))
    assert table[0] == HEADER
    assert table[1] == ["E001", "王小明", "SH-01", "a", "91.25", "1500.00"]
    assert table[2] == ["E002", '\'=HYPERLINK("x")', "SH-01", "none", "", "0.00"]
    assert table[3][2] == "'+BJ" and table[3][4:] == ["70.00", "0.50"]


def test_xlsx_has_numbers_payroll_can_sum(tmp_path):
    """Score and amount are numeric cells with a number format."""
    path = tmp_path / "payroll.xlsx"
    with open(path, "wb") as out:
        xlsx_write(HEADER, iter(ROWS), out, title="2026 Q3")
    sheet = load_workbook(path).active
    assert sheet.title == "2026 Q3"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == tuple(HEADER)
    assert values[1] == ("E001", "王小明", "SH-01", "a", 91.25, 1500)
    assert values[2][1] == '\'=HYPERLINK("x")' and values[2][4] is None
    assert sum(v[5] for v in values[1:]) == 1500.5
    assert sheet["F2"].number_format == "#,##0.00"
    assert sheet["E2"].number_format == "0.00"
