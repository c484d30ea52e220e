"""The raw COPY staging path (PostgreSQL): a plain UTF-8 CSV is staged as its
bytes, cleaned in SQL, and must give exactly what the Python reader gives;
files the two parsers might read differently fall back to the reader."""

import pytest
from django.db import connection

from performance.ingest import ALIASES, ingest_file
from performance.models import ImportBatch, ImportRowError, Observation

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="raw COPY is PostgreSQL only"
    ),
]

HEADER = "Employee, 指标 ,日期,value,numerator,denominator,sample_size,note\n"
# Spaces (ASCII, tab, ideographic), loose dates, a blank row, an unmapped
# column, a multi-line quoted note, and bad rows of several kinds.
BODY = (
    " {n} ,AHT,2026/1/5,\t310.5 ,,,120,ok\n"
    '{n},csat,2026.01.6,,45,50,,"two\nlines"\n'
    ",,,,,,,\n"
    "{n}\u3000,qa_score,2026-1-7,88,,,3,\n"
    "NOPE,aht,2026-01-08,1,,,,\n"
    "{n},aht,2026-02-30,1,,,,\n"
    "{n},aht,2026-1-5,2,,,,\n"
    "{n},aht,2026/13/1,2,,,,\n"
    "{n},aht,2026/001/09,2,,,,\n"
    "{n},csat,2026-01-10,,5,0,x,\n"
)


def _run(tmp_path, text: str, *, force_plain: bool, name: str = "obs.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode())
    batch = ImportBatch.objects.create(kind=ImportBatch.Kind.FILE, source="sheet")
    with open(path, "rb") as fh:
        outcome = ingest_file(
            fh,
            aliases=ALIASES,
            batch=batch,
            default_source="sheet",
            force_plain=force_plain,
        )
    errors = sorted(
        ImportRowError.objects.filter(batch=batch).values_list(
            "row", "column", "code", "value", "detail"
        )
    )
    return outcome, errors


@pytest.fixture
def numbered(staff):
    staff.number = "E100"
    staff.save()
    return staff


def test_raw_and_parsed_staging_report_the_same(numbered, tmp_path):
    """The same file with bad rows gives identical row errors through raw
    COPY staging and through the Python reader; nothing is written."""
    text = HEADER + BODY.format(n="E100")
    raw, raw_errors = _run(tmp_path, text, force_plain=False)
    parsed, parsed_errors = _run(tmp_path, text, force_plain=True)
    assert (raw["staged"], parsed["staged"]) == ("raw", "parsed")
    assert raw_errors == parsed_errors
    assert {(r, code) for r, _, code, _, _ in raw_errors} == {
        (6, "unknown_employee"),
        (7, "bad_date"),
        (8, "duplicate"),
        (9, "bad_date"),
        (11, "bad_denominator"),
        (11, "not_count"),
    }
    assert raw["rows"] == parsed["rows"] == 9  # the blank row is not a row
    assert not Observation.objects.exists()


def test_raw_staging_imports_clean_file_like_parsed(numbered, tmp_path):
    """A clean file with loose spellings imports through raw staging to the
    same observations as through the reader, and again changes nothing."""
    good = HEADER + "".join(BODY.format(n="E100").splitlines(True)[:5])
    raw, errors = _run(tmp_path, good, force_plain=False)
    assert errors == [] and raw["staged"] == "raw"
    assert (raw["created"], raw["rows"]) == (3, 3)
    rows = sorted(
        Observation.objects.values_list("metric__code", "period_start", "value")
    )
    assert [(c, d.isoformat(), v) for c, d, v in rows] == [
        ("aht", "2026-01-05", 310.5),
        ("csat", "2026-01-06", 90.0),
        ("qa_score", "2026-01-07", 88.0),
    ]
    parsed, _ = _run(tmp_path, good, force_plain=True)
    assert (parsed["created"], parsed["unchanged"]) == (0, 3)
    again, _ = _run(tmp_path, good, force_plain=False)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)


@pytest.mark.parametrize(
    "body",
    [
        'E100,aht,2026-01-05,3"1"0,,,,\n',  # quote inside a value
        "E100,aht,2026-01-05,310,,,,\n\\.\nE100,aht,2026-01-06,1,,,,\n",  # COPY's end
        "E100,aht,2026-01-05,310,,,,\nE100,aht\n",  # ragged row
        "E100,aht,2026-01-05,31\x000,,,,\n",  # NUL byte
    ],
)
def test_files_copy_might_misread_fall_back_to_the_reader(numbered, tmp_path, body):
    """What COPY could read differently (or refuses) goes through the Python
    reader, with the reader's result."""
    raw, raw_errors = _run(tmp_path, HEADER + body, force_plain=False)
    parsed, parsed_errors = _run(tmp_path, HEADER + body, force_plain=True)
    assert raw["staged"] == "parsed"
    assert raw_errors == parsed_errors and raw["rows"] == parsed["rows"]
