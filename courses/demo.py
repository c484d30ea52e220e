"""Bilingual demo curriculum (idempotent): four courses with lessons, quizzes,
role-play scenarios and rubrics, and an onboarding learning path.

Everything is authored in zh-hans (the default locale) and translated to en:
pages with ``copy_for_translation`` (so wagtail-localize and the page tree
know them as translations), snippets by sharing the original's
``translation_key``. StreamField block ids are derived from content keys, so
option, criterion and level ids are the same in both languages.
"""

import io
import uuid

from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from people.demo import _user
from people.models import Employee, Position

from . import demo_content as C
from .covers import cover_png
from .models import (
    CoursePage,
    CoursePrerequisite,
    LearningPath,
    LearningPathCourse,
    LessonPage,
    Question,
    Quiz,
    QuizPool,
    QuizQuestion,
    RolePlayScenario,
    Rubric,
    SkillArea,
    TrainingLibraryPage,
)

LEAD_EMAIL = "lead@demo.local"
NS = uuid.UUID("0b6c1e32-6a0e-4d1c-9d39-2f7e0c1d5a11")
ZH, EN = 0, 1


def _id(*parts) -> str:
    return str(uuid.uuid5(NS, "/".join(str(p) for p in parts)))


def pick(value, lang):
    """The ``lang`` side of every L(zh, en) inside value."""
    if isinstance(value, C.L):
        return value[lang]
    if isinstance(value, dict):
        return {k: pick(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [pick(v, lang) for v in value]
    return value


def _lead_trainer():
    user = _user(LEAD_EMAIL, "刘培训 Lead", "zh-hans", "lead_trainer")
    user.groups.add(Group.objects.get(name="trainer"))
    Employee.objects.update_or_create(
        number="T0002",
        defaults={"user": user, "name": "刘晓培", "position": Position.TRAINER},
    )
    return user


def _locales():
    zh = Locale.objects.get_or_create(language_code="zh-hans")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    return zh, en


def _library(zh, en):
    library = TrainingLibraryPage.objects.filter(locale=zh).first()
    if library is None:
        root = Page.get_first_root_node()
        library = TrainingLibraryPage(
            locale=zh,
            title="培训中心",
            slug="library",
            intro="<p>服务技能课程：服务意识、沟通、投诉处理和服务质量。</p>",
        )
        root.add_child(instance=library)
        library.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=library, is_default_site=True
        )
    elif site.root_page_id != library.pk:
        old = site.root_page
        site.root_page = library
        site.save()
        if old.depth == 2 and type(old.specific) is Page and not old.get_children():
            old.delete()  # Wagtail's "Welcome" placeholder
    if library.get_translation_or_none(en) is None:
        _translate_page(
            library,
            en,
            title="Training library",
            intro="<p>Service-skills courses: service awareness, communication, "
            "complaint handling and service quality.</p>",
        )
    return library


def _translate_page(page, locale, **fields):
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def _snippet_pair(model, key, build, zh, en, *, children=None):
    """Create (or fetch) the zh original and en translation of a snippet.
    ``build(lang)`` returns the field values; ``children(obj, lang)`` adds
    child rows before the first save."""
    pair = []
    original = None
    for lang, locale in ((ZH, zh), (EN, en)):
        fields = build(lang)
        existing = model.objects.filter(locale=locale, title=fields["title"]).first()
        if existing is not None:
            pair.append(existing)
            original = original or existing
            continue
        obj = model(locale=locale, **fields)
        if original is not None:
            obj.translation_key = original.translation_key
        if children:
            children(obj, lang)
        obj.save()
        pair.append(obj)
        original = original or obj
    return pair


def _question(spec, zh, en, skills):
    def build(lang):
        options = []
        for i, (text, credit, feedback, match) in enumerate(spec["options"]):
            options.append(
                {
                    "type": "option",
                    "id": _id("q", spec["key"], i),
                    "value": {
                        "text": pick(text, lang) if text else "",
                        "match": pick(match, lang),
                        "credit": credit,
                        "feedback": pick(feedback, lang),
                    },
                }
            )
        fields = {
            "title": pick(spec["title"], lang),
            "kind": spec["kind"],
            "stem": f"<p>{pick(spec['stem'], lang)}</p>",
            "options": options,
            "difficulty": spec["difficulty"],
            "general_feedback": pick(spec["general"], lang),
        }
        if spec["tf"]:
            answer, fb_true, fb_false = spec["tf"]
            fields.update(
                true_false_answer=answer,
                feedback_true=pick(fb_true, lang),
                feedback_false=pick(fb_false, lang),
            )
        return fields

    def children(obj, lang):
        obj.skill_areas = [skills[spec["skill"]]]

    return _snippet_pair(Question, spec["key"], build, zh, en, children=children)


def _rubric(key, spec, zh, en):
    def build(lang):
        criteria = []
        for c in spec["criteria"]:
            criteria.append(
                {
                    "type": "criterion",
                    "id": _id("r", key, c["key"]),
                    "value": {
                        "title": pick(c["title"], lang),
                        "description": "",
                        "weight": c["weight"],
                        "critical": c["critical"],
                        "pass_points": c["pass_points"],
                        "allow_na": c["allow_na"],
                        "levels": [
                            {
                                "type": "item",
                                "id": _id("r", key, c["key"], i),
                                "value": {
                                    "label": pick(label, lang),
                                    "descriptor": pick(descriptor, lang),
                                    "points": points,
                                },
                            }
                            for i, (label, descriptor, points) in enumerate(c["levels"])
                        ],
                    },
                }
            )
        return {
            "title": pick(spec["title"], lang),
            "description": pick(spec["description"], lang),
            "pass_mark": spec["pass_mark"],
            "criteria": criteria,
        }

    return _snippet_pair(Rubric, key, build, zh, en)


def _scenario(key, spec, rubrics, zh, en, skills):
    def build(lang):
        return {
            "title": pick(spec["title"], lang),
            "touchpoint": spec["touchpoint"],
            "mood": spec["mood"],
            "difficulty": spec["difficulty"],
            "rubric": rubrics[spec["rubric"]][lang],
            "persona": pick(spec["persona"], lang),
            "situation": pick(spec["situation"], lang),
            "staff_goal": pick(spec["staff_goal"], lang),
            "customer_script": pick(spec["script"], lang),
            "assessor_notes": pick(spec["notes"], lang),
            "model_answer": pick(spec["model"], lang),
        }

    def children(obj, lang):
        obj.skill_areas = [skills[s] for s in spec["skills"]]

    return _snippet_pair(RolePlayScenario, key, build, zh, en, children=children)


def _quiz(course, questions, zh, en, skills):
    def build(lang):
        return {
            "title": C.L(
                f"{course['title'][ZH]}：测验", f"{course['title'][EN]}: quiz"
            )[lang],
            "description": "",
            "pass_mark": 80,
            "time_limit_minutes": 20,
            "attempts_allowed": 3,
        }

    def children(obj, lang):
        obj.fixed_questions = [
            QuizQuestion(question=questions[k][lang], sort_order=i)
            for i, k in enumerate(course["quiz"])
        ]
        obj.pools = [
            QuizPool(
                skill_area=skills[code],
                count=count,
                min_difficulty=difficulty,
                sort_order=i,
            )
            for i, (code, count, difficulty) in enumerate(course["pools"])
        ]

    pair = _snippet_pair(Quiz, course["slug"], build, zh, en, children=children)
    # Child rows of a translation share the original's translation keys.
    original, translation = pair
    for attr in ("fixed_questions", "pools"):
        keyed = {c.sort_order: c.translation_key for c in getattr(original, attr).all()}
        for child in getattr(translation, attr).all():
            if (
                keyed.get(child.sort_order)
                and child.translation_key != keyed[child.sort_order]
            ):
                child.translation_key = keyed[child.sort_order]
                child.save(update_fields=["translation_key"])
    return pair


def _body(course_slug, lesson, lang, questions, scenarios, quiz):
    body = []
    for i, (block_type, value) in enumerate(lesson["body"]):
        block_id = _id("b", course_slug, lesson["slug"], i)
        value = pick(value, lang)
        if block_type == "knowledge_check":
            value = {"question": questions[value["question"]][lang].pk}
        elif block_type == "quiz":
            value = {"quiz": quiz[lang].pk, "intro": value["intro"]}
        elif block_type == "role_play":
            value = {
                "scenario": scenarios[value["scenario"]][lang].pk,
                "intro": value["intro"],
            }
        elif block_type == "dialogue":
            value["lines"] = [
                {"type": "item", "id": _id(block_id, j), "value": line}
                for j, line in enumerate(value["lines"])
            ]
        elif block_type == "checklist":
            value["items"] = [
                {"type": "item", "id": _id(block_id, j), "value": item}
                for j, item in enumerate(value["items"])
            ]
        elif block_type == "blueprint":
            value["steps"] = [
                {"type": "item", "id": _id(block_id, j), "value": step}
                for j, step in enumerate(value["steps"])
            ]
        body.append({"type": block_type, "value": value, "id": block_id})
    return body


def _course_fields(course, lang, quiz, scenario):
    return {
        "title": pick(course["title"], lang),
        "summary": pick(course["summary"], lang),
        "level": course["level"],
        "estimated_minutes": course["minutes"],
        "certificate_validity_months": course["validity"],
        "learning_objectives": [
            {
                "type": "objective",
                "value": pick(obj, lang),
                "id": _id("o", course["slug"], i),
            }
            for i, obj in enumerate(course["objectives"])
        ],
        "target_positions": C.LEARNING_PATH["positions"],
        "require_lessons": True,
        "quiz": quiz[lang],
        "require_quiz": True,
        "role_play": scenario[lang],
        "require_role_play": course["require_role_play"],
    }


def _covers(courses: dict) -> None:
    """A drawn cover for every demo course that has none, in both languages
    (one picture: it has no text)."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    Image = get_image_model()
    for index, (slug, pages) in enumerate(courses.items()):
        if all(p.cover_image_id for p in pages):
            continue
        title = f"demo cover: {slug}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(
                title=title,
                file=ImageFile(io.BytesIO(cover_png(index, slug)), name=f"{slug}.png"),
            )
            image.save()
        for page in pages:
            if page.cover_image_id is None:
                page.cover_image = image
                page.save_revision().publish()


def seed() -> dict:
    _lead_trainer()
    zh, en = _locales()
    library = _library(zh, en)
    library_en = library.get_translation(en)
    skills = {s.code: s for s in SkillArea.objects.all()}
    questions = {spec["key"]: _question(spec, zh, en, skills) for spec in C.QUESTIONS}
    rubrics = {key: _rubric(key, spec, zh, en) for key, spec in C.RUBRICS.items()}
    scenarios = {
        key: _scenario(key, spec, rubrics, zh, en, skills)
        for key, spec in C.SCENARIOS.items()
    }
    courses = {}
    for course in C.COURSES:
        existing = (
            CoursePage.objects.child_of(library).filter(slug=course["slug"]).first()
        )
        if existing is not None:
            courses[course["slug"]] = (existing, existing.get_translation(en))
            continue
        quiz = _quiz(course, questions, zh, en, skills)
        scenario = scenarios[course["scenario"]]
        page = CoursePage(
            slug=course["slug"], **_course_fields(course, ZH, quiz, scenario)
        )
        page.skill_areas = [skills[s] for s in course["skills"]]
        page.prerequisites = [
            CoursePrerequisite(prerequisite=courses[p][ZH], sort_order=i)
            for i, p in enumerate(course["prerequisites"])
        ]
        library.add_child(instance=page)
        page.save_revision().publish()
        page_en = _translate_page(
            page, en, **_course_fields(course, EN, quiz, scenario)
        )
        for prerequisite in page_en.prerequisites.all():
            prerequisite.prerequisite = prerequisite.prerequisite.get_translation(en)
            prerequisite.save()
        for lesson in course["lessons"]:
            lesson_page = LessonPage(
                slug=lesson["slug"],
                title=pick(lesson["title"], ZH),
                summary=pick(lesson["summary"], ZH),
                estimated_minutes=lesson["minutes"],
                body=_body(course["slug"], lesson, ZH, questions, scenarios, quiz),
            )
            page.add_child(instance=lesson_page)
            lesson_page.save_revision().publish()
            _translate_page(
                lesson_page,
                en,
                title=pick(lesson["title"], EN),
                summary=pick(lesson["summary"], EN),
                body=_body(course["slug"], lesson, EN, questions, scenarios, quiz),
            )
        courses[course["slug"]] = (page, page_en)
    _covers(courses)

    path_spec = C.LEARNING_PATH

    def build_path(lang):
        return {
            "title": pick(path_spec["title"], lang),
            "description": pick(path_spec["description"], lang),
            "target_positions": path_spec["positions"],
            "for_new_staff": True,
        }

    def path_steps(obj, lang):
        obj.steps = [
            LearningPathCourse(course=courses[slug][lang], sort_order=i)
            for i, slug in enumerate(path_spec["courses"])
        ]

    paths = _snippet_pair(
        LearningPath, "onboarding", build_path, zh, en, children=path_steps
    )
    return {
        "library": (library, library_en),
        "courses": courses,
        "questions": questions,
        "rubrics": rubrics,
        "scenarios": scenarios,
        "onboarding": paths,
    }


def pretest(course) -> Quiz:
    """A bilingual pre-test (Quiz.is_pretest) with the course quiz's fixed
    questions, for the effectiveness report's level 2; idempotent."""
    zh, en = _locales()
    quiz = course.quiz
    questions = [q.question for q in quiz.fixed_questions.all()]

    def build(lang):
        title = C.L(f"{course.title}：课前测", f"{course.title}: pre-test")[lang]
        return {"title": title, "pass_mark": 0, "is_pretest": True}

    def children(obj, lang):
        obj.fixed_questions = [
            QuizQuestion(
                question=(q if lang == ZH else q.get_translation_or_none(en) or q),
                sort_order=i,
            )
            for i, q in enumerate(questions)
        ]

    return _snippet_pair(Quiz, "pretest", build, zh, en, children=children)[0]
