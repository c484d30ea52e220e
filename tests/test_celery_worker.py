"""Integration test with a real Celery worker over the real broker (the
worker fixture is in tests/worker.py)."""

import pytest

from people.models import Employee
from people.tasks import send_invitations


@pytest.mark.worker
def test_real_worker_runs_task_against_postgres(real_worker, staff):
    """A task sent to the broker is run by a separate worker process, and its
    effect (the invitation timestamp) lands in PostgreSQL."""
    send_invitations.delay([staff.pk])
    real_worker.wait_for(
        lambda: Employee.objects.filter(pk=staff.pk, invited_at__isnull=False).exists()
    )
