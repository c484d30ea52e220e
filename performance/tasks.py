from celery import shared_task

from .services import import_batch_run


@shared_task
def import_batch_task(batch_id: str) -> None:
    """Run one queued import batch; a repeated delivery does nothing."""
    import_batch_run(batch_id=batch_id)


@shared_task
def sweep_import_batches() -> dict:
    """Requeue or fail imports whose worker was lost; resend lost queue
    messages; delete import files past their retention period."""
    from .services import import_batches_sweep, import_files_purge

    return {**import_batches_sweep(), "purged": import_files_purge()}
