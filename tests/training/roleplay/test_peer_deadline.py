"""A role-play's peer deadline is enforced: a peer's sheet submitted after
it is refused (nothing stored) and the session goes on with the others."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.scoring import InvalidResponse
from tests.factories import EmployeeFactory
from training.models import RolePlayAssessment, RolePlaySession
from training.roleplay import services

from . import builders as b

pytestmark = pytest.mark.django_db

PICKS = {"Greeting": 2, "Empathy": 2, "Record the complaint": 2, "Upsell": None}


def _session(trainer, staff, peer, deadline):
    session = b.schedule(
        organiser=trainer,
        learners=[staff],
        assessors=[peer, trainer],
        peer_deadline=deadline,
    )
    return {
        who: services.session_start_assessment(
            session=session,
            learner=staff,
            assessor=who,
            kind=RolePlayAssessment.Kind.ASSESSOR,
        )
        for who in (peer, trainer)
    }


def test_late_peer_sheet_refused_trainer_sheet_counts(trainer, staff):
    peer = EmployeeFactory(store=staff.store)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    sheets = _session(trainer, staff, peer, yesterday)
    with pytest.raises(InvalidResponse, match="peer scoring deadline has passed"):
        b.fill(sheets[peer], PICKS)
    sheets[peer].refresh_from_db()
    assert not sheets[peer].is_submitted
    done = b.fill(sheets[trainer], PICKS)  # the trainer is not a peer
    assert done.is_submitted


def test_peer_sheet_before_the_deadline_is_accepted(trainer, staff):
    peer = EmployeeFactory(store=staff.store)
    sheets = _session(trainer, staff, peer, timezone.localdate())
    assert b.fill(sheets[peer], PICKS).is_submitted


def test_course_trainer_asked_to_score_once_after_the_deadline(
    library, trainer, manager, staff
):
    """Past the peer deadline with the learner unscored, the course's trainer
    (its page owner) joins the assessors and gets a notification; a second
    run asks nobody again, and a session still within its deadline waits."""
    from people.models import Notification
    from tests.training.conftest import make_course

    course = make_course(library, owner=trainer.user)
    peer = EmployeeFactory(store=staff.store)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    late = b.schedule(
        organiser=manager,
        learners=[staff],
        assessors=[peer],
        peer_deadline=yesterday,
        course=course,
    )
    waiting = b.schedule(
        organiser=manager,
        learners=[staff],
        assessors=[peer],
        peer_deadline=timezone.localdate(),
        course=course,
    )
    assert services.sessions_trainer_fallback() == 1
    assert trainer in late.assessors.all()
    assert trainer not in waiting.assessors.all()
    note = Notification.objects.get(employee=trainer)
    assert note.kind == "roleplay" and yesterday.isoformat() in note.message
    assert services.sessions_trainer_fallback() == 0
    assert Notification.objects.filter(employee=trainer).count() == 1


def test_scored_session_needs_no_trainer_and_organiser_stands_in(
    trainer, manager, staff
):
    """A learner already scored by a peer needs no fallback; without a
    course trainer the organiser is the one asked."""
    peer = EmployeeFactory(store=staff.store)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    sheets = _session(trainer, staff, peer, timezone.localdate())
    b.fill(sheets[peer], PICKS)
    RolePlaySession.objects.filter(pk=sheets[peer].session_id).update(
        peer_deadline=yesterday
    )
    assert services.sessions_trainer_fallback() == 0
    unscored = b.schedule(
        organiser=manager, learners=[staff], assessors=[peer], peer_deadline=yesterday
    )
    assert services.sessions_trainer_fallback() == 1
    assert manager in unscored.assessors.all()
