"""Writes to complaints: the eight steps as one transition table, each move
a service that checks, writes and records history in one transaction.

Views and the API never set `state`; they call these. A refused move raises
ComplaintError with a message in the user's language and changes nothing."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Employee
from people.roles import Role, roles_of

from ..models import (
    BusinessCalendar,
    Complaint,
    ComplaintEvent,
    ComplaintPause,
    CustomerTier,
    Holiday,
    OpeningHours,
    RecoveryAction,
    Severity,
    SlaTarget,
)
from . import access, sla

S = Complaint.State

# The eight steps (domain brief): from each step, where it may go next.
# A supervisor who does not approve a proposal sends it back to analysis.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.RECORDED: (S.VALIDATED, S.INVALID),
    S.VALIDATED: (S.ASSIGNED,),
    S.ASSIGNED: (S.ANALYSED,),
    S.ANALYSED: (S.PROPOSED,),
    S.PROPOSED: (S.APPROVED, S.ANALYSED),
    S.APPROVED: (S.CARRIED_OUT,),
    S.CARRIED_OUT: (S.CLOSED,),
    S.INVALID: (),
    S.CLOSED: (),
}

# Business hours for (first reply, resolution) where HR has set no target.
# Reply 12/24/36 h by tier for a medium complaint is the contact-centre KPI
# of the domain brief; severity scales it.
TIER_REPLY_HOURS = {
    CustomerTier.VIP: 12,
    CustomerTier.PRIORITY: 24,
    CustomerTier.STANDARD: 36,
}
SEVERITY_FACTOR = {
    Severity.CRITICAL: Decimal("0.25"),
    Severity.HIGH: Decimal("0.5"),
    Severity.MEDIUM: Decimal("1"),
    Severity.LOW: Decimal("1.5"),
}
RESOLUTION_FACTOR = 3


class ComplaintError(Exception):
    """A refused complaint action; str(exc) is for the user."""

    status = 400


class NotAllowed(ComplaintError):
    status = 403


def default_targets(severity: str, tier: str) -> tuple[Decimal, Decimal]:
    reply = TIER_REPLY_HOURS[tier] * SEVERITY_FACTOR[severity]
    return reply, reply * RESOLUTION_FACTOR


def sla_targets_ensure() -> None:
    """One target row per severity × tier (the defaults above); rows HR has
    changed are kept."""
    for severity in Severity.values:
        for tier in CustomerTier.values:
            reply, resolution = default_targets(severity, tier)
            SlaTarget.objects.get_or_create(
                severity=severity,
                customer_tier=tier,
                defaults={"reply_hours": reply, "resolution_hours": resolution},
            )


def _targets(severity: str, tier: str) -> tuple[Decimal, Decimal]:
    row = (
        SlaTarget.objects.filter(severity=severity, customer_tier=tier)
        .values_list("reply_hours", "resolution_hours")
        .first()
    )
    return row or default_targets(severity, tier)


# --- the calendar -------------------------------------------------------------

DEFAULT_HOURS = [(d, dt.time(9), dt.time(21)) for d in range(7)]


def calendar_default() -> BusinessCalendar:
    """The calendar of stores without their own (created on first use:
    09:00–21:00 every day, the usual opening hours of the demo's stores)."""
    calendar = (
        BusinessCalendar.objects.filter(store__isnull=True).order_by("pk").first()
    )
    if calendar is None:
        calendar = BusinessCalendar.objects.create(
            name="默认营业时间 / Default opening hours", timezone=settings.TIME_ZONE
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(calendar=calendar, weekday=d, opens=o, closes=c)
            for d, o, c in DEFAULT_HOURS
        )
    return calendar


def clock_for(store_id: int) -> sla.Calendar:
    """The store's SLA calendar as plain data (its own or the default)."""
    calendar = BusinessCalendar.objects.filter(store_id=store_id).first()
    if calendar is None:
        calendar = calendar_default()
    return sla.calendar_build(
        calendar.hours.values_list("weekday", "opens", "closes"),
        holidays=calendar.holidays.values_list("date", flat=True),
        tz=calendar.timezone,
    )


@transaction.atomic
def calendar_save(
    *,
    calendar: BusinessCalendar,
    hours: Iterable[tuple[int, dt.time, dt.time]],
    holidays: Iterable[tuple[dt.date, str]],
) -> BusinessCalendar:
    """Replace a calendar's opening hours and holidays, all or nothing.
    Overlapping or inverted hours raise ComplaintError and keep the old ones.
    Open complaints of the calendar's stores get their due instants again."""
    hours, holidays = list(hours), list(holidays)
    try:
        sla.calendar_build(hours, [d for d, _n in holidays], calendar.timezone)
    except sla.CalendarError as exc:
        raise ComplaintError(str(exc)) from exc
    if calendar.pk is None:
        calendar.save()
    else:
        calendar.save(update_fields=["name", "timezone", "store", "updated_at"])
    calendar.hours.all().delete()
    calendar.holidays.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(calendar=calendar, weekday=d, opens=o, closes=c)
        for d, o, c in hours
    )
    Holiday.objects.bulk_create(
        Holiday(calendar=calendar, date=d, name=n) for d, n in dict(holidays).items()
    )
    affected = Complaint.objects.filter(state__in=_CLOCKED_STATES)
    if calendar.store_id:
        affected = affected.filter(store_id=calendar.store_id)
    else:
        affected = affected.exclude(store__business_calendar__isnull=False)
    ids = list(affected.values_list("pk", flat=True))
    for complaint in Complaint.objects.filter(pk__in=ids).select_for_update():
        _refresh_due(complaint)
        complaint.save(update_fields=["reply_due_at", "resolution_due_at"])
    return calendar


