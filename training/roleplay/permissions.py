"""Who may see which role-play records, built on people.access.

A session is visible to its organiser (the trainer who runs it), its
assessors, its learners, the learners' managers (people.access's learning
rule) and HR. Score sheets are narrower: a learner sees their own self-
assessment and their assessors' submitted results, never a blind second
sheet; an assessor sees the other sheets for a learner only after submitting
their own (blind scoring); calibration sheets are seen by their author, the
organiser and HR. Everything else answers 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from people.access import employee_of, employees_visible_to, visibility_q
from people.models import Employee
from people.roles import Role, has_role, roles_of
from training.models import (
    CalibrationSession,
    Recording,
    RolePlayAssessment,
    RolePlaySession,
)

SCHEDULERS = (Role.TRAINER, Role.MANAGER, Role.HR)
CALIBRATORS = (Role.TRAINER, Role.HR)

Kind = RolePlayAssessment.Kind
SUBMITTED = RolePlayAssessment.Status.SUBMITTED


def is_hr(user) -> bool:
    return Role.HR in roles_of(user)


def can_schedule(user) -> bool:
    return has_role(user, *SCHEDULERS) and employee_of(user) is not None


def can_run_calibration(user) -> bool:
    return has_role(user, *CALIBRATORS) and employee_of(user) is not None


def schedulable(user) -> tuple[QuerySet[Employee], QuerySet[Employee]]:
    """(learners, assessors) a scheduler may pick: managers their own people,
    trainers and HR anyone active; assessors any active employee (peers)."""
    active = Employee.objects.active().order_by("name", "pk")
    if has_role(user, Role.TRAINER, Role.HR):
        return active, active
    visible = employees_visible_to(user, record="learning").active()
    return visible.order_by("name", "pk"), active


def scoring_kind(me: Employee, session: RolePlaySession, learner: Employee) -> str:
    """Which sheet ``me`` fills in for ``learner``; PermissionDenied if none."""
    if me.pk == learner.pk:
        return Kind.SELF
    if session.second_assessor_id == me.pk:
        return Kind.SECOND
    if is_session_assessor(me, session):
        return Kind.ASSESSOR
    raise PermissionDenied


def _managed_learners(user) -> QuerySet[Employee] | None:
    """Employees whose learning records a manager sees (not themselves)."""
    if Role.MANAGER not in roles_of(user):
        return None
    q = visibility_q(user, record="learning")
    if q is None:
        return None
    return Employee.objects.filter(q).exclude(pk=getattr(employee_of(user), "pk", None))


def sessions_visible_to(user) -> QuerySet[RolePlaySession]:
    if is_hr(user):
        return RolePlaySession.objects.all()
    me = employee_of(user)
    if me is None:
        return RolePlaySession.objects.none()
    # Each way in is its own indexed lookup (an OR across joins of both
    # participant tables scanned every session's every learner and assessor).
    people = [me.pk]
    if _managed_learners(user) is not None:
        # Me and the people I manage (people.access's filter), read first: a
        # short list of ids lets the participant table be read through its
        # employee index (as a subquery inside the OR it was scanned whole).
        people = list(
            Employee.objects.filter(visibility_q(user, record="learning")).values_list(
                "pk", flat=True
            )
        )
    learners = RolePlaySession.learners.through.objects.filter(employee_id__in=people)
    assessing = RolePlaySession.assessors.through.objects.filter(employee=me)
    return RolePlaySession.objects.filter(
        Q(organiser=me)
        | Q(second_assessor=me)
        | Q(pk__in=assessing.values("roleplaysession_id"))
        | Q(pk__in=learners.values("roleplaysession_id"))
    )


def can_view_session(user, session: RolePlaySession) -> bool:
    return sessions_visible_to(user).filter(pk=session.pk).exists()


def is_session_assessor(employee: Employee | None, session: RolePlaySession) -> bool:
    """Primary assessors and the organiser (the trainer fallback) may score."""
    if employee is None:
        return False
    return (
        session.organiser_id == employee.pk
        or session.assessors.filter(pk=employee.pk).exists()
    )


def sees_assessor_notes(user, session: RolePlaySession) -> bool:
    """Assessor notes, customer script and model answer: assessors, the
    organiser and HR only; never a learner of the session."""
    me = employee_of(user)
    if me is not None and session.learners.filter(pk=me.pk).exists():
        return False
    return (
        is_hr(user)
        or is_session_assessor(me, session)
        or (me is not None and session.second_assessor_id == me.pk)
    )


def calibrations_visible_to(user) -> QuerySet[CalibrationSession]:
    if is_hr(user):
        return CalibrationSession.objects.all()
    me = employee_of(user)
    if me is None:
        return CalibrationSession.objects.none()
    return CalibrationSession.objects.filter(
        pk__in=CalibrationSession.objects.filter(
            Q(organiser=me) | Q(assessors=me)
        ).values("pk")
    )


def can_use_calibration(user) -> bool:
    """Whether calibration is offered to the user: trainers and HR run it,
    managers are its usual assessors; anyone else only once chosen as an
    assessor of one (the one case that costs a query)."""
    if has_role(user, *CALIBRATORS, Role.MANAGER):
        return employee_of(user) is not None
    return calibrations_visible_to(user).exists()


def can_see_calibration_report(user, calibration: CalibrationSession) -> bool:
    me = employee_of(user)
    return is_hr(user) or (me is not None and calibration.organiser_id == me.pk)


def recordings_visible_to(user) -> QuerySet[Recording]:
    if is_hr(user):
        return Recording.objects.all()
    me = employee_of(user)
    if me is None:
        return Recording.objects.none()
    q = (
        Q(learner=me, session__isnull=False)
        | Q(session__organiser=me)
        | Q(session__assessors=me)
        | Q(session__second_assessor=me)
        | Q(calibration__organiser=me)
        | Q(calibration__assessors=me)
    )
    managed = _managed_learners(user)
    if managed is not None:
        q |= Q(learner__in=managed, session__isnull=False)
    return Recording.objects.filter(pk__in=Recording.objects.filter(q).values("pk"))


def assessments_visible_to(user) -> QuerySet[RolePlayAssessment]:
    me = employee_of(user)
    if me is None:
        return RolePlayAssessment.objects.none()
    mine = Q(assessor=me)
    if is_hr(user):
        return RolePlayAssessment.objects.filter(mine | Q(status=SUBMITTED))
    own_results = Q(learner=me, kind=Kind.ASSESSOR, status=SUBMITTED)
    # An organiser who also scores the session is blind like any assessor.
    scoring_in = RolePlaySession.objects.filter(Q(assessors=me) | Q(second_assessor=me))
    organised = Q(session__organiser=me, status=SUBMITTED) & ~Q(
        session__in=scoring_in.values("pk")
    )
    organised |= Q(calibration__organiser=me, status=SUBMITTED)
    # An assessor sees the other sheets for a learner once theirs is in.
    scored_mine = RolePlayAssessment.objects.filter(
        session=OuterRef("session"),
        learner=OuterRef("learner"),
        assessor=me,
        kind__in=[Kind.ASSESSOR, Kind.SECOND],
        status=SUBMITTED,
    )
    q = mine | own_results | organised
    q |= Q(Exists(scored_mine), session__isnull=False, status=SUBMITTED)
    managed = _managed_learners(user)
    if managed is not None:
        q |= Q(learner__in=managed, session__isnull=False, status=SUBMITTED)
    return RolePlayAssessment.objects.filter(
        pk__in=RolePlayAssessment.objects.filter(q).values("pk")
    )
