"""Correct answers and feedback never reach the learner before the quiz's
review options allow them: a marker placed in option feedback and general
feedback must appear in no HTML or JSON response."""

import pytest
from django.urls import reverse

from courses.models import Question
from tests.courses.factories import MARKER, option
from training import services

from .conftest import make_course, make_quiz

pytestmark = pytest.mark.django_db

HIDE_ALL = {
    f"review_{phase}_{item}": False
    for phase in ("during", "after", "closed")
    for item in ("answers", "feedback")
}


def marked_quiz(**review):
    """One question of every kind, with the marker in feedback and in the
    correct option's text is NOT allowed (it is shown), so only feedback and
    general feedback carry it; true/false carries it in its feedback."""
    from tests.courses import factories as cf

    questions = [
        cf.question(general_feedback=f"G {MARKER}"),
        cf.question(
            Question.Kind.TRUE_FALSE,
            true_false_answer=True,
            feedback_true=f"T {MARKER}",
            feedback_false=f"F {MARKER}",
        ),
        cf.question(
            Question.Kind.MULTIPLE,
            options=[
                option("A", 0.5, f"fa {MARKER}"),
                option("B", 0.5, f"fb {MARKER}"),
                option("C", -1, f"fc {MARKER}"),
            ],
        ),
        cf.question(
            Question.Kind.ORDERING,
            options=[option("一"), option("二"), option("三")],
            general_feedback=f"order {MARKER}",
        ),
    ]
    quiz = cf.quiz(questions, time_limit_minutes=10, pass_mark=50, **review)
    return quiz


def crawl(client, attempt, course):
    """Every learner-facing response around the attempt."""
    urls = [
        reverse("training:dashboard"),
        reverse("training:course", args=[course.pk]),
        reverse("training:attempt", args=[attempt.pk]),
        reverse("training:attempt_review", args=[attempt.pk]),
    ]
    bodies = [client.get(u, follow=True).content.decode() for u in urls]
    bodies.append(
        client.post(
            reverse("training:attempt_save", args=[attempt.pk]),
            {"answers": {}},
            content_type="application/json",
        ).content.decode()
    )
    return bodies


def test_marker_absent_during_and_after_when_review_forbids(login, staff, library):
    """With review of answers/feedback off, the marker appears nowhere: not
    while answering, not after submitting."""
    quiz = marked_quiz(**HIDE_ALL)
    course = make_course(library, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    client = login(staff)
    client.post(reverse("training:quiz_start", args=[course.pk]))
    attempt = enrollment.attempts.get()
    for body in crawl(client, attempt, course):
        assert MARKER not in body
    # The quiz's JSON autosave answer and the refused-submit page too.
    response = client.post(
        reverse("training:attempt_submit", args=[attempt.pk]),
        {"answers": {"1": "x"}},
        content_type="application/json",
    )
    assert MARKER not in response.content.decode()
    services.attempt_submit(attempt=attempt)
    for body in crawl(client, attempt, course):
        assert MARKER not in body


def test_marker_shown_once_review_allows(login, staff, library):
    """Control: when the quiz allows feedback after submitting, it is shown
    (so the test above really looks in the right places)."""
    quiz = marked_quiz(review_after_feedback=True, review_during_feedback=False)
    course = make_course(library, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    client = login(staff)
    client.post(reverse("training:quiz_start", args=[course.pk]))
    attempt = enrollment.attempts.get()
    body = client.get(reverse("training:attempt", args=[attempt.pk])).content.decode()
    assert MARKER not in body
    services.attempt_submit(attempt=attempt)
    body = client.get(
        reverse("training:attempt_review", args=[attempt.pk])
    ).content.decode()
    assert MARKER in body


def test_default_quiz_hides_correct_answers_after_submit(login, staff, library):
    """Moodle defaults: right after submitting, the score and feedback but not
    the correct answers; the correct option's id is not in the page."""
    quiz = make_quiz(n=1)
    course = make_course(library, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=attempt)
    client = login(staff)
    body = client.get(
        reverse("training:attempt_review", args=[attempt.pk])
    ).content.decode()
    assert "Correct answer" not in body
