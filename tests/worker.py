"""The `real_worker` fixture: a separate Celery worker process over the real
broker (Redis), reading the test database and media folder. Tasks sent while
it runs go to a queue of its own, so parallel test runs never share a worker."""

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

ROOT = Path(__file__).resolve().parent.parent


def _requirements() -> str | None:
    if not settings.CELERY_BROKER_URL:
        return "CELERY_BROKER_URL is not set (no broker to run a worker against)"
    if connection.vendor != "postgresql":
        return "needs PostgreSQL: the worker process must see the test database"
    return None


class Worker:
    def __init__(self, process: subprocess.Popen, queue: str):
        self.process = process
        self.queue = queue

    def pool_children(self) -> list[int]:
        """The prefork pool's process ids (empty with --pool=solo)."""
        import psutil

        return [c.pid for c in psutil.Process(self.process.pid).children()]

    def wait_for(self, done, *, timeout: float = 60, what: str = "the task"):
        """Poll `done()` until true; fail if the worker dies or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = done()
            if result:
                return result
            assert self.process.poll() is None, self.process.communicate()[0]
            time.sleep(0.3)
        pytest.fail(f"the worker did not finish {what} within {timeout:.0f} s")


@pytest.fixture
def real_worker(transactional_db, settings):
    """Start a worker on a fresh queue and route every task there (not eager)
    for the test; stop it after, failing on any traceback it printed."""
    yield from _worker(settings, pool="solo", tracebacks_allowed=False)


@pytest.fixture
def real_prefork_worker(transactional_db, settings):
    """As real_worker, with one prefork pool process the test may kill -9
    (the parent starts a new one); the WorkerLostError tracebacks that
    prints are expected."""
    yield from _worker(settings, pool="prefork", tracebacks_allowed=True)


def _worker(settings, *, pool: str, tracebacks_allowed: bool):
    reason = _requirements()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the worker tests: {reason}")
        pytest.skip(reason)
    db = settings.DATABASES["default"]
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**db),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
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
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    # The router reads the default queue on each send.
    celery_app.conf.task_default_queue = queue
    try:
        yield Worker(process, queue)
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = saved
        process.terminate()
        output = process.communicate(timeout=30)[0]
    if not tracebacks_allowed:
        assert "Traceback" not in output, output
