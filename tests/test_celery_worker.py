"""One integration test with a real Celery worker over the real broker."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery_app import app as celery_app
from people.models import Employee
from people.tasks import send_invitations

ROOT = Path(__file__).resolve().parent.parent


def _requirements() -> str | None:
    if not settings.CELERY_BROKER_URL:
        return "CELERY_BROKER_URL is not set (no broker to run a worker against)"
    if connection.vendor != "postgresql":
        return "needs PostgreSQL: the worker process must see the test database"
    return None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_task_against_postgres(staff):
    """A task sent to the broker is run by a separate worker process, and its
    effect (the invitation timestamp) lands in PostgreSQL."""
    reason = _requirements()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the worker test: {reason}")
        pytest.skip(reason)
    db = settings.DATABASES["default"]
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**db),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        send_invitations.apply_async(args=[[staff.pk]], queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Employee.objects.filter(pk=staff.pk, invited_at__isnull=False).exists():
                break
            assert worker.poll() is None, worker.communicate()[0]
            time.sleep(0.3)
        else:
            pytest.fail("the worker did not run the task within 60 s")
    finally:
        celery_app.conf.task_always_eager = eager
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert "Traceback" not in output, output
