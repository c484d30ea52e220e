"""Quiz.is_pretest: a course's pre-test is taken before the lessons, does not
count for completion, and its result is kept for the pre/post comparison
(training.selectors.pre_post_grades, read by the analytics)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from training import selectors, services
from training.models import LessonProgress, QuizAttempt

from .conftest import correct_answers, make_course, make_quiz, wrong_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def pretest(db):
    return make_quiz(n=2, is_pretest=True, time_limit_minutes=None)


def test_pretest_first_then_lessons_and_it_does_not_count(
    library, quiz, pretest, staff, login
):
    course = make_course(library, lessons=1, quiz=quiz, require_quiz=True)
    course.pretest = pretest
    course.save_revision().publish()
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    lesson = course.get_children().first()
    client = login(staff)
    response = client.get(reverse("training:lesson", args=[lesson.pk]))
    assert response.status_code == 302 and response.url.endswith("#pretest")
    assert not LessonProgress.objects.exists()
    assert (
        "Start the pre-test"
        in client.get(reverse("training:course", args=[course.pk])).content.decode()
    )

    client.post(reverse("training:pretest_start", args=[course.pk]))
    pre = QuizAttempt.objects.get(quiz=pretest)
    services.attempt_submit(attempt=pre, answers=correct_answers(pre))
    enrollment.refresh_from_db()
    assert enrollment.quiz_grade is None and enrollment.quiz_passed_at is None
    assert enrollment.progress_percent == 0

    assert client.get(reverse("training:lesson", args=[lesson.pk])).status_code == 200
    post = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=post, answers=wrong_answers(post))
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None  # a passed pre-test is not the quiz

    (row,) = selectors.pre_post_grades(course_ids=[course.pk])
    assert (row.enrollment_id, row.pre, row.post) == (enrollment.pk, 100.0, 0.0)


def test_pretest_must_be_marked_as_one(library, quiz):
    course = make_course(library, lessons=0)
    course.pretest = quiz  # an ordinary quiz
    with pytest.raises(ValidationError, match="pre-test"):
        course.full_clean()
