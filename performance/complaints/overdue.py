"""Overdue complaints: flagged once per target and escalated to the store's
manager by email and in-app notification, in the manager's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from people.selectors import store_managers
from people.services import user_language

from ..models import Complaint, ComplaintEvent

S = Complaint.State
# target -> (its flag, its due instant, the event that ends it, states it runs in)
WATCHES = {
    "reply": ("reply_overdue_at", "reply_due_at", "first_replied_at"),
    "resolution": ("resolution_overdue_at", "resolution_due_at", "resolved_at"),
}


def _candidates(target: str, now):
    flag, due, met = WATCHES[target]
    return Complaint.objects.filter(
        state__in=Complaint.OPEN_STATES,
        paused_since__isnull=True,
        **{f"{flag}__isnull": True, f"{met}__isnull": True, f"{due}__lt": now},
    ).select_related("store", "owner__user")


def _escalate(complaint: Complaint, target: str) -> int:
    """Email and notify the store's managers (the owner's manager if the
    store has none). Returns the number of people told."""
    from training.services import notification_send

    people = store_managers(complaint.store_id)
    if not people and complaint.owner.manager_id:
        people = [complaint.owner.manager]
    url = reverse("performance:complaint_detail", args=[complaint.pk])
    for person in people:
        with translation.override(user_language(person.user)):
            context = {
                "complaint": complaint,
                "target": target,
                "manager": person,
                "url": settings.WAGTAILADMIN_BASE_URL + url,
            }
            subject = render_to_string(
                "performance/complaints/email/overdue_subject.txt", context
            ).strip()
            body = render_to_string(
                "performance/complaints/email/overdue_body.txt", context
            )
            notification_send(employee=person, message=subject, url=url)
        send_mail(subject, body, None, [person.user.email])
    return len(people)


def complaints_flag_overdue(*, now=None) -> dict[str, int]:
    """Flag each complaint whose reply or resolution is past due (paused
    ones are not: their clock is stopped) and escalate it once. Idempotent:
    the flag is set by a conditional UPDATE, so a second run, or two runs at
    once, escalate nothing again."""
    now = now or timezone.now()
    flagged = {"reply": 0, "resolution": 0}
    for target, (flag, _due, _met) in WATCHES.items():
        for complaint in _candidates(target, now):
            with transaction.atomic():
                won = Complaint.objects.filter(
                    pk=complaint.pk, **{f"{flag}__isnull": True}
                ).update(**{flag: now})
                if not won:
                    continue
                told = _escalate(complaint, target)
                ComplaintEvent.objects.create(
                    complaint=complaint,
                    action=ComplaintEvent.Action.OVERDUE,
                    at=now,
                    from_state=complaint.state,
                    to_state=complaint.state,
                    note=f"{target} ({told})",
                )
                flagged[target] += 1
    return flagged
