"""Certificates: issue on completion, revoke, re-certify before expiry."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone

from courses import selectors as course_selectors
from people.history import history_context

from ..models import Certificate, Enrollment
from ..models.learning import Source

RECERTIFY_DAYS_BEFORE = 30


def add_months(value: dt.datetime, months: int) -> dt.datetime:
    """Calendar months later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month = value.month - 1 + months
    year = value.year + month // 12
    month = month % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


def certificate_issue(*, enrollment: Enrollment, rule=None) -> Certificate:
    """The course's certificate, valid for its validity months (or forever)."""
    rule = rule or course_selectors.course_completion_rule(enrollment.course)
    issued = enrollment.completed_at or timezone.now()
    expires = (
        add_months(issued, rule.certificate_validity_months)
        if rule.certificate_validity_months
        else None
    )
    with history_context(reason="course completed"):
        cert, _created = Certificate.objects.get_or_create(
            enrollment=enrollment,
            defaults={
                "employee_id": enrollment.employee_id,
                "course_id": enrollment.course_id,
                "issued_at": issued,
                "expires_at": expires,
            },
        )
    return cert


def certificate_revoke(
    *, certificate: Certificate, reason: str = "", by=None
) -> Certificate:
    """Withdraw a certificate; its history keeps who revoked it and why."""
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:200]
    with history_context(user=by, reason=reason or "certificate revoked"):
        certificate.save(update_fields=["revoked_at", "revoked_reason"])
    return certificate


@transaction.atomic
def certificates_reassign_expiring(*, now: dt.datetime | None = None) -> int:
    """Re-assign a course 30 days before its certificate expires: the
    completed enrolment is archived and a new one (due at the expiry date)
    starts. Idempotent: an archived enrolment is not picked again."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=RECERTIFY_DAYS_BEFORE)
    certs = Certificate.objects.filter(
        revoked_at__isnull=True,
        expires_at__isnull=False,
        expires_at__lte=horizon,
        enrollment__is_current=True,
        enrollment__completed_at__isnull=False,
    ).select_related("enrollment")
    count = 0
    for cert in certs:
        old = cert.enrollment
        Enrollment.objects.filter(pk=old.pk).update(is_current=False)
        Enrollment.objects.create(
            employee_id=old.employee_id,
            course_id=old.course_id,
            path_enrollment_id=old.path_enrollment_id,
            source=Source.RECERTIFICATION,
            due_date=timezone.localdate(cert.expires_at),
        )
        count += 1
    return count
