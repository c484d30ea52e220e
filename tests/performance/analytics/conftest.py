"""Quiz attempts written straight to the tables with known marks, so the
page's SQL aggregates can be checked against the pure functions."""

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from performance.models import Level, Metric, Observation
from performance.services import metric_builtins_ensure
from tests.courses import factories as cf
from tests.factories import employee_with_role
from tests.training.conftest import make_course, wagtail_root
from training.models import AttemptAnswer, CourseFeedback, Enrollment, QuizAttempt


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


def _month_start(months_ago: int) -> dt.date:
    today = timezone.localdate().replace(day=1)
    index = today.year * 12 + today.month - 1 - months_ago
    return dt.date(index // 12, index % 12 + 1, 1)


def seed_course_panel(
    library,
    *,
    effect: float,
    people: int = 24,
    seed=1,
    title="Course",
    position="teller",
):
    """`people` tellers: two thirds complete the course 4 or 3 months ago,
    the rest not; a monthly CSAT for each over 9 months, + `effect` from the
    completion month on; feedback, and pre/post tests for the trained."""
    metric_builtins_ensure()
    csat = Metric.objects.get(code="csat")
    pre = cf.quiz([cf.question()], title="Pre", is_pretest=True)
    course = make_course(library, lessons=0, quiz=cf.quiz([cf.question()]), title=title)
    rng = np.random.default_rng(seed)
    observations = []
    for i in range(people):
        person = employee_with_role("staff", position=position)
        done = [4, 3, None][i % 3]
        enrollment = Enrollment.objects.create(employee=person, course=course)
        if done is not None:
            completed = timezone.make_aware(
                dt.datetime.combine(_month_start(done), dt.time(12))
            ) + dt.timedelta(days=2)
            Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=completed)
            CourseFeedback.objects.create(
                enrollment=enrollment, rating=4 + i % 2, comment=f"useful {i}"
            )
            for quiz, percent in ((pre, 40 + i % 5), (course.quiz, 70 + i % 7)):
                QuizAttempt.objects.create(
                    enrollment=enrollment,
                    quiz=quiz,
                    number=1,
                    status="finished",
                    finished_at=completed,
                    percent=percent,
                )
        level = rng.normal(80, 2)
        for ago in range(8, -1, -1):
            value = level + rng.normal(0, 0.5)
            if done is not None and ago <= done:
                value += effect
            observations.append(
                Observation(
                    metric=csat,
                    level=Level.EMPLOYEE,
                    employee=person,
                    period_start=_month_start(ago),
                    period_end=_month_start(ago),
                    value=value,
                    source="test",
                )
            )
    Observation.objects.bulk_create(observations)
    return course, csat
