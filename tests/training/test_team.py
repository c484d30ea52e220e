"""Manager team view: progress per person and course, filters, CSV export."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from training import services

from .conftest import make_course

pytestmark = pytest.mark.django_db


def test_manager_sees_own_store_only(library, manager, staff, other_staff, login):
    course = make_course(library, lessons=1, title="礼貌用语")
    services.assignment_create(course=course, employees=[staff, other_staff])
    body = login(manager).get(reverse("training:team")).content.decode()
    assert staff.name in body and other_staff.name not in body


def test_hr_sees_everyone_and_filters_by_status(library, hr, staff, other_staff, login):
    course = make_course(library, lessons=1)
    services.assignment_create(
        course=course,
        employees=[staff],
        due_date=timezone.localdate() - dt.timedelta(days=1),
    )
    services.assignment_create(course=course, employees=[other_staff])
    client = login(hr, mfa=True)
    body = client.get(reverse("training:team")).content.decode()
    assert staff.name in body and other_staff.name in body
    body = client.get(reverse("training:team"), {"status": "overdue"}).content.decode()
    assert staff.name in body and other_staff.name not in body


def test_csv_export_respects_visibility(library, manager, staff, other_staff, login):
    course = make_course(library, lessons=1)
    services.assignment_create(course=course, employees=[staff, other_staff])
    response = login(manager).get(reverse("training:team_export"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert staff.number in text and other_staff.number not in text
    assert text.splitlines()[0].startswith("Employee number")


def test_staff_and_trainer_cannot_open_team_view(staff, trainer, login):
    assert login(staff).get(reverse("training:team")).status_code == 403
    assert login(trainer, mfa=True).get(reverse("training:team")).status_code == 403


def test_manager_assigns_only_within_team(library, manager, staff, other_staff, login):
    course = make_course(library, lessons=1)
    client = login(manager)
    response = client.post(
        reverse("training:assign"),
        {"course": course.pk, "position": "front_desk", "due_date": "2030-01-01"},
    )
    assert response.status_code == 302
    from training.models import Enrollment

    assert set(Enrollment.objects.values_list("employee", flat=True)) == {staff.pk}
    assert Enrollment.objects.get().assigned_by == manager


def test_trainer_sees_learners_of_courses_they_run(
    library, trainer, staff, other_staff, login
):
    """A trainer sees certificates of learners in courses they own or assigned."""
    from courses.selectors import lessons_of
    from training.models import Certificate

    course = make_course(library, lessons=1)
    course.owner = trainer.user
    course.save()
    services.assignment_create(course=course, employees=[staff])
    other = make_course(library, lessons=1)
    services.assignment_create(course=other, employees=[other_staff])
    for who, c in ((staff, course), (other_staff, other)):
        login(who).get(reverse("training:lesson", args=[lessons_of(c).first().pk]))
    client = login(trainer, mfa=True)
    mine = Certificate.objects.get(employee=staff)
    theirs = Certificate.objects.get(employee=other_staff)
    assert (
        client.get(reverse("training:certificate_pdf", args=[mine.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("training:certificate_pdf", args=[theirs.pk])).status_code
        == 404
    )
