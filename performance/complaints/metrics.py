"""Complaints as monthly observations, so reviews and analytics read them
like any other metric (source "complaints", recomputed whole per month).

- complaints (count): complaints received in the month, invalid ones left
  out; per employee named in them and per store.
- complaint_rate: complaints per 100 customer contacts. Contacts are the
  "contacts" metric's observations for the same subject and month (any
  source: call-centre or till systems import them); without contacts there
  is no rate rather than a made-up one.
- complaint_reply_sla (% replied within SLA), per store: of the month's
  valid complaints whose reply clock has ended (replied, or past due and
  unreplied), the share replied by the due instant. Complaints still inside
  their reply window do not count yet, as in Zendesk's SLA achievement.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from ..models import Complaint, Level, Metric, Observation
from ..selectors import month_bounds

SOURCE = "complaints"


def _instants(first: dt.date, last: dt.date):
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    return start, end


def _rate(count, contacts):
    return 100 * count / contacts


@transaction.atomic
def complaint_observations_recompute(*, month: dt.date, now=None) -> int:
    """Rewrite the month's complaint observations (all or nothing). Returns
    the number of observations written."""
    now = now or timezone.now()
    first, last = month_bounds(month)
    start, end = _instants(first, last)
    metrics = {
        m.code: m
        for m in Metric.objects.filter(
            code__in=["complaints", "complaint_rate", "complaint_reply_sla", "contacts"]
        )
    }
    valid = Complaint.objects.filter(
        received_at__gte=start, received_at__lt=end
    ).exclude(state=Complaint.State.INVALID)
    by_employee = dict(
        valid.filter(employees__isnull=False)
        .values_list("employees")
        .annotate(n=Count("pk", distinct=True))
        .values_list("employees", "n")
    )
    by_store = dict(
        valid.values_list("store").annotate(n=Count("pk")).values_list("store", "n")
    )
    sla = (
        valid.filter(Q(first_replied_at__isnull=False) | Q(reply_due_at__lt=now))
        .values_list("store")
        .annotate(
            ended=Count("pk"),
            met=Count(
                "pk",
                filter=Q(first_replied_at__isnull=False)
                & (
                    Q(reply_due_at__isnull=True)
                    | Q(first_replied_at__lte=F("reply_due_at"))
                ),
            ),
        )
        .values_list("store", "ended", "met")
    )
    contacts = (
        _contacts(metrics["contacts"], first, last) if "contacts" in metrics else {}
    )

    rows = []

    def add(code, level, subject_id, value, **extra):
        if code not in metrics:
            return
        subject = {"employee_id": None, "team_id": None, "store_id": None}
        subject[f"{level}_id"] = subject_id
        rows.append(
            Observation(
                metric=metrics[code],
                level=level,
                period_start=first,
                period_end=last,
                value=value,
                source=SOURCE,
                **subject,
                **extra,
            )
        )

    for level, counts in ((Level.EMPLOYEE, by_employee), (Level.STORE, by_store)):
        for subject_id, n in counts.items():
            add("complaints", level, subject_id, n, sample_size=n)
        for subject_id, total in contacts.get(level, {}).items():
            if total and total > 0:
                n = counts.get(subject_id, 0)
                add(
                    "complaint_rate",
                    level,
                    subject_id,
                    _rate(n, total),
                    numerator=n,
                    denominator=total,
                    sample_size=int(total),
                )
    for store_id, ended, met in sla:
        add(
            "complaint_reply_sla",
            Level.STORE,
            store_id,
            100 * met / ended,
            numerator=met,
            denominator=ended,
            sample_size=ended,
        )
    Observation.objects.filter(
        source=SOURCE,
        metric__in=[m for c, m in metrics.items() if c != "contacts"],
        period_start=first,
        period_end=last,
    ).delete()
    Observation.objects.bulk_create(rows)
    return len(rows)


def _contacts(metric, first, last) -> dict:
    """{level: {subject id: contacts}} for the month (sum over sources)."""
    result: dict = {Level.EMPLOYEE: {}, Level.STORE: {}}
    rows = (
        Observation.objects.filter(
            metric=metric,
            period_start__gte=first,
            period_start__lte=last,
            level__in=[Level.EMPLOYEE, Level.STORE],
        )
        .values("level", "employee_id", "store_id")
        .annotate(total=Sum("value"))
    )
    for row in rows:
        subject = (
            row["employee_id"] if row["level"] == Level.EMPLOYEE else row["store_id"]
        )
        result[row["level"]][subject] = row["total"]
    return result
