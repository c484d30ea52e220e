"""Assignments: who gets a course or learning path, self-enrolment,
prerequisites and onboarding paths for new hires."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import selectors as course_selectors
from people.models import Employee
from people.services import notify_each

from ..models import Enrollment, PathEnrollment
from ..models.learning import Source
from ._common import _canonical
from .errors import NotEnrolled, PrerequisitesMissing


def _targets(
    *, employees: Iterable[Employee] = (), team=None, store=None, position=None
) -> list[Employee]:
    ids = {e.pk for e in employees}
    qs = Employee.objects.active()
    group = None
    if team is not None:
        group = qs.filter(team=team)
    if store is not None:
        group = (group if group is not None else qs).filter(store=store)
    if position:
        group = (group if group is not None else qs).filter(position=position)
    if group is not None:
        ids |= set(group.values_list("pk", flat=True))
    return list(Employee.objects.filter(pk__in=ids).select_related("user"))


@transaction.atomic
def assignment_create(
    *,
    course=None,
    path=None,
    employees: Iterable[Employee] = (),
    team=None,
    store=None,
    position: str | None = None,
    due_date: dt.date | None = None,
    assigned_by: Employee | None = None,
    source: str = Source.ASSIGNED,
) -> list[Enrollment]:
    """Assign a course or a learning path (exactly one) to the people given
    directly and/or by team, store or position (these combine as AND; a
    direct list adds to them). Returns the current enrolments touched.
    Idempotent: existing current enrolments are kept; a given due date
    replaces theirs unless they are completed (the replaced date is left on
    the returned enrolment as ``previous_due_date``). Dates in the past are
    refused where a person types them (AssignForm, the API), not here: data
    loads and the demo's overdue examples need them."""
    if (course is None) == (path is None):
        raise ValueError("assign exactly one of course or path")
    people = _targets(employees=employees, team=team, store=store, position=position)
    if course is not None:
        course = _canonical(course)
        result = [
            _enroll(
                employee=e,
                course=course,
                due_date=due_date,
                assigned_by=assigned_by,
                source=source,
            )
            for e in people
        ]
        _notify_assigned(result, source)
        return result
    path = _canonical(path)
    courses = [_canonical(c) for c in course_selectors.learning_path_courses(path)]
    result = []
    for e in people:
        pe, created = PathEnrollment.objects.get_or_create(
            employee=e,
            path=path,
            defaults={
                "due_date": due_date,
                "assigned_by": assigned_by,
                "source": source,
            },
        )
        if not created and due_date:
            PathEnrollment.objects.filter(pk=pe.pk).update(due_date=due_date)
        for c in courses:
            result.append(
                _enroll(
                    employee=e,
                    course=c,
                    due_date=due_date,
                    assigned_by=assigned_by,
                    source=source,
                    path_enrollment=pe,
                )
            )
    _notify_assigned(result, source)
    return result


def _notify_assigned(enrollments: list[Enrollment], source: str) -> None:
    """The bell tells each person of a course newly assigned to them (not of
    their own self-enrolment), in their language."""
    if source == Source.SELF:
        return
    by_course: dict[int, list] = {}
    courses = {}
    for e in enrollments:
        if getattr(e, "newly_created", False):
            by_course.setdefault(e.course_id, []).append(e.employee)
            courses[e.course_id] = e.course
    for course_id, employees in by_course.items():

        def message(course=courses[course_id]):
            title = course_selectors.localized(course).title
            return _("New course assigned: %(title)s") % {"title": title}

        notify_each(
            employees=employees,
            kind="assignment",
            message=message,
            url=reverse("training:course", args=[course_id]),
        )


def _enroll(
    *, employee, course, due_date, assigned_by, source, path_enrollment=None
) -> Enrollment:
    enrollment = Enrollment.objects.filter(
        employee=employee, course=course, is_current=True
    ).first()
    if enrollment is None:
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    employee=employee,
                    course=course,
                    due_date=due_date,
                    assigned_by=assigned_by,
                    source=source,
                    path_enrollment=path_enrollment,
                )
            enrollment.newly_created = True
            return enrollment
        except IntegrityError:  # a concurrent assignment won
            enrollment = Enrollment.objects.get(
                employee=employee, course=course, is_current=True
            )
    changed = []
    if due_date and not enrollment.completed_at and enrollment.due_date != due_date:
        enrollment.previous_due_date = enrollment.due_date
        enrollment.due_date = due_date
        changed.append("due_date")
    if path_enrollment and not enrollment.path_enrollment_id:
        enrollment.path_enrollment = path_enrollment
        changed.append("path_enrollment")
    if changed:
        enrollment.save(update_fields=changed)
    return enrollment


