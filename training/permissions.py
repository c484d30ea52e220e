"""Who may see which learning records, built on people.access.

A trainer's learners ("learners in courses they run") are the employees with
a current enrolment in a course whose Wagtail page owner is the trainer, or
that the trainer assigned. A trainer sees a learner's enrolment or
certificate only for such a course (trainer_runs): assigning one course to
someone does not open their other courses. Quiz attempts are only ever opened
by their owner; enrolments and certificates by whoever may see the owner's
learning records otherwise (self, manager, HR). Someone else's record
answers 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from courses.selectors import course_owned_by, courses_owned
from people.access import (
    can_see_employee,
    employee_of,
    employees_visible_to,
    visibility_q,
)
from people.models import Employee
from people.roles import Role, has_role

from .models import Certificate, Enrollment, QuizAttempt


def trainer_learners(user) -> QuerySet[Employee] | None:
    """Employees whose learning records ``user`` sees as a trainer."""
    if not has_role(user, Role.TRAINER):
        return None
    me = employee_of(user)
    runs = Q(enrollments__course__owner=user)
    if me is not None:
        runs |= Q(enrollments__assigned_by=me)
    return Employee.objects.filter(runs).distinct()


def learning_visible_employees(user) -> QuerySet[Employee]:
    return employees_visible_to(
        user, record="learning", trainer_learners=trainer_learners(user)
    )


def learning_visibility_q(user) -> Q | None:
    """people.access's filter on Employee for ``user``'s learning records
    (None: everyone), for queries that start from another table."""
    return visibility_q(
        user, record="learning", trainer_learners=trainer_learners(user)
    )


def can_see_learning_of(user, employee: Employee) -> bool:
    return can_see_employee(
        user, employee, record="learning", trainer_learners=trainer_learners(user)
    )


def trainer_runs(user, enrollment: Enrollment) -> bool:
    """Is `enrollment` one of `user`'s courses as a trainer: the course page
    (in any language) is theirs, or they assigned this enrolment?"""
    if enrollment is None or not has_role(user, Role.TRAINER):
        return False
    me = employee_of(user)
    if me is not None and enrollment.assigned_by_id == me.pk:
        return True
    return course_owned_by(enrollment.course_id, user)


def can_see_enrollment(user, enrollment: Enrollment) -> bool:
    return can_see_employee(
        user, enrollment.employee, record="learning"
    ) or trainer_runs(user, enrollment)


def enrollment_for_viewer(user, pk: int) -> Enrollment:
    enrollment = (
        Enrollment.objects.select_related("employee", "course").filter(pk=pk).first()
    )
    if enrollment is None or not can_see_enrollment(user, enrollment):
        raise Http404
    return enrollment


def own_attempt(user, pk: int) -> QuizAttempt:
    """The user's own attempt; anyone else's is 404 (even HR cannot act on it)."""
    me = employee_of(user)
    attempt = (
        QuizAttempt.objects.select_related("enrollment", "quiz")
        .filter(pk=pk, enrollment__employee=me)
        .first()
        if me
        else None
    )
    if attempt is None:
        raise Http404
    return attempt


def certificate_for_viewer(user, pk: int) -> Certificate:
    cert = (
        Certificate.objects.select_related("employee", "course", "enrollment")
        .filter(pk=pk)
        .first()
    )
    if cert is None or not (
        can_see_employee(user, cert.employee, record="learning")
        or trainer_runs(user, cert.enrollment)
    ):
        raise Http404
    return cert


def _records_q(user, prefix: str = "") -> Q | None:
    """A filter on enrolments (``prefix`` "enrollment__" from certificates)
    matching can_see_enrollment: the owner's learning records the user sees
    (self, team, HR), or as a trainer the courses they run. None: all."""
    q = visibility_q(user, record="learning")
    if q is None:
        return None
    result = Q(**{f"{prefix}employee__in": Employee.objects.filter(q)})
    if has_role(user, Role.TRAINER):
        owned = [c.pk for c in courses_owned(user)]
        result |= Q(**{f"{prefix}course__in": owned})
        me = employee_of(user)
        if me is not None:
            result |= Q(**{f"{prefix}assigned_by": me})
    return result


def enrollments_visible_to(user) -> QuerySet[Enrollment]:
    q = _records_q(user)
    qs = Enrollment.objects.all()
    return qs if q is None else qs.filter(q)


def certificates_visible_to(user) -> QuerySet[Certificate]:
    q = _records_q(user, "enrollment__")
    qs = Certificate.objects.all()
    return qs if q is None else qs.filter(q)


def can_assign(user) -> bool:
    return has_role(user, Role.HR, Role.TRAINER, Role.MANAGER)


def assignable_employees(user) -> QuerySet[Employee]:
    """HR and trainers assign to anyone; managers to their team/store."""
    qs = Employee.objects.active()
    if has_role(user, Role.HR, Role.TRAINER):
        return qs
    if has_role(user, Role.MANAGER):
        return qs.filter(pk__in=employees_visible_to(user, record="learning"))
    return qs.none()
