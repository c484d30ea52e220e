"""Reads for the complaint pages and API, always through complaints.access;
and, for review cycles' eligibility gate, who was named in an upheld one."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import BusinessCalendar, Complaint, Severity, SlaTarget
from . import access
from .refresher import SEVERITY_RANK

S = Complaint.State


@dataclass(frozen=True)
class ListFilters:
    state: str = ""  # a State value, "open", "overdue" or "" for all
    store: int | None = None
    severity: str = ""


def overdue_q(now) -> Q:
    """Past a due instant whose target is not met (a paused complaint has no
    due instant, so it is never overdue)."""
    return Q(state__in=Complaint.OPEN_STATES) & (
        Q(first_replied_at__isnull=True, reply_due_at__lt=now)
        | Q(resolved_at__isnull=True, resolution_due_at__lt=now)
    )


def complaint_list(user, filters: ListFilters, *, now=None) -> QuerySet[Complaint]:
    now = now or timezone.now()
    qs = access.complaints_visible_to(user).select_related("store", "owner")
    if filters.state == "open":
        qs = qs.filter(state__in=Complaint.OPEN_STATES)
    elif filters.state == "overdue":
        qs = qs.filter(overdue_q(now))
    elif filters.state in S.values:
        qs = qs.filter(state=filters.state)
    if filters.store:
        qs = qs.filter(store_id=filters.store)
    if filters.severity:
        qs = qs.filter(severity=filters.severity)
    return qs.order_by("-received_at", "-pk")


def flags(complaint: Complaint, now) -> dict:
    """Overdue and late flags of one row, from its own fields."""
    reply_late = bool(
        complaint.reply_due_at
        and (complaint.first_replied_at or now) > complaint.reply_due_at
    )
    resolution_late = bool(
        complaint.resolution_due_at
        and (complaint.resolved_at or now) > complaint.resolution_due_at
    )
    return {
        "overdue": complaint.is_open
        and (
            (reply_late and not complaint.first_replied_at)
            or (resolution_late and not complaint.resolved_at)
        ),
        "reply_late": reply_late,
        "resolution_late": resolution_late,
    }


def complaint_detail(user, pk: int) -> Complaint | None:
    return (
        access.complaints_visible_to(user)
        .select_related("store", "owner", "recorded_by")
        .prefetch_related("employees")
        .filter(pk=pk)
        .first()
    )


def complaint_history(complaint: Complaint):
    return complaint.events.select_related("by", "to_owner").order_by("at", "pk")


def calendars() -> QuerySet[BusinessCalendar]:
    return BusinessCalendar.objects.select_related("store").order_by(
        "store__code", "pk"
    )


def sla_targets() -> QuerySet[SlaTarget]:
    return SlaTarget.objects.order_by("severity", "customer_tier")


def upheld_named(
    employees: QuerySet, *, start: dt.date, end: dt.date, min_severity: str
) -> set[int]:
    """Ids of `employees` named in an upheld complaint (closed after being
    found valid, as refresher rules read it; an invalid one ends at step 2)
    of `min_severity` or higher, received from `start` to `end` inclusive
    (local dates, as the monthly complaint figures count them). One query
    whatever the population."""
    rank = SEVERITY_RANK[min_severity]
    severities = [s for s in Severity.values if SEVERITY_RANK[s] >= rank]
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time(0), tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    named = Complaint.employees.through.objects.filter(
        employee_id__in=employees.values("pk"),
        complaint__state=S.CLOSED,
        complaint__severity__in=severities,
        complaint__received_at__gte=since,
        complaint__received_at__lt=until,
    )
    return set(named.values_list("employee_id", flat=True).distinct())


def sla_summary(qs: QuerySet[Complaint], *, start, end, now) -> dict[str, int]:
    """For the valid complaints of `qs` received in [start, end): how many
    first-reply and resolution clocks have ended (met, or due and missed) and
    how many of those met their target; and how many of all of `qs` are
    overdue now. One aggregate query."""
    from django.db.models import Count, F

    month = Q(received_at__gte=start, received_at__lt=end) & ~Q(state=S.INVALID)
    replied = Q(first_replied_at__isnull=False)
    resolved = Q(resolved_at__isnull=False)
    reply_met = replied & (
        Q(reply_due_at__isnull=True) | Q(first_replied_at__lte=F("reply_due_at"))
    )
    resolution_met = resolved & (
        Q(resolution_due_at__isnull=True) | Q(resolved_at__lte=F("resolution_due_at"))
    )
    return qs.aggregate(
        received=Count("pk", filter=month),
        reply_ended=Count("pk", filter=month & (replied | Q(reply_due_at__lt=now))),
        reply_met=Count("pk", filter=month & reply_met),
        resolution_ended=Count(
            "pk", filter=month & (resolved | Q(resolution_due_at__lt=now))
        ),
        resolution_met=Count("pk", filter=month & resolution_met),
        overdue=Count("pk", filter=overdue_q(now)),
    )


CUSTOMER_QUERY_MIN = 4  # a shorter text would match customers at random


def complaints_of_customer(user, text: str) -> QuerySet[Complaint]:
    """The complaints whose customer name or contact contains ``text``, among
    those ``user`` may see with the customer (HR: all). For a customer's
    request to see or erase their data."""
    text = text.strip()
    if len(text) < CUSTOMER_QUERY_MIN:
        return Complaint.objects.none()
    qs = access.complaints_visible_to(user).filter(
        Q(customer_contact__icontains=text) | Q(customer_name__icontains=text)
    )
    return qs.select_related("store").order_by("-received_at", "-pk")


def customer_data(complaints) -> list[dict]:
    """What the complaints hold from and about the customer, for their copy."""
    return [
        {
            "complaint": c.pk,
            "received_at": c.received_at.isoformat(),
            "store": c.store.code if c.store else "",
            "channel": c.channel,
            "category": c.category,
            "customer_name": c.customer_name,
            "customer_contact": c.customer_contact,
            "what_the_customer_said": c.description,
            "step": c.state,
        }
        for c in complaints
    ]
