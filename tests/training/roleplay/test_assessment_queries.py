"""The learner's assessment sheet reads each sheet's scores once, whatever the
number of rubric criteria."""

import pytest
from django.urls import reverse

from tests.courses import factories as cf
from training.models import RolePlayAssessment
from training.roleplay import services

from . import builders as b

pytestmark = pytest.mark.django_db


def scored_sheet(trainer, staff, criteria: int):
    rubric = cf.rubric(criteria=[cf.criterion(f"C{i}") for i in range(criteria)])
    session = b.schedule(
        organiser=trainer,
        learners=[staff],
        assessors=[trainer],
        scenario_obj=b.scenario(rubric),
    )
    sheets = {}
    for kind, assessor in (
        (RolePlayAssessment.Kind.ASSESSOR, trainer),
        (RolePlayAssessment.Kind.SELF, staff),
    ):
        sheet = services.session_start_assessment(
            session=session, learner=staff, assessor=assessor, kind=kind
        )
        b.fill(sheet, {f"C{i}": i % 3 for i in range(criteria)})
        sheets[kind] = sheet
    return sheets[RolePlayAssessment.Kind.ASSESSOR]


def test_assessment_page_bounded(login, trainer, staff, django_assert_max_num_queries):
    client = login(staff)
    for criteria in (2, 12):
        sheet = scored_sheet(trainer, staff, criteria)
        url = reverse("training:roleplay_assessment", args=[sheet.pk])
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
        assert f"C{criteria - 1}" in response.text
