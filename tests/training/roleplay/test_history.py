"""Role-play sheets and their criterion scores keep their history
(people.history): old and new value, who and why."""

import pytest
from django.db import InternalError, connection, transaction
from django.urls import reverse

from training.models import CriterionScore
from training.roleplay import services

from . import builders as b

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="history is PostgreSQL's"
)
PASSING = {"Greeting": 2, "Empathy": 1, "Record the complaint": 2, "Upsell": None}


def test_sheet_and_criterion_history(assessor_sheet, trainer, hr, staff, login):
    ids, levels = b.criterion_ids(assessor_sheet), b.levels(assessor_sheet)
    greeting = ids["Greeting"]
    for index in (1, 2):
        services.assessment_save(
            assessment=assessor_sheet,
            scores={greeting: (levels["Greeting"][index], "")},
            by=trainer.user,
        )
    score = CriterionScore.objects.get(assessment=assessor_sheet, criterion_id=greeting)
    change = score.events.select_related("pgh_context").get()
    assert (change.old_level_id, change.level_id) == tuple(levels["Greeting"][1:3])
    assert change.pgh_context.metadata == {
        "user": trainer.user.pk,
        "reason": "sheet saved",
    }

    sheet = b.fill(assessor_sheet, PASSING)
    services.assessment_correct_percent(
        assessment=sheet, percent=90, reason="申诉成立", by=hr.user
    )
    submitted, corrected = sheet.events.select_related("pgh_context").order_by("pgh_id")
    assert (submitted.old_status, submitted.status) == ("draft", "submitted")
    assert (submitted.old_percent, submitted.percent) == (None, 75.0)
    assert (corrected.old_percent, corrected.percent) == (75.0, 90.0)
    assert corrected.pgh_context.metadata == {"user": hr.user.pk, "reason": "申诉成立"}
    with pytest.raises(InternalError), transaction.atomic():
        sheet.events.update(percent=100)

    page = login(hr).get(reverse("people:employee_history", args=[staff.pk]))
    text = page.content.decode()
    assert "申诉成立" in text and "75" in text and "90" in text
