import io

import pytest
from openpyxl import Workbook

HEADER = "employee_number,metric,date,value,numerator,denominator,sample_size\n"


@pytest.fixture(params=["copy", "plain"])
def force_plain(request):
    """Run a test through the COPY loader (on PostgreSQL) and the plain one."""
    return request.param == "plain"


@pytest.fixture
def csv_path(tmp_path):
    def make(body: str, header: str = HEADER, name="obs.csv", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes((header + body).encode(encoding))
        return path

    return make


@pytest.fixture
def xlsx_bytes():
    def make(rows):
        book = Workbook()
        for row in rows:
            book.active.append(row)
        buf = io.BytesIO()
        book.save(buf)
        return buf.getvalue()

    return make
