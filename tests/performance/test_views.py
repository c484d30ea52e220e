import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance.models import ImportBatch, Level, Metric, Observation

pytestmark = pytest.mark.django_db


def _history(employee, days: int):
    """`days` daily observations of three metrics up to today."""
    metrics = {
        m.code: m for m in Metric.objects.filter(code__in=["aht", "csat", "complaints"])
    }
    today = dt.date.today()
    rows = []
    for i in range(days):
        day = today - dt.timedelta(days=i)
        rows.append(
            Observation(
                metric=metrics["aht"],
                level=Level.EMPLOYEE,
                employee=employee,
                period_start=day,
                period_end=day,
                value=300 + i % 7,
                sample_size=20,
                source="t",
            )
        )
        rows.append(
            Observation(
                metric=metrics["csat"],
                level=Level.EMPLOYEE,
                employee=employee,
                period_start=day,
                period_end=day,
                value=90,
                numerator=9,
                denominator=10,
                source="t",
            )
        )
        rows.append(
            Observation(
                metric=metrics["complaints"],
                level=Level.EMPLOYEE,
                employee=employee,
                period_start=day,
                period_end=day,
                value=i % 2,
                source="t",
            )
        )
    Observation.objects.bulk_create(rows)


@pytest.mark.parametrize("days", [10, 400])
def test_record_page_runs_bounded_queries(
    staff, login, django_assert_max_num_queries, days
):
    """The record page's query count does not grow with the history's length."""
    _history(staff, days)
    client = login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("performance:my_record") + "?months=24")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="chart-aht"' in body and "chart-data" in body


def test_record_shows_monthly_aggregates_and_comparison(staff, login):
    """Rates aggregate as Σnumerator/Σdenominator; sums add; means average."""
    _history(staff, 120)
    response = login(staff).get(reverse("performance:my_record"))
    trends = {t.metric.code: t for t in response.context["trends"]}
    assert trends["csat"].points[-1]["value"] == pytest.approx(90.0)
    assert trends["csat"].current["sample"] >= 10
    assert trends["complaints"].current["value"] in range(0, 100)
    assert trends["aht"].previous is not None
    assert trends["qa_score"].points == []


def test_manager_sees_team_record_others_get_404(
    staff, other_staff, manager, trainer, login
):
    """The manager opens their staff's record; another staff member and a trainer get 404."""
    url = reverse("performance:employee_record", args=[staff.pk])
    assert login(manager).get(url).status_code == 200
    assert login(other_staff).get(url).status_code == 404
    assert login(trainer, mfa=True).get(url).status_code == 404


def test_hr_without_mfa_is_sent_to_set_it_up(hr, staff, login):
    """HR must set up two-factor authentication before opening records."""
    response = login(hr, mfa=False).get(
        reverse("performance:employee_record", args=[staff.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_cannot_open_hr_pages(staff, login):
    """HR pages answer 403 to staff."""
    client = login(staff)
    for name in (
        "performance:import_list",
        "performance:import_new",
        "performance:metric_list",
    ):
        assert client.get(reverse(name)).status_code == 403


CSV = (
    "工号,指标,日期,数值,分子,分母\n"
    "{n},aht,2026-01-05,310,,\n"
    "{n},csat,2026-01-05,,45,50\n"
)


def test_upload_map_and_import(hr, staff, login, django_capture_on_commit_callbacks):
    """HR uploads a file, confirms the guessed mapping, and the task imports it."""
    client = login(hr, mfa=True)
    upload = SimpleUploadedFile(
        "obs.csv", CSV.format(n=staff.number).encode(), "text/csv"
    )
    response = client.post(
        reverse("performance:import_new"), {"file": upload, "source": "sheet"}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    page = client.get(response["Location"])
    assert page.status_code == 200
    form = page.context["form"]
    assert form["employee_number"].initial == "工号"
    data = {name: form[name].initial or "" for name in form.fields}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response["Location"], data)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.SUCCEEDED and batch.created_count == 2
    assert Observation.objects.filter(employee=staff, source="sheet").count() == 2
    status = client.get(reverse("performance:import_status", args=[batch.pk])).json()
    assert status["done"] and status["progress"] == 100
    # The poller shows the same words as the page, in the viewer's language.
    assert status["rows_label"] == f"{batch.rows_total} rows"
    hr.user.language = "zh-hans"
    hr.user.save(update_fields=["language"])
    status = client.get(reverse("performance:import_status", args=[batch.pk])).json()
    assert status["rows_label"] == f"{batch.rows_total} 行"


def test_mapping_without_required_columns_is_refused(hr, login):
    """A mapping with no metric or date column cannot start."""
    client = login(hr, mfa=True)
    upload = SimpleUploadedFile("obs.csv", b"a,b\n1,2\n", "text/csv")
    response = client.post(
        reverse("performance:import_new"), {"file": upload, "source": "sheet"}
    )
    response = client.post(response["Location"], {"value": "a"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert ImportBatch.objects.get().status == ImportBatch.Status.UPLOADED


def test_error_report_download(hr, staff, login, django_capture_on_commit_callbacks):
    """A failed import lists its problems and offers them as CSV."""
    client = login(hr, mfa=True)
    bad = "工号,指标,日期,数值\nNOPE,aht,2026-01-05,abc\n"
    upload = SimpleUploadedFile("bad.csv", bad.encode(), "text/csv")
    response = client.post(
        reverse("performance:import_new"), {"file": upload, "source": "sheet"}
    )
    mapping = {
        "employee_number": "工号",
        "metric": "指标",
        "period_start": "日期",
        "value": "数值",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], mapping)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED and batch.error_count == 2
    page = client.get(reverse("performance:import_detail", args=[batch.pk]))
    assert "Unknown employee number" in page.content.decode()
    report = client.get(reverse("performance:import_errors", args=[batch.pk]))
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "Row,Column,Reason"
    assert "2,工号,Unknown employee number “NOPE”." in text
    assert "2,数值,“abc” is not a number." in text
    assert Observation.objects.count() == 0


def test_hr_edits_metric_target(hr, login):
    """HR changes a metric's target; the code stays fixed."""
    client = login(hr, mfa=True)
    metric = Metric.objects.get(code="aht")
    response = client.get(reverse("performance:metric_edit", args=[metric.pk]))
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    data.update(target=280, code="changed")
    response = client.post(reverse("performance:metric_edit", args=[metric.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    metric.refresh_from_db()
    assert (metric.code, metric.target) == ("aht", 280)


def test_error_reasons_in_users_language(hr, login, django_capture_on_commit_callbacks):
    """A Chinese-speaking HR user reads the problems in Chinese."""
    hr.user.language = "zh-hans"
    hr.user.save()
    client = login(hr, mfa=True)
    upload = SimpleUploadedFile(
        "bad.csv", "工号,指标,日期,数值\nNOPE,aht,2026-01-05,1\n".encode(), "text/csv"
    )
    response = client.post(
        reverse("performance:import_new"), {"file": upload, "source": "sheet"}
    )
    mapping = {
        "employee_number": "工号",
        "metric": "指标",
        "period_start": "日期",
        "value": "数值",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], mapping)
    batch = ImportBatch.objects.get()
    page = client.get(reverse("performance:import_detail", args=[batch.pk]))
    assert "未知的工号“NOPE”。" in page.content.decode()
