"""Editorial workflow: trainers draft and submit, lead trainers approve."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import employee_with_role

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(db):
    employee = employee_with_role("lead_trainer", store=None, team=None)
    employee.user.groups.add(Group.objects.get(name="trainer"))
    return employee


def test_trainer_edits_but_cannot_publish(trainer, lead, course):
    """Trainers add and edit courses; only lead trainers publish."""
    trainer_perms = course.permissions_for_user(trainer.user)
    assert trainer_perms.can_edit() and trainer_perms.can_add_subpage()
    assert not trainer_perms.can_publish()
    assert course.permissions_for_user(lead.user).can_publish()
    assert trainer.user.has_perm("wagtailadmin.access_admin")
    assert trainer.user.has_perm("courses.change_rubric")


def test_staff_and_managers_have_no_admin(staff, manager):
    for employee in (staff, manager):
        assert not employee.user.has_perm("wagtailadmin.access_admin")


def test_submitted_course_goes_live_when_lead_approves(trainer, lead, library):
    """A trainer's draft goes through "Lead trainer approval" to live."""
    course = f.CoursePageFactory.build(
        title="New course", slug="new-course", live=False
    )
    library.add_child(instance=course)
    course.save_revision(user=trainer.user)
    workflow = course.get_workflow()
    stored = type(workflow).objects.filter(pk=workflow.pk).values_list("name", flat=True)
    assert list(stored) == ["Course approval"]  # shown as 课程审批 in Chinese
    workflow.start(course, trainer.user)
    course.refresh_from_db()
    task_state = course.current_workflow_task_state
    task = task_state.task.specific
    assert {g.name for g in task.groups.all()} == {"lead_trainer"}
    assert [a[0] for a in task.get_actions(course, trainer.user)] == []
    assert "approve" in [a[0] for a in task.get_actions(course, lead.user)]
    task.on_action(task_state, lead.user, "approve")
    course.refresh_from_db()
    assert course.live
