import pytest

from training.models import RolePlayAssessment
from training.roleplay import services

from . import builders as b


@pytest.fixture
def scenario(db):
    return b.scenario()


@pytest.fixture
def session(scenario, trainer, staff):
    """A role-play of ``staff`` organised and assessed by ``trainer``."""
    return b.schedule(
        organiser=trainer, learners=[staff], assessors=[trainer], scenario_obj=scenario
    )


@pytest.fixture
def assessor_sheet(session, trainer, staff):
    return services.session_start_assessment(
        session=session,
        learner=staff,
        assessor=trainer,
        kind=RolePlayAssessment.Kind.ASSESSOR,
    )


@pytest.fixture
def self_sheet(session, staff):
    return services.session_start_assessment(
        session=session,
        learner=staff,
        assessor=staff,
        kind=RolePlayAssessment.Kind.SELF,
    )


@pytest.fixture
def library(db):
    from tests.courses.factories import library_site

    return library_site()
