from celery import shared_task

from .services import import_batch_run


@shared_task
def import_batch_task(batch_id: str) -> None:
    """Run one queued import batch; a repeated delivery does nothing."""
    import_batch_run(batch_id=batch_id)


@shared_task
def survey_observations_task(
    *, store_id: int, employee_id: int | None, month: str
) -> None:
    """Refresh one store's (and employee's) survey observations for a month
    after a response; recomputing is idempotent."""
    import datetime as dt

    from .voice.services import survey_observations_refresh

    survey_observations_refresh(
        store_id=store_id, employee_id=employee_id, month=dt.date.fromisoformat(month)
    )


@shared_task
def survey_observations_rebuild_task(batch_id: str) -> None:
    """Recompute every survey observation, with progress on the batch."""
    from .voice.services import survey_observations_rebuild_run

    survey_observations_rebuild_run(batch_id=batch_id)


@shared_task
def sweep_import_batches() -> dict:
    """Requeue or fail imports whose worker was lost; resend lost queue
    messages; delete import files past their retention period."""
    from .services import import_batches_sweep, import_files_purge

    return {**import_batches_sweep(), "purged": import_files_purge()}


# Complaint jobs live with complaints; imported here so Celery registers them.
from .complaints.tasks import complaint_metrics_task, flag_overdue_complaints  # noqa: E402,F401
from .reviews.tasks import cycle_compute_task  # noqa: E402, F401  (autodiscovered here)
