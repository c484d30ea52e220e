"""The HTTP targets. Adding a page is one line: a name, its URL (a URL name, or
a function of the signed-in user's id returning a path), the role whose users
request it, and its goal as a ratio to `floor-auth`'s throughput.

A target whose URL does not resolve yet (its feature is not on main) is skipped
with the reason printed, not failed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

LEARNER = 0.5  # learner pages: >= 0.5 of floor-auth's req/s
STAFF = 0.25  # HR and manager pages: >= 0.25


@dataclass(frozen=True)
class Target:
    name: str
    url: str | Callable[[int], str]
    role: str | None  # whose sessions send the requests; None is anonymous
    goal: float | None = None
    method: str = "GET"
    # For POST: a function of the user id returning the form data. It may write
    # (e.g. start a quiz attempt) so each request has something to submit.
    data: Callable[[int], dict] | None = None
    expect: tuple[int, ...] = (200,)
    # Also run a latency pass at this many concurrent users (goal p95, ms).
    latency: tuple[int, float] | None = None


FLOORS = [
    Target("floor", "bench_floor", role=None),
    Target("floor-auth", "bench_floor_auth", role="staff"),
]

PAGES = [
    Target("home", "home", role="staff", goal=LEARNER),
    Target("hr-employees", "people:hr_home", role="hr", goal=STAFF),
    Target(
        "hr-employees-search",
        lambda uid: reverse("people:hr_home") + "?q=B0012",
        role="hr",
        goal=STAFF,
    ),
]


def _a_report_of(uid: int) -> int:
    """An employee reporting to the signed-in manager (bench data: the store's
    staff report to its manager)."""
    from people.models import Employee

    return (
        Employee.objects.filter(manager__user_id=uid, status="active")
        .order_by("pk")
        .values_list("pk", flat=True)[uid % 7]
    )


def _course_url(uid: int) -> str:
    from courses.models import CoursePage

    courses = CoursePage.objects.live().order_by("path")
    return courses[uid % courses.count()].url


def _lesson_url(uid: int) -> str:
    from courses.models import LessonPage

    lessons = LessonPage.objects.live().order_by("path")
    return lessons[uid % lessons.count()].url


PAGES += [
    Target("course-page", _course_url, role="staff", goal=LEARNER),
    Target("lesson-page", _lesson_url, role="staff", goal=LEARNER),
    Target(
        "employee-record",
        lambda uid: reverse("performance:employee_record", args=[_a_report_of(uid)]),
        role="manager",
        goal=STAFF,
    ),
    Target("my-record", "performance:my_record", role="staff", goal=LEARNER),
    Target("team-employees", "performance:employee_list", role="manager", goal=STAFF),
]

# Pages issue F9 names that are not on main yet; listed so the report says so.
PLANNED = {
    "learner-dashboard": "training",
    "quiz-submit": "training",
    "manager-team": "training",
    "skill-matrix": "a later performance feature",
    "review-cycle": "a later performance feature",
}
