"""Daily reminders: due in 3 days, overdue, certificate expiring; by email and
in-app, in the recipient's language, never twice a day per enrolment."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from training import services
from training.models import Certificate, Notification, ReminderLog
from training.tasks import send_reminders

from .conftest import make_course

pytestmark = pytest.mark.django_db


def test_due_soon_and_overdue_once_a_day(library, staff, other_staff):
    today = timezone.localdate()
    course = make_course(library, lessons=1)
    services.assignment_create(
        course=course, employees=[staff], due_date=today + dt.timedelta(days=3)
    )
    services.assignment_create(
        course=course, employees=[other_staff], due_date=today - dt.timedelta(days=2)
    )
    assert send_reminders.delay().get() == {
        "due_soon": 1,
        "overdue": 1,
        "cert_expiring": 0,
    }
    assert send_reminders.delay().get() == {
        "due_soon": 0,
        "overdue": 0,
        "cert_expiring": 0,
    }
    assert len(mail.outbox) == 2
    # (assignment notifications aside)
    assert Notification.objects.exclude(kind="assignment").count() == 2
    tomorrow = services.reminders_send(today=today + dt.timedelta(days=1))
    assert tomorrow["overdue"] == 1 and tomorrow["due_soon"] == 0


def test_reminder_in_recipient_language(library, staff, other_staff):
    """Chinese for a zh-hans user, English for an en user."""
    staff.user.language = "zh-hans"
    staff.user.save()
    today = timezone.localdate()
    course = make_course(library, lessons=1, title="投诉处理")
    services.assignment_create(
        course=course,
        employees=[staff, other_staff],
        due_date=today + dt.timedelta(days=3),
    )
    services.reminders_send(today=today)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "3天后到期" in by_to[staff.user.email].subject
    assert "Due in 3 days" in by_to[other_staff.user.email].subject


def test_certificate_expiring_reminder(library, staff, login):
    from django.urls import reverse

    from courses.selectors import lessons_of

    course = make_course(library, lessons=1, certificate_validity_months=1)
    services.assignment_create(course=course, employees=[staff])
    client = login(staff)
    client.get(reverse("training:lesson", args=[lessons_of(course).first().pk]))
    cert = Certificate.objects.get()
    day = timezone.localdate(cert.expires_at) - dt.timedelta(days=7)
    assert services.reminders_send(today=day)["cert_expiring"] == 1
    assert services.reminders_send(today=day)["cert_expiring"] == 0
    assert ReminderLog.objects.filter(kind="cert_expiring").count() == 1
