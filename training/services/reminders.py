"""Reminders (due soon, overdue, certificate expiring) and in-app
notifications."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from courses import selectors as course_selectors
from people.models import Employee
from people.services import notifications_mark_read as _people_mark_read
from people.services import notify, user_language

from ..models import Certificate, Enrollment, ReminderLog


def _notify(
    *, enrollment: Enrollment, kind: str, today: dt.date, context: dict
) -> bool:
    """Send one reminder by email and in-app, in the recipient's language,
    at most once a day per enrolment and kind (ReminderLog's constraint)."""
    employee = enrollment.employee
    user = employee.user
    try:
        with transaction.atomic():
            ReminderLog.objects.create(enrollment=enrollment, kind=kind, date=today)
            with translation.override(user_language(user)):
                course = course_selectors.localized(enrollment.course)
                url = reverse("training:course", args=[enrollment.course_id])
                ctx = {
                    "employee": employee,
                    "course": course,
                    "url": settings.WAGTAILADMIN_BASE_URL + url,
                    **context,
                }
                subject = render_to_string(
                    f"training/email/{kind}_subject.txt", ctx
                ).strip()
                body = render_to_string(f"training/email/{kind}_body.txt", ctx)
                notify(employee=employee, kind=kind, message=subject, url=url)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: due in 3 days, overdue (every day while overdue) and certificate
    expiring (30, 7 and 1 days before). Idempotent per day."""
    today = today or timezone.localdate()
    sent = {"due_soon": 0, "overdue": 0, "cert_expiring": 0}
    base = Enrollment.objects.filter(
        is_current=True,
        completed_at__isnull=True,
        employee__status=Employee.Status.ACTIVE,
    ).select_related("employee__user", "course")
    for e in base.filter(due_date=today + dt.timedelta(days=3)):
        sent["due_soon"] += _notify(
            enrollment=e, kind="due_soon", today=today, context={"due": e.due_date}
        )
    for e in base.filter(due_date__lt=today):
        sent["overdue"] += _notify(
            enrollment=e, kind="overdue", today=today, context={"due": e.due_date}
        )
    certs = Certificate.objects.filter(
        revoked_at__isnull=True,
        expires_at__isnull=False,
        employee__status=Employee.Status.ACTIVE,
    ).select_related("enrollment__employee__user", "enrollment__course")
    for days in (30, 7, 1):
        day = today + dt.timedelta(days=days)
        for cert in certs.filter(expires_at__date=day):
            sent["cert_expiring"] += _notify(
                enrollment=cert.enrollment,
                kind="cert_expiring",
                today=today,
                context={"expires": cert.expires_at, "days": days},
            )
    return sent


def notifications_mark_read(*, employee: Employee) -> int:
    return _people_mark_read(employee=employee)


def notification_send(*, employee: Employee, message: str, url: str = "") -> None:
    """An in-app notification from another app (written in the recipient's
    language by the caller)."""
    notify(employee=employee, kind="other", message=message, url=url)
