"""A trainer sees a learner's records only for the trainer's own courses (the
course page is theirs, or they assigned that enrolment): assigning one course
to someone does not open the person's other courses."""

import pytest
from django.urls import reverse

from training import services
from training.permissions import can_see_enrollment

from .conftest import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(library, trainer):
    mine = make_course(library, lessons=1)
    mine.owner = trainer.user
    mine.save()
    assigned = make_course(library, lessons=1)
    other = make_course(library, lessons=1)
    return mine, assigned, other


def test_trainer_sees_only_their_courses_records(courses, trainer, staff, login):
    mine, assigned, other = courses
    on_mine = services.assignment_create(course=mine, employees=[staff])[0]
    on_assigned = services.assignment_create(
        course=assigned, employees=[staff], assigned_by=trainer
    )[0]
    on_other = services.assignment_create(course=other, employees=[staff])[0]
    user = trainer.user
    assert can_see_enrollment(user, on_mine)
    assert can_see_enrollment(user, on_assigned)
    assert not can_see_enrollment(user, on_other)

    certificates = {
        e: services.certificate_issue(enrollment=e)
        for e in (on_mine, on_assigned, on_other)
    }
    client = login(trainer)
    for enrollment, expected in (
        (on_mine, 200),
        (on_assigned, 200),
        (on_other, 404),
    ):
        url = reverse(
            "training:certificate_pdf",
            kwargs={"certificate_id": certificates[enrollment].pk},
        )
        assert client.get(url).status_code == expected, enrollment.course


def test_staff_manager_and_hr_keep_their_view(courses, staff, manager, hr):
    _mine, _assigned, other = courses
    enrollment = services.assignment_create(course=other, employees=[staff])[0]
    for who in (staff, manager, hr):
        assert can_see_enrollment(who.user, enrollment)
