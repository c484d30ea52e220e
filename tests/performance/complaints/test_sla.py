"""The SLA clock against hand-computed instants (store open Mon–Fri
09:00–18:00 with a 12:00–13:00 lunch closure, Sat 10:00–16:00, closed Sun)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from performance.complaints.sla import (
    CalendarError,
    business_time,
    calendar_build,
    due_at,
    target_status,
)

TZ = ZoneInfo("Asia/Shanghai")
H = dt.timedelta(hours=1)


def t(h, m=0):
    return dt.time(h, m)


def at(day, h, m=0):
    return dt.datetime(2026, 3, day, h, m, tzinfo=TZ)  # 2026-03-02 is a Monday


WEEK = [(d, t(9), t(12)) for d in range(5)] + [(d, t(13), t(18)) for d in range(5)]
WEEK += [(5, t(10), t(16))]


@pytest.fixture
def cal():
    # Wednesday 4 March 2026 is a holiday.
    return calendar_build(WEEK, holidays=[dt.date(2026, 3, 4)], tz=TZ)


def test_elapsed_within_one_day_skips_lunch(cal):
    """10:00–15:00 on Monday is 4 business hours (lunch 12–13 closed)."""
    assert business_time(cal, at(2, 10), at(2, 15)) == 4 * H


def test_elapsed_across_a_night(cal):
    """Mon 17:00 → Tue 10:00 is 1 h on Monday plus 1 h on Tuesday."""
    assert business_time(cal, at(2, 17), at(3, 10)) == 2 * H


def test_elapsed_across_a_holiday(cal):
    """Tue 17:00 → Thu 10:00: Wednesday is a holiday, so 1 + 1 hours."""
    assert business_time(cal, at(3, 17), at(5, 10)) == 2 * H


def test_elapsed_across_weekend(cal):
    """Fri 17:00 → Mon 10:00: 1 h Fri, 6 h Sat, Sun closed, 1 h Mon."""
    assert business_time(cal, at(6, 17), at(9, 10)) == 8 * H


def test_pause_is_excluded(cal):
    """Mon 09:00–18:00 is 8 h; paused 14:00–16:00 leaves 6 h."""
    pauses = [(at(2, 14), at(2, 16))]
    assert business_time(cal, at(2, 9), at(2, 18), pauses) == 6 * H


def test_pause_over_a_night(cal):
    """Paused Mon 17:00 → Tue 11:00 removes 1 h Mon and 2 h Tue only (the
    closed night was never business time, so it is not removed twice)."""
    pauses = [(at(2, 17), at(3, 11))]
    assert business_time(cal, at(2, 9), at(3, 18), pauses) == (8 + 8 - 3) * H


def test_open_pause_stops_the_clock(cal):
    """A pause not yet ended: nothing is counted after it started."""
    pauses = [(at(2, 11), None)]
    assert business_time(cal, at(2, 9), at(6, 18), pauses) == 2 * H
    assert due_at(cal, at(2, 9), 4, pauses) is None


def test_overlapping_pauses_are_not_removed_twice(cal):
    pauses = [(at(2, 14), at(2, 16)), (at(2, 15), at(2, 17))]
    assert business_time(cal, at(2, 9), at(2, 18), pauses) == 5 * H


def test_due_across_night(cal):
    """12 business hours from Mon 15:00: 3 h Mon, 8 h Tue, Wed holiday, 1 h
    Thu → Thu 10:00."""
    assert due_at(cal, at(2, 15), 12) == at(5, 10)


def test_due_across_holiday_and_pause(cal):
    """As above but paused Tue 16:00 → Thu 09:30: Tue loses 2 h and Thu's
    first half hour, so 3 h Mon + 6 h Tue + 3 h Thu (09:30–12:00 is 2.5 h,
    then 13:00–13:30) → Thu 13:30."""
    pauses = [(at(3, 16), at(5, 9, 30))]
    assert due_at(cal, at(2, 15), 12, pauses) == at(5, 13, 30)


def test_due_started_out_of_hours(cal):
    """Recorded Sunday night: the clock starts Monday 09:00."""
    sunday = dt.datetime(2026, 3, 1, 22, tzinfo=TZ)
    assert due_at(cal, sunday, 2) == at(2, 11)
    assert business_time(cal, sunday, at(2, 11)) == 2 * H


def test_due_landing_exactly_on_closing_time(cal):
    """3 h from Mon 09:00 ends at 12:00 (not at the reopening at 13:00)."""
    assert due_at(cal, at(2, 9), 3) == at(2, 12)


def test_due_and_elapsed_agree(cal):
    """business_time(start, due_at(start, n)) == n hours, pauses included."""
    pauses = [(at(3, 10), at(3, 14)), (at(6, 17, 30), at(9, 9, 15))]
    for hours in (0.5, 1, 7.25, 12, 24, 36):
        due = due_at(cal, at(2, 16, 45), hours, pauses)
        assert business_time(cal, at(2, 16, 45), due, pauses) == hours * H


def test_reply_does_not_fulfil_resolution(cal):
    """A first reply stops the reply clock only (Frappe Helpdesk #1542)."""
    start, replied, now = at(2, 9), at(2, 10), at(3, 18)
    reply = target_status(cal, start=start, hours=2, met_at=replied, now=now)
    resolution = target_status(cal, start=start, hours=8, met_at=None, now=now)
    assert reply.fulfilled and not reply.breached
    assert not resolution.fulfilled and resolution.breached
    assert resolution.used == 16 * H


def test_paused_target_is_not_breached(cal):
    """Paused after 1 h and still paused two days later: not breached
    (Frappe Helpdesk #1554: the clock kept ticking while paused)."""
    pauses = [(at(2, 10), None)]
    status = target_status(
        cal, start=at(2, 9), hours=4, met_at=None, now=at(5, 18), pauses=pauses
    )
    assert not status.breached and status.due is None and status.used == 1 * H


def test_midnight_closing_means_end_of_day():
    cal = calendar_build([(0, t(20), t(0))], tz=TZ)
    assert business_time(cal, at(2, 19), at(3, 1)) == 4 * H


@pytest.mark.parametrize(
    "rows, message",
    [
        ([(0, t(9), t(13)), (0, t(12), t(18))], "overlap"),
        ([(1, t(9), t(17)), (1, t(10), t(11))], "overlap"),
        ([(0, t(18), t(9))], "not after"),
        ([(0, t(9), t(9))], "not after"),
        ([], "no opening hours"),
        ([(7, t(9), t(10))], "weekday"),
    ],
)
def test_bad_calendars_are_refused(rows, message):
    with pytest.raises(CalendarError, match=message):
        calendar_build(rows, tz=TZ)


def test_touching_hours_are_fine():
    cal = calendar_build([(0, t(9), t(12)), (0, t(12), t(18))], tz=TZ)
    assert business_time(cal, at(2, 8), at(2, 19)) == 9 * H


def test_calendar_of_only_holidays_is_refused():
    mondays = {dt.date(2026, 3, 2) + dt.timedelta(weeks=w) for w in range(200)}
    cal = calendar_build([(0, t(9), t(10))], holidays=mondays, tz=TZ)
    with pytest.raises(CalendarError):
        due_at(cal, at(2, 8), 1)
