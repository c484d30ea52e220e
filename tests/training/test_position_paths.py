"""An employee moved to another position is assigned the paths that position
requires (nothing taken away), and HR picks a path's positions in Wagtail."""

import pytest
from django import forms
from django.urls import reverse

from courses.models import LearningPath, LearningPathCourse
from people.models import Employee
from training.models import Enrollment, PathEnrollment

from .conftest import make_course

pytestmark = pytest.mark.django_db


def _path(library, title, positions, **kwargs):
    path = LearningPath.objects.create(
        title=title, target_positions=positions, **kwargs
    )
    LearningPathCourse.objects.create(
        path=path, course=make_course(library, lessons=1), sort_order=0
    )
    return path


def test_moving_to_a_position_assigns_its_paths_once(
    library, staff, django_capture_on_commit_callbacks
):
    teller = _path(library, "柜员路径", ["teller"])
    _path(library, "柜员入职", ["teller"], for_new_staff=True)  # new hires only
    _path(library, "销售路径", ["sales"])
    kept = Enrollment.objects.count()
    staff = Employee.objects.get(pk=staff.pk)
    staff.position = "teller"
    with django_capture_on_commit_callbacks(execute=True):
        staff.save()
    pe = PathEnrollment.objects.get(employee=staff)
    assert (pe.path, pe.source) == (teller, "position")
    assert Enrollment.objects.filter(employee=staff).count() == kept + 1
    with django_capture_on_commit_callbacks(execute=True):
        staff.save()  # same position: nothing more
        Employee.objects.get(pk=staff.pk).save(update_fields=["name"])
    assert PathEnrollment.objects.filter(employee=staff).count() == 1
    staff = Employee.objects.get(pk=staff.pk)
    staff.position = "front_desk"  # no path requires it: nothing taken away
    with django_capture_on_commit_callbacks(execute=True):
        staff.save(update_fields=["position"])
    assert PathEnrollment.objects.filter(employee=staff).count() == 1


def test_new_employee_is_left_to_onboarding(
    library, store, django_capture_on_commit_callbacks
):
    from tests.factories import EmployeeFactory

    _path(library, "柜员路径", ["teller"])
    with django_capture_on_commit_callbacks(execute=True):
        EmployeeFactory(position="teller", store=store)
    assert not PathEnrollment.objects.exists()


def test_path_form_offers_target_positions():
    field = LearningPath.base_form_class.base_fields["target_positions"]
    assert isinstance(field, forms.MultipleChoiceField)
    assert "teller" in [value for value, _label in field.choices]
    panel_fields = [getattr(p, "field_name", None) for p in LearningPath.panels]
    assert "target_positions" in panel_fields


@pytest.mark.parametrize("sequential", [True, False])
def test_sequential_path_opens_courses_in_order(library, staff, login, sequential):
    """In a sequential path the second course's lessons open only after the
    first course is completed; in a plain path at once."""
    from courses.selectors import lessons_of
    from training import services

    from .test_learning import view_all_lessons

    first = make_course(library, lessons=1, title="第一课")
    second = make_course(library, lessons=1)
    path = LearningPath.objects.create(title="顺序路径", sequential=sequential)
    for i, course in enumerate((first, second)):
        LearningPathCourse.objects.create(path=path, course=course, sort_order=i)
    services.assignment_create(path=path, employees=[staff])
    client = login(staff)
    lesson = reverse("training:lesson", args=[lessons_of(second).first().pk])
    response = client.get(lesson, follow=True)
    if not sequential:
        assert response.redirect_chain == []
        return
    assert "第一课" in response.content.decode()
    assert "Complete these courses first" in response.content.decode()
    view_all_lessons(client, first)
    assert client.get(lesson).status_code == 200


def test_hr_changing_the_position_on_the_detail_page_assigns_its_paths(
    library, staff, hr, login, django_capture_on_commit_callbacks
):
    teller = _path(library, "柜员路径", ["teller"])
    data = {
        "name": staff.name,
        "email": staff.user.email,
        "position": "teller",
        "store": staff.store.code,
        "manager": staff.manager.number,
        "status": "active",
        "reason": "转岗柜员",
    }
    client = login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:employee_detail", args=[staff.pk]), data)
    assert response.status_code == 302
    assert PathEnrollment.objects.get(employee=staff).path == teller
