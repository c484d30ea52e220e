"""Quiz grades and role-play criterion scores keep their history
(people.history): old and new value, and why, in append-only rows."""

from decimal import Decimal

import pytest
from django.db import InternalError, connection, transaction

from training import services
from training.models import QuizAttempt

from .conftest import correct_answers, wrong_answers

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="history is PostgreSQL's"
)


def test_quiz_grade_history(enrollment, quiz):
    first = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=first, answers=wrong_answers(first))
    second = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=second, answers=correct_answers(second))

    attempt_event = QuizAttempt.objects.get(pk=second.pk).events.get()
    assert attempt_event.old_percent is None
    assert attempt_event.percent == Decimal("100.00")
    grades = list(enrollment.events.select_related("pgh_context").order_by("pgh_id"))
    assert [(e.old_quiz_grade, e.quiz_grade) for e in grades] == [
        (None, Decimal("0.00")),
        (Decimal("0.00"), Decimal("100.00")),
    ]
    assert grades[-1].pgh_context.metadata["reason"] == "quiz submitted"
    with pytest.raises(InternalError), transaction.atomic():
        enrollment.events.update(quiz_grade=Decimal("100"))
