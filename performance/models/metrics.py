"""Performance data: metric definitions, observations per employee, team or
store and period, and the import batches that bring them in."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people import history
from people.i18n import in_viewer_language


class Level(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    TEAM = "team", _("Team")
    STORE = "store", _("Store")


class Metric(models.Model):
    """A KPI definition, managed by HR. `name` is Chinese, `name_en` English."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("Mean")
        SUM = "sum", _("Sum")
        RATE = "rate", _("Rate (numerator / denominator)")
        LATEST = "latest", _("Latest value")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("For example %, s, points.")
    )
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.HIGHER,
    )
    aggregation = models.CharField(
        _("aggregation over a period"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
    )
    rate_scale = models.FloatField(
        _("rate scale"),
        default=100,
        help_text=_("Rates are numerator / denominator × this (100 for a percentage)."),
    )
    target = models.FloatField(_("target"), null=True, blank=True)
    threshold_warning = models.FloatField(_("warning threshold"), null=True, blank=True)
    threshold_critical = models.FloatField(
        _("critical threshold"), null=True, blank=True
    )
    value_min = models.FloatField(_("lowest valid value"), null=True, blank=True)
    value_max = models.FloatField(_("highest valid value"), null=True, blank=True)
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.EMPLOYEE
    )
    source = models.CharField(
        _("usual source"),
        max_length=100,
        blank=True,
        help_text=_("Where the data comes from, e.g. call-centre system."),
    )
    min_sample_size = models.PositiveIntegerField(
        _("minimum sample size for reviews"), default=1
    )
    description = models.TextField(
        _("definition"),
        blank=True,
        help_text=_("How the value is computed and from what, with its source."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            models.CheckConstraint(
                condition=Q(value_min__isnull=True)
                | Q(value_max__isnull=True)
                | Q(value_min__lte=models.F("value_max")),
                name="metric_range_ordered",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_viewer_language(self.name, self.name_en)

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER

    def clean(self):
        if (
            self.value_min is not None
            and self.value_max is not None
            and self.value_min > self.value_max
        ):
            raise ValidationError(
                {"value_max": _("The highest value must not be below the lowest.")}
            )


def _private_storage():
    """Import files hold everyone's figures: kept outside the public media
    folder (PRIVATE_MEDIA_ROOT), never served by URL."""
    from performance.storage import PrivateStorage

    return PrivateStorage()


def _import_file_name(instance, filename: str) -> str:
    """A random name (the original is kept in original_name): no one can
    guess another import's file."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportBatch(models.Model):
    """One file upload or API call bringing in observations. The Celery task
    updates status and progress; the page polls them."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        API = "api", _("API")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting for column mapping")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        SUCCEEDED = "succeeded", _("Imported")
        FAILED = "failed", _("Nothing imported")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.FILE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=60)
    file = models.FileField(
        _("file"), upload_to=_import_file_name, storage=_private_storage, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("problems"), default=0)
    message = models.TextField(_("message"), blank=True)
    # Runs claimed so far, and the last sign of life of the running one: the
    # sweeper (performance.services.import_batches_sweep) requeues a batch
    # whose worker died, or fails it after IMPORT_MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self):
        return f"{self.original_name or self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class ImportRowError(models.Model):
    """One problem in one row of a batch; the reason text is rendered from
    `code` in the reader's language (see performance.ingest.reasons)."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="row_errors"
    )
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=40, blank=True)
    code = models.CharField(_("problem"), max_length=30)
    value = models.TextField(_("value"), blank=True)
    detail = models.CharField(_("detail"), max_length=100, blank=True)

    class Meta:
        ordering = ["batch", "row", "column"]
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")
        indexes = [models.Index(fields=["batch", "row"])]

    def __str__(self):
        return f"{self.row}:{self.column} {self.code}"


# Up to 1,000,000 observations per imported file (COPY + upsert): only a
# change of value (an upsert that moves it, a correction) and a delete are
# recorded, never an insert; an upsert that leaves the value is not an event.
@history.track(
    fields=[
        "metric",
        "level",
        "employee",
        "period_start",
        "period_end",
        "value",
        "source",
        "batch",
    ],
    old_fields=["value"],
    change_label="observation.change",
    delete_label="observation.delete",
)
class Observation(models.Model):
    """One value of one metric for one subject (employee, team or store) over
    one period, from one source. Unique per (subject, metric, period, source):
    importing the same data again updates it in place."""

    # No single-column indexes on metric and employee: the unique and trend
    # indexes lead with them, and every extra index slows bulk imports.
    metric = models.ForeignKey(
        Metric,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("metric"),
        db_index=False,
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("employee"),
        db_index=False,
    )
    team = models.ForeignKey(
        "people.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("team"),
    )
    store = models.ForeignKey(
        "people.Store",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("store"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.FloatField(_("value"))
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=60)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("import batch"),
    )

    class Meta:
        ordering = ["period_start"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        # Partial unique indexes (one per level) rather than one index over
        # nullable columns: they work the same on PostgreSQL and SQLite and
        # serve as ON CONFLICT targets for the bulk upsert.
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "employee", "period_start", "period_end", "source"],
                condition=Q(level="employee"),
                name="observation_unique_employee",
            ),
            models.UniqueConstraint(
                fields=["metric", "team", "period_start", "period_end", "source"],
                condition=Q(level="team"),
                name="observation_unique_team",
            ),
            models.UniqueConstraint(
                fields=["metric", "store", "period_start", "period_end", "source"],
                condition=Q(level="store"),
                name="observation_unique_store",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        level="employee",
                        employee__isnull=False,
                        team__isnull=True,
                        store__isnull=True,
                    )
                    | Q(
                        level="team",
                        employee__isnull=True,
                        team__isnull=False,
                        store__isnull=True,
                    )
                    | Q(
                        level="store",
                        employee__isnull=True,
                        team__isnull=True,
                        store__isnull=False,
                    )
                ),
                name="observation_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="observation_period_ordered",
            ),
        ]
        indexes = [
            models.Index(
                fields=["employee", "metric", "period_start"],
                name="observation_employee_trend",
            ),
            models.Index(fields=["metric", "period_start"], name="observation_metric"),
        ]

    def __str__(self):
        return f"{self.metric.code} {self.period_start} = {self.value}"
