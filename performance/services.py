"""Writes to performance's tables: metric definitions and observation imports."""

import datetime as dt
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from people.history import history_context
from people.tabular import TableError

from .ingest import ALIASES, ingest, ingest_file
from .models import ImportBatch, ImportRowError

logger = logging.getLogger(__name__)

SUBJECT_COLUMNS = ("employee_number", "team_code", "store_code")


@dataclass
class ImportResult:
    batch: ImportBatch
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0


def metric_builtins_ensure() -> None:
    """Create any missing built-in metric (the data migration seeds them;
    this restores them where tables were flushed, e.g. demo and browser
    tests). Existing definitions are left as HR tuned them."""
    from .builtins import DEFINITIONS, builtin_defaults
    from .models import Metric

    for code, defaults in builtin_defaults():
        defaults["description"] = DEFINITIONS.get(code, "")
        Metric.objects.get_or_create(code=code, defaults=defaults)


def mapping_problems(mapping: Mapping[str, str]) -> list[str]:
    """Canonical columns a mapping must cover but does not."""
    mapped = {k for k, v in mapping.items() if v}
    missing = []
    if not mapped & set(SUBJECT_COLUMNS):
        missing.append("employee_number")
    for column in ("metric", "period_start"):
        if column not in mapped:
            missing.append(column)
    if not mapped & {"value", "numerator"}:
        missing.append("value")
    return missing


def _aliases(mapping: Mapping[str, str] | None) -> dict[str, str]:
    if not mapping:
        return ALIASES
    return {
        header.strip().lower(): column for column, header in mapping.items() if header
    }


def _finish(batch: ImportBatch, outcome: dict) -> ImportResult:
    result = ImportResult(
        batch=batch,
        rows=outcome.get("rows", 0),
        created=outcome.get("created", 0),
        updated=outcome.get("updated", 0),
        unchanged=outcome.get("unchanged", 0),
        error_count=max(outcome.get("errors", 0), 0),
    )
    if outcome.get("errors", 0) < 0:  # no data rows at all
        ImportRowError.objects.create(batch=batch, row=1, code="empty")
        result.error_count = 1
    batch.status = (
        ImportBatch.Status.SUCCEEDED if result.ok else ImportBatch.Status.FAILED
    )
    batch.phase = ""
    batch.progress = 100
    batch.rows_total = result.rows
    batch.created_count = result.created
    batch.updated_count = result.updated
    batch.unchanged_count = result.unchanged
    batch.error_count = result.error_count
    batch.finished_at = timezone.now()
    batch.save()
    return result


def _progress_updater(batch: ImportBatch, position=None):
    """Write phase and percentage to the batch row (committed at once, so the
    status endpoint sees it). Loading is 0–80 %, by bytes read when known."""

    def update(phase: str, rows: int, fraction: float | None) -> None:
        if phase == "loading":
            fraction = position() if position else fraction
            percent = int(80 * fraction) if fraction is not None else 10
        else:
            percent = {"validating": 85, "writing": 92}.get(phase, 0)
        ImportBatch.objects.filter(pk=batch.pk).update(
            phase=phase,
            progress=min(percent, 99),
            rows_total=rows,
            heartbeat_at=timezone.now(),
        )

    return update


def _position(fh):
    """How far through an open file reading is (0–1), if its size is known."""
    try:
        size = os.fstat(fh.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        size = 0

    def position():
        try:
            return min(fh.tell() / size, 1.0) if size else None
        except (OSError, ValueError):
            return None

    return position


def observations_import_file(
    *,
    file,
    source: str = "file",
    mapping: Mapping[str, str] | None = None,
    user=None,
    batch: ImportBatch | None = None,
    force_plain: bool = False,
) -> ImportResult:
    """Import observations from a CSV or XLSX file, all or nothing.

    `file` is a path or an open binary file whose name ends in .csv/.xlsx;
    `mapping` maps canonical columns (performance.ingest.COLUMNS) to header
    text, defaulting to the English/Chinese aliases. The file is streamed into
    a staging table (COPY on PostgreSQL), validated in SQL and upserted per
    (subject, metric, period, source): a second import of the same file
    changes nothing. Problems are stored as ImportRowError rows of the batch.
    """
    if batch is None:
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.FILE,
            created_by=user,
            source=source,
            original_name=Path(getattr(file, "name", str(file))).name,
            mapping=dict(mapping or {}),
            status=ImportBatch.Status.RUNNING,
        )
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as fh:
            return _import_open_file(fh, batch, mapping, force_plain)
    return _import_open_file(file, batch, mapping, force_plain)


