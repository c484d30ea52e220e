from celery import shared_task
from django.contrib.auth import get_user_model


@shared_task
def cycle_compute_task(cycle_id: int, user_id: int | None, reason: str = "") -> None:
    """Compute one cycle queued by cycle_compute_start; a repeated delivery
    of a cycle no longer computing does nothing."""
    from ..models import ReviewCycle
    from .services import cycle_compute

    cycle = ReviewCycle.objects.filter(pk=cycle_id).first()
    if cycle is None or cycle.state != ReviewCycle.State.COMPUTING:
        return
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    cycle_compute(cycle=cycle, by=by, reason=reason)
