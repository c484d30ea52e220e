"""The SLA clock: business time from a store's calendar, with pauses.

Pure functions over plain data (no ORM), so the clock can be tested across
nights, holidays and pauses against hand-computed instants.

Two pain points of helpdesk tools shaped this module:
- Frappe Helpdesk #1554: the clock kept ticking while a ticket was paused.
  Here pauses are intervals removed from business time both when measuring
  elapsed time and when computing a due instant; an open pause stops the
  clock (no due instant until it ends).
- Frappe Helpdesk #1542: "replied" fulfilled both the response and the
  resolution target. Here the two targets are separate clocks, each stopped
  only by its own event (see `Target` and `target_status`).

Opening hours are given per weekday (0 = Monday) as local (opens, closes)
times in the calendar's time zone; `closes == 00:00` means midnight at the
end of the day. Holidays are local dates with no business time.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

MIDNIGHT = dt.time(0, 0)
# How far ahead a due instant is searched for: a calendar whose holidays
# cover longer than this has no business time worth the name.
SEARCH_DAYS = 3 * 366

Interval = tuple[dt.datetime, dt.datetime]


class CalendarError(ValueError):
    """A calendar that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class Calendar:
    hours: dict[int, tuple[tuple[dt.time, dt.time], ...]]
    holidays: frozenset[dt.date] = frozenset()
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))


def weekday_name(weekday: int) -> str:
    names = (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )
    return names[weekday]


def _minutes(t: dt.time, *, closing: bool = False) -> int:
    if closing and t == MIDNIGHT:
        return 24 * 60
    return t.hour * 60 + t.minute


def calendar_build(
    hours: Iterable[tuple[int, dt.time, dt.time]],
    holidays: Iterable[dt.date] = (),
    tz: str | ZoneInfo = "Asia/Shanghai",
) -> Calendar:
    """A checked calendar from (weekday, opens, closes) rows. Refuses a row
    that closes before it opens and two rows of one weekday that overlap
    (touching, e.g. 09:00–12:00 and 12:00–18:00, is fine)."""
    by_day: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for weekday, opens, closes in hours:
        if not 0 <= weekday <= 6:
            raise CalendarError(_("The weekday must be between Monday and Sunday."))
        if _minutes(closes, closing=True) <= _minutes(opens):
            raise CalendarError(
                _(
                    "%(day)s: closing time %(closes)s is not after opening time %(opens)s."
                )
                % {
                    "day": weekday_name(weekday),
                    "opens": opens.strftime("%H:%M"),
                    "closes": closes.strftime("%H:%M"),
                }
            )
        by_day.setdefault(weekday, []).append((opens, closes))
    for weekday, spans in by_day.items():
        spans.sort(key=lambda s: _minutes(s[0]))
        for (o1, c1), (o2, c2) in zip(spans, spans[1:], strict=False):
            if _minutes(o2) < _minutes(c1, closing=True):
                raise CalendarError(
                    _(
                        "%(day)s: opening hours %(a)s and %(b)s overlap. "
                        "Merge them or make one end before the other starts."
                    )
                    % {
                        "day": weekday_name(weekday),
                        "a": f"{o1:%H:%M}–{c1:%H:%M}",
                        "b": f"{o2:%H:%M}–{c2:%H:%M}",
                    }
                )
    if not by_day:
        raise CalendarError(_("The calendar has no opening hours."))
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    return Calendar(
        hours={d: tuple(s) for d, s in by_day.items()},
        holidays=frozenset(holidays),
        tz=zone,
    )


def _day_intervals(cal: Calendar, day: dt.date) -> list[Interval]:
    if day in cal.holidays:
        return []
    result = []
    for opens, closes in cal.hours.get(day.weekday(), ()):
        start = dt.datetime.combine(day, opens, tzinfo=cal.tz)
        if closes == MIDNIGHT:
            end = dt.datetime.combine(
                day + dt.timedelta(days=1), MIDNIGHT, tzinfo=cal.tz
            )
        else:
            end = dt.datetime.combine(day, closes, tzinfo=cal.tz)
        result.append((start, end))
    return result


