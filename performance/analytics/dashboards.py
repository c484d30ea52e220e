"""Dashboards by role: HR's figures over everyone, a manager's over their
team (people.access decides who is in it). Each figure is one aggregate
query (training's through training.selectors), so the page costs the same
at any size. The tables are built once here, for the page and its CSV."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from training import selectors as training_selectors

from ..complaints import access as complaint_access
from ..complaints import selectors as complaint_selectors
from ..models import Complaint, ReviewCycle
from ..permissions import visible_employees
from ..reviews import selectors as review_selectors

EXPIRY_DAYS = (30, 60)
STATUSES = ("completed", "in_progress", "not_started", "overdue")


@dataclass
class Table:
    key: str  # the element id and the CSV's section
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass
class Card:
    key: str
    label: str
    value: str
    link: str = ""


@dataclass
class Dashboard:
    cards: list[Card]
    tables: list[Table]
    chart: dict  # json_script data for the status chart
    open_cycles: list[tuple[ReviewCycle, str]]  # (cycle, url)
    month: dt.date


def percent(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def _shown(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def month_start(today: dt.date) -> dt.date:
    return today.replace(day=1)


def _month_bounds(today: dt.date):
    tz = timezone.get_current_timezone()
    first = month_start(today)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(following, dt.time.min, tzinfo=tz),
    )


def status_labels() -> dict[str, str]:
    return {
        "completed": _("Completed"),
        "in_progress": _("In progress"),
        "not_started": _("Not started"),
        "overdue": _("Overdue"),
    }


def dashboard(user, *, scope: str, now=None, cycle_url=None) -> Dashboard:
    """The figures of the HR dashboard (scope "hr": everyone) or a manager's
    (scope "team": people.access's team of `user`; complaints they may see;
    the cycles managers work in). `cycle_url(cycle)` links an open cycle."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if scope == "hr":
        employees = None
        complaints = Complaint.objects.all()
        states = None
    else:
        employees = visible_employees(user)
        complaints = complaint_access.complaints_visible_to(user)
        states = review_selectors.VISIBLE_TO_MANAGERS

    enrolments = training_selectors.required_enrollment_summary(employees, today=today)
    expiring = training_selectors.certificates_expiring(
        employees, now=now, days=EXPIRY_DAYS
    )
    start, end = _month_bounds(today)
    sla = complaint_selectors.sla_summary(complaints, start=start, end=end, now=now)
    cycle_counts = review_selectors.cycle_state_counts(states)
    cycles = review_selectors.open_cycles(states)

    completion = percent(enrolments["completed"], enrolments["required"])
    reply = percent(sla["reply_met"], sla["reply_ended"])
    resolution = percent(sla["resolution_met"], sla["resolution_ended"])
    open_count = len(cycles)

    cards = [
        Card("completion", _("Required courses completed"), _shown(completion)),
        Card("overdue", _("Overdue enrolments"), str(enrolments["overdue"])),
        Card(
            "expiring_30",
            _("Certificates expiring within 30 days"),
            str(expiring[30]),
        ),
        Card(
            "expiring_60",
            _("Certificates expiring within 60 days"),
            str(expiring[60]),
        ),
        Card("open_cycles", _("Open review cycles"), str(open_count)),
        Card("reply_sla", _("First replies within the SLA this month"), _shown(reply)),
        Card(
            "resolution_sla",
            _("Resolutions within the SLA this month"),
            _shown(resolution),
        ),
        Card("complaints_overdue", _("Complaints overdue now"), str(sla["overdue"])),
    ]

    labels = status_labels()
    status_table = Table(
        "enrolments",
        _("Required enrolments by status"),
        [_("Status"), _("Enrolments"), _("Share")],
        [
            [
                labels[s],
                enrolments[s],
                _shown(percent(enrolments[s], enrolments["required"])),
            ]
            for s in STATUSES
        ]
        + [
            [
                _("All required"),
                enrolments["required"],
                _shown(100.0 if enrolments["required"] else None),
            ]
        ],
    )
    certificate_table = Table(
        "certificates",
        _("Certificates expiring"),
        [_("Within"), _("Certificates")],
        [[_("%(days)s days") % {"days": d}, expiring[d]] for d in EXPIRY_DAYS],
    )
    cycle_table = Table(
        "cycles",
        _("Review cycles by state"),
        [_("State"), _("Cycles")],
        [
            [label, cycle_counts.get(value, 0)]
            for value, label in ReviewCycle.State.choices
            if states is None or value in states
        ],
    )
    sla_table = Table(
        "sla",
        _("Complaint SLA this month"),
        [_("Target"), _("Clocks ended"), _("Met"), _("Share met")],
        [
            [_("First reply"), sla["reply_ended"], sla["reply_met"], _shown(reply)],
            [
                _("Resolution"),
                sla["resolution_ended"],
                sla["resolution_met"],
                _shown(resolution),
            ],
        ],
    )
    chart = {
        "labels": [labels[s] for s in STATUSES],
        "datasets": [
            {
                "label": _("Required enrolments"),
                "values": [enrolments[s] for s in STATUSES],
            }
        ],
    }
    return Dashboard(
        cards=cards,
        tables=[status_table, certificate_table, cycle_table, sla_table],
        chart=chart,
        open_cycles=[(c, cycle_url(c) if cycle_url else "") for c in cycles],
        month=month_start(today),
    )


