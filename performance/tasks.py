from celery import shared_task

from .services import import_batch_run


@shared_task
def import_batch_task(batch_id: str) -> None:
    """Run one queued import batch; a repeated delivery does nothing."""
    import_batch_run(batch_id=batch_id)


from .reviews.tasks import cycle_compute_task  # noqa: E402, F401  (autodiscovered here)
