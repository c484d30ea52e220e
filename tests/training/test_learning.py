"""Assignments, prerequisites, progress, completion, certificates, feedback."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from courses.models import CoursePrerequisite, LearningPath, LearningPathCourse
from courses.selectors import lessons_of
from tests.factories import EmployeeFactory
from training import services
from training.models import Certificate, Enrollment, PathEnrollment

from .conftest import correct_answers, make_course, wrong_answers

pytestmark = pytest.mark.django_db


def view_all_lessons(client, course):
    for lesson in lessons_of(course):
        assert (
            client.get(reverse("training:lesson", args=[lesson.pk])).status_code == 200
        )


def test_assign_by_team_store_position(library, staff, manager, other_staff):
    """Group targets expand to active employees; assigning twice is idempotent."""
    course = make_course(library)
    by_store = services.assignment_create(course=course, store=staff.store)
    assert {e.employee for e in by_store} == {staff, manager}
    by_position = services.assignment_create(
        course=course, position="front_desk", store=other_staff.store
    )
    assert {e.employee for e in by_position} == {other_staff}
    again = services.assignment_create(
        course=course, store=staff.store, due_date=dt.date(2030, 1, 1)
    )
    assert Enrollment.objects.filter(course=course).count() == 3
    assert {e.due_date for e in again} == {dt.date(2030, 1, 1)}


def test_learning_path_assignment_and_progress(library, staff, login):
    """A path assigns each of its courses; the dashboard shows path progress."""
    c1, c2 = make_course(library, lessons=1), make_course(library, lessons=1)
    path = LearningPath.objects.create(title="入职路径")
    for i, c in enumerate((c1, c2)):
        LearningPathCourse.objects.create(path=path, course=c, sort_order=i)
    services.assignment_create(path=path, employees=[staff])
    assert Enrollment.objects.filter(employee=staff).count() == 2
    client = login(staff)
    view_all_lessons(client, c1)
    body = client.get(reverse("training:dashboard")).content.decode()
    assert "入职路径" in body and "1 of 2 courses" in body


def test_onboarding_rule_assigns_new_hires_by_position(library, staff):
    """New hires in a targeted position get the onboarding path, once."""
    course = make_course(library, lessons=1)
    path = LearningPath.objects.create(
        title="新员工", for_new_staff=True, target_positions=["teller"]
    )
    LearningPathCourse.objects.create(path=path, course=course, sort_order=0)
    today = timezone.localdate()
    teller = EmployeeFactory(position="teller", hire_date=today - dt.timedelta(days=3))
    EmployeeFactory(position="sales", hire_date=today)
    EmployeeFactory(position="teller", hire_date=today - dt.timedelta(days=400))
    from training.tasks import assign_onboarding

    assert assign_onboarding.delay().get() == 1
    assert assign_onboarding.delay().get() == 0
    pe = PathEnrollment.objects.get()
    assert pe.employee == teller and pe.source == "onboarding"
    assert Enrollment.objects.get(
        employee=teller
    ).due_date == teller.hire_date + dt.timedelta(days=30)


def test_prerequisites_enforced_with_message(library, staff, login):
    """A course with an unfinished prerequisite cannot be started; the page
    names the missing course."""
    first = make_course(library, lessons=1, title="沟通基础")
    second = make_course(library, lessons=1)
    CoursePrerequisite.objects.create(course=second, prerequisite=first, sort_order=0)
    services.assignment_create(course=second, employees=[staff])
    client = login(staff)
    lesson = lessons_of(second).first()
    response = client.get(reverse("training:lesson", args=[lesson.pk]), follow=True)
    assert "沟通基础" in response.content.decode()
    assert "Complete these courses first" in response.content.decode()
    assert not Enrollment.objects.get(course=second).started_at
    services.assignment_create(course=first, employees=[staff])
    view_all_lessons(client, first)
    assert client.get(reverse("training:lesson", args=[lesson.pk])).status_code == 200


def test_self_enrolment_in_open_course(library, staff, login):
    """Courses for the learner's position (or none) are open; others are not."""
    open_course = make_course(library, lessons=1)
    closed = make_course(library, lessons=1, target_positions=["teller"])
    client = login(staff)
    client.post(reverse("training:enrol", args=[open_course.pk]))
    client.post(reverse("training:enrol", args=[closed.pk]))
    assert list(
        Enrollment.objects.filter(employee=staff).values_list("course", "source")
    ) == [(open_course.pk, "self")]


def test_progress_resume_and_completion_with_quiz(library, quiz, staff, login):
    """Lessons move progress; resume points at the next lesson; passing the
    quiz after all lessons completes the course and issues a certificate."""
    course = make_course(library, lessons=3, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    client = login(staff)
    lessons = list(lessons_of(course))
    client.get(reverse("training:lesson", args=[lessons[0].pk]))
    enrollment.refresh_from_db()
    assert enrollment.progress_percent == 25 and enrollment.status == "in_progress"
    page = client.get(reverse("training:course", args=[course.pk])).content.decode()
    assert f'href="/learning/lessons/{lessons[1].pk}/">' in page and "Resume" in page
    view_all_lessons(client, course)
    a = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=a, answers=wrong_answers(a))
    enrollment.refresh_from_db()
    assert enrollment.progress_percent == 75 and not enrollment.completed_at
    b = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=b, answers=correct_answers(b))
    enrollment.refresh_from_db()
    assert enrollment.completed_at and enrollment.progress_percent == 100
    assert Certificate.objects.filter(enrollment=enrollment).exists()