# --- SLA bookkeeping ------------------------------------------------------------

_CLOCKED_STATES = (*Complaint.OPEN_STATES, S.CARRIED_OUT)


def _pauses(complaint: Complaint) -> list[tuple]:
    return list(complaint.pauses.values_list("started_at", "ended_at"))


def _refresh_due(complaint: Complaint, clock: sla.Calendar | None = None) -> None:
    """Due instants from the store's calendar and the complaint's pauses; a
    running pause leaves them empty (the clock is stopped). A target already
    met keeps the due instant it was measured against."""
    clock = clock or clock_for(complaint.store_id)
    pauses = _pauses(complaint) if complaint.pk else []
    start = complaint.received_at
    if complaint.first_replied_at is None:
        complaint.reply_due_at = sla.due_at(
            clock, start, float(complaint.reply_hours), pauses
        )
    if complaint.resolved_at is None:
        complaint.resolution_due_at = sla.due_at(
            clock, start, float(complaint.resolution_hours), pauses
        )


def sla_status(complaint: Complaint, *, now=None, clock=None) -> dict:
    """Both clocks of one complaint (for its detail page and the API)."""
    now = now or timezone.now()
    clock = clock or clock_for(complaint.store_id)
    pauses = _pauses(complaint)
    common = {"start": complaint.received_at, "now": now, "pauses": pauses}
    return {
        "reply": sla.target_status(
            clock,
            hours=float(complaint.reply_hours),
            met_at=complaint.first_replied_at,
            **common,
        ),
        "resolution": sla.target_status(
            clock,
            hours=float(complaint.resolution_hours),
            met_at=complaint.resolved_at,
            **common,
        ),
    }


# --- helpers --------------------------------------------------------------------


def _locked(complaint: Complaint) -> Complaint:
    """The complaint re-read under a row lock, so two people moving it at
    once are served one after the other and the second sees the new step."""
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _require_handler(by: Employee, complaint: Complaint) -> None:
    if not (
        access.can_see(by.user, complaint) and access.can_handle(by.user, complaint)
    ):
        raise NotAllowed(_("Only the complaint's owner, a manager or HR can do this."))


def _event(complaint, action, by, *, from_state=None, note="", to_owner=None, at=None):
    return ComplaintEvent.objects.create(
        complaint=complaint,
        action=action,
        by=by,
        at=at or timezone.now(),
        from_state=from_state or complaint.state,
        to_state=complaint.state,
        to_owner=to_owner,
        note=note,
    )


def _after_change(complaint: Complaint) -> None:
    """Observations of the complaint's month are recomputed after commit."""
    from .tasks import complaint_metrics_task

    month = timezone.localtime(complaint.received_at).date().replace(day=1)
    transaction.on_commit(lambda: complaint_metrics_task.delay(month.isoformat()))


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ComplaintError(message)
    return text


# --- recording ------------------------------------------------------------------