def course_is_open_to(*, employee: Employee, course) -> bool:
    """Self-enrolment is open for live courses that target no positions or the
    employee's position."""
    course = _canonical(course)
    targets = course.target_positions or []
    return course.live and (not targets or employee.position in targets)


def enrollment_self_enrol(*, employee: Employee, course) -> Enrollment:
    if not course_is_open_to(employee=employee, course=course):
        raise NotEnrolled(_("This course is not open for self-enrolment."))
    missing = prerequisites_missing(employee=employee, course=course)
    if missing:
        raise PrerequisitesMissing(prerequisites_message(missing))
    return assignment_create(course=course, employees=[employee], source=Source.SELF)[0]


def prerequisites_missing(
    *, employee: Employee, course, enrollment: Enrollment | None = None
) -> list:
    """Prerequisite courses the employee has not completed (any cycle), and,
    when the current `enrollment` came with a sequential learning path, the
    path's earlier courses not completed yet."""
    prereqs = [_canonical(p) for p in course_selectors.prerequisites_of(course)]
    if enrollment is not None and enrollment.path_enrollment_id:
        path_id = (
            PathEnrollment.objects.filter(pk=enrollment.path_enrollment_id)
            .values_list("path_id", flat=True)
            .first()
        )
        seen = {p.pk for p in prereqs}
        prereqs += [
            c
            for c in course_selectors.earlier_in_sequential_path(
                path_id, _canonical(course)
            )
            if c.pk not in seen
        ]
    if not prereqs:
        return []
    done = set(
        Enrollment.objects.filter(
            employee=employee,
            course__in=prereqs,
            completed_at__isnull=False,
        ).values_list("course_id", flat=True)
    )
    return [p for p in prereqs if p.pk not in done]


def prerequisites_message(missing) -> str:
    titles = "、".join(str(course_selectors.localized(p).title) for p in missing)
    return _("Complete these courses first: %(titles)s") % {"titles": titles}


@transaction.atomic
def onboarding_assign_new_hires(
    *, today: dt.date | None = None, within_days: int = 90, due_in_days: int = 30
) -> int:
    """Assign each onboarding path (``for_new_staff``) to active employees
    hired in the last ``within_days`` whose position it targets (no target
    positions = everyone). Due ``due_in_days`` after hire (at least a week
    from today). Idempotent per person and path."""
    today = today or timezone.localdate()
    from wagtail.models import Locale

    paths = list(course_selectors.onboarding_paths(Locale.get_default()))
    count = 0
    for path in paths:
        hires = Employee.objects.active().filter(
            hire_date__gte=today - dt.timedelta(days=within_days),
            hire_date__lte=today,
        )
        if path.target_positions:
            hires = hires.filter(position__in=path.target_positions)
        hires = hires.exclude(path_enrollments__path=path)
        for employee in hires:
            due = max(
                employee.hire_date + dt.timedelta(days=due_in_days),
                today + dt.timedelta(days=7),
            )
            assignment_create(
                path=path, employees=[employee], due_date=due, source=Source.ONBOARDING
            )
            count += 1
    return count


def position_paths_assign(
    *, employee: Employee, today: dt.date | None = None, due_in_days: int = 30
) -> int:
    """An employee moved to another position: assign the paths that position
    requires and they don't follow yet, due in ``due_in_days``. Nothing is
    taken away. Returns how many paths were assigned."""
    from wagtail.models import Locale

    today = today or timezone.localdate()
    following = set(employee.path_enrollments.values_list("path_id", flat=True))
    count = 0
    for path in course_selectors.position_paths(
        employee.position, Locale.get_default()
    ):
        if path.pk in following:
            continue
        assignment_create(
            path=path,
            employees=[employee],
            due_date=today + dt.timedelta(days=due_in_days),
            source=Source.POSITION,
        )
        count += 1
    return count
