"""Imports whose worker died are queued again by the sweeper, or failed with
a message after IMPORT_MAX_ATTEMPTS runs; HR can retry a failed import."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from performance.models import ImportBatch, Observation
from performance.services import (
    import_batch_create,
    import_batch_retry,
    import_batches_sweep,
    metric_builtins_ensure,
)

pytestmark = pytest.mark.django_db

MAPPING = {
    "employee_number": "工号",
    "metric": "指标",
    "period_start": "日期",
    "value": "数值",
}


@pytest.fixture
def batch(hr, staff):
    metric_builtins_ensure()
    csv = f"工号,指标,日期,数值\n{staff.number},qa_score,2026-01-05,81\n"
    batch = import_batch_create(
        uploaded=SimpleUploadedFile("qa.csv", csv.encode(), "text/csv"),
        source="qa",
        user=hr.user,
    )
    batch.mapping = MAPPING
    batch.save()
    return batch


def _lost_worker(batch, *, attempts, minutes_ago=30):
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def test_a_stale_running_import_is_requeued_and_completes_once(
    batch, staff, django_capture_on_commit_callbacks
):
    _lost_worker(batch, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        counts = import_batches_sweep()
    assert counts["requeued"] == 1
    batch.refresh_from_db()
    # Tasks run in-process in tests: the requeued import has run.
    assert batch.status == ImportBatch.Status.SUCCEEDED and batch.attempts == 2
    assert Observation.objects.filter(employee=staff).count() == 1
    assert import_batches_sweep() == {"requeued": 0, "failed": 0, "resent": 0}


def test_a_live_import_is_left_alone(batch):
    _lost_worker(batch, attempts=1, minutes_ago=1)
    assert import_batches_sweep()["requeued"] == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.RUNNING


def test_after_the_last_attempt_it_fails_with_a_message_and_can_be_retried(
    batch, hr, staff, login, settings, django_capture_on_commit_callbacks
):
    _lost_worker(batch, attempts=settings.IMPORT_MAX_ATTEMPTS)
    assert import_batches_sweep()["failed"] == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert str(settings.IMPORT_MAX_ATTEMPTS) in batch.message  # how often it stopped

    client = login(hr)
    page = client.get(reverse("performance:import_detail", args=[batch.pk]))
    assert reverse("performance:import_retry", args=[batch.pk]) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("performance:import_retry", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.SUCCEEDED
    assert Observation.objects.filter(employee=staff).count() == 1
    assert not import_batch_retry(batch=batch)  # only failed ones


def test_retry_is_for_hr_only(batch, manager, login):
    response = login(manager).post(reverse("performance:import_retry", args=[batch.pk]))
    assert response.status_code == 403


def test_import_files_are_private_random_and_purged_after_retention(batch, settings):
    from performance.services import import_files_purge

    name = batch.file.name
    assert name.startswith("imports/") and "qa" not in name
    path = batch.file.path
    assert str(settings.PRIVATE_MEDIA_ROOT) in path
    assert str(settings.MEDIA_ROOT) not in path
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.SUCCEEDED,
        finished_at=timezone.now() - dt.timedelta(days=2),
    )
    assert import_files_purge() == 0  # within retention
    settings.IMPORT_FILE_RETENTION_DAYS = 1
    assert import_files_purge() == 1
    batch.refresh_from_db()
    assert not batch.file
    import os

    assert not os.path.exists(path)
    assert import_files_purge() == 0
