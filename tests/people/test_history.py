"""Database-level history (people.history): grades, certificates,
observations and roles keep old and new value, who and why; the event rows
cannot be rewritten; HR reads one employee's history, nobody else."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import InternalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.history import history_context
from people.models import Employee, RoleEvent
from people.roster import roster_import
from performance.models import Level, Metric, Observation
from performance.services import metric_builtins_ensure, observation_correct
from training import services as training
from training.models import Certificate, Enrollment

from ..training import conftest as training_conftest
from ..training.conftest import make_course

library = training_conftest.library  # the course library fixture

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="history is PostgreSQL's"
)


def _observation(employee, value, day):
    metric_builtins_ensure()
    return Observation.objects.create(
        metric=Metric.objects.get(code="mystery_shopper"),
        level=Level.EMPLOYEE,
        employee=employee,
        period_start=day,
        period_end=day,
        value=value,
        source="test",
    )


def _certificate(library, staff):
    course = make_course(library, lessons=1)
    training.assignment_create(course=course, employees=[staff])
    enrollment = Enrollment.objects.get(employee=staff, course=course)
    return enrollment, training.certificate_issue(enrollment=enrollment)


def test_observation_change_keeps_old_new_who_and_why(staff, hr):
    obs = _observation(staff, 70.0, dt.date(2026, 1, 5))
    assert not obs.events.exists()  # an insert is its own first record
    observation_correct(observation=obs, value=80.0, reason="复核更正", by=hr.user)
    event = obs.events.select_related("pgh_context").get()
    assert (event.old_value, event.value) == (70.0, 80.0)
    assert event.pgh_context.metadata == {"user": hr.user.pk, "reason": "复核更正"}
    with pytest.raises(InternalError), transaction.atomic():
        obs.events.update(value=0)
    with pytest.raises(InternalError), transaction.atomic():
        obs.events.all().delete()
    # An upsert that leaves the value as it is records nothing.
    Observation.objects.filter(pk=obs.pk).update(value=80.0)
    assert obs.events.count() == 1
    pk = obs.pk
    obs.delete()
    assert Observation.pgh_event_model.objects.filter(
        pgh_obj_id=pk, pgh_label="observation.delete"
    ).exists()


def test_certificate_issue_and_revoke(library, staff, hr):
    _enrollment, cert = _certificate(library, staff)
    training.certificate_revoke(certificate=cert, reason="fraud", by=hr.user)
    issue, revoke = cert.events.select_related("pgh_context").order_by("pgh_id")
    assert issue.pgh_label == "certificate.issue"
    assert revoke.old_revoked_at is None and revoke.revoked_at is not None
    assert revoke.revoked_reason == "fraud"
    assert revoke.pgh_context.metadata["user"] == hr.user.pk
    with pytest.raises(InternalError), transaction.atomic():
        Certificate.pgh_event_model.objects.filter(pk=revoke.pk).update(
            revoked_reason=""
        )


def test_quiz_grade_and_role_changes(library, staff, hr):
    enrollment, _cert = _certificate(library, staff)
    with history_context(user=hr.user, reason="regrade"):
        Enrollment.objects.filter(pk=enrollment.pk).update(quiz_grade=Decimal("55"))
        Enrollment.objects.filter(pk=enrollment.pk).update(quiz_grade=Decimal("75"))
    last = enrollment.events.order_by("pgh_id").last()
    assert (last.old_quiz_grade, last.quiz_grade) == (Decimal("55"), Decimal("75"))
    # Progress moving without the grade is no event.
    Enrollment.objects.filter(pk=enrollment.pk).update(progress_percent=50)
    assert enrollment.events.count() == 2

    trainer_group, _ = Group.objects.get_or_create(name="trainer")
    with history_context(user=hr.user, reason="promoted"):
        staff.user.groups.add(trainer_group)
    with history_context(user=hr.user, reason="moved on"):
        staff.user.groups.remove(trainer_group)
    labels = list(
        RoleEvent.objects.filter(user=staff.user, group=trainer_group)
        .order_by("pgh_id")
        .values_list("pgh_label", "pgh_context__metadata__reason")
    )
    assert labels == [("role.add", "promoted"), ("role.remove", "moved on")]
    with pytest.raises(InternalError), transaction.atomic():
        RoleEvent.objects.filter(user=staff.user).delete()


def test_hr_reads_one_employees_history(library, staff, hr, manager, login):
    obs = _observation(staff, 70.0, dt.date(2026, 1, 5))
    observation_correct(observation=obs, value=80.0, reason="复核更正", by=hr.user)
    _enrollment, cert = _certificate(library, staff)
    training.certificate_revoke(certificate=cert, reason="fraud", by=hr.user)
    url = reverse("people:employee_history", args=[staff.pk])
    client = login(hr)
    page = client.get(url).content.decode()
    assert "复核更正" in page and "fraud" in page and hr.name in page
    assert page.index("fraud") < page.index("复核更正")  # newest first
    assert url in client.get(reverse("people:hr_home")).content.decode()
    record = reverse("performance:employee_record", args=[staff.pk])
    assert url in client.get(record).content.decode()
    assert url not in login(manager).get(record).content.decode()
    assert login(manager).get(url).status_code == 403
    assert login(staff).get(url).status_code == 403


def test_history_page_queries_are_bounded(staff, hr, login):
    client = login(hr)
    url = reverse("people:employee_history", args=[staff.pk])
    client.get(url)  # the session's first request loads more

    def queries(n, start):
        for i in range(n):
            day = start + dt.timedelta(days=i)
            obs = _observation(staff, 10.0, day)
            observation_correct(observation=obs, value=20.0, reason=f"r{i}", by=hr.user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert queries(2, dt.date(2025, 1, 1)) == queries(60, dt.date(2026, 1, 1))
    assert "?page=2" in client.get(url).content.decode()


def test_roster_role_change_keeps_who_and_why(hr):
    """A roster import taking a role away leaves a removal event with HR as
    the actor and the import as the reason; the history page shows both."""
    from tests.factories import StoreFactory

    from .test_roster import role_file

    StoreFactory(code="sh01")
    row = "T1,周培训,t1@example.com,trainer,sh01,,,,active,en,{}\n"
    assert roster_import(uploaded=role_file(row.format("trainer;hr")), by=hr.user).ok
    assert roster_import(uploaded=role_file(row.format("trainer")), by=hr.user).ok
    user = Employee.objects.get(number="T1").user
    removed = RoleEvent.objects.select_related("pgh_context", "group").get(
        user=user, pgh_label="role.remove"
    )
    assert removed.group.name == "hr"
    assert removed.pgh_context.metadata == {
        "user": hr.user.pk,
        "reason": "roster import",
    }


def test_every_session_defines_an_empty_trigger_ignore_list(db):
    # Undefined, each history trigger would raise and catch an error per row
    # (quadratic in the rows of one statement); current_setting without
    # missing_ok raises when it is undefined.
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SELECT current_setting('pgtrigger.ignore')")
            assert cursor.fetchone() == ("{}",)
            cursor.execute("SELECT public._pgtrigger_should_ignore('anything')")
            assert cursor.fetchone() == (False,)
    finally:
        fresh.close()
