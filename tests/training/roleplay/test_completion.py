"""Role-plays and the learning engine: a passed required role-play counts
toward course completion; a remedial course is assigned through it."""

import pytest

from tests.training.conftest import make_course
from training import services as learning
from training.models import Enrollment, RolePlayAssessment
from training.roleplay import services

from . import builders as b

pytestmark = pytest.mark.django_db
PASSING = {"Greeting": 2, "Empathy": 1, "Record the complaint": 2, "Upsell": None}
FAILING = {"Greeting": 2, "Empathy": 2, "Record the complaint": 0, "Upsell": 2}


def _scored(*, library, scenario, trainer, staff, picks):
    course = make_course(library, lessons=0, role_play=scenario, require_role_play=True)
    learning.assignment_create(course=course, employees=[staff])
    session = b.schedule(
        organiser=trainer,
        learners=[staff],
        assessors=[trainer],
        scenario_obj=scenario,
        course=course,
    )
    sheet = services.session_start_assessment(
        session=session,
        learner=staff,
        assessor=trainer,
        kind=RolePlayAssessment.Kind.ASSESSOR,
    )
    b.fill(sheet, picks)
    return Enrollment.objects.get(employee=staff, course=course)


def test_passing_required_role_play_completes_the_course(
    library, scenario, trainer, staff
):
    enrollment = _scored(
        library=library, scenario=scenario, trainer=trainer, staff=staff, picks=PASSING
    )
    assert enrollment.roleplay_passed_at is not None
    assert enrollment.completed_at is not None


def test_failed_role_play_does_not_count(library, scenario, trainer, staff):
    """A failed critical criterion fails the role-play, so nothing is recorded."""
    enrollment = _scored(
        library=library, scenario=scenario, trainer=trainer, staff=staff, picks=FAILING
    )
    assert enrollment.roleplay_passed_at is None
    assert enrollment.completed_at is None


def test_remedial_course_is_assigned(library, assessor_sheet, trainer, staff):
    course = make_course(library, lessons=1)
    b.fill(assessor_sheet, FAILING)
    services.coaching_action_create(
        assessment=assessor_sheet, by=trainer, kind="course", course=course
    )
    enrollment = Enrollment.objects.get(employee=staff, course=course)
    assert enrollment.source == "remedial"
    assert enrollment.assigned_by == trainer


LOW = {"Greeting": 0, "Empathy": 0, "Record the complaint": 1, "Upsell": None}


def _two_assessors(*, library, scenario, trainer, manager, staff, rule):
    """The course's role-play judged by `rule`; the trainer and the
    learner's manager each open a sheet."""
    course = make_course(
        library,
        lessons=0,
        role_play=scenario,
        require_role_play=True,
        role_play_rule=rule,
    )
    learning.assignment_create(course=course, employees=[staff])
    session = b.schedule(
        organiser=trainer,
        learners=[staff],
        assessors=[trainer, manager],
        scenario_obj=scenario,
        course=course,
    )
    sheets = {
        who: services.session_start_assessment(
            session=session,
            learner=staff,
            assessor=who,
            kind=RolePlayAssessment.Kind.ASSESSOR,
        )
        for who in (trainer, manager)
    }

    def passed_at():
        return Enrollment.objects.get(employee=staff, course=course).roleplay_passed_at

    return sheets, passed_at


def test_mean_rule_waits_for_every_assessor_and_averages(
    library, scenario, trainer, manager, staff
):
    """75 % then 12.5 %: "any passing sheet" would have passed at the first;
    the mean (43.75 %) is below the 70 % pass mark, so it fails."""
    sheets, passed_at = _two_assessors(
        library=library,
        scenario=scenario,
        trainer=trainer,
        manager=manager,
        staff=staff,
        rule="mean",
    )
    b.fill(sheets[trainer], PASSING)
    assert passed_at() is None  # the manager has not scored yet
    b.fill(sheets[manager], LOW)
    assert passed_at() is None


def test_mean_rule_passes_on_a_passing_mean(library, scenario, trainer, manager, staff):
    sheets, passed_at = _two_assessors(
        library=library,
        scenario=scenario,
        trainer=trainer,
        manager=manager,
        staff=staff,
        rule="mean",
    )
    b.fill(sheets[manager], PASSING)
    assert passed_at() is None
    b.fill(sheets[trainer], PASSING)
    assert passed_at() is not None


def test_manager_rule_counts_only_the_managers_sheet(
    library, scenario, trainer, manager, staff
):
    sheets, passed_at = _two_assessors(
        library=library,
        scenario=scenario,
        trainer=trainer,
        manager=manager,
        staff=staff,
        rule="manager",
    )
    b.fill(sheets[trainer], PASSING)
    assert passed_at() is None
    b.fill(sheets[manager], PASSING)
    assert passed_at() is not None
