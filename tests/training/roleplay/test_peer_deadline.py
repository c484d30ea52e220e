"""A role-play's peer deadline is enforced: a peer's sheet submitted after
it is refused (nothing stored) and the session goes on with the others."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.scoring import InvalidResponse
from tests.factories import EmployeeFactory
from training.models import RolePlayAssessment
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
