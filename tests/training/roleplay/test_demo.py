import pytest

from training.models import CalibrationSession, RolePlayAssessment, RolePlaySession
from training.roleplay import selectors

from . import builders as b

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent():
    """Two role-plays for staff@demo.local (one scored with a self-assessment)
    and a three-assessor calibration with a report; a second run adds nothing."""
    from people.demo import seed as seed_people
    from training.demo import seed

    seed_people()
    b.scenario()
    seed()
    seed()
    assert RolePlaySession.objects.count() == 2
    kinds = set(
        RolePlayAssessment.objects.filter(session__isnull=False).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"self", "assessor"}
    calibration = CalibrationSession.objects.get()
    report = selectors.calibration_report(calibration)
    assert report.submitted == 6 and report.overall.icc_2_1 is not None
