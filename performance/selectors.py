"""Reads for performance pages: SQL aggregates, a fixed number of queries
however long the history is."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone

from people.models import Employee

from .models import ImportBatch, Level, Metric, Observation


@dataclass
class Bucket:
    """One month of one metric for one subject, aggregated in SQL."""

    month: dt.date
    n: int = 0
    total: float = 0.0
    numerator: float | None = None
    denominator: float | None = None
    samples: int | None = None
    last_end: dt.date | None = None
    latest: float | None = None

    @classmethod
    def of_row(cls, row: dict, *, month: dt.date, **extra) -> "Bucket":
        """From a row annotated with _bucket_sums()."""
        return cls(
            month=month,
            n=row["n"],
            total=row["total"] or 0.0,
            numerator=row["num"],
            denominator=row["den"],
            samples=row["samples"],
            **extra,
        )

    def merged(self, other: "Bucket") -> "Bucket":
        def add(a, b):
            return b if a is None else a if b is None else a + b

        return Bucket(
            month=self.month,
            n=self.n + other.n,
            total=self.total + other.total,
            numerator=add(self.numerator, other.numerator),
            denominator=add(self.denominator, other.denominator),
            samples=add(self.samples, other.samples),
            last_end=max(filter(None, [self.last_end, other.last_end]), default=None),
            latest=other.latest if other.latest is not None else self.latest,
        )


def metric_value(metric: Metric, b: Bucket) -> float | None:
    """A period's value by the metric's aggregation: mean of values, sum,
    Σnumerator / Σdenominator × scale (not a mean of rates), or the latest."""
    if b.n == 0:
        return None
    agg = metric.aggregation
    if agg == Metric.Aggregation.SUM:
        return b.total
    if agg == Metric.Aggregation.RATE and b.denominator:
        return (b.numerator or 0) / b.denominator * metric.rate_scale
    if agg == Metric.Aggregation.LATEST and b.latest is not None:
        return b.latest
    return b.total / b.n


def sample_size(metric: Metric, b: Bucket) -> int:
    if metric.aggregation == Metric.Aggregation.RATE and b.denominator:
        return int(b.denominator)
    return int(b.samples) if b.samples else b.n


def status(metric: Metric, value: float | None) -> str:
    """good (meets target), warn, bad (beyond the critical threshold) or ''."""
    if value is None or metric.target is None:
        return ""
    sign = 1 if metric.higher_is_better else -1
    if sign * (value - metric.target) >= 0:
        return "good"
    if (
        metric.threshold_critical is not None
        and sign * (value - metric.threshold_critical) < 0
    ):
        return "bad"
    return "warn"


@dataclass
class MetricTrend:
    metric: Metric
    points: list[dict] = field(default_factory=list)
    current: dict | None = None
    previous: dict | None = None

    @property
    def change(self) -> float | None:
        if not self.current or not self.previous:
            return None
        if self.current["value"] is None or self.previous["value"] is None:
            return None
        return self.current["value"] - self.previous["value"]

    @property
    def improved(self) -> bool | None:
        change = self.change
        if change is None or change == 0:
            return None
        return (change > 0) == self.metric.higher_is_better


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month holding `month`."""
    first = month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def _month_add(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def record_metrics() -> tuple[list[Metric], str]:
    """The active employee-level metrics, and a version of what a record page
    shows besides the employee: the metric definitions and the last finished
    import batch (file and API observations arrive only through batches, and
    a batch's finished_at commits with its rows). One query."""
    last_import = (
        ImportBatch.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values("finished_at")[:1]
    )
    metrics = list(
        Metric.objects.filter(is_active=True, level=Level.EMPLOYEE)
        .annotate(last_import=Subquery(last_import))
        .order_by("code")
    )
    raw = repr(
        [
            [getattr(m, f.attname) for f in Metric._meta.concrete_fields]
            + [m.last_import]
            for m in metrics
        ]
    )
    return metrics, hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _bucket_sums() -> dict:
    """The sums a Bucket is built from, for a GROUP BY over observations."""
    return {
        "n": Count("id"),
        "total": Sum("value"),
        "num": Sum("numerator"),
        "den": Sum("denominator"),
        "samples": Sum("sample_size"),
    }


def employee_record(
    *,
    employee: Employee,
    months: int = 12,
    today: dt.date | None = None,
    metrics: list[Metric] | None = None,
) -> list[MetricTrend]:
    """Per employee-level metric: monthly points over `months`, and the last
    three months against the three before. Three queries at most (two when
    given `metrics`, from record_metrics)."""
    today = today or timezone.localdate()
    first = _month_add(today.replace(day=1), -(months - 1))
    if metrics is None:
        metrics = list(
            Metric.objects.filter(is_active=True, level=Level.EMPLOYEE).order_by("code")
        )
    rows = (
        Observation.objects.filter(employee=employee, period_start__gte=first)
        .annotate(month=TruncMonth("period_start"))
        .values("metric_id", "month")
        .annotate(**_bucket_sums(), last_end=Max("period_end"))
        .order_by()
    )
    buckets: dict[int, dict[dt.date, Bucket]] = {}
    for r in rows:
        month = r["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        buckets.setdefault(r["metric_id"], {})[month] = Bucket.of_row(
            r, month=month, last_end=r["last_end"]
        )
    latest_ids = {m.pk for m in metrics if m.aggregation == Metric.Aggregation.LATEST}
    wanted = Q(pk__in=[])
    for metric_id in latest_ids & buckets.keys():
        for b in buckets[metric_id].values():
            wanted |= Q(metric_id=metric_id, period_end=b.last_end)
    if latest_ids & buckets.keys():
        for metric_id, end, value in (
            Observation.objects.filter(wanted, employee=employee)
            .order_by("period_end", "pk")
            .values_list("metric_id", "period_end", "value")
        ):
            b = buckets[metric_id].get(_month_key(end, buckets[metric_id]))
            if b is not None:
                b.latest = value
    month_list = [_month_add(first, i) for i in range(months)]
    recent = set(month_list[-3:])
    before = set(month_list[-6:-3])
    trends = []
    for metric in metrics:
        by_month = buckets.get(metric.pk, {})
        trend = MetricTrend(metric=metric)
        for month in month_list:
            b = by_month.get(month)
            if b is None:
                continue
            trend.points.append(
                {
                    "month": month,
                    "value": metric_value(metric, b),
                    "sample": sample_size(metric, b),
                    "status": status(metric, metric_value(metric, b)),
                }
            )
        trend.current = _combined(
            metric, [by_month[m] for m in sorted(recent) if m in by_month]
        )
        trend.previous = _combined(
            metric, [by_month[m] for m in sorted(before) if m in by_month]
        )
        trends.append(trend)
    return trends


def _month_key(day: dt.date, by_month: dict) -> dt.date:
    # The bucket of an observation is its period_start's month; the latest
    # observation of a bucket may end in a later month.
    for month, b in by_month.items():
        if b.last_end == day:
            return month
    return day.replace(day=1)


def _combined(metric: Metric, parts: list[Bucket]) -> dict | None:
    if not parts:
        return None
    total = parts[0]
    for b in parts[1:]:
        total = total.merged(b)
    value = metric_value(metric, total)
    n = sample_size(metric, total)
    return {
        "value": value,
        "sample": n,
        "enough": n >= metric.min_sample_size,
        "status": status(metric, value),
    }


def period_figures(
    *,
    employees: QuerySet[Employee],
    start: dt.date,
    end: dt.date | None = None,
    metrics: list[Metric] | None = None,
) -> dict[int, dict[int, dict]]:
    """Every employee's employee-level metrics over a period, set-based (what
    a review cycle reads for a quarter): {employee_id: {metric_id: figure}},
    a figure being {"value", "sample", "enough", "status"} exactly as
    employee_record's `current` computes it for the same months (mean, sum,
    Σnumerator / Σdenominator × scale, or latest). Observations count by
    period_start in [start, end). One GROUP BY employee, metric over all the
    employees, plus one windowed query when a metric takes the latest value.
    """
    if metrics is None:
        metrics = list(
            Metric.objects.filter(is_active=True, level=Level.EMPLOYEE).order_by("code")
        )
    by_id = {m.pk: m for m in metrics}
    rows = Observation.objects.filter(
        employee__in=employees.values("pk"),
        metric_id__in=list(by_id),
        period_start__gte=start,
    )
    if end is not None:
        rows = rows.filter(period_start__lt=end)
    buckets: dict[tuple[int, int], Bucket] = {}
    for r in (
        rows.values("employee_id", "metric_id").annotate(**_bucket_sums()).order_by()
    ):
        buckets[r["employee_id"], r["metric_id"]] = Bucket.of_row(r, month=start)
    latest_ids = [m.pk for m in metrics if m.aggregation == Metric.Aggregation.LATEST]
    if latest_ids:
        # employee_record's rule: the last month (by period_start) with data,
        # and in it the observation ending last (then the highest id).
        ranked = (
            rows.filter(metric_id__in=latest_ids)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("employee_id"), F("metric_id")],
                    order_by=[
                        TruncMonth("period_start").desc(),
                        F("period_end").desc(),
                        F("pk").desc(),
                    ],
                )
            )
            .filter(rank=1)
            .values_list("employee_id", "metric_id", "value")
        )
        for employee_id, metric_id, value in ranked:
            buckets[employee_id, metric_id].latest = value
    figures: dict[int, dict[int, dict]] = {}
    for (employee_id, metric_id), b in buckets.items():
        metric = by_id[metric_id]
        value = metric_value(metric, b)
        n = sample_size(metric, b)
        figures.setdefault(employee_id, {})[metric_id] = {
            "value": value,
            "sample": n,
            "enough": n >= metric.min_sample_size,
            "status": status(metric, value),
        }
    return figures


def quarter_start(today: dt.date | None = None) -> dt.date:
    """First day of the quarter that ends with the current month (the three
    months employee_record(months=3) shows)."""
    today = today or timezone.localdate()
    return _month_add(today.replace(day=1), -2)


def import_batches() -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("created_by").order_by("-created_at")


class _HeaderCapture(dict):
    """Aliases that keep every (lower-cased) header as its own column and
    remember the headers in file order."""

    def __init__(self):
        super().__init__()
        self.seen: list[str] = []

    def get(self, key, default=None):
        if key and key not in self.seen:
            self.seen.append(key)
        return key


def import_preview(*, batch: ImportBatch, limit: int = 10):
    """(headers, first rows) of an uploaded file, for the column mapping."""
    from itertools import islice

    from people.tabular import read_table

    capture = _HeaderCapture()
    with batch.file.open("rb") as fh:
        rows = list(islice(read_table(fh, aliases=capture), limit))
    headers = capture.seen
    return headers, [[row.get(h, "") for h in headers] for _, row in rows]