@transaction.atomic
def complaint_record(
    *,
    by: Employee,
    store,
    channel: str,
    category: str,
    severity: str,
    customer_tier: str = CustomerTier.STANDARD,
    description: str,
    employees: Iterable[Employee] = (),
    customer_name: str = "",
    customer_contact: str = "",
    received_at: dt.datetime | None = None,
) -> Complaint:
    """Step 1. Whoever records the complaint owns it (first-question
    responsibility) until they hand it over. The SLA targets of its severity
    and tier are copied onto it and the due instants computed."""
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + dt.timedelta(minutes=5):
        raise ComplaintError(_("The time received cannot be in the future."))
    reply, resolution = _targets(severity, customer_tier)
    complaint = Complaint(
        store=store,
        channel=channel,
        category=category,
        severity=severity,
        customer_tier=customer_tier,
        description=_required(
            description, _("Say what the customer complained about.")
        ),
        customer_name=customer_name.strip(),
        customer_contact=customer_contact.strip(),
        received_at=received_at,
        recorded_by=by,
        owner=by,
        reply_hours=reply,
        resolution_hours=resolution,
    )
    _refresh_due(complaint)
    complaint.full_clean(exclude=["employees"])
    complaint.save()
    complaint.employees.set(employees)
    _event(complaint, ComplaintEvent.Action.RECORD, by, at=now)
    _after_change(complaint)
    return complaint


def _move(
    complaint: Complaint, to: str, *, by: Employee, note: str = "", **fields
) -> Complaint:
    complaint = _locked(complaint)
    _require_handler(by, complaint)
    if to not in TRANSITIONS[complaint.state]:
        raise ComplaintError(
            _("A complaint at step “%(from)s” cannot move to “%(to)s”.")
            % {"from": complaint.get_state_display(), "to": S(to).label}
        )
    if complaint.is_paused:
        raise ComplaintError(
            _("The complaint is waiting on the customer; resume it first.")
        )
    from_state = complaint.state
    complaint.state = to
    for name, value in fields.items():
        setattr(complaint, name, value)
    if to == S.CARRIED_OUT and complaint.first_replied_at is None:
        complaint.first_replied_at = complaint.resolved_at
    complaint.save()
    _event(complaint, ComplaintEvent.Action.MOVE, by, from_state=from_state, note=note)
    _after_change(complaint)
    return complaint


@transaction.atomic
def complaint_validate(*, complaint: Complaint, by: Employee, note: str = ""):
    """Step 2: the complaint is valid."""
    return _move(complaint, S.VALIDATED, by=by, note=note)


@transaction.atomic
def complaint_invalidate(*, complaint: Complaint, by: Employee, reason: str):
    """Step 2: not valid, with the reason. This ends the complaint; its
    resolution clock stops (the customer is told why)."""
    reason = _required(reason, _("Give the reason the complaint is not valid."))
    return _move(
        complaint,
        S.INVALID,
        by=by,
        note=reason,
        invalid_reason=reason,
        resolved_at=timezone.now(),
        closed_at=timezone.now(),
    )


@transaction.atomic
def complaint_assign(
    *, complaint: Complaint, by: Employee, department: str, note: str = ""
):
    """Step 3: the responsible department."""
    if department not in Complaint.Department.values:
        raise ComplaintError(_("Choose the responsible department."))
    return _move(complaint, S.ASSIGNED, by=by, note=note, department=department)


@transaction.atomic
def complaint_analyse(*, complaint: Complaint, by: Employee, cause: str):
    """Step 4: the department's analysis of the cause."""
    cause = _required(cause, _("Describe the cause."))
    return _move(complaint, S.ANALYSED, by=by, note=cause, cause=cause)


@transaction.atomic
def complaint_propose(*, complaint: Complaint, by: Employee, resolution: str):
    """Step 5: the proposed resolution."""
    resolution = _required(resolution, _("Describe the proposed resolution."))
    return _move(complaint, S.PROPOSED, by=by, note=resolution, resolution=resolution)


@transaction.atomic
def complaint_approve(*, complaint: Complaint, by: Employee, note: str = ""):
    """Step 6: a supervisor (manager or HR) approves the proposal."""
    if not access.can_approve(by.user):
        raise NotAllowed(_("Only a manager or HR can approve a resolution."))
    return _move(complaint, S.APPROVED, by=by, note=note)


@transaction.atomic
def complaint_send_back(*, complaint: Complaint, by: Employee, note: str):
    """Step 6 refused: back to analysis, with the supervisor's reason."""
    if not access.can_approve(by.user):
        raise NotAllowed(_("Only a manager or HR can approve a resolution."))
    note = _required(note, _("Say why the proposal is sent back."))
    return _move(complaint, S.ANALYSED, by=by, note=note)


