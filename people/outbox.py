"""The transactional outbox. `outbox_enqueue` writes the task in the caller's
transaction; after commit it is sent at once, and if the broker is down the
row stays unsent until `outbox_relay` (beat, every minute) sends it. Tasks
sent this way must be idempotent: a send whose acknowledgement was lost is
sent again."""

import logging
from importlib import import_module

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# What a dead or unreachable broker raises from apply_async.
BROKER_DOWN = (BrokerError, ConnectionError, OSError, TimeoutError)


def outbox_enqueue(task: str, args: list, *, key: str) -> OutboxMessage:
    """Write `task(*args)` to the outbox under `key` (once: an existing key is
    kept as it is) and send it after the surrounding transaction commits."""
    message, created = OutboxMessage.objects.get_or_create(
        key=key, defaults={"task": task, "args": list(args)}
    )
    if created:
        transaction.on_commit(lambda: outbox_send(message.pk))
    return message


def _task(name: str):
    """The registered task `app.tasks.name` (importing its module registers it)."""
    from config.celery_app import app

    import_module(name.rsplit(".", 1)[0])
    return app.tasks[name]


def outbox_send(pk: int) -> bool:
    """Send one unsent message; True if the broker took it. A broker error is
    recorded on the row (the relay tries again); task errors in eager mode
    propagate as usual."""
    message = OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).first()
    if message is None:
        return False
    try:
        _task(message.task).apply_async(args=message.args)
    except BROKER_DOWN as exc:
        logger.warning("outbox %s not sent: %s", message.key, exc)
        OutboxMessage.objects.filter(pk=pk).update(
            attempts=F("attempts") + 1, last_error=str(exc)[:2000]
        )
        return False
    OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    return True


def outbox_relay(*, limit: int = 500) -> int:
    """Send what is still unsent, oldest first; stop at the first broker
    failure (the rest would fail too). Returns how many were sent."""
    sent = 0
    pending = OutboxMessage.objects.filter(sent_at__isnull=True).order_by("created_at")
    for pk in pending.values_list("pk", flat=True)[:limit]:
        if not outbox_send(pk):
            if OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).exists():
                break
            continue
        sent += 1
    return sent
