from celery import shared_task

from .services import import_batch_run


@shared_task
def import_batch_task(batch_id: str) -> None:
    """Run one queued import batch; a repeated delivery does nothing."""
    import_batch_run(batch_id=batch_id)


# Complaint jobs live with complaints; imported here so Celery registers them.
from .complaints.tasks import complaint_metrics_task, flag_overdue_complaints  # noqa: E402,F401
