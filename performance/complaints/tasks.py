"""Complaint jobs (registered through performance.tasks). Thin and idempotent."""

import datetime as dt

from celery import shared_task


@shared_task(name="performance.complaints.recompute_metrics")
def complaint_metrics_task(month: str) -> None:
    """Recompute one month's complaint observations; repeating it is harmless."""
    from .metrics import complaint_observations_recompute

    complaint_observations_recompute(month=dt.date.fromisoformat(month))


@shared_task(name="performance.complaints.flag_overdue")
def flag_overdue_complaints() -> dict:
    """Flag complaints past a due instant and escalate each once."""
    from .overdue import complaints_flag_overdue

    return complaints_flag_overdue()


@shared_task(name="performance.complaints.erase_expired_contacts")
def erase_expired_contacts() -> int:
    """Customer contacts past their retention period are erased."""
    from .services import complaints_erase_expired_contacts

    return complaints_erase_expired_contacts()
