"""Audit scores as monthly observations (source "audits"), so reviews and
analytics read them like any other metric: per month the mean audit score
(failed critical criteria count as 0) per employee audited, and per store
for every audit of the store; mystery-shopper visits feed
``mystery_shopper``, call-monitoring reviews ``qa_score``; n = audits.
Recomputed whole per month, so a dispute's decision rewrites it."""

import datetime as dt

from django.db import transaction
from django.db.models import Avg, Count

from ..models import Audit, Level, Metric, Observation
from ..selectors import month_bounds

SOURCE = "audits"
METRIC_OF_KIND = {
    Audit.Kind.MYSTERY_SHOPPER: "mystery_shopper",
    Audit.Kind.CALL_MONITORING: "qa_score",
}


@transaction.atomic
def audit_observations_recompute(*, month: dt.date) -> int:
    """Rewrite the month's audit observations (all or nothing); returns how
    many were written."""
    first, last = month_bounds(month)
    metrics = {
        m.code: m for m in Metric.objects.filter(code__in=METRIC_OF_KIND.values())
    }
    audits = Audit.objects.filter(visited_on__gte=first, visited_on__lte=last)
    rows = []
    for level, field in ((Level.EMPLOYEE, "employee"), (Level.STORE, "store")):
        figures = (
            audits.filter(**{f"{field}__isnull": False})
            .values_list("kind", field)
            .annotate(mean=Avg("percent"), n=Count("pk"))
            .order_by()
        )
        for kind, subject_id, mean, n in figures:
            metric = metrics.get(METRIC_OF_KIND[kind])
            if metric is None:
                continue
            rows.append(
                Observation(
                    metric=metric,
                    level=level,
                    **{f"{field}_id": subject_id},
                    period_start=first,
                    period_end=last,
                    value=round(mean, 2),
                    sample_size=n,
                    source=SOURCE,
                )
            )
    Observation.objects.filter(
        source=SOURCE,
        metric__in=list(metrics.values()),
        period_start=first,
        period_end=last,
    ).delete()
    Observation.objects.bulk_create(rows)
    return len(rows)
