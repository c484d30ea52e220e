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
    url: str | Callable[[int], str] | None
    role: str | None  # whose sessions send the requests; None is anonymous
    goal: float | None = None
    method: str = "GET"
    # For POST: a function of the user id returning the form data (a CSRF
    # token is sent with it).
    data: Callable[[int], dict] | None = None
    json: bool = False  # send `data` (or single_use's body) as JSON
    # Requests that can be sent once only (a quiz attempt is submitted once):
    # a function of the user id that prepares one, and may write to do so
    # (start an attempt), returning (path, body), or None when that user has
    # nothing left. The harness prepares enough for each pass (`url` unused).
    single_use: Callable[[int], tuple[str, dict] | None] | None = None
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
    Target(
        "hr-employees-store",
        lambda uid: reverse("people:hr_home") + "?store=s0001&team=s0001-front",
        role="hr",
        goal=STAFF,
    ),
    # Employee ids 1.. are the stores' managers: the staff after them vary by user.
    Target(
        "hr-employee-detail",
        lambda uid: reverse("people:employee_detail", args=[50 + uid % 200]),
        role="hr",
        goal=STAFF,
    ),
    # Everything held about one employee, zipped (a year of daily metrics).
    Target(
        "hr-personal-data",
        lambda uid: reverse("people:employee_personal_data", args=[50 + uid % 200]),
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


# --- training (bench/data/training.py: enrolments, attempts, certificates,
# role-play assessments) ---------------------------------------------------


def _enrolment_of(uid: int, **filters):
    from training.models import Enrollment

    return (
        Enrollment.objects.filter(employee__user_id=uid, is_current=True, **filters)
        .order_by("pk")
        .first()
    )


def _learner_course(uid: int) -> str:
    return reverse("training:course", args=[_enrolment_of(uid).course_id])


def _attempt_review(uid: int) -> str:
    from training.models import QuizAttempt

    attempt = (
        QuizAttempt.objects.filter(
            enrollment__employee__user_id=uid, status=QuizAttempt.Status.FINISHED
        )
        .order_by("-pk")
        .first()
    )
    return reverse("training:attempt_review", args=[attempt.pk])


def _certificate(uid: int):
    from training.models import Certificate

    return Certificate.objects.filter(employee__user_id=uid).order_by("pk").first()


def _own_assessment(uid: int) -> str:
    from training.models import RolePlayAssessment

    sheet = (
        RolePlayAssessment.objects.filter(learner__user_id=uid).order_by("pk").first()
    )
    return reverse("training:roleplay_assessment", args=[sheet.pk])


_OPTIONS: dict[int, tuple[str, str]] = {}


def _answer(question_id: int, rng) -> str:
    """The right option 65 % of the time, as the bench data's attempts."""
    if question_id not in _OPTIONS:
        from courses.models import Question

        options = Question.objects.get(pk=question_id).option_values
        _OPTIONS[question_id] = (
            next(oid for oid, v in options if v["credit"] >= 1),
            next(oid for oid, v in options if v["credit"] < 1),
        )
    right, wrong = _OPTIONS[question_id]
    return right if rng.random() < 0.65 else wrong


def _quiz_submit(uid: int) -> tuple[str, dict] | None:
    """Start an attempt (training.services.attempt_start, as the quiz page
    does) on one of the learner's enrolments without an open one; the request
    submits its answers as JSON."""
    import random

    from training import services
    from training.models import Enrollment, QuizAttempt

    enrollment = (
        Enrollment.objects.filter(
            employee__user_id=uid, is_current=True, course__quiz__isnull=False
        )
        .exclude(attempts__status=QuizAttempt.Status.IN_PROGRESS)
        .select_related("course__quiz", "employee")
        .order_by("pk")
        .first()
    )
    if enrollment is None:
        return None
    attempt = services.attempt_start(enrollment=enrollment, quiz=enrollment.course.quiz)
    rng = random.Random(attempt.pk)
    answers = {
        str(i["question_id"]): _answer(i["question_id"], rng) for i in attempt.plan
    }
    return reverse("training:attempt_submit", args=[attempt.pk]), {"answers": answers}


PAGES += [
    Target("learner-dashboard", "training:dashboard", role="staff", goal=LEARNER),
    Target("learner-course", _learner_course, role="staff", goal=LEARNER),
    Target(
        "quiz-submit",
        None,
        role="staff",
        goal=LEARNER,
        method="POST",
        json=True,
        single_use=_quiz_submit,
        expect=(302,),  # to the attempt's review page
        latency=(32, 150.0),
    ),
    Target("attempt-review", _attempt_review, role="staff", goal=LEARNER),
    Target(
        "certificate-pdf",
        lambda uid: reverse("training:certificate_pdf", args=[_certificate(uid).pk]),
        role="staff",
    ),
    Target(
        "certificate-verify",
        lambda uid: reverse(
            "training:certificate_verify", args=[_certificate(uid).code]
        ),
        role="staff",
        goal=LEARNER,
    ),
    Target("roleplay-mine", "training:roleplay_list", role="staff", goal=LEARNER),
    Target("roleplay-assessment", _own_assessment, role="staff", goal=LEARNER),
    Target("manager-team", "training:team", role="manager", goal=STAFF),
    Target("manager-team-export", "training:team_export", role="manager", goal=STAFF),
    Target("hr-team", "training:team", role="hr", goal=STAFF),
    Target("manager-roleplays", "training:roleplay_list", role="manager", goal=STAFF),
]


def _servqual_survey(uid: int) -> str:
    """The public page of a SERVQUAL survey (bench data: one per store)."""
    from performance.models import Survey

    code = (
        Survey.objects.filter(version__kind="servqual")
        .order_by("pk")
        .values_list("code", flat=True)
        .first()
    )
    return reverse("performance:survey_answer", args=[code])


PAGES += [
    Target("survey-answer", _servqual_survey, role=None, goal=LEARNER),
    Target("survey-results", "performance:survey_results", role="manager", goal=STAFF),
    Target("survey-new", "performance:survey_new", role="manager", goal=STAFF),
    Target("audit-list", "performance:audit_list", role="manager", goal=STAFF),
    Target("audit-new", "performance:audit_new", role="manager", goal=STAFF),
]

# The learning API, as a learner's client reads it.
PAGES += [
    Target("api-courses", "course-list", role="staff", goal=LEARNER),
    Target("api-enrolments", "enrolment-list", role="staff", goal=LEARNER),
]

# Pages issue F9 names that are not on main yet; listed so the report says so.
PLANNED: dict[str, str] = {}


# --- analytics (performance/analytics; HR and trainers, MFA set up by
# bench/data/analytics.py) ---------------------------------------------------


def _busiest_quiz(uid: int) -> str:
    from training.models import QuizAttempt

    quiz_id = (
        QuizAttempt.objects.filter(number=1, status="finished")
        .values_list("quiz_id", flat=True)
        .order_by("quiz_id")
        .first()
    )
    return reverse("performance:analytics_quiz", args=[quiz_id])


def _completed_course(uid: int) -> str:
    from training.models import Enrollment

    course_id = (
        Enrollment.objects.filter(completed_at__isnull=False)
        .values_list("course_id", flat=True)
        .order_by("course_id")
        .first()
    )
    return reverse("performance:analytics_effectiveness", args=[course_id])


PAGES += [
    Target("quiz-statistics", _busiest_quiz, role="trainer", goal=STAFF),
    Target("effectiveness", _completed_course, role="hr", goal=STAFF),
    Target(
        "hr-dashboard", "performance:analytics_dashboard_hr", role="hr", goal=STAFF
    ),
]


# --- complaints (performance/complaints): the list a manager opens for the
# store's complaints, and staff for their own ---------------------------------

PAGES += [
    Target("complaint-list", "performance:complaint_list", role="manager", goal=STAFF),
    Target(
        "complaint-list-staff", "performance:complaint_list", role="staff", goal=LEARNER
    ),
]
PAGES += [Target("skill-matrix", "performance:analytics_skills", role="hr", goal=STAFF)]