# --- trainer: their courses (Wagtail page owner, in any language) -----------


@dataclass
class TrainerDashboard:
    cards: list[Card]
    tables: list[Table]
    chart: dict


def _grade(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def trainer_dashboard(user, *, report_for) -> TrainerDashboard:
    """The courses `user` owns: current enrolments, completion, mean course
    quiz grade, questions of their quizzes that quiz statistics flag
    (`report_for(quiz)` gives a quiz's statistics report, cached by the
    caller) and role-play learners still waiting for an assessor's sheet."""
    from courses import selectors as course_selectors
    from courses.models import Quiz

    courses = course_selectors.courses_owned(user)
    ids = [c.pk for c in courses]
    summary = training_selectors.course_enrollment_summary(ids)
    pending = training_selectors.pending_roleplay_assessments(ids)
    attempted = dict(training_selectors.quizzes_with_attempts())
    quiz_ids = {c.quiz_id for c in courses if c.quiz_id in attempted}
    flagged = {
        quiz.pk: sum(1 for row in report_for(quiz).rows if row.stats.flags)
        for quiz in Quiz.objects.filter(pk__in=quiz_ids)
    }
    shown = training_selectors.localize_pages(courses)
    empty = {"enrolments": 0, "completed": 0, "mean_grade": None}
    rows, labels, enrolled, completed = [], [], [], []
    for course in courses:
        s = summary.get(course.pk, empty)
        title = shown.get(course.pk, course).title
        rows.append(
            [
                title,
                s["enrolments"],
                s["completed"],
                _shown(percent(s["completed"], s["enrolments"])),
                _grade(s["mean_grade"]),
                flagged.get(course.quiz_id, 0),
                pending.get(course.pk, 0),
            ]
        )
        labels.append(title)
        enrolled.append(s["enrolments"])
        completed.append(s["completed"])
    total = sum(enrolled)
    done = sum(completed)
    graded = [s["mean_grade"] for s in summary.values() if s["mean_grade"] is not None]
    cards = [
        Card("courses", _("Your courses"), str(len(courses))),
        Card("enrolments", _("Current enrolments"), str(total)),
        Card("completion", _("Completion"), _shown(percent(done, total))),
        Card(
            "flagged",
            _("Flagged quiz questions"),
            str(sum(flagged.values())),
        ),
        Card(
            "pending",
            _("Role-play assessments pending"),
            str(sum(pending.values())),
        ),
    ]
    # The mean over courses, not learners: each course's mean counts once.
    mean = sum(graded) / len(graded) if graded else None
    cards.insert(3, Card("grade", _("Mean quiz grade"), _grade(mean)))
    table = Table(
        "courses",
        _("Your courses"),
        [
            _("Course"),
            _("Enrolments"),
            _("Completed"),
            _("Completion"),
            _("Mean quiz grade"),
            _("Flagged questions"),
            _("Assessments pending"),
        ],
        rows,
    )
    chart = {
        "labels": labels,
        "datasets": [
            {"label": _("Enrolments"), "values": enrolled},
            {"label": _("Completed"), "values": completed},
        ],
    }
    return TrainerDashboard(cards=cards, tables=[table], chart=chart)
