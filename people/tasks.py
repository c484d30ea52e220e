from celery import shared_task

from .models import Employee
from .services import employee_send_invitation


@shared_task
def send_invitations(employee_ids: list[int]) -> int:
    """Invite new employees; safe to retry (already-invited ones are skipped)."""
    sent = 0
    for employee in Employee.objects.select_related("user").filter(pk__in=employee_ids):
        sent += employee_send_invitation(employee=employee)
    return sent


@shared_task
def outbox_relay() -> int:
    """Send outbox messages the broker could not take at the time."""
    from .outbox import outbox_relay as relay

    return relay()
