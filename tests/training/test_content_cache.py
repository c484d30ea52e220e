"""training.content caches what every learner sees the same way (course, quiz
and path titles, outlines, completion rules, question content); an edit or a
publish must show at once."""

import pytest
from django.urls import reverse

from courses.models import Question
from tests.courses import factories as cf
from training import services

from .conftest import correct_answers, make_course, make_quiz

pytestmark = pytest.mark.django_db


def test_published_title_shows_on_dashboard_course_and_verify(library, staff, login):
    course = make_course(library, lessons=1, title="Old course title")
    services.assignment_create(course=course, employees=[staff])
    client = login(staff)
    assert "Old course title" in client.get(reverse("training:dashboard")).text
    course.title = "New course title"
    course.save_revision().publish()
    assert "New course title" in client.get(reverse("training:dashboard")).text
    page = client.get(reverse("training:course", args=[course.pk])).text
    assert "New course title" in page and "Old course title" not in page


def test_new_lesson_shows_in_outline(library, staff, login):
    course = make_course(library, lessons=1)
    services.assignment_create(course=course, employees=[staff])
    client = login(staff)
    client.get(reverse("training:course", args=[course.pk]))  # cached
    cf.LessonPageFactory(parent=course, title="A lesson added later")
    page = client.get(reverse("training:course", args=[course.pk])).text
    assert "A lesson added later" in page


def test_new_course_is_open_at_once(library, staff, login):
    client = login(staff)
    client.get(reverse("training:dashboard"))  # directory cached
    course = make_course(library, lessons=1, title="Brand new course")
    assert "Brand new course" in client.get(reverse("training:dashboard")).text
    assert client.get(reverse("training:course", args=[course.pk])).status_code == 200


def test_unpublished_course_is_404(library, staff, login):
    course = make_course(library, lessons=1)
    client = login(staff)
    url = reverse("training:course", args=[course.pk])
    assert client.get(url).status_code == 200
    course.unpublish()
    assert client.get(url).status_code == 404


def test_grading_follows_an_edited_question(library, staff, login):
    """The submit grades with cached question specs: changing which option
    is correct is graded by the new key."""
    quiz = make_quiz(n=1, attempts_allowed=None)
    course = make_course(library, lessons=1, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    first = services.attempt_start(enrollment=enrollment, quiz=quiz)
    right = correct_answers(first)
    services.attempt_submit(attempt=first, answers=right)  # specs cached
    first.refresh_from_db()
    assert first.passed
    ((qid, old_right),) = right.items()
    question = Question.objects.get(pk=qid)
    options = [(oid, dict(v)) for oid, v in question.option_values]
    new_right = next(oid for oid, v in options if oid != old_right)
    question.options = [
        cf.option(v["text"], 1.0 if oid == new_right else 0.0, v["feedback"], id=oid)
        for oid, v in options
    ]
    question.save()
    second = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=second, answers={qid: old_right})
    second.refresh_from_db()
    assert second.passed is False and second.percent == 0
    third = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=third, answers={qid: new_right})
    third.refresh_from_db()
    assert third.passed