def _merged(pauses: Iterable[tuple[dt.datetime, dt.datetime | None]]) -> list:
    """Pauses sorted and merged; an open pause (end None) runs forever."""
    items = sorted(pauses, key=lambda p: p[0])
    merged: list[list] = []
    for start, end in items:
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            if merged[-1][1] is not None and (end is None or end > merged[-1][1]):
                merged[-1][1] = end
            continue
        merged.append([start, end])
    return [(s, e) for s, e in merged]


def _subtract(piece: Interval, pauses: Sequence) -> list[Interval]:
    """`piece` without the (merged, sorted) pauses."""
    start, end = piece
    out = []
    for p_start, p_end in pauses:
        if p_end is not None and p_end <= start:
            continue
        if p_start >= end:
            break
        if p_start > start:
            out.append((start, p_start))
        if p_end is None or p_end >= end:
            return out
        start = p_end
    if start < end:
        out.append((start, end))
    return out


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("SLA instants must be timezone-aware")
    return value


def business_time(
    cal: Calendar,
    start: dt.datetime,
    end: dt.datetime,
    pauses: Iterable[tuple[dt.datetime, dt.datetime | None]] = (),
) -> dt.timedelta:
    """Business time between two instants, paused intervals excluded."""
    start, end = _aware(start), _aware(end)
    if end <= start:
        return dt.timedelta(0)
    merged = _merged(pauses)
    total = dt.timedelta(0)
    day = start.astimezone(cal.tz).date() - dt.timedelta(days=1)
    last = end.astimezone(cal.tz).date()
    while day <= last:
        for o, c in _day_intervals(cal, day):
            piece = (max(o, start), min(c, end))
            if piece[0] < piece[1]:
                for s, e in _subtract(piece, merged):
                    total += e - s
        day += dt.timedelta(days=1)
    return total


def due_at(
    cal: Calendar,
    start: dt.datetime,
    hours: float,
    pauses: Iterable[tuple[dt.datetime, dt.datetime | None]] = (),
) -> dt.datetime | None:
    """The instant at which `hours` of business time have passed since
    `start`, pauses excluded. None while a pause that the target would reach
    is still open: a stopped clock has no due instant."""
    start = _aware(start)
    remaining = dt.timedelta(hours=hours)
    merged = _merged(pauses)
    if remaining <= dt.timedelta(0):
        return start
    day = start.astimezone(cal.tz).date() - dt.timedelta(days=1)
    for _i in range(SEARCH_DAYS):
        for o, c in _day_intervals(cal, day):
            if c <= start:
                continue
            pieces = _subtract((max(o, start), c), merged)
            for s, e in pieces:
                if e - s >= remaining:
                    return s + remaining
                remaining -= e - s
            if merged and merged[-1][1] is None and c > merged[-1][0]:
                return None  # the open pause swallows everything after it
        day += dt.timedelta(days=1)
    raise CalendarError(
        _("The calendar has no business hours in the next three years.")
    )


@dataclass(frozen=True)
class TargetStatus:
    """One target's clock at an instant: fulfilled or not, breached or not."""

    due: dt.datetime | None
    met_at: dt.datetime | None
    breached: bool
    used: dt.timedelta  # business time used so far (to met_at or now)

    @property
    def fulfilled(self) -> bool:
        return self.met_at is not None


def target_status(
    cal: Calendar,
    *,
    start: dt.datetime,
    hours: float,
    met_at: dt.datetime | None,
    now: dt.datetime,
    pauses: Iterable[tuple[dt.datetime, dt.datetime | None]] = (),
) -> TargetStatus:
    """The state of one target. `met_at` is the instant of *this* target's
    own event (the first reply for the reply target, the resolution for the
    resolution target): one event never fulfils the other (Frappe #1542).
    Breached when the business time used (pauses excluded) exceeds the
    target, whether it was met late or is still open past its due instant."""
    pauses = list(pauses)
    end = met_at or now
    used = business_time(cal, start, end, pauses)
    breached = used > dt.timedelta(hours=hours)
    return TargetStatus(
        due=due_at(cal, start, hours, pauses),
        met_at=met_at,
        breached=breached,
        used=used,
    )
