"""kill -9 of the worker's pool process in the middle of imports, in a
bounded loop: every import ends complete exactly once (its rows present
once) or failed with its message; none stays queued or running. A lost run
is redelivered (acks_late + reject_on_worker_lost), and the sweeper requeues
what the redelivery finds still marked running."""

import datetime as dt
import os
import random
import signal
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from people.outbox import outbox_relay

ITERATIONS = int(os.environ.get("WORKER_KILL_ITERATIONS", "50"))
TIME_BOUND = float(os.environ.get("WORKER_KILL_SECONDS", "150"))
ROWS = 2000  # long enough an import to be caught running
MAPPING = {
    "employee_number": "工号",
    "metric": "指标",
    "period_start": "日期",
    "value": "数值",
}


def _file(staff, start: dt.date):
    body = "".join(
        f"{staff.number},qa_score,{start + dt.timedelta(days=i)},{60 + i % 40}\n"
        for i in range(ROWS)
    )
    return SimpleUploadedFile("qa.csv", ("工号,指标,日期,数值\n" + body).encode())


@pytest.mark.worker
def test_kill_the_worker_mid_import_in_a_loop(real_prefork_worker, hr, staff, settings):
    from performance.models import ImportBatch, Observation
    from performance.services import (
        import_batch_create,
        import_batch_start,
        import_batches_sweep,
        metric_builtins_ensure,
    )

    metric_builtins_ensure()
    rng = random.Random(16)
    stale = dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS + 1)
    started, killed, results = time.monotonic(), 0, []
    for n in range(ITERATIONS):
        if time.monotonic() - started > TIME_BOUND:
            break
        first = dt.date(1990, 1, 1) + dt.timedelta(days=n * ROWS)
        batch = import_batch_create(
            uploaded=_file(staff, first), source=f"kill{n}", user=hr.user
        )
        import_batch_start(batch=batch, mapping=MAPPING)

        def status(pk=batch.pk):
            return ImportBatch.objects.values_list("status", flat=True).get(pk=pk)

        deadline = time.monotonic() + 60
        while status() == ImportBatch.Status.QUEUED:  # poll tightly for the claim
            assert time.monotonic() < deadline, "the worker never claimed it"
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.5))
        if status() == ImportBatch.Status.RUNNING:
            for pid in real_prefork_worker.pool_children():
                os.kill(pid, signal.SIGKILL)
                killed += 1

        def finished():
            current = status()
            if current in (ImportBatch.Status.SUCCEEDED, ImportBatch.Status.FAILED):
                return current
            # Beat's sweeper, as if its stale time had passed.
            import_batches_sweep(now=timezone.now() + stale)
            outbox_relay()
            return None

        results.append(real_prefork_worker.wait_for(finished, what="the import"))
        batch.refresh_from_db()
        rows = Observation.objects.filter(
            employee=staff,
            period_start__gte=first,
            period_start__lt=first + dt.timedelta(days=ROWS),
        ).count()
        if batch.status == ImportBatch.Status.SUCCEEDED:
            assert rows == ROWS, (n, batch.attempts)
        else:
            assert batch.message, n
            assert rows in (0, ROWS), n
    ran = len(results)
    import warnings

    warnings.warn(  # shown in the summary, also under xdist
        f"worker-kill loop: {ran} imports, {killed} kill -9, "
        f"{results.count('succeeded')} complete, {results.count('failed')} failed",
        stacklevel=1,
    )
    assert ran >= 5 and killed >= 1
    assert not ImportBatch.objects.filter(
        status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING]
    ).exists()
