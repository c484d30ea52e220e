import pytest

from people.access import can_see_employee, employees_visible_to
from tests.factories import employee_with_role

pytestmark = pytest.mark.django_db


def test_staff_see_only_themselves(staff, other_staff, manager):
    """Staff see their own records and nobody else's."""
    assert list(employees_visible_to(staff.user)) == [staff]
    assert can_see_employee(staff.user, staff)
    assert not can_see_employee(staff.user, manager)
    assert not can_see_employee(staff.user, other_staff)


def test_manager_sees_store_and_reports(manager, staff, other_staff):
    """Managers see their store and direct reports, not other stores."""
    remote_report = employee_with_role(
        "staff", store=other_staff.store, manager=manager
    )
    visible = set(employees_visible_to(manager.user))
    assert {manager, staff, remote_report} <= visible
    assert other_staff not in visible
    assert not can_see_employee(manager.user, other_staff)


def test_hr_sees_everyone(hr, staff, other_staff):
    """HR sees every employee."""
    assert can_see_employee(hr.user, other_staff)
    assert set(employees_visible_to(hr.user)) >= {staff, other_staff, hr}


def test_trainer_sees_learning_of_given_learners_only(trainer, staff, other_staff):
    """Trainers see learning records of their learners, never performance records."""
    from people.models import Employee

    learners = Employee.objects.filter(pk=staff.pk)
    assert can_see_employee(
        trainer.user, staff, record="learning", trainer_learners=learners
    )
    assert not can_see_employee(
        trainer.user, other_staff, record="learning", trainer_learners=learners
    )
    assert not can_see_employee(
        trainer.user, staff, record="performance", trainer_learners=learners
    )
