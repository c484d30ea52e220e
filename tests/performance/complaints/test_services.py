import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from performance.complaints import services
from performance.complaints.overdue import complaints_flag_overdue
from performance.complaints.services import ComplaintError, NotAllowed
from performance.models import (
    BusinessCalendar,
    Complaint,
    ComplaintEvent,
    OpeningHours,
    RecoveryAction,
)
from tests.factories import employee_with_role

from .conftest import hours_ago, walk_to

pytestmark = pytest.mark.django_db
S = Complaint.State


def test_recorder_owns_it_with_targets_and_due(make_complaint, staff, always_open):
    """First-question responsibility: the recorder is the owner; the targets
    of its severity × tier are copied (VIP medium: 12 h reply, 36 h fix)."""
    c = make_complaint(customer_tier="vip", received_at=hours_ago(1))
    assert c.owner == staff and c.recorded_by == staff and c.state == S.RECORDED
    assert c.reply_hours == Decimal("12") and c.resolution_hours == Decimal("36")
    assert c.reply_due_at == c.received_at + dt.timedelta(hours=12)
    assert c.events.get().action == ComplaintEvent.Action.RECORD


def test_all_eight_steps_with_history(make_complaint, staff, manager, always_open):
    c = walk_to(make_complaint(), S.CLOSED, by=staff, approver=manager)
    moves = list(
        c.events.filter(action="move").values_list("from_state", "to_state", "by")
    )
    assert moves == [
        (S.RECORDED, S.VALIDATED, staff.pk),
        (S.VALIDATED, S.ASSIGNED, staff.pk),
        (S.ASSIGNED, S.ANALYSED, staff.pk),
        (S.ANALYSED, S.PROPOSED, staff.pk),
        (S.PROPOSED, S.APPROVED, manager.pk),
        (S.APPROVED, S.CARRIED_OUT, staff.pk),
        (S.CARRIED_OUT, S.CLOSED, staff.pk),
    ]
    assert c.closed_at and c.resolved_at and c.department == "front_line"


def test_unreachable_step_is_refused_and_nothing_changes(make_complaint, staff):
    c = make_complaint()
    with pytest.raises(ComplaintError, match="cannot move"):
        services.complaint_propose(complaint=c, by=staff, resolution="x")
    c.refresh_from_db()
    assert c.state == S.RECORDED and c.resolution == ""
    assert c.events.count() == 1


def test_stale_object_is_checked_against_the_database(make_complaint, staff, manager):
    """Two people validating the same complaint: the second is refused."""
    c = make_complaint()
    stale = Complaint.objects.get(pk=c.pk)
    services.complaint_validate(complaint=c, by=staff)
    with pytest.raises(ComplaintError):
        services.complaint_validate(complaint=stale, by=manager)


def test_invalid_needs_a_reason_and_ends_it(make_complaint, staff):
    c = make_complaint()
    with pytest.raises(ComplaintError):
        services.complaint_invalidate(complaint=c, by=staff, reason="  ")
    c = services.complaint_invalidate(complaint=c, by=staff, reason="Not our store")
    assert c.state == S.INVALID and c.invalid_reason == "Not our store"
    with pytest.raises(ComplaintError):
        services.complaint_assign(complaint=c, by=staff, department="it")


def test_only_a_supervisor_approves(make_complaint, staff, manager):
    c = walk_to(make_complaint(), S.PROPOSED, by=staff, approver=manager)
    with pytest.raises(NotAllowed):
        services.complaint_approve(complaint=c, by=staff)
    c = services.complaint_send_back(complaint=c, by=manager, note="Too generous")
    assert c.state == S.ANALYSED


def test_others_cannot_handle(make_complaint, other_staff, staff):
    c = make_complaint(employees=[])
    colleague = employee_with_role("staff", store=staff.store)
    for who in (other_staff, colleague):
        with pytest.raises(NotAllowed):
            services.complaint_validate(complaint=c, by=who)


def test_hand_over_moves_ownership(make_complaint, staff, manager, store):
    colleague = employee_with_role("staff", store=store)
    c = services.complaint_hand_over(
        complaint=make_complaint(), by=staff, to=colleague, note="billing expert"
    )
    assert c.owner == colleague
    with pytest.raises(NotAllowed):  # no longer the owner
        services.complaint_validate(complaint=c, by=staff)
    services.complaint_validate(complaint=c, by=colleague)
    with pytest.raises(ComplaintError):
        services.complaint_hand_over(complaint=c, by=colleague, to=colleague)


def test_reply_meets_only_the_reply_target(make_complaint, staff, always_open):
    """Frappe Helpdesk #1542: a reply must not fulfil the resolution."""
    c = services.complaint_reply(complaint=make_complaint(), by=staff)
    assert c.first_replied_at and c.resolved_at is None
    status = services.sla_status(c)
    assert status["reply"].fulfilled and not status["resolution"].fulfilled
    with pytest.raises(ComplaintError, match="already"):
        services.complaint_reply(complaint=c, by=staff)


