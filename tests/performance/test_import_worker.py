"""A file import end to end through a real Celery worker over Redis: HR
uploads and maps a file in the HR pages, the worker process runs the import
task (COPY into PostgreSQL), and the page's progress endpoint reports it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance.models import ImportBatch, ImportRowError, Observation
from performance.services import metric_builtins_ensure

pytestmark = pytest.mark.worker


@pytest.fixture(autouse=True)
def _metrics(transactional_db):
    # A transactional test starts from flushed tables: no seeded metrics.
    metric_builtins_ensure()


HEADER = "工号,指标,日期,数值,分子,分母\n"


def _upload_and_map(client, name: str, text: str) -> ImportBatch:
    """The HR journey: upload, accept the guessed mapping, start."""
    upload = SimpleUploadedFile(name, text.encode(), "text/csv")
    response = client.post(
        reverse("performance:import_new"), {"file": upload, "source": "sheet"}
    )
    assert response.status_code == 302
    form = client.get(response["Location"]).context["form"]
    mapping = {field: form[field].initial or "" for field in form.fields}
    response = client.post(response["Location"], mapping)
    assert response.status_code == 302, response.context["form"].errors
    return ImportBatch.objects.get(original_name=name)


def _poll(client, worker, batch) -> tuple[dict, list[int]]:
    """Read the status endpoint as the progress bar does, until done."""
    url = reverse("performance:import_status", args=[batch.pk])
    seen = []

    def done():
        status = client.get(url).json()
        seen.append(status["progress"])
        return status if status["done"] else None

    return worker.wait_for(done, what="the import"), seen


def test_worker_imports_file_and_reports_progress(real_worker, hr, staff, login):
    """The task runs in the worker process, not in the request: the batch is
    queued when the view returns, then the observations land in PostgreSQL
    and the status endpoint ends at 100 % with the counts."""
    client = login(hr, mfa=True)
    rows = "".join(
        f"{staff.number},aht,2026-01-{day:02d},{300 + day},,\n"
        f"{staff.number},csat,2026-01-{day:02d},,{40 + day % 10},50\n"
        for day in range(1, 29)
    )
    batch = _upload_and_map(client, "good.csv", HEADER + rows)
    assert batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    status, seen = _poll(client, real_worker, batch)
    assert status["status"] == ImportBatch.Status.SUCCEEDED
    assert (status["rows"], status["created"], status["errors"]) == (56, 56, 0)
    assert seen == sorted(seen) and seen[-1] == 100
    observations = Observation.objects.filter(employee=staff, source="sheet")
    assert observations.count() == 56
    assert observations.get(metric__code="aht", period_start="2026-01-05").value == 305
    assert observations.get(metric__code="csat", period_start="2026-01-03").value == 86
    assert set(observations.values_list("batch", flat=True)) == {batch.pk}


def test_worker_reports_bad_rows_and_writes_nothing(real_worker, hr, staff, login):
    """A file with bad rows fails in the worker with each row's reason in the
    error report, and no observation is written, not even the good rows."""
    client = login(hr, mfa=True)
    rows = (
        f"{staff.number},aht,2026-01-05,310,,\n"
        "NOPE,aht,2026-01-05,310,,\n"
        f"{staff.number},aht,2026-02-30,310,,\n"
        f"{staff.number},csat,2026-01-05,,45,0\n"
    )
    batch = _upload_and_map(client, "bad.csv", HEADER + rows)
    status, _ = _poll(client, real_worker, batch)
    assert status["status"] == ImportBatch.Status.FAILED and status["errors"] == 3
    assert set(
        ImportRowError.objects.filter(batch=batch).values_list("row", "code")
    ) == {(3, "unknown_employee"), (4, "bad_date"), (5, "bad_denominator")}
    report = client.get(reverse("performance:import_errors", args=[batch.pk]))
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert "3,工号,Unknown employee number “NOPE”." in text
    assert not Observation.objects.exists()