def _import_open_file(fh, batch, mapping, force_plain) -> ImportResult:
    try:
        outcome = ingest_file(
            fh,
            aliases=_aliases(mapping),
            batch=batch,
            default_source=batch.source,
            progress=_progress_updater(batch, _position(fh)),
            force_plain=force_plain,
        )
    except TableError as exc:
        ImportRowError.objects.create(batch=batch, row=1, code="file", value=str(exc))
        outcome = {"rows": 0, "errors": 1}
    return _finish(batch, outcome)


def observations_import_records(
    *,
    records: Iterable[Mapping],
    source: str,
    user=None,
    force_plain: bool = False,
) -> ImportResult:
    """Import observations given as dicts (the API's bulk POST), with the
    same validation and idempotency as files. Rows are numbered from 0."""
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.API,
        created_by=user,
        source=source,
        status=ImportBatch.Status.RUNNING,
    )
    outcome = ingest(
        enumerate(records),
        batch=batch,
        default_source=source,
        force_plain=force_plain,
    )
    return _finish(batch, outcome)


def import_batch_create(*, uploaded, source: str, user) -> ImportBatch:
    """Store an uploaded file; the import starts once columns are mapped."""
    return ImportBatch.objects.create(
        kind=ImportBatch.Kind.FILE,
        created_by=user,
        source=source,
        file=uploaded,
        original_name=Path(uploaded.name).name,
        status=ImportBatch.Status.UPLOADED,
    )


@transaction.atomic
def import_batch_start(*, batch: ImportBatch, mapping: Mapping[str, str]) -> None:
    """Queue the import of a mapped file (a Celery task, after commit)."""

    batch.mapping = {k: v for k, v in mapping.items() if v}
    batch.status = ImportBatch.Status.QUEUED
    batch.progress = 0
    batch.heartbeat_at = timezone.now()
    batch.save(update_fields=["mapping", "status", "progress", "heartbeat_at"])
    _enqueue(batch, "start")


def _enqueue(batch: ImportBatch, why: str) -> None:
    """Through the outbox (people.outbox): the submit succeeds with the broker
    down, and the task is sent once it is back. The key names the run."""
    from people.outbox import outbox_enqueue

    outbox_enqueue(
        "performance.tasks.import_batch_task",
        [str(batch.pk)],
        key=f"import:{batch.pk}:{batch.attempts}:{why}",
    )


def import_batch_run(*, batch_id) -> ImportResult | None:
    """Run a queued batch. Idempotent: a batch that is running or finished is
    left alone, so a redelivered task (acks_late) or a duplicate send does
    nothing; only the delivery that claims it runs."""
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status=ImportBatch.Status.QUEUED
    ).update(
        status=ImportBatch.Status.RUNNING,
        phase="loading",
        attempts=F("attempts") + 1,
        heartbeat_at=timezone.now(),
    )
    if not claimed:
        return None
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        with batch.file.open("rb") as fh:
            return observations_import_file(
                file=fh, source=batch.source, mapping=batch.mapping, batch=batch
            )
    except Exception:
        logger.exception("import batch %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED,
            phase="",
            progress=100,
            message="internal error",
            finished_at=timezone.now(),
        )
        return None