def test_carrying_out_is_a_reply_when_none_was_recorded(make_complaint, staff, manager):
    c = walk_to(make_complaint(), S.CARRIED_OUT, by=staff, approver=manager)
    assert c.first_replied_at == c.resolved_at


def test_pause_stops_the_clock_and_resume_moves_due(make_complaint, staff, always_open):
    """Frappe Helpdesk #1554: while waiting on the customer the clock stops;
    on resume the due instants move on by the time spent waiting."""
    c = make_complaint(received_at=hours_ago(10))
    due = c.resolution_due_at
    services.complaint_reply(complaint=c, by=staff)
    c = services.complaint_pause(complaint=c, by=staff, reason="photo of receipt")
    assert c.resolution_due_at is None and c.is_paused
    with pytest.raises(ComplaintError, match="resume"):
        services.complaint_validate(complaint=c, by=staff)
    # the pause began 5 hours ago
    c.pauses.update(started_at=hours_ago(5))
    Complaint.objects.filter(pk=c.pk).update(paused_since=hours_ago(5))
    c = services.complaint_resume(complaint=c, by=staff)
    assert not c.is_paused
    assert abs(c.resolution_due_at - (due + dt.timedelta(hours=5))).total_seconds() < 2
    assert abs(services.sla_status(c)["resolution"].used - dt.timedelta(hours=5)) < (
        dt.timedelta(seconds=2)
    )


def test_recovery_actions_keep_who_and_what(make_complaint, staff):
    c = make_complaint()
    services.recovery_action_add(
        complaint=c, by=staff, kind="apology", description="Apologised in person"
    )
    action = services.recovery_action_add(
        complaint=c,
        by=staff,
        kind="compensation",
        description="Free coffee",
        amount=Decimal("25"),
    )
    assert action.amount == Decimal("25") and action.by == staff
    with pytest.raises(ComplaintError):
        services.recovery_action_add(
            complaint=c,
            by=staff,
            kind="compensation",
            description="x",
            amount=Decimal("-1"),
        )
    with pytest.raises(ComplaintError):
        services.recovery_action_add(
            complaint=c, by=staff, kind="bribe", description="x"
        )
    assert RecoveryAction.objects.filter(complaint=c).count() == 2
    assert c.events.filter(action="recovery").count() == 2


def test_overlapping_calendar_hours_are_refused_and_kept(db):
    calendar = services.calendar_default()
    before = list(calendar.hours.values_list("weekday", "opens", "closes"))
    with pytest.raises(ComplaintError, match="overlap"):
        services.calendar_save(
            calendar=calendar,
            hours=[(0, dt.time(9), dt.time(13)), (0, dt.time(12), dt.time(18))],
            holidays=[],
        )
    assert list(calendar.hours.values_list("weekday", "opens", "closes")) == before


def test_store_calendar_and_holiday_move_due(make_complaint, store):
    """A store open 09–18 on weekdays: a complaint received Friday 17:00
    with a 12-hour target (VIP medium) is due Tuesday 12:00 when Monday is a
    holiday (1 h Fri, 9 h Tue → Tue 17:00... see below)."""
    tz = timezone.get_current_timezone()
    calendar = BusinessCalendar.objects.create(store=store, name="A")
    services.calendar_save(
        calendar=calendar,
        hours=[(d, dt.time(9), dt.time(18)) for d in range(5)],
        holidays=[(dt.date(2026, 3, 9), "holiday")],  # a Monday
    )
    received = dt.datetime(2026, 3, 6, 17, tzinfo=tz)  # Friday
    c = make_complaint(customer_tier="vip", received_at=received)
    # 1 h Friday, Sat/Sun closed, Monday holiday, 9 h Tuesday, 2 h Wednesday
    assert c.reply_due_at == dt.datetime(2026, 3, 11, 11, tzinfo=tz)
    assert OpeningHours.objects.filter(calendar=calendar).count() == 5


def test_overdue_flags_once_and_escalates_to_manager(
    make_complaint, staff, manager, always_open
):
    from training.models import Notification

    c = make_complaint(
        customer_tier="vip", severity="critical", received_at=hours_ago(4)
    )
    assert c.reply_due_at < timezone.now()  # 3 h target
    assert complaints_flag_overdue() == {"reply": 1, "resolution": 0}
    assert complaints_flag_overdue() == {"reply": 0, "resolution": 0}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [manager.user.email]
    assert Notification.objects.filter(employee=manager).count() == 1
    c.refresh_from_db()
    assert c.reply_overdue_at is not None
    assert c.events.filter(action="overdue").count() == 1


def test_paused_complaint_is_not_flagged(make_complaint, staff, always_open):
    c = make_complaint(
        severity="critical", customer_tier="vip", received_at=hours_ago(2)
    )
    services.complaint_pause(complaint=c, by=staff, reason="waiting")
    Complaint.objects.filter(pk=c.pk).update(received_at=hours_ago(100))
    assert complaints_flag_overdue() == {"reply": 0, "resolution": 0}
