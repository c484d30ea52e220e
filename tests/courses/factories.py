"""Builders for courses content (pages via wagtail-factories style helpers)."""

import uuid

import factory
import wagtail_factories
from wagtail.models import Locale, Page, Site

from courses.models import (
    CoursePage,
    LessonPage,
    Question,
    Quiz,
    QuizQuestion,
    RolePlayScenario,
    Rubric,
    SkillArea,
    TrainingLibraryPage,
)

MARKER = "SECRET-MARKER-7f3a"


class TrainingLibraryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TrainingLibraryPage

    title = "培训中心"
    slug = "library"


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"课程 {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "服务意识基础"


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"课时 {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")


def library_site() -> TrainingLibraryPage:
    """A live library page as the default site's root."""
    root = Page.get_first_root_node()
    library = TrainingLibraryPageFactory(parent=root)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", root_page=library, is_default_site=True
        )
    else:
        site.root_page = library
        site.save()
    return library


def other_locale() -> Locale:
    """The content language that is not the default (tests run with "en")."""
    code = "zh-hans" if Locale.get_default().language_code == "en" else "en"
    return Locale.objects.get_or_create(language_code=code)[0]


def _bid() -> str:
    return str(uuid.uuid4())


def option(text="", credit=0.0, feedback="", match="", id=None):
    return {
        "type": "option",
        "id": id or _bid(),
        "value": {"text": text, "match": match, "credit": credit, "feedback": feedback},
    }


def question(kind=Question.Kind.SINGLE, options=None, **kwargs) -> Question:
    defaults = {
        "title": f"Q {uuid.uuid4().hex[:6]}",
        "kind": kind,
        "stem": "<p>顾客投诉时，第一步应该做什么？</p>",
        "difficulty": 1,
    }
    if options is None and kind == Question.Kind.SINGLE:
        options = [
            option("记录投诉", 1, f"正确 {MARKER}"),
            option("立即赔偿", 0, f"不对 {MARKER}"),
        ]
    defaults.update(kwargs)
    q = Question(options=options or [], **defaults)
    q.save()
    return q


def rubric(criteria=None, **kwargs) -> Rubric:
    if criteria is None:
        criteria = [criterion("Greeting", weight=1), criterion("Empathy", weight=2)]
    r = Rubric(
        title=kwargs.pop("title", "Counter role-play"), criteria=criteria, **kwargs
    )
    r.save()
    return r


def criterion(
    title,
    *,
    weight=1,
    critical=False,
    allow_na=False,
    pass_points=None,
    points=(0, 1, 2),
):
    return {
        "type": "criterion",
        "id": _bid(),
        "value": {
            "title": title,
            "description": "",
            "weight": weight,
            "critical": critical,
            "pass_points": pass_points,
            "allow_na": allow_na,
            "levels": [
                {
                    "type": "item",
                    "id": _bid(),
                    "value": {
                        "label": f"L{p}",
                        "descriptor": f"level {p}",
                        "points": p,
                    },
                }
                for p in points
            ],
        },
    }


def scenario(rubric_obj=None, **kwargs) -> RolePlayScenario:
    defaults = {
        "title": "Angry customer at the counter",
        "touchpoint": RolePlayScenario.Touchpoint.FACE_TO_FACE,
        "persona": "Regular customer, 45",
        "mood": RolePlayScenario.Mood.ANGRY,
        "situation": "<p>The order is late.</p>",
        "staff_goal": "Calm the customer and record the complaint.",
        "customer_script": f"<p>Script {MARKER}</p>",
        "assessor_notes": f"<p>Notes {MARKER}</p>",
        "model_answer": f"<p>Model {MARKER}</p>",
    }
    defaults.update(kwargs)
    return RolePlayScenario.objects.create(rubric=rubric_obj or rubric(), **defaults)


def quiz(questions=(), **kwargs) -> Quiz:
    q = Quiz.objects.create(title=kwargs.pop("title", "Final quiz"), **kwargs)
    for i, item in enumerate(questions):
        QuizQuestion.objects.create(quiz=q, question=item, sort_order=i)
    return q


def skill(code) -> SkillArea:
    return SkillArea.objects.get(code=code)
