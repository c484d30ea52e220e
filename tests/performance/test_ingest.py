import pytest

from performance.ingest import normalise_date
from performance.models import ImportRowError, Metric, Observation
from performance.services import observations_import_file, observations_import_records
from tests.factories import StoreFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(staff, other_staff):
    """Two employees, a team and a store to attach observations to."""
    team = TeamFactory(code="tm1", store=staff.store)
    StoreFactory(code="st1")
    staff.number, other_staff.number = "E100", "E200"
    staff.save()
    other_staff.save()
    return team


GOOD = (
    "E100,csat,2026-01-05,,45,50,\n"
    "E100,aht,2026-01-05,310.5,,,120\n"
    "E200,qa_score,2026/1/6,88,,,3\n"
    "E100,complaints,2026-01-05,2,,,\n"
)


def test_good_file_imports_and_computes_rates(org, csv_path, force_plain):
    """Rates are numerator / denominator × scale; every row lands once."""
    result = observations_import_file(file=csv_path(GOOD), force_plain=force_plain)
    assert result.ok, list(ImportRowError.objects.values_list("row", "code"))
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    csat = Observation.objects.get(metric__code="csat")
    assert csat.value == pytest.approx(90.0)
    assert (csat.numerator, csat.denominator) == (45, 50)
    assert (
        Observation.objects.get(metric__code="qa_score").period_start.isoformat()
        == "2026-01-06"
    )


def test_same_file_twice_leaves_same_state(org, csv_path, force_plain):
    """Importing the same good file again creates nothing and changes nothing."""
    observations_import_file(file=csv_path(GOOD), force_plain=force_plain)
    before = list(Observation.objects.order_by("pk").values())
    again = observations_import_file(file=csv_path(GOOD), force_plain=force_plain)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert list(Observation.objects.order_by("pk").values()) == before


