"""Learner pages run a bounded number of queries whatever the history size:
each page is measured after a short and a long history and must stay under
the same ceiling."""

import pytest
from django.urls import reverse

from courses.selectors import lessons_of
from training import services

from .conftest import make_course, make_quiz, wrong_answers

pytestmark = pytest.mark.django_db

# Measured on PostgreSQL, independent of history size. The first visit fills
# training.content's cache (course, quiz and path directories, the outline,
# the completion rule, question content); later visits read only the
# learner's own rows: dashboard 9, course 7, lesson 9, review 6, submit 13
# (two of them savepoints).
BOUNDS = {
    "dashboard": 14,
    "course": 9,
    "lesson": 14,
    "attempt": 12,
    "submit": 13,
    "review": 6,
}
WARM = {"dashboard": 9, "course": 7, "lesson": 9, "review": 6, "submit": 13}


def grow_history(library, staff, n):
    """n more completed courses, each with a certificate and a failed attempt."""
    for _ in range(n):
        quiz = make_quiz(n=1, attempts_allowed=None)
        course = make_course(library, lessons=1, quiz=quiz)
        enrollment = services.assignment_create(course=course, employees=[staff])[0]
        services.lesson_viewed(enrollment=enrollment, lesson=lessons_of(course).first())
        a = services.attempt_start(enrollment=enrollment, quiz=quiz)
        services.attempt_submit(attempt=a, answers=wrong_answers(a))


def measure(client, django_assert_max_num_queries, course, enrollment, quiz, bounds):
    lesson = lessons_of(course).first()
    with django_assert_max_num_queries(bounds["dashboard"]):
        assert client.get(reverse("training:dashboard")).status_code == 200
    with django_assert_max_num_queries(bounds["course"]):
        assert (
            client.get(reverse("training:course", args=[course.pk])).status_code == 200
        )
    with django_assert_max_num_queries(bounds["lesson"]):
        assert (
            client.get(reverse("training:lesson", args=[lesson.pk])).status_code == 200
        )
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    with django_assert_max_num_queries(bounds.get("attempt", BOUNDS["attempt"])):
        assert (
            client.get(reverse("training:attempt", args=[attempt.pk])).status_code
            == 200
        )
    answers = {str(k): v for k, v in wrong_answers(attempt).items()}
    with django_assert_max_num_queries(bounds["submit"]):
        response = client.post(
            reverse("training:attempt_submit", args=[attempt.pk]),
            {"answers": answers},
            content_type="application/json",
        )
        assert response.status_code == 302
    with django_assert_max_num_queries(bounds["review"]):
        assert (
            client.get(
                reverse("training:attempt_review", args=[attempt.pk])
            ).status_code
            == 200
        )


@pytest.mark.parametrize("history", [1, 12])
def test_learner_pages_bounded(
    history, library, staff, login, django_assert_max_num_queries
):
    quiz = make_quiz(n=5, attempts_allowed=None)
    course = make_course(library, lessons=4, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    grow_history(library, staff, history)
    client = login(staff)
    measure(client, django_assert_max_num_queries, course, enrollment, quiz, BOUNDS)
    measure(client, django_assert_max_num_queries, course, enrollment, quiz, WARM)
