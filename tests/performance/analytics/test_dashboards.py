"""Dashboards by role: HR sees figures over everyone, a manager over their
team only; figures match hand-computed values; queries do not grow with the
data; each dashboard's tables export as CSV."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from performance.models import Complaint, ReviewCycle
from tests.factories import employee_with_role
from tests.performance.reviews.conftest import make_scheme
from tests.training.conftest import make_course
from training.models import Certificate, Enrollment

pytestmark = pytest.mark.django_db

HR_URL = "performance:analytics_dashboard_hr"
TRAINER_URL = "performance:analytics_dashboard_trainer"
TEAM_URL = "performance:analytics_dashboard_team"


def _complaint(store, who, *, state="recorded", **times):
    received = timezone.now() - dt.timedelta(minutes=1)
    values = {"reply_due_at": received + dt.timedelta(seconds=30)}
    values.update({k: received + dt.timedelta(seconds=v) for k, v in times.items()})
    return Complaint.objects.create(
        state=state,
        channel=Complaint.Channel.PHONE,
        store=store,
        category=Complaint.Category.ATTITUDE,
        severity="medium",
        description="店员态度差",
        received_at=received,
        recorded_by=who,
        owner=who,
        reply_hours=1,
        resolution_hours=24,
        **values,
    )


@pytest.fixture
def figures(library, staff, other_staff, store, other_store, hr):
    """staff (manager's team, store A) and other_staff (store B):

    - required enrolments: staff one completed, one overdue (and a
      self-enrolment that does not count); other_staff one in progress, one
      not started. HR: 4 required, 1 completed (25 %), 1 overdue; team: 2, 1
      completed (50 %), 1 overdue.
    - certificates: staff's expires in 10 days, other_staff's in 45 (HR 1
      within 30, 2 within 60; team 1 and 1); a revoked one never counts.
    - complaints this month: A1 (store A) replied and resolved in time; A2
      (store A) not replied, past its reply due; B1 (store B) replied late.
      HR: first reply 1 of 3, resolution 1 of 1, 1 overdue; team: 1 of 2,
      1 of 1, 1 overdue.
    - review cycles: one draft, one in manager review, one locked.
    """
    now = timezone.now()
    today = timezone.localdate()
    courses = [make_course(library, lessons=0, title=f"C{i}") for i in range(3)]
    done = Enrollment.objects.create(
        employee=staff,
        course=courses[0],
        due_date=today - dt.timedelta(days=3),
        started_at=now,
        completed_at=now - dt.timedelta(days=5),
    )
    Enrollment.objects.create(
        employee=staff, course=courses[1], due_date=today - dt.timedelta(days=1)
    )
    Enrollment.objects.create(employee=staff, course=courses[2], source="self")
    moving = Enrollment.objects.create(
        employee=other_staff,
        course=courses[0],
        started_at=now,
        due_date=today + dt.timedelta(days=9),
    )
    revoked = Enrollment.objects.create(employee=other_staff, course=courses[1])
    Certificate.objects.create(
        enrollment=done,
        employee=staff,
        course=courses[0],
        expires_at=now + dt.timedelta(days=10),
    )
    Certificate.objects.create(
        enrollment=moving,
        employee=other_staff,
        course=courses[0],
        expires_at=now + dt.timedelta(days=45),
    )
    Certificate.objects.create(
        enrollment=revoked,
        employee=other_staff,
        course=courses[1],
        expires_at=now + dt.timedelta(days=5),
        revoked_at=now,
    )
    _complaint(
        store,
        staff,
        state="closed",
        first_replied_at=10,
        resolution_due_at=3600,
        resolved_at=50,
    )
    _complaint(store, staff, resolution_due_at=86400)
    _complaint(
        other_store,
        other_staff,
        state="assigned",
        first_replied_at=45,
        resolution_due_at=86400,
    )
    scheme = make_scheme(by=hr.user)
    period = {"period_start": dt.date(2026, 7, 1), "period_end": dt.date(2026, 9, 30)}
    cycles = {
        state: ReviewCycle.objects.create(
            name=f"周期 {state}",
            name_en=f"Cycle {state}",
            scheme=scheme,
            state=state,
            **period,
        )
        for state in ("draft", "manager_review", "locked")
    }
    return cycles


def _cards(response) -> dict[str, str]:
    return {c.key: c.value for c in response.context["board"].cards}


def _table(response, key):
    return next(t for t in response.context["board"].tables if t.key == key).rows


def test_hr_figures_over_everyone(figures, hr, login):
    """HR's cards and tables are the hand-computed figures over everyone."""
    response = login(hr, mfa=True).get(reverse(HR_URL))
    assert response.status_code == 200
    assert _cards(response) == {
        "completion": "25.0 %",
        "overdue": "1",
        "expiring_30": "1",
        "expiring_60": "2",
        "open_cycles": "2",
        "reply_sla": "33.3 %",
        "resolution_sla": "100.0 %",
        "complaints_overdue": "1",
    }
    assert [r[1] for r in _table(response, "enrolments")] == [1, 1, 1, 1, 4]
    cycles = dict((label, n) for label, n in _table(response, "cycles"))
    assert sum(cycles.values()) == 3
    assert _table(response, "sla") == [
        ["First reply", 3, 1, "33.3 %"],
        ["Resolution", 1, 1, "100.0 %"],
    ]
    body = response.content.decode()
    assert reverse("performance:review_cycle", args=[figures["draft"].pk]) in body
    assert reverse("performance:review_cycle", args=[figures["locked"].pk]) not in body
    assert 'id="chart-enrolments"' in body and "chart.bar-line.min.js" in body
    assert 'id="table-enrolments"' in body


def test_manager_sees_only_their_team(figures, manager, login):
    """The manager's figures leave out store B's people and complaints, and
    the cycles managers do not work in; open cycles link to the team page."""
    response = login(manager).get(reverse(TEAM_URL))
    assert response.status_code == 200
    assert _cards(response) == {
        "completion": "50.0 %",
        "overdue": "1",
        "expiring_30": "1",
        "expiring_60": "1",
        "open_cycles": "1",
        "reply_sla": "50.0 %",
        "resolution_sla": "100.0 %",
        "complaints_overdue": "1",
    }
    assert [r[1] for r in _table(response, "enrolments")] == [1, 0, 0, 1, 2]
    assert [n for _, n in _table(response, "cycles")] == [1, 0, 0, 0, 1, 0]
    body = response.content.decode()
    cycle = figures["manager_review"]
    assert reverse("performance:review_team", args=[cycle.pk]) in body
    assert "Cycle draft" not in body and "周期 draft" not in body


def test_another_managers_team_is_not_counted(figures, other_store, login):
    """A manager of store B sees store B's figures, not store A's."""
    boss = employee_with_role("manager", store=other_store, position="store_manager")
    response = login(boss).get(reverse(TEAM_URL))
    cards = _cards(response)
    assert cards["completion"] == "0.0 %" and cards["overdue"] == "0"
    assert cards["expiring_60"] == "1" and cards["expiring_30"] == "0"
    assert cards["reply_sla"] == "0.0 %" and cards["complaints_overdue"] == "0"


@pytest.mark.parametrize(
    "role,hr_status,team_status,trainer_status",
    [
        ("staff", 403, 403, 403),
        ("trainer", 403, 403, 200),
        ("manager", 403, 200, 403),
        ("hr", 200, 403, 403),
    ],
)
def test_roles(role, hr_status, team_status, trainer_status, request, login):
    """Each dashboard and its export answer only their role."""
    client = login(request.getfixturevalue(role), mfa=role in ("hr", "trainer"))
    for name, status in (
        (HR_URL, hr_status),
        (TEAM_URL, team_status),
        (TRAINER_URL, trainer_status),
    ):
        assert client.get(reverse(name)).status_code == status
        assert client.get(reverse(f"{name}_export")).status_code == status


def test_csv_export(figures, hr, login):
    """The export holds every table of the page, UTF-8 with a BOM."""
    response = login(hr, mfa=True).get(reverse(f"{HR_URL}_export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert rows[0] == ["Required enrolments by status"]
    assert rows[1] == ["Status", "Enrolments", "Share"]
    assert rows[2] == ["Completed", "1", "25.0 %"]
    assert ["All required", "4", "100.0 %"] in rows
    assert ["Within", "Certificates"] in rows
    assert ["60 days", "2"] in rows
    assert ["First reply", "3", "1", "33.3 %"] in rows


def test_csv_export_team(figures, manager, login):
    response = login(manager).get(reverse(f"{TEAM_URL}_export"))
    raw = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert ["All required", "2", "100.0 %"] in rows
    assert ["First reply", "2", "1", "50.0 %"] in rows


def test_menu_entries(hr, manager, staff, login):
    """HR's menu has the HR dashboard, a manager's the team dashboard."""
    hr_page = login(hr, mfa=True).get(reverse("performance:my_record"))
    hr_urls = [i["url"] for i in hr_page.context["nav_items"]]
    assert reverse(HR_URL) in hr_urls and reverse(TEAM_URL) not in hr_urls
    team_page = login(manager).get(reverse("performance:my_record"))
    team_urls = [i["url"] for i in team_page.context["nav_items"]]
    assert reverse(TEAM_URL) in team_urls and reverse(HR_URL) not in team_urls


def _grow(library, store, manager, n):
    today = timezone.localdate()
    course = make_course(library, lessons=0)
    for _ in range(n):
        person = employee_with_role("staff", store=store, manager=manager)
        Enrollment.objects.create(
            employee=person, course=course, due_date=today - dt.timedelta(days=1)
        )
        _complaint(store, person)


@pytest.mark.parametrize("people", [2, 20])
def test_queries_bounded(
    library, store, manager, hr, login, django_assert_num_queries, people
):
    """The same number of queries at either size, for both dashboards."""
    _grow(library, store, manager, people)
    hr_client = login(hr, mfa=True)
    hr_client.get(reverse(HR_URL))  # warm the session and caches
    with django_assert_num_queries(QUERIES["hr"]):
        assert hr_client.get(reverse(HR_URL)).status_code == 200
    team_client = login(manager)
    team_client.get(reverse(TEAM_URL))
    with django_assert_num_queries(QUERIES["team"]):
        assert team_client.get(reverse(TEAM_URL)).status_code == 200


QUERIES = {"hr": 7, "team": 8, "trainer": 8}


@pytest.fixture
def trainer_courses(library, trainer, staff):
    """The trainer owns "Greeting" (a quiz with 4 first attempts whose first
    question everyone gets right; two of its learners completed with grades
    80 and 60) and "Farewell" (one learner); "Other" belongs to someone else.
    A role-play of Greeting has two learners, one with a submitted
    assessor's sheet: 1 pending."""
    from tests.courses import factories as cf
    from tests.training.roleplay import builders as b
    from training.models import RolePlayAssessment
    from training.roleplay import services as roleplay_services

    from .conftest import seed_attempts

    questions = [cf.question() for _ in range(3)]
    greeting = make_course(
        library,
        lessons=0,
        quiz=cf.quiz(questions),
        title="Greeting",
        owner=trainer.user,
    )
    farewell = make_course(library, lessons=0, title="Farewell", owner=trainer.user)
    other = make_course(library, lessons=0, title="Other")
    seed_attempts(greeting, questions, [[1, 0, 1], [1, 1, 0], [1, 0, 0], [1, 1, 1]])
    graded = list(Enrollment.objects.filter(course=greeting).order_by("pk")[:2])
    for enrollment, grade in zip(graded, (80, 60), strict=True):
        enrollment.quiz_grade = grade
        enrollment.completed_at = timezone.now()
        enrollment.save()
    Enrollment.objects.create(employee=staff, course=farewell)
    Enrollment.objects.create(employee=staff, course=other, quiz_grade=10)
    learners = [employee_with_role("staff") for _ in range(2)]
    session = b.schedule(
        organiser=trainer, learners=learners, assessors=[trainer], course=greeting
    )
    sheet = roleplay_services.session_start_assessment(
        session=session,
        learner=learners[0],
        assessor=trainer,
        kind=RolePlayAssessment.Kind.ASSESSOR,
    )
    RolePlayAssessment.objects.filter(pk=sheet.pk).update(
        status="submitted", submitted_at=timezone.now(), percent=75
    )
    return greeting, farewell, other


def test_trainer_figures(trainer_courses, trainer, login):
    """The trainer's cards and course table count only their own courses."""
    from performance.analytics.selectors import quiz_report

    greeting, farewell, other = trainer_courses
    flagged = sum(1 for r in quiz_report(greeting.quiz).rows if r.stats.flags)
    assert flagged >= 1  # the question everyone answers is too easy
    response = login(trainer, mfa=True).get(reverse(TRAINER_URL))
    assert response.status_code == 200
    assert _cards(response) == {
        "courses": "2",
        "enrolments": "5",
        "completion": "40.0 %",
        "grade": "70.0",
        "flagged": str(flagged),
        "pending": "1",
    }
    assert _table(response, "courses") == [
        ["Greeting", 4, 2, "50.0 %", "70.0", flagged, 1],
        ["Farewell", 1, 0, "0.0 %", "—", 0, 0],
    ]
    body = response.content.decode()
    assert "Other" not in body and 'id="chart-courses"' in body


def test_trainer_csv_export(trainer_courses, trainer, login):
    response = login(trainer, mfa=True).get(reverse(f"{TRAINER_URL}_export"))
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert rows[0] == ["Your courses"]
    assert rows[3] == ["Farewell", "1", "0", "0.0 %", "—", "0", "0"]


@pytest.mark.parametrize("people", [2, 12])
def test_trainer_queries_bounded(
    library, trainer, login, django_assert_num_queries, people
):
    """More learners, the same number of queries."""
    from tests.courses import factories as cf

    from .conftest import seed_attempts

    questions = [cf.question() for _ in range(3)]
    course = make_course(
        library, lessons=0, quiz=cf.quiz(questions), owner=trainer.user
    )
    seed_attempts(course, questions, [[1, 0, 1]] * people)
    client = login(trainer, mfa=True)
    client.get(reverse(TRAINER_URL))
    with django_assert_num_queries(QUERIES["trainer"]):
        assert client.get(reverse(TRAINER_URL)).status_code == 200