def test_changed_value_updates_in_place(org, csv_path, force_plain):
    """A new value for the same subject, metric, period and source updates."""
    observations_import_file(file=csv_path(GOOD), force_plain=force_plain)
    result = observations_import_file(
        file=csv_path(GOOD.replace("310.5", "299")), force_plain=force_plain
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert Observation.objects.count() == 4
    assert Observation.objects.get(metric__code="aht").value == 299


BAD = (
    "E100,csat,2026-01-05,,45,50,\n"  # 2 good
    "E999,aht,2026-01-05,300,,,\n"  # 3 unknown employee
    "E100,nope,2026-01-05,1,,,\n"  # 4 unknown metric
    "E100,aht,2026-01-05,abc,,,\n"  # 5 non-numeric
    "E100,qa_score,2026-01-05,101,,,\n"  # 6 out of range
    "E100,csat,2026-01-05,,45,50,\n"  # 7 duplicate of row 2
    "E100,aht,2026-02-30,300,,,\n"  # 8 bad date
    "E100,aht,05/01/2026,300,,,\n"  # 9 bad date format
    "E100,csat,2026-01-06,,5,0,\n"  # 10 zero denominator
    "E100,nps,2026-01-06,10,,,\n"  # 11 store-level metric on an employee
    ",aht,2026-01-06,300,,,\n"  # 12 no subject
    "E100,aht,2026-01-07,,,,\n"  # 13 no value
    "E100,aht,2026-01-08,300,,,x\n"  # 14 bad sample size
    "E100,csat,2026-01-08,,,,\n"  # 15 rate without numerator/denominator
)


def test_every_bad_row_is_reported_and_nothing_written(org, csv_path, force_plain):
    """A file with every kind of bad row writes nothing and names each problem."""
    result = observations_import_file(file=csv_path(BAD), force_plain=force_plain)
    assert not result.ok
    assert Observation.objects.count() == 0
    found = set(
        ImportRowError.objects.filter(batch=result.batch).values_list(
            "row", "column", "code"
        )
    )
    assert found == {
        (3, "employee_number", "unknown_employee"),
        (4, "metric", "unknown_metric"),
        (5, "value", "not_number"),
        (6, "value", "out_of_range"),
        (7, "", "duplicate"),
        (8, "period_start", "bad_date"),
        (9, "period_start", "bad_date"),
        (10, "denominator", "bad_denominator"),
        (11, "metric", "level_mismatch"),
        (12, "employee_number", "subject_missing"),
        (13, "value", "required"),
        (14, "sample_size", "not_count"),
        (15, "numerator", "rate_missing"),
    }
    assert result.error_count == len(found)


def test_team_and_store_observations(org, csv_path, force_plain):
    """Team- and store-level metrics attach to the team or store."""
    body = "tm1,,answer_20s,2026-01-01,2026-01-31,,880,1000\n,st1,nps,2026-01-01,2026-03-31,42,,\n"
    path = csv_path(
        body,
        header="team_code,store_code,metric,period_start,period_end,value,numerator,denominator\n",
    )
    result = observations_import_file(file=path, force_plain=force_plain)
    assert result.ok, list(ImportRowError.objects.values_list("row", "column", "code"))
    assert Observation.objects.get(metric__code="answer_20s").team.code == "tm1"
    nps = Observation.objects.get(metric__code="nps")
    assert (nps.store.code, nps.period_end.isoformat()) == ("st1", "2026-03-31")


def test_records_import_uses_same_rules(org, force_plain):
    """The API's record import validates and upserts like files."""
    records = [
        {
            "employee_number": "E100",
            "metric": "aht",
            "period_start": "2026-01-05",
            "value": 300,
        },
        {
            "employee_number": "E100",
            "metric": "aht",
            "period_start": "2026-01-05",
            "value": 301,
        },
    ]
    result = observations_import_records(
        records=records, source="api", force_plain=force_plain
    )
    assert not result.ok
    assert list(ImportRowError.objects.values_list("row", "code")) == [(1, "duplicate")]
    ok = observations_import_records(
        records=records[:1], source="api", force_plain=force_plain
    )
    assert ok.ok and ok.created == 1


def test_empty_and_unreadable_files(org, csv_path):
    """A file with no rows or of the wrong type is refused as a whole."""
    assert observations_import_file(file=csv_path("")).error_count == 1
    assert ImportRowError.objects.filter(code="empty").exists()
    bad = csv_path("x", name="obs.pdf")
    assert not observations_import_file(file=bad).ok
    assert ImportRowError.objects.filter(code="file").exists()


def test_xlsx_with_chinese_headers(org, tmp_path, xlsx_bytes):
    """XLSX files with Chinese headers and date cells import."""
    import datetime as dt

    path = tmp_path / "obs.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                ["工号", "指标", "日期", "数值"],
                ["E100", "aht", dt.date(2026, 1, 5), 280],
            ]
        )
    )
    result = observations_import_file(file=path)
    assert result.ok
    assert Observation.objects.get().value == 280


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-05", "2026-01-05"),
        ("2026/1/5", "2026-01-05"),
        ("2026.01.5", "2026-01-05"),
        ("5/1/2026", "5/1/2026"),
    ],
)
def test_normalise_date(text, expected):
    """Common date spellings become ISO; others are left for SQL to reject."""
    assert normalise_date(text) == expected


def test_builtin_metrics_are_seeded():
    """The data migration seeds every built-in metric."""
    codes = set(Metric.objects.values_list("code", flat=True))
    assert {
        "csat",
        "nps",
        "complaints",
        "complaint_rate",
        "fcr",
        "aht",
        "answer_20s",
        "complaint_reply_sla",
        "mystery_shopper",
        "qa_score",
        "servqual_empathy",
    } <= codes


def test_control_characters_are_reported_not_crashing(org, force_plain):
    """A carriage return or NUL inside a value is an unknown code for the row,
    not a broken load (COPY reads a bare \\r as a line end)."""
    records = [
        {
            "employee_number": "E1\r00",
            "metric": "aht",
            "period_start": "2026-01-05",
            "value": 300,
        },
        {
            "employee_number": "E100",
            "metric": "a\x00ht",
            "period_start": "2026-01-05",
            "value": 300,
            "source": "x\ry",
        },
    ]
    result = observations_import_records(
        records=records, source="api", force_plain=force_plain
    )
    assert sorted(ImportRowError.objects.values_list("row", "code", "value")) == [
        (0, "unknown_employee", "E1\r00"),
        (1, "unknown_metric", "a\ufffdht"),
    ]
    assert not result.ok and not Observation.objects.exists()