def test_roleplay_hook_counts_toward_completion(library, staff, login):
    """F4's hook: a required role-play passed completes the course."""
    from tests.courses.factories import scenario

    course = make_course(
        library, lessons=1, role_play=scenario(), require_role_play=True
    )
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    view_all_lessons(login(staff), course)
    enrollment.refresh_from_db()
    assert enrollment.progress_percent == 50
    services.enrollment_record_roleplay_passed(employee=staff, course=course)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None


def test_certificate_pdf_and_verification_states(library, staff, login, client):
    """The PDF downloads for the owner; the public page says valid, expired or
    revoked; an unknown code is 404."""
    course = make_course(library, lessons=1, certificate_validity_months=12)
    services.assignment_create(course=course, employees=[staff])
    view_all_lessons(login(staff), course)
    cert = Certificate.objects.get()
    assert cert.expires_at.year == cert.issued_at.year + 1
    response = login(staff).get(reverse("training:certificate_pdf", args=[cert.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.logout()
    url = reverse("training:certificate_verify", args=[cert.code])
    assert "This certificate is valid" in client.get(url).content.decode()
    with time_machine.travel(cert.expires_at + dt.timedelta(days=1)):
        assert "has expired" in client.get(url).content.decode()
    services.certificate_revoke(certificate=cert, reason="fraud")
    assert "been revoked" in client.get(url).content.decode()
    assert (
        client.get(reverse("training:certificate_verify", args=["NOPE"])).status_code
        == 404
    )


def test_certificate_of_someone_else_is_404(
    library, staff, other_staff, manager, login
):
    course = make_course(library, lessons=1)
    services.assignment_create(course=course, employees=[staff])
    view_all_lessons(login(staff), course)
    cert = Certificate.objects.get()
    url = reverse("training:certificate_pdf", args=[cert.pk])
    assert login(other_staff).get(url).status_code == 404
    assert login(manager).get(url).status_code == 200


def test_recertification_30_days_before_expiry(library, staff, login):
    """30 days before the certificate expires the course is assigned again,
    due at the expiry date; running the job twice changes nothing."""
    course = make_course(library, lessons=1, certificate_validity_months=6)
    services.assignment_create(course=course, employees=[staff])
    view_all_lessons(login(staff), course)
    cert = Certificate.objects.get()
    assert services.certificates_reassign_expiring() == 0
    later = cert.expires_at - dt.timedelta(days=29)
    assert services.certificates_reassign_expiring(now=later) == 1
    assert services.certificates_reassign_expiring(now=later) == 0
    current = Enrollment.objects.get(employee=staff, course=course, is_current=True)
    assert current.source == "recert" and not current.completed_at
    assert current.due_date == timezone.localdate(cert.expires_at)


def test_feedback_after_completion(library, staff, login):
    """Rating and comment are accepted only after completion."""
    from training.models import CourseFeedback

    course = make_course(library, lessons=1)
    services.assignment_create(course=course, employees=[staff])
    client = login(staff)
    url = reverse("training:feedback", args=[course.pk])
    client.post(url, {"rating": 5, "comment": "很好"})
    assert not CourseFeedback.objects.exists()
    view_all_lessons(client, course)
    client.post(url, {"rating": 4, "comment": "很好"})
    assert CourseFeedback.objects.get().rating == 4


def test_overdue_status(library, staff):
    course = make_course(library, lessons=1)
    e = services.assignment_create(
        course=course,
        employees=[staff],
        due_date=timezone.localdate() - dt.timedelta(days=1),
    )[0]
    assert e.status == "overdue"


def test_hr_revokes_certificate_from_verification_page(library, staff, hr, login):
    """HR sees a revoke form on the verification page; revoking needs a reason,
    and then the public check says revoked. Staff cannot revoke."""
    course = make_course(library, lessons=1, certificate_validity_months=12)
    services.assignment_create(course=course, employees=[staff])
    view_all_lessons(login(staff), course)
    cert = Certificate.objects.get()
    revoke = reverse("training:certificate_revoke", args=[cert.code])
    assert login(staff).post(revoke, {"reason": "x"}).status_code == 403
    hr_client = login(hr)
    page = hr_client.get(reverse("training:certificate_verify", args=[cert.code]))
    assert "Revoke certificate" in page.content.decode()
    hr_client.post(revoke, {"reason": ""})
    cert.refresh_from_db()
    assert cert.revoked_at is None
    hr_client.post(revoke, {"reason": "issued by mistake"})
    cert.refresh_from_db()
    assert cert.revoked_at is not None and cert.revoked_reason == "issued by mistake"
    page = hr_client.get(reverse("training:certificate_verify", args=[cert.code]))
    assert "been revoked" in page.content.decode()
    assert "Revoke certificate" not in page.content.decode()
