"""Page tests: tree rules, creation through the admin, rendering, fallbacks
and bounded queries."""

import pytest
from django.test import Client
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from courses.models import CoursePage, LessonPage, TrainingLibraryPage
from tests.conftest import _with_mfa

from . import factories as f

pytestmark = pytest.mark.django_db


def listblock(values):
    """ListBlock form data, as the admin's editor posts it."""
    data = {"count": len(values)}
    for i, value in enumerate(values):
        data[str(i)] = {"value": value, "deleted": "", "order": i, "id": ""}
    return data


class TestCreateInAdmin(WagtailPageTestCase):
    def setUp(self):
        _with_mfa(self.login())  # a superuser, with TOTP (admins need it)
        self.library = f.library_site()

    def test_one_library_per_parent(self):
        """A second library cannot be added next to the first one."""
        assert not TrainingLibraryPage.can_create_at(Page.get_first_root_node())
        self.assertCanNotCreateAt(CoursePage, TrainingLibraryPage)

    def test_can_create_course_and_lesson(self):
        """A course with completion rule and a lesson with several blocks."""
        quiz = f.quiz([f.question()])
        data = nested_form_data(
            {
                "title": "Complaints",
                "slug": "complaints",
                "summary": "Eight steps",
                "level": 1,
                "estimated_minutes": 30,
                "learning_objectives": streamfield([("objective", "Name the steps")]),
                "prerequisites": inline_formset([]),
                "quiz": quiz.pk,
                "require_lessons": True,
                "require_quiz": True,
                "role_play_rule": "any",  # the select always sends its choice
            }
        )
        # Multi-valued fields post as repeated keys, not nested ones.
        data["target_positions"] = ["front_desk", "teller"]
        data["skill_areas"] = [f.skill("complaint_handling").pk]
        self.assertCanCreate(self.library, CoursePage, data)
        course = CoursePage.objects.get(slug="complaints")
        assert course.target_positions == ["front_desk", "teller"]
        self.assertCanCreate(
            course,
            LessonPage,
            nested_form_data(
                {
                    "title": "Steps",
                    "slug": "steps",
                    "estimated_minutes": 10,
                    "body": streamfield(
                        [
                            ("rich_text", rich_text("<p>Record the complaint.</p>")),
                            ("heading", {"text": "Why", "level": "h2"}),
                            (
                                "checklist",
                                {
                                    "title": "Do",
                                    "items": listblock(["Listen", "Record"]),
                                },
                            ),
                        ]
                    ),
                }
            ),
        )

    def test_course_requires_quiz_when_rule_says_so(self):
        """The completion rule cannot require a quiz that is not chosen."""
        from django.core.exceptions import ValidationError

        course = CoursePage(title="X", slug="x", summary="s", require_quiz=True)
        with pytest.raises(ValidationError):
            course.clean()


def _all_blocks_body():
    question = f.question()
    quiz = f.quiz([question])
    scenario = f.scenario()
    item = lambda v: {"type": "item", "value": v, "id": f._bid()}  # noqa: E731
    return [
        {"type": "rich_text", "value": "<p>Intro text</p>"},
        {"type": "heading", "value": {"text": "Heading here", "level": "h3"}},
        {
            "type": "callout",
            "value": {"kind": "tip", "title": "Smile", "text": "<p>Within 3 s</p>"},
        },
        {
            "type": "dialogue",
            "value": {
                "title": "At the counter",
                "setting": "Bank",
                "lines": [
                    item(
                        {
                            "speaker": "staff",
                            "text": "欢迎光临",
                            "marker": "good",
                            "note": "Greets",
                        }
                    ),
                    item(
                        {
                            "speaker": "customer",
                            "text": "Hi",
                            "marker": "pitfall",
                            "note": "",
                        }
                    ),
                ],
            },
        },
        {
            "type": "case_study",
            "value": {
                "title": "Umbrella",
                "case": "<p>Rain</p>",
                "reflection_question": "Which level?",
            },
        },
        {
            "type": "checklist",
            "value": {"title": "Daily", "items": [item("Greet first")]},
        },
        {
            "type": "blueprint",
            "value": {
                "title": "Visit",
                "steps": [
                    item(
                        {
                            "customer_action": "Walks in",
                            "front_stage": "Greeter",
                            "back_stage": "Queue",
                            "support": "System",
                        }
                    )
                ],
            },
        },
        {"type": "knowledge_check", "value": {"question": question.pk}},
        {"type": "quiz", "value": {"quiz": quiz.pk, "intro": "Take it"}},
        {"type": "role_play", "value": {"scenario": scenario.pk, "intro": "Practise"}},
    ]


def test_every_block_renders(login, staff, course):
    """Each lesson block renders its learner-facing content."""
    lesson = f.LessonPageFactory(parent=course, body=_all_blocks_body())
    html = login(staff).get(lesson.url).content.decode()
    for text in (
        "Intro text",
        "<h3>Heading here</h3>",
        "callout-tip",
        "欢迎光临",
        "line-good",
        "line-pitfall",
        "Which level?",
        "Greet first",
        "below-visibility",
        "顾客投诉时",
        "Final quiz",
        "Angry customer at the counter",
        "Calm the customer",
    ):
        assert text in html, text
    assert f.MARKER not in html


def test_video_block_needs_one_source():
    """A video is either an uploaded file or an embed, not neither."""
    from wagtail.blocks import StructBlockValidationError

    from courses.blocks import VideoBlock

    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "", "transcript": "t"}))


def test_untranslated_course_falls_back_visibly(login, staff, course):
    """An English learner sees a course without a translation in its original
    language, with a notice, instead of a 404."""
    library = course.get_parent().specific
    other = f.other_locale()
    library.copy_for_translation(other).save_revision().publish()
    staff.user.language = other.language_code
    staff.user.save()
    client = login(staff)
    listing = client.get("/learn/").content.decode()
    assert course.title in listing and "untranslated" in listing
    page = client.get(course.url)
    assert page.status_code == 200
    assert "fallback-notice" in page.content.decode()


def test_translated_course_served_in_learners_language(login, staff, course):
    library = course.get_parent().specific
    other = f.other_locale()
    library.copy_for_translation(other).save_revision().publish()
    copy = course.copy_for_translation(other)
    copy.title = "投诉处理基础"
    copy.save_revision().publish()
    staff.user.language = other.language_code
    staff.user.save()
    html = login(staff).get(course.url).content.decode()
    assert "投诉处理基础" in html
    assert "fallback-notice" not in html


def _courses(library, n):
    for _ in range(n):
        course = f.CoursePageFactory(parent=library)
        course.skill_areas.add(f.skill("communication"))
        course.save()


@pytest.mark.parametrize("n", [5, 200])
def test_catalogue_queries_bounded(n, library, staff, django_assert_max_num_queries):
    """The catalogue runs a fixed number of queries whatever the course count."""
    _courses(library, n)
    client = Client()
    client.force_login(staff.user)
    with django_assert_max_num_queries(20):
        response = client.get("/learn/")
    assert response.content.decode().count('class="card course-card"') == n


@pytest.mark.parametrize("n", [5, 200])
def test_lesson_queries_bounded(n, library, staff, django_assert_max_num_queries):
    """A lesson page's query count does not grow with the number of courses."""
    _courses(library, n)
    course = CoursePage.objects.child_of(library).first()
    lesson = f.LessonPageFactory(parent=course, body=_all_blocks_body())
    f.LessonPageFactory(parent=course)
    client = Client()
    client.force_login(staff.user)
    with django_assert_max_num_queries(30):
        response = client.get(lesson.url)
    assert response.status_code == 200