@transaction.atomic
def import_batch_retry(*, batch: ImportBatch) -> bool:
    """Queue a failed file import again (HR's retry button): its problems
    are cleared and it runs from the start. False if it has not failed."""
    if not (batch.status == ImportBatch.Status.FAILED and batch.file):
        return False
    batch.row_errors.all().delete()
    updated = ImportBatch.objects.filter(
        pk=batch.pk, status=ImportBatch.Status.FAILED
    ).update(
        status=ImportBatch.Status.QUEUED,
        phase="",
        progress=0,
        message="",
        error_count=0,
        attempts=0,
        finished_at=None,
        heartbeat_at=timezone.now(),
    )
    if updated:
        batch.refresh_from_db()
        _enqueue(batch, f"retry{timezone.now():%s%f}")
    return bool(updated)


def import_batches_sweep(*, now=None) -> dict[str, int]:
    """Beat: a running batch with no progress for IMPORT_STALE_SECONDS lost
    its worker (kill -9, out of memory): it is queued again, or failed with
    a message after IMPORT_MAX_ATTEMPTS runs. A batch queued that long (its
    message lost with the broker) is sent again. Conditional UPDATEs: a
    batch that moved on meanwhile is left alone."""
    from django.conf import settings

    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    running = ImportBatch.objects.filter(
        status=ImportBatch.Status.RUNNING, heartbeat_at__lt=stale
    )
    for batch in running:
        with transaction.atomic():
            if batch.attempts >= settings.IMPORT_MAX_ATTEMPTS:
                done = ImportBatch.objects.filter(
                    pk=batch.pk,
                    status=ImportBatch.Status.RUNNING,
                    heartbeat_at=batch.heartbeat_at,
                ).update(
                    status=ImportBatch.Status.FAILED,
                    phase="",
                    progress=100,
                    finished_at=now,
                    message=_(
                        "The import stopped %(n)d times before finishing "
                        "(the worker was lost). Nothing was imported by the "
                        "unfinished runs; retry it, or split the file."
                    )
                    % {"n": batch.attempts},
                )
                counts["failed"] += done
                continue
            done = ImportBatch.objects.filter(
                pk=batch.pk,
                status=ImportBatch.Status.RUNNING,
                heartbeat_at=batch.heartbeat_at,
            ).update(status=ImportBatch.Status.QUEUED, phase="", heartbeat_at=now)
            if done:
                _enqueue(batch, "sweep")
                counts["requeued"] += 1
    queued = ImportBatch.objects.filter(
        status=ImportBatch.Status.QUEUED, heartbeat_at__lt=stale
    )
    for batch in queued:
        with transaction.atomic():
            if ImportBatch.objects.filter(
                pk=batch.pk,
                status=ImportBatch.Status.QUEUED,
                heartbeat_at=batch.heartbeat_at,
            ).update(heartbeat_at=now):
                _enqueue(batch, f"resend{now:%s}")
                counts["resent"] += 1
    return counts


def import_files_purge(*, now=None) -> int:
    """Beat: delete the uploaded file of every import finished more than
    IMPORT_FILE_RETENTION_DAYS ago (the batch, its counts and problems
    stay). Returns how many files were deleted."""
    from django.conf import settings

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    done = ImportBatch.objects.filter(
        status__in=[ImportBatch.Status.SUCCEEDED, ImportBatch.Status.FAILED],
        finished_at__lt=cutoff,
    ).exclude(file="")
    purged = 0
    for batch in done:
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")
        purged += 1
    return purged


def observation_correct(*, observation, value: float, reason: str, by=None):
    """Correct one observation's value (an upheld review dispute); the value
    must stay within the metric's valid range and the reason is required."""
    metric = observation.metric
    if not (reason or "").strip():
        raise ValueError("a correction needs a reason")
    if metric.value_min is not None and value < metric.value_min:
        raise ValueError("below the metric's lowest valid value")
    if metric.value_max is not None and value > metric.value_max:
        raise ValueError("above the metric's highest valid value")
    observation.value = value
    with history_context(user=by, reason=reason.strip()):
        observation.save(update_fields=["value"])
    return observation