@transaction.atomic
def complaint_carry_out(
    *, complaint: Complaint, by: Employee, customer_feedback: str, note: str = ""
):
    """Step 7: carried out, customer informed and their feedback collected.
    This meets the resolution target; informing the customer is also a
    reply, so a complaint never replied to before gets its first reply now
    (the reverse never holds: a reply alone resolves nothing)."""
    feedback = _required(
        customer_feedback, _("Record what the customer said when informed.")
    )
    return _move(
        complaint,
        S.CARRIED_OUT,
        by=by,
        note=note,
        customer_feedback=feedback,
        resolved_at=timezone.now(),
    )


@transaction.atomic
def complaint_close(*, complaint: Complaint, by: Employee, review: str):
    """Step 8: reviewed and summarised. Refresher courses follow HR's rules
    for the employees involved (performance.complaints.refresher)."""
    from .refresher import refresher_assign

    review = _required(review, _("Summarise the review and its lessons."))
    complaint = _move(
        complaint, S.CLOSED, by=by, note=review, review=review, closed_at=timezone.now()
    )
    refresher_assign(complaint=complaint, by=by)
    return complaint


MOVES = {
    "validate": complaint_validate,
    "invalidate": complaint_invalidate,
    "assign": complaint_assign,
    "analyse": complaint_analyse,
    "propose": complaint_propose,
    "approve": complaint_approve,
    "send_back": complaint_send_back,
    "carry_out": complaint_carry_out,
    "close": complaint_close,
}


def moves_from(state: str) -> list[str]:
    """Move names available at a step (for pages and the API)."""
    targets = TRANSITIONS[state]
    target_of = {
        "validate": S.VALIDATED,
        "invalidate": S.INVALID,
        "assign": S.ASSIGNED,
        "analyse": S.ANALYSED,
        "propose": S.PROPOSED,
        "approve": S.APPROVED,
        "send_back": S.ANALYSED,
        "carry_out": S.CARRIED_OUT,
        "close": S.CLOSED,
    }
    names = [n for n, t in target_of.items() if t in targets]
    if state == S.ASSIGNED:  # first analysis, not a send-back
        names.remove("send_back")
    if state == S.PROPOSED:
        names.remove("analyse")
    return names


# --- other actions ------------------------------------------------------------------


def _require_open(complaint: Complaint) -> None:
    if complaint.state in (S.INVALID, S.CLOSED):
        raise ComplaintError(_("The complaint is closed."))


@transaction.atomic
def complaint_reply(*, complaint: Complaint, by: Employee, note: str = ""):
    """The first reply to the customer: meets the reply target only."""
    complaint = _locked(complaint)
    _require_handler(by, complaint)
    _require_open(complaint)
    if complaint.first_replied_at is not None:
        raise ComplaintError(_("The first reply has already been recorded."))
    complaint.first_replied_at = timezone.now()
    complaint.save(update_fields=["first_replied_at", "updated_at"])
    _event(complaint, ComplaintEvent.Action.REPLY, by, note=note)
    _after_change(complaint)
    return complaint


@transaction.atomic
def complaint_hand_over(
    *, complaint: Complaint, by: Employee, to: Employee, note: str = ""
):
    """First-question responsibility passes to `to`, who owns it from now."""
    complaint = _locked(complaint)
    _require_handler(by, complaint)
    _require_open(complaint)
    if to.status != Employee.Status.ACTIVE:
        raise ComplaintError(_("Hand the complaint to someone who still works here."))
    if to.pk == complaint.owner_id:
        raise ComplaintError(_("This person already owns the complaint."))
    complaint.owner = to
    complaint.save(update_fields=["owner", "updated_at"])
    _event(complaint, ComplaintEvent.Action.HANDOVER, by, note=note, to_owner=to)
    return complaint


