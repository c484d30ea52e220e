"""The quiz's three "during the attempt" review options: per saved answer,
score, correct answer and feedback show on the open attempt when set, and
never otherwise."""

import pytest
from django.urls import reverse

from tests.courses.factories import MARKER
from training import services

from .conftest import correct_answers, make_course, make_quiz

pytestmark = pytest.mark.django_db


def _open_attempt(library, staff, **review):
    quiz = make_quiz(n=2, **review)
    course = make_course(library, lessons=0, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    return services.attempt_start(enrollment=enrollment, quiz=quiz)


def _check(client, attempt):
    answers = correct_answers(attempt)
    response = client.post(
        reverse("training:attempt_save", args=[attempt.pk]),
        {f"q-{qid}": oid for qid, oid in answers.items()} | {"check": "1"},
    )
    assert response.status_code == 302
    return client.get(reverse("training:attempt", args=[attempt.pk])).content.decode()


def test_nothing_shown_during_the_attempt_by_default(library, staff, login):
    attempt = _open_attempt(library, staff)
    client = login(staff)
    body = client.get(reverse("training:attempt", args=[attempt.pk])).content.decode()
    assert "Save and check" not in body
    body = _check(client, attempt)
    assert "question-check" not in body
    assert MARKER not in body and "Correct answer" not in body


@pytest.mark.parametrize(
    "option,shown",
    [
        ("review_during_score", "Score: 100%"),
        ("review_during_answers", "Correct answer"),
        ("review_during_feedback", MARKER),
    ],
)
def test_each_during_option_shows_its_part_only(library, staff, login, option, shown):
    attempt = _open_attempt(library, staff, **{option: True})
    client = login(staff)
    body = _check(client, attempt)
    assert "Save and check" in body and "question-check" in body
    assert shown in body
    others = {"Score: 100%", "Correct answer", MARKER} - {shown}
    assert not any(text in body for text in others)
