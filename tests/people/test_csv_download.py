"""One CSV download for every export: UTF-8 with a BOM, streamed, and text
that a spreadsheet would run as a formula neutralised (numbers kept)."""

from decimal import Decimal

from people.tabular import csv_download, safe_cell


def test_formula_text_is_neutralised_and_numbers_kept():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("+86 138") == "'+86 138"
    assert safe_cell("@sum") == "'@sum"
    assert safe_cell("-0.12") == "-0.12"
    assert safe_cell(Decimal("-3.50")) == "-3.50"
    assert safe_cell(None) == ""
    assert safe_cell("张三") == "张三"


def test_download_streams_with_bom_and_filename():
    response = csv_download(iter([["工号", "姓名"], ["E1", "=1+1"]]), "x.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body == "\ufeff工号,姓名\r\nE1,'=1+1\r\n"
