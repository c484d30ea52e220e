"""Fixtures for the learning half of training: a live course with lessons and
a timed quiz whose feedback carries a marker (tests.courses.factories.MARKER)."""

import pytest

from courses.models import Question
from tests.courses import factories as cf
from training import services


def wagtail_root():
    """Transactional tests flush the database, Wagtail's root page and default
    locale (made by migrations) included; put them back when missing."""
    from django.conf import settings
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Locale, Page

    language = get_supported_language_variant(settings.LANGUAGE_CODE)
    locale = Locale.objects.get_or_create(language_code=language)[0]
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture
def library(db):
    wagtail_root()
    return cf.library_site()


def make_course(library, *, lessons=2, quiz=None, **kwargs):
    course = cf.CoursePageFactory(parent=library, quiz=quiz, **kwargs)
    for _ in range(lessons):
        cf.LessonPageFactory(
            parent=course,
            body=[("rich_text", "<p>欢迎光临 — greet every customer</p>")],
        )
    return course


def make_quiz(n=3, **kwargs):
    kwargs.setdefault("time_limit_minutes", 10)
    kwargs.setdefault("pass_mark", 60)
    kwargs.setdefault("shuffle_questions", True)
    questions = [cf.question(general_feedback=f"General {cf.MARKER}") for _ in range(n)]
    return cf.quiz(questions, **kwargs)


@pytest.fixture
def quiz(db):
    return make_quiz()


@pytest.fixture
def course(library, quiz):
    return make_course(library, quiz=quiz, require_quiz=True)


@pytest.fixture
def enrollment(staff, course):
    return services.assignment_create(course=course, employees=[staff])[0]


def correct_answers(attempt) -> dict:
    """{question id: the correct option id} for single-choice questions."""
    result = {}
    for item in attempt.plan:
        q = Question.objects.get(pk=item["question_id"])
        result[q.pk] = next(oid for oid, v in q.option_values if v["credit"] >= 1)
    return result


def wrong_answers(attempt) -> dict:
    result = {}
    for item in attempt.plan:
        q = Question.objects.get(pk=item["question_id"])
        result[q.pk] = next(oid for oid, v in q.option_values if v["credit"] < 1)
    return result
