"""The bilingual demo curriculum."""

import pytest
from wagtail.models import Locale

from courses import demo
from courses.models import CoursePage, LearningPath, LessonPage, Question
from courses.selectors import (
    course_completion_rule,
    learning_path_courses,
    question_spec,
    quiz_for_attempt,
    rubric_snapshot,
    spec_from_snapshot,
)
from people import demo as people_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    people_demo.seed()
    return demo.seed()


def test_seed_is_idempotent(seeded):
    counts = (
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        Question.objects.count(),
    )
    demo.seed()
    assert (
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        Question.objects.count(),
    ) == counts


def _four_complete_courses_in_both_languages(seeded):
    """Each course: two+ lessons with varied blocks, a quiz of eight+ mixed
    questions, a role-play with a rubric; all in zh-hans and en."""
    import random

    zh = Locale.objects.get(language_code="zh-hans")
    en = Locale.objects.get(language_code="en")
    courses = CoursePage.objects.filter(locale=zh).live()
    assert courses.count() == 4
    for course in courses:
        translation = course.get_translation(en)
        assert translation.live and translation.title != course.title
        lessons = list(course.get_children().live().specific())
        assert len(lessons) >= 2
        types = {b.block_type for lesson in lessons for b in lesson.body}
        assert len(types) >= 5
        for lesson in lessons:
            assert lesson.get_translation(en).live
        plan = quiz_for_attempt(course.quiz, rng=random.Random(0))
        assert len(plan.items) >= 8
        kinds = set(
            Question.objects.filter(
                pk__in=[i.question_id for i in plan.items]
            ).values_list("kind", flat=True)
        )
        assert len(kinds) >= 3
        assert course_completion_rule(course).require_quiz
        spec_from_snapshot(rubric_snapshot(course.role_play.rubric))
        assert translation.role_play.locale == en
        assert translation.quiz.locale == en
    for q in Question.objects.all():
        question_spec(q)
    assert Question.objects.filter(kind="ordering", title="投诉处理八步法").exists()


def _option_ids_shared_across_languages(seeded):
    zh_q = Question.objects.get(title="投诉处理八步法")
    en_q = zh_q.get_translation(Locale.objects.get(language_code="en"))
    assert [i for i, _ in zh_q.option_values] == [i for i, _ in en_q.option_values]


def _onboarding_path(seeded):
    path = LearningPath.objects.get(for_new_staff=True, locale__language_code="en")
    assert len(learning_path_courses(path)) == 4
    assert all(c.locale.language_code == "en" for c in learning_path_courses(path))


def _lead_trainer_login(seeded):
    from people.models import User

    lead = User.objects.get(email=demo.LEAD_EMAIL)
    assert lead.groups.filter(name="lead_trainer").exists()
    assert lead.check_password(people_demo.DEMO_PASSWORD)


def _demo_pages_render_in_both_languages(seeded, client):
    from people.models import User

    user = User.objects.get(email="staff@demo.local")
    client.force_login(user)
    for language, text in (
        ("zh-hans", "投诉处理八步法"),
        ("en", "Complaint handling in eight steps"),
    ):
        user.language = language
        user.save()
        for url in (
            "/learn/",
            "/learn/complaint-handling/",
            "/learn/complaint-handling/eight-steps/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert text in response.content.decode(), (language, url)


def test_demo_curriculum(seeded, client):
    """One seed (it is slow) checked from several sides."""
    _four_complete_courses_in_both_languages(seeded)
    _option_ids_shared_across_languages(seeded)
    _onboarding_path(seeded)
    _lead_trainer_login(seeded)
    _demo_pages_render_in_both_languages(seeded, client)