@transaction.atomic
def complaint_pause(*, complaint: Complaint, by: Employee, reason: str):
    """Waiting on the customer: both SLA clocks stop until resumed."""
    reason = _required(reason, _("Say what you are waiting for from the customer."))
    complaint = _locked(complaint)
    _require_handler(by, complaint)
    if complaint.state not in Complaint.OPEN_STATES:
        raise ComplaintError(_("Only an open complaint can wait on the customer."))
    if complaint.is_paused:
        raise ComplaintError(_("The complaint is already waiting on the customer."))
    now = timezone.now()
    ComplaintPause.objects.create(complaint=complaint, started_at=now, reason=reason)
    complaint.paused_since = now
    complaint.reply_due_at = (
        None if complaint.first_replied_at is None else complaint.reply_due_at
    )
    complaint.resolution_due_at = None
    complaint.save(
        update_fields=[
            "paused_since",
            "reply_due_at",
            "resolution_due_at",
            "updated_at",
        ]
    )
    _event(complaint, ComplaintEvent.Action.PAUSE, by, note=reason, at=now)
    return complaint


@transaction.atomic
def complaint_resume(*, complaint: Complaint, by: Employee, note: str = ""):
    """The customer answered: the clocks run again, due instants moved on by
    the business time spent waiting."""
    complaint = _locked(complaint)
    _require_handler(by, complaint)
    if not complaint.is_paused:
        raise ComplaintError(_("The complaint is not waiting on the customer."))
    now = timezone.now()
    complaint.pauses.filter(ended_at__isnull=True).update(ended_at=now)
    complaint.paused_since = None
    _refresh_due(complaint)
    complaint.save(
        update_fields=[
            "paused_since",
            "reply_due_at",
            "resolution_due_at",
            "updated_at",
        ]
    )
    _event(complaint, ComplaintEvent.Action.RESUME, by, note=note, at=now)
    _after_change(complaint)
    return complaint


@transaction.atomic
def recovery_action_add(
    *,
    complaint: Complaint,
    by: Employee,
    kind: str,
    description: str,
    amount: Decimal | None = None,
) -> RecoveryAction:
    """Service recovery: an apology, a compensation (with its value) or a fix."""
    complaint = _locked(complaint)
    _require_handler(by, complaint)
    _require_open(complaint)
    if kind not in RecoveryAction.Kind.values:
        raise ComplaintError(_("Choose apology, compensation or fix."))
    description = _required(description, _("Say what was done for the customer."))
    if amount is not None and amount < 0:
        raise ComplaintError(_("A compensation's value cannot be negative."))
    if kind != RecoveryAction.Kind.COMPENSATION:
        amount = None
    action = RecoveryAction.objects.create(
        complaint=complaint, kind=kind, description=description, amount=amount, by=by
    )
    label = RecoveryAction.Kind(kind).label
    _event(
        complaint,
        ComplaintEvent.Action.RECOVERY,
        by,
        note=f"{label}: {description}" + (f" (¥{amount})" if amount else ""),
    )
    return action


@transaction.atomic
def complaints_customer_erase(*, complaints, by: Employee, reason: str) -> int:
    """Erase the customer's name and contact from ``complaints`` (a
    customer's request, or the end of the retention period); the complaint,
    its steps and its figures stay. Each erasure is a step of the
    complaint's history with who and why. Returns how many were erased."""
    reason = _required(reason, _("Give the reason for erasing."))
    if Role.HR not in roles_of(by.user):
        raise ComplaintError(_("Only HR erases a customer's personal data."))
    return _erase_customer(complaints, by, reason)


def _erase_customer(complaints, by: Employee | None, note: str) -> int:
    erased = 0
    for complaint in complaints.select_for_update():
        if not (complaint.customer_name or complaint.customer_contact):
            continue
        complaint.customer_name = complaint.customer_contact = ""
        complaint.save(update_fields=["customer_name", "customer_contact"])
        _event(complaint, ComplaintEvent.Action.ERASE, by, note=note)
        erased += 1
    return erased


# The retention job's note: written by no one, so in both languages.
RETENTION_NOTE = "保留期已满 / Retention period ended"


@transaction.atomic
def complaints_erase_expired_contacts(*, now=None) -> int:
    """The nightly job: erase the customer's name and contact from complaints
    closed (or found not valid) more than COMPLAINT_CONTACT_RETENTION_DAYS
    ago. Running it again erases nothing more."""
    S = Complaint.State
    cutoff = (now or timezone.now()) - dt.timedelta(
        days=settings.COMPLAINT_CONTACT_RETENTION_DAYS
    )
    expired = Complaint.objects.filter(
        Q(state=S.CLOSED, closed_at__lt=cutoff)
        | Q(state=S.INVALID, updated_at__lt=cutoff)
    ).exclude(customer_name="", customer_contact="")
    return _erase_customer(expired, None, RETENTION_NOTE)

