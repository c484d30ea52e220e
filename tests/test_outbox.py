"""No lost work with the broker down: an employee creation, an import submit
and an assignment succeed for the user, their follow-up work waits in the
outbox, and once the broker is back each effect happens exactly once
(however often the relay and the tasks run)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.celery_app import app as celery_app
from people.models import Employee, OutboxMessage
from people.outbox import outbox_relay
from people.tasks import send_invitations

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _reset_pools():
    celery_app._pool = None
    celery_app.__dict__.get("amqp") and setattr(celery_app.amqp, "_producer_pool", None)


@pytest.fixture
def broker(settings):
    """broker.down(): tasks go to a broker that refuses connections;
    broker.up(): back to running them (in-process, as the test settings do)."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.broker_write_url)

    class Broker:
        def down(self):
            celery_app.conf.task_always_eager = False
            celery_app.conf.broker_url = DEAD_BROKER
            celery_app.conf.broker_write_url = DEAD_BROKER
            _reset_pools()

        def up(self):
            (conf.task_always_eager, conf.broker_url, conf.broker_write_url) = saved
            _reset_pools()

    b = Broker()
    yield b
    b.up()


def test_employee_creation_with_the_broker_down_invites_once_later(
    hr, store, login, broker, django_capture_on_commit_callbacks
):
    client = login(hr)
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:employee_create"),
            {
                "number": "N1",
                "name": "新同事",
                "email": "n1@example.com",
                "position": "front_desk",
                "store": store.code,
            },
        )
    assert response.status_code == 302  # the action succeeded
    employee = Employee.objects.get(number="N1")
    message = OutboxMessage.objects.get(key=f"invite:{employee.pk}")
    assert message.sent_at is None and message.attempts == 1
    assert message.last_error
    assert mail.outbox == []

    broker.up()
    assert outbox_relay() == 1
    assert outbox_relay() == 0
    send_invitations([employee.pk])  # a redelivery changes nothing
    assert [m.to for m in mail.outbox] == [["n1@example.com"]]
    message.refresh_from_db()
    assert message.sent_at is not None


def test_import_submit_with_the_broker_down_runs_once_later(
    hr, staff, broker, django_capture_on_commit_callbacks
):
    from performance.models import ImportBatch, Observation
    from performance.services import (
        import_batch_create,
        import_batch_run,
        import_batch_start,
        metric_builtins_ensure,
    )

    metric_builtins_ensure()
    csv = f"工号,指标,日期,数值\n{staff.number},qa_score,2026-01-05,81\n"
    batch = import_batch_create(
        uploaded=SimpleUploadedFile("qa.csv", csv.encode(), "text/csv"),
        source="qa",
        user=hr.user,
    )
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        import_batch_start(
            batch=batch,
            mapping={
                "employee_number": "工号",
                "metric": "指标",
                "period_start": "日期",
                "value": "数值",
            },
        )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1

    broker.up()
    assert outbox_relay() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.SUCCEEDED, batch.message
    assert batch.attempts == 1
    assert import_batch_run(batch_id=batch.pk) is None  # redelivered: nothing
    assert Observation.objects.filter(employee=staff).count() == 1


def test_assignment_with_the_broker_down_succeeds(staff, broker):
    """Assignments notify in-app in their own transaction: nothing waits on
    the broker, so they succeed with it down and create one enrolment."""
    from tests.courses import factories as cf
    from tests.training.conftest import make_course, wagtail_root
    from training import services

    wagtail_root()
    course = make_course(cf.library_site(), lessons=1)
    broker.down()
    services.assignment_create(course=course, employees=[staff])
    services.assignment_create(course=course, employees=[staff])
    assert staff.enrollments.filter(is_current=True).count() == 1


def test_outbox_key_is_unique(staff):
    from django.db import IntegrityError, transaction

    OutboxMessage.objects.create(key="k", task="t")
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxMessage.objects.create(key="k", task="t")


@pytest.mark.worker
def test_broker_down_then_up_with_a_real_worker(
    real_worker, broker, hr, store, staff, login
):
    """Production's path end to end: with the broker down an employee
    creation, an import submit and an assignment each succeed for the user;
    once it is back the relay hands the waiting work to a real worker over
    Redis, which does each thing exactly once (a second relay and a
    redelivered task change nothing)."""
    from performance.models import ImportBatch, Observation
    from performance.services import (
        import_batch_create,
        import_batch_start,
        metric_builtins_ensure,
    )
    from tests.courses import factories as cf
    from tests.training.conftest import make_course, wagtail_root
    from training import services

    metric_builtins_ensure()
    wagtail_root()
    course = make_course(cf.library_site(), lessons=1)
    csv = f"工号,指标,日期,数值\n{staff.number},qa_score,2026-01-05,81\n"
    batch = import_batch_create(
        uploaded=SimpleUploadedFile("qa.csv", csv.encode(), "text/csv"),
        source="qa",
        user=hr.user,
    )
    client = login(hr)

    broker.down()
    response = client.post(
        reverse("people:employee_create"),
        {
            "number": "N1",
            "name": "新同事",
            "email": "n1@example.com",
            "position": "front_desk",
            "store": store.code,
        },
    )
    assert response.status_code == 302
    employee = Employee.objects.get(number="N1")
    import_batch_start(
        batch=batch,
        mapping={
            "employee_number": "工号",
            "metric": "指标",
            "period_start": "日期",
            "value": "数值",
        },
    )
    services.assignment_create(course=course, employees=[staff])
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert waiting.count() == 2 and all(m.last_error for m in waiting)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED
    assert Employee.objects.get(pk=employee.pk).invited_at is None

    broker.up()
    assert not celery_app.conf.task_always_eager  # the worker does the work
    assert outbox_relay() == 2
    real_worker.wait_for(
        lambda: (
            Employee.objects.filter(pk=employee.pk, invited_at__isnull=False).exists()
            and ImportBatch.objects.filter(
                pk=batch.pk, status=ImportBatch.Status.SUCCEEDED
            ).exists()
        ),
        what="the invitation and the import",
    )
    invited_at = Employee.objects.get(pk=employee.pk).invited_at
    assert outbox_relay() == 0
    assert send_invitations([employee.pk]) == 0  # a redelivery sends nothing
    assert Employee.objects.get(pk=employee.pk).invited_at == invited_at
    assert ImportBatch.objects.get(pk=batch.pk).attempts == 1
    assert Observation.objects.filter(employee=staff).count() == 1
    assert staff.enrollments.filter(is_current=True).count() == 1
