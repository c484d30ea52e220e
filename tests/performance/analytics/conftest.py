"""Quiz attempts written straight to the tables with known marks, so the
page's SQL aggregates can be checked against the pure functions."""

import pytest
from django.utils import timezone

from tests.courses import factories as cf
from tests.factories import employee_with_role
from tests.training.conftest import make_course, wagtail_root
from training.models import AttemptAnswer, Enrollment, QuizAttempt


@pytest.fixture
def library(db):
    wagtail_root()
    return cf.library_site()


def seed_attempts(course, questions, marks, *, weights=None, responses=None):
    """One learner and first attempt per row of `marks` (scores 0..1 per
    question); `responses[i][j]` is stored as the answer (default: the
    correct option when the score is 1, else the first wrong one)."""
    weights = weights or [1.0] * len(questions)
    now = timezone.now()
    for i, row in enumerate(marks):
        learner = employee_with_role("staff")
        enrollment = Enrollment.objects.create(employee=learner, course=course)
        attempt = QuizAttempt.objects.create(
            enrollment=enrollment,
            quiz=course.quiz,
            number=1,
            status=QuizAttempt.Status.FINISHED,
            finished_at=now,
            plan=[
                {"question_id": q.pk, "weight": w}
                for q, w in zip(questions, weights, strict=True)
            ],
        )
        answers = []
        for j, (q, score) in enumerate(zip(questions, row, strict=True)):
            if responses is not None:
                response = responses[i][j]
            else:
                right = [oid for oid, v in q.option_values if v["credit"] >= 1]
                wrong = [oid for oid, v in q.option_values if v["credit"] < 1]
                response = right[0] if score >= 1 else wrong[0]
            answers.append(
                AttemptAnswer(
                    attempt=attempt,
                    question_id=q.pk,
                    position=j + 1,
                    weight=weights[j],
                    response=response,
                    score=score,
                    saved_at=now,
                )
            )
        AttemptAnswer.objects.bulk_create(answers)


@pytest.fixture
def quiz_course(library):
    questions = [cf.question() for _ in range(3)]
    quiz = cf.quiz(questions)
    course = make_course(library, lessons=0, quiz=quiz)
    return course, questions
