import random

import pytest
from wagtail.test.utils import WagtailPageTestCase

from courses import scoring
from courses.models import CoursePage, LessonPage, Question, TrainingLibraryPage
from courses.selectors import (
    course_completion_rule,
    lessons_of,
    question_spec,
    quiz_for_attempt,
    rubric_spec,
)
from courses.services import rubric_version_current

from . import factories as f

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_library_children(self):
        """A library holds courses only; courses hold lessons only."""
        self.assertAllowedSubpageTypes(TrainingLibraryPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedParentPageTypes(CoursePage, {TrainingLibraryPage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})


def test_question_spec_single():
    """A single-choice question converts to the scoring spec of its options."""
    q = f.question()
    spec = question_spec(q)
    correct = q.option_values[0][0]
    assert scoring.grade_question(spec, correct).correct


def test_question_spec_ordering_and_matching():
    """Ordering uses authored order; matching pairs each prompt with itself."""
    items = [f.option(t) for t in ("记录", "判断", "分派")]
    q = f.question(Question.Kind.ORDERING, options=items)
    ids = [o["id"] for o in items]
    assert scoring.grade_question(question_spec(q), ids).score == 1
    pairs = [f.option("A", match="1"), f.option("B", match="2"), f.option(match="3")]
    m = f.question(Question.Kind.MATCHING, options=pairs)
    spec = question_spec(m)
    assert spec.distractors == {pairs[2]["id"]}
    answer = {pairs[0]["id"]: pairs[0]["id"], pairs[1]["id"]: pairs[2]["id"]}
    assert scoring.grade_question(spec, answer).score == 0.5


def test_rubric_versioning_keeps_old_version():
    """Editing a used rubric makes a new version; the old one is unchanged."""
    r = f.rubric()
    v1 = rubric_version_current(rubric=r)
    assert rubric_version_current(rubric=r) == v1
    r.criteria = [f.criterion("Greeting", weight=5)]
    r.save()
    v2 = rubric_version_current(rubric=r)
    assert v2.number == 2
    v1.refresh_from_db()
    assert len(rubric_spec(v1).criteria) == 2
    assert len(rubric_spec(v2).criteria) == 1


def test_quiz_for_attempt_fixed_and_pool():
    """Fixed questions come first (unshuffled) and pools draw by skill/difficulty."""
    fixed = f.question()
    pooled = []
    for d in (1, 2, 3):
        q = f.question(difficulty=d)
        q.skill_areas.add(f.skill("complaint_handling"))
        q.save()
        pooled.append(q)
    quiz = f.quiz([fixed], shuffle_questions=False)
    quiz.pools.create(
        skill_area=f.skill("complaint_handling"), count=2, min_difficulty=2
    )
    plan = quiz_for_attempt(quiz, rng=random.Random(1))
    ids = [i.question_id for i in plan.items]
    assert ids[0] == fixed.pk
    assert set(ids[1:]) == {pooled[1].pk, pooled[2].pk}


def test_completion_rule(course, lesson):
    """The rule lists live lessons and the required parts."""
    rule = course_completion_rule(course)
    assert rule.lesson_ids == (lesson.pk,)
    assert rule.require_lessons and not rule.require_quiz
    assert list(lessons_of(course)) == [lesson]


def test_course_requires_login(client, course):
    """Anonymous visitors are sent to sign in."""
    response = client.get(course.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_sees_live_course(login, staff, course, lesson):
    response = login(staff).get(course.url)
    assert response.status_code == 200
    assert lesson.title in response.content.decode()


def test_chinese_substring_search(login, staff, course):
    """Chinese has no word breaks: a phrase inside a title or summary is found."""
    html = login(staff).get("/courses/search/", {"q": "意识"}).content.decode()
    assert course.title in html


def test_publish_scheduled_task(library):
    """The beat task publishes a page whose go-live time has passed."""
    import datetime as dt

    from django.utils import timezone

    from courses.tasks import publish_scheduled_pages

    course = f.CoursePageFactory(parent=library, live=False)
    course.go_live_at = timezone.now() - dt.timedelta(minutes=1)
    course.save_revision(approved_go_live_at=course.go_live_at)
    publish_scheduled_pages()
    course.refresh_from_db()
    assert course.live
