"""Read API of courses/ for training/ (and the pages of this app).

Stable names; everything returns plain data or querysets, nothing writes
(writes such as taking a rubric snapshot are in courses.services).

Languages. Every page and snippet exists once per locale (zh-hans original,
en translation) sharing a ``translation_key``. Compare across languages with
``canonical(obj)`` (the default-locale instance) or with translation keys;
show learners ``localized(obj)`` (their language, else the original, with
``is_fallback`` telling the template to say so).

Courses
    live_courses(locale=None) -> QuerySet[CoursePage]
    lessons_of(course) -> QuerySet[LessonPage]       live, in tree order
    course_completion_rule(course) -> CompletionRule
    prerequisites_of(course) -> list[CoursePage]
    learning_path_courses(path) -> list[CoursePage]
    onboarding_paths(locale=None) -> QuerySet[LearningPath]
Quizzes
    quiz_settings(quiz) -> QuizSettings              pass mark, limits, grading, review
    quiz_for_attempt(quiz, *, rng) -> QuizPlan       settings + drawn questions
    questions_by_id(ids) -> dict[int, Question]
    question_spec(question) -> courses.scoring.QuestionSpec
    learner_question(question, *, rng=None, shuffle=False) -> dict   staff-safe
    question_review(question) -> dict                correct answer + feedback
Rubrics and role-plays
    rubric_snapshot(rubric) -> dict                  current content, JSON-able,
                                                     words of every language
    snapshot_localized(snapshot, language=None) -> dict   in the viewer's words
    spec_from_snapshot(snapshot) -> courses.scoring.RubricSpec
    rubric_spec(rubric_version) -> courses.scoring.RubricSpec
    scenario_for_learner(scenario) -> dict           no script, notes, model answer
    (courses.services.rubric_version_current(rubric) -> RubricVersion: use it
    when an assessment is scored; store the version on the assessment.)

Response shapes for courses.scoring.grade_question: option ids are the
StreamField block ids (strings), identical in every language; true/false takes
a bool; ordering a list of option ids; matching {prompt option id: answer id},
where an answer id is the id of the option whose ``match`` text it is.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.html import strip_tags
from wagtail.models import Locale, Page

from . import scoring
from .models import (
    CoursePage,
    LearningPath,
    LearningPathCourse,
    LessonPage,
    Question,
    Quiz,
    RolePlayScenario,
    Rubric,
    RubricVersion,
)

# --- languages -------------------------------------------------------------


def canonical(obj):
    """The default-locale instance of a page or snippet (itself if missing)."""
    default = Locale.get_default()
    if obj.locale_id == default.pk:
        return obj
    return obj.get_translation_or_none(default) or obj


def localized(obj, language: str | None = None):
    """``obj`` in the active (or given) language, else the original.

    Sets ``obj.is_fallback`` so templates can show "not yet translated".
    """
    try:
        locale = (
            Locale.objects.get_for_language(language)
            if language
            else Locale.get_active()
        )
    except Locale.DoesNotExist:
        locale = Locale.get_default()
    result = obj if obj.locale_id == locale.pk else obj.get_translation_or_none(locale)
    if isinstance(result, Page) and result is not None and not result.live:
        result = None
    if result is None:
        result = obj
        result.is_fallback = True
    else:
        result.is_fallback = False
    return result


def in_viewer_language(objs, model) -> dict[int, object]:
    """{pk: the row in the active language (its live translation for pages),
    else the row itself} for originals listed once, in one query; each
    result has ``is_fallback`` (no translation in that language)."""
    objs = [o for o in objs if o is not None]
    locale = Locale.get_active()
    keys = {o.translation_key for o in objs if o.locale_id != locale.pk}
    found = {}
    if keys:
        qs = model.objects.filter(
            translation_key__in=keys, locale=locale
        ).select_related("locale")
        if issubclass(model, Page):
            qs = qs.filter(live=True)
        found = {t.translation_key: t for t in qs}
    result = {}
    for o in objs:
        shown = o if o.locale_id == locale.pk else found.get(o.translation_key)
        if shown is None:
            shown = o
            shown.is_fallback = True
        else:
            shown.is_fallback = False
        result[o.pk] = shown
    return result


def _locale_filter(qs: QuerySet, locale: Locale | None) -> QuerySet:
    return qs.filter(locale=locale) if locale is not None else qs


# --- courses ---------------------------------------------------------------


def live_courses(locale: Locale | None = None) -> QuerySet[CoursePage]:
    """Live courses (all locales unless given), in tree order."""
    return _locale_filter(CoursePage.objects.live(), locale).order_by("path")


def catalogue(library) -> list[CoursePage]:
    """Live courses under a library page, with what the catalogue shows, in a
    fixed number of queries. A translated library also lists the original's
    courses that are not translated yet (``is_fallback`` = True)."""

    def courses_under(parent):
        return list(
            CoursePage.objects.live()
            .child_of(parent)
            .select_related("cover_image", "locale")
            .prefetch_related("skill_areas", "cover_image__renditions")
            .order_by("path")
        )

    courses = courses_under(library)
    for course in courses:
        course.is_fallback = False
    default = Locale.get_default()
    if library.locale_id != default.pk:
        original = library.get_translation_or_none(default)
        if original is not None:
            keys = {c.translation_key for c in courses}
            for course in courses_under(original):
                if course.translation_key not in keys:
                    course.is_fallback = True
                    courses.append(course)
    return courses


def lessons_of(course: CoursePage) -> QuerySet[LessonPage]:
    """The course's live lessons in the order trainers arranged them."""
    return LessonPage.objects.live().child_of(course).order_by("path")


@dataclass(frozen=True)
class CompletionRule:
    """What a learner must do to complete a course. Lessons are identified by
    page id (this locale) and by translation key (any locale)."""

    course_id: int
    require_lessons: bool
    lesson_ids: tuple[int, ...]
    lesson_keys: tuple[str, ...]
    require_quiz: bool
    quiz_id: int | None
    require_role_play: bool
    role_play_id: int | None
    certificate_validity_months: int | None
    role_play_rule: str = "any"  # CoursePage.RolePlayRule

    @property
    def is_empty(self) -> bool:
        return not (self.require_lessons or self.require_quiz or self.require_role_play)


def course_completion_rule(
    course: CoursePage, *, lessons: list[LessonPage] | None = None
) -> CompletionRule:
    """`lessons`: the course's live lessons if the caller has them already."""
    if lessons is None:
        lessons = list(lessons_of(course).only("pk", "translation_key"))
    return CompletionRule(
        course_id=course.pk,
        require_lessons=course.require_lessons,
        lesson_ids=tuple(p.pk for p in lessons),
        lesson_keys=tuple(str(p.translation_key) for p in lessons),
        require_quiz=course.require_quiz and course.quiz_id is not None,
        quiz_id=course.quiz_id,
        require_role_play=course.require_role_play and course.role_play_id is not None,
        role_play_id=course.role_play_id,
        certificate_validity_months=course.certificate_validity_months,
        role_play_rule=course.role_play_rule,
    )


def prerequisites_of(course: CoursePage) -> list[CoursePage]:
    return [
        p.prerequisite
        for p in course.prerequisites.select_related("prerequisite").order_by(
            "sort_order"
        )
    ]


def learning_path_courses(path: LearningPath) -> list[CoursePage]:
    """The path's live courses in order (pages as stored; localise for display)."""
    steps = path.steps.select_related("course").order_by("sort_order")
    return [s.course for s in steps if s.course.live]


def earlier_in_sequential_path(path_id: int, course: CoursePage) -> list[CoursePage]:
    """The courses before `course` in a sequential path (canonical pages, in
    order); [] when the path is not sequential or does not hold the course."""
    steps = list(
        LearningPathCourse.objects.filter(path_id=path_id, path__sequential=True)
        .select_related("course")
        .order_by("sort_order", "pk")
    )
    courses = [canonical(s.course) for s in steps]
    keys = [c.translation_key for c in courses]
    if course.translation_key not in keys:
        return []
    return courses[: keys.index(course.translation_key)]


def onboarding_paths(locale: Locale | None = None) -> QuerySet[LearningPath]:
    return _locale_filter(LearningPath.objects.filter(for_new_staff=True), locale)


def position_paths(position: str, locale: Locale | None = None) -> list[LearningPath]:
    """Paths a position requires: those naming it among their target
    positions (onboarding paths are for new hires, so not these). Filtered
    in Python: SQLite has no JSON `contains`, and paths are few."""
    paths = LearningPath.objects.filter(for_new_staff=False).exclude(
        target_positions=[]
    )
    return [p for p in _locale_filter(paths, locale) if position in p.target_positions]


def course_detail_context(course: CoursePage) -> dict:
    """Template context of a course page (bounded queries)."""
    from people.models import Position

    labels = dict(Position.choices)
    lessons = list(lessons_of(course).defer("body"))
    return {
        "lessons": lessons,
        "prerequisites": prerequisites_of(course),
        "rule": course_completion_rule(course, lessons=lessons),
        "skill_areas": list(course.skill_areas.all()),
        "target_position_labels": [
            labels[p] for p in course.target_positions or [] if p in labels
        ],
        "role_play_public": scenario_for_learner(course.role_play)
        if course.role_play_id
        else None,
    }


def lesson_context(lesson: LessonPage) -> dict:
    """The course, previous and next lessons (one query)."""
    parent = lesson.path[: -lesson.steplen]
    pages = list(
        Page.objects.filter(
            Q(path=parent) | Q(path__startswith=parent, depth=lesson.depth, live=True)
        ).order_by("path")
    )
    course = next(p for p in pages if p.path == parent)
    siblings = [p for p in pages if p.depth == lesson.depth]
    index = next((i for i, s in enumerate(siblings) if s.pk == lesson.pk), None)
    previous = siblings[index - 1] if index else None
    following = (
        siblings[index + 1] if index is not None and index + 1 < len(siblings) else None
    )
    return {"course": course, "previous": previous, "next": following}


# --- what every learner sees of a page, cached ------------------------------
#
# A course or lesson page is the same for every learner but for the site
# header (name, menu, CSRF token), so its content is rendered once per
# (page, stored content, language, content generation) and kept in Django's
# cache. The stored content is a digest of the page's own row, so a published
# revision, or any direct save, is a new key. What the content only refers to
# (sibling lessons, prerequisites, snippets, images) bumps the generation when
# it changes (courses.signals: publish, unpublish, move, delete, snippet
# saves). Entries also expire, for caches that are per process. Previews are
# never read from or written to the cache, so drafts cannot leak; the content
# templates get the page and its context but no request or user.

CONTENT_CACHE_SECONDS = 600
GENERATION_KEY = "courses:content:generation"


def _row_digest(page: Page) -> str:
    values = {}
    for f in type(page)._meta.concrete_fields:
        value = getattr(page, f.attname)
        if hasattr(value, "raw_data"):  # a StreamField's stored JSON
            value = list(value.raw_data)
        values[f.attname] = value
    raw = json.dumps(values, sort_keys=True, default=str)
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def page_content_key(page: Page, language: str) -> str:
    from django.core.cache import cache

    generation = cache.get(GENERATION_KEY, 0)
    return f"courses:content:{page.pk}:{_row_digest(page)}:{language}:{generation}"


def page_content(page: Page, template: str, context, *, preview: bool) -> str:
    """`template` rendered with `context()` (a callable, run only on a cache
    miss), cached as described above."""
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    key = None if preview else page_content_key(page, get_language())
    html = cache.get(key) if key else None
    if html is None:
        html = render_to_string(template, {"page": page, **context()})
        if key:
            cache.set(key, html, CONTENT_CACHE_SECONDS)
    return mark_safe(html)  # rendered by our own template


def course_content(course: CoursePage, *, preview: bool = False) -> str:
    return page_content(
        course,
        "courses/includes/course_content.html",
        lambda: course_detail_context(course),
        preview=preview,
    )


def lesson_content(lesson: LessonPage, *, preview: bool = False) -> str:
    return page_content(
        lesson,
        "courses/includes/lesson_content.html",
        lambda: lesson_context(lesson),
        preview=preview,
    )


def bump_generation(key: str) -> None:
    """Move a cache generation counter on: every entry keyed by its old value
    is stale (training's caches keep counters of their own this way)."""
    from django.core.cache import cache

    try:
        cache.incr(key)
    except ValueError:  # not set yet, or evicted
        cache.set(key, 1, None)


def contents_changed() -> None:
    """Make every cached page content stale."""
    bump_generation(GENERATION_KEY)


# --- quizzes ---------------------------------------------------------------


@dataclass(frozen=True)
class QuizSettings:
    quiz_id: int
    pass_mark: float
    time_limit_minutes: int | None
    attempts_allowed: int | None
    grading: str  # "highest" | "last" | "average" (scoring.grade_attempts)
    shuffle_questions: bool
    shuffle_options: bool
    is_pretest: bool
    closes_at: datetime | None
    # review[phase][item] -> bool; phases "during", "after", "closed";
    # items "score", "answers", "feedback".
    review: dict = field(default_factory=dict)


def quiz_settings(quiz: Quiz) -> QuizSettings:
    review = {
        phase: {
            item: getattr(quiz, f"review_{phase}_{item}")
            for item in ("score", "answers", "feedback")
        }
        for phase in ("during", "after", "closed")
    }
    return QuizSettings(
        quiz_id=quiz.pk,
        pass_mark=float(quiz.pass_mark),
        time_limit_minutes=quiz.time_limit_minutes,
        attempts_allowed=quiz.attempts_allowed,
        grading=quiz.grading,
        shuffle_questions=quiz.shuffle_questions,
        shuffle_options=quiz.shuffle_options,
        is_pretest=quiz.is_pretest,
        closes_at=quiz.closes_at,
        review=review,
    )


@dataclass(frozen=True)
class QuizItem:
    question_id: int
    weight: float


@dataclass(frozen=True)
class QuizPlan:
    settings: QuizSettings
    items: tuple[QuizItem, ...]


def quiz_for_attempt(quiz: Quiz, *, rng: random.Random) -> QuizPlan:
    """The questions of one attempt: fixed questions, then each pool's random
    draw (courses.scoring.draw_questions), shuffled if the quiz says so. Store
    the plan on the attempt; pass a seeded rng to reproduce it.

    Raises scoring.NotEnoughQuestions if a pool cannot be filled.
    """
    fixed = list(quiz.fixed_questions.order_by("sort_order"))
    weights = {f.question_id: float(f.weight) for f in fixed}
    pools = list(quiz.pools.select_related("skill_area").order_by("sort_order"))
    rules = []
    if pools:
        candidates = [
            (q.pk, {s.code for s in q.skill_areas.all()}, q.difficulty)
            for q in Question.objects.filter(
                locale_id=quiz.locale_id,
                skill_areas__in=[p.skill_area_id for p in pools],
            )
            .distinct()
            .prefetch_related("skill_areas")
        ]
        for pool in pools:
            rules.append(
                scoring.PoolRule(
                    tag=pool.skill_area.code,
                    count=pool.count,
                    min_difficulty=pool.min_difficulty,
                    candidates=candidates,
                )
            )
    ids = scoring.draw_questions(
        fixed=[f.question_id for f in fixed],
        pools=rules,
        rng=rng,
        shuffle=quiz.shuffle_questions,
    )
    # A drawn question takes the weight of the first pool that could draw it.
    pool_weight = {}
    for pool, rule in zip(pools, rules, strict=True):
        for qid, tags, difficulty in rule.candidates:
            if rule.tag in tags and difficulty >= rule.min_difficulty:
                pool_weight.setdefault(qid, float(pool.weight))
    items = tuple(
        QuizItem(question_id=q, weight=weights.get(q, pool_weight.get(q, 1.0)))
        for q in ids
    )
    return QuizPlan(settings=quiz_settings(quiz), items=items)


def questions_by_id(ids: Iterable[int]) -> dict[int, Question]:
    return Question.objects.prefetch_related("skill_areas").in_bulk(list(ids))


def question_spec(question: Question) -> scoring.QuestionSpec:
    """The pure scoring spec of a bank question (ValueError if mis-authored)."""
    options = question.option_values
    kind = question.kind
    K = Question.Kind
    if kind == K.TRUE_FALSE:
        if question.true_false_answer is None:
            raise ValueError("say whether the statement is true or false")
        return scoring.TrueFalse(answer=question.true_false_answer)
    if kind == K.SINGLE:
        correct = [oid for oid, v in options if (v.get("credit") or 0) >= 1]
        if len(correct) != 1:
            raise ValueError(
                "a single-choice question needs exactly one option with credit 1"
            )
        return scoring.SingleChoice(
            options=tuple(oid for oid, _ in options), correct=correct[0]
        )
    if kind == K.MULTIPLE:
        return scoring.MultipleChoice(
            options=tuple(
                scoring.Option(id=oid, credit=float(v.get("credit") or 0))
                for oid, v in options
            )
        )
    if kind == K.SITUATIONAL:
        if len(options) < 2:
            raise ValueError("a situational judgement question needs two options")
        return scoring.SituationalJudgement(
            options=tuple(
                scoring.Option(id=oid, credit=float(v.get("credit") or 0))
                for oid, v in options
            )
        )
    if kind == K.ORDERING:
        return scoring.Ordering(items=tuple(oid for oid, _ in options))
    if kind == K.MATCHING:
        pairs = {oid: oid for oid, v in options if v.get("text") and v.get("match")}
        distractors = frozenset(
            oid for oid, v in options if not v.get("text") and v.get("match")
        )
        return scoring.Matching(pairs=pairs, distractors=distractors)
    raise ValueError(f"unknown question kind: {kind!r}")


def learner_question(
    question: Question, *, rng: random.Random | None = None, shuffle: bool = False
) -> dict:
    """What a learner may see of a question: no credits, no feedback, no
    answer. Ordering items are always shuffled (given an rng); matching
    answers are always listed in a shuffled or sorted order."""
    rng = rng or random.Random(question.pk)
    K = Question.Kind
    data = {
        "id": question.pk,
        "kind": question.kind,
        "stem": question.stem,
        "options": [],
        "prompts": [],
        "answers": [],
    }
    options = question.option_values
    if question.kind == K.TRUE_FALSE:
        return data
    if question.kind == K.MATCHING:
        data["prompts"] = [
            {"id": oid, "text": v["text"]}
            for oid, v in options
            if v.get("text") and v.get("match")
        ]
        answers = [
            {"id": oid, "text": v["match"]} for oid, v in options if v.get("match")
        ]
        rng.shuffle(answers)
        data["answers"] = answers
        return data
    items = [{"id": oid, "text": v.get("text") or ""} for oid, v in options]
    if shuffle or question.kind == K.ORDERING:
        rng.shuffle(items)
    data["options"] = items
    return data


def question_review(question: Question) -> dict:
    """Correct answer and feedback, for review phases the quiz allows."""
    spec = question_spec(question)
    feedback = {oid: v.get("feedback") or "" for oid, v in question.option_values}
    if question.kind == Question.Kind.TRUE_FALSE:
        feedback = {True: question.feedback_true, False: question.feedback_false}
    match spec:
        case scoring.SingleChoice(correct=c):
            correct = c
        case scoring.TrueFalse(answer=a):
            correct = a
        case (
            scoring.MultipleChoice(options=o) | scoring.SituationalJudgement(options=o)
        ):
            correct = {opt.id: opt.credit for opt in o}
        case scoring.Ordering(items=i):
            correct = list(i)
        case scoring.Matching(pairs=p):
            correct = dict(p)
    return {
        "correct": correct,
        "feedback": feedback,
        "general_feedback": question.general_feedback,
    }


# --- rubrics and scenarios -------------------------------------------------


def rubric_content(rubric: Rubric) -> dict:
    """One rubric's content in its own language as JSON-able data; levels
    sorted by points."""
    criteria = []
    for block in rubric.criteria:
        v = block.value
        levels = [
            {
                "id": item.id,
                "label": item.value["label"],
                "descriptor": item.value["descriptor"],
                "points": float(item.value["points"]),
            }
            for item in v["levels"].bound_blocks
        ]
        levels.sort(key=lambda lv: lv["points"])
        criteria.append(
            {
                "id": block.id,
                "title": v["title"],
                "description": v.get("description") or "",
                "weight": float(v["weight"] or 0),
                "critical": bool(v.get("critical")),
                "pass_points": v.get("pass_points"),
                "allow_na": bool(v.get("allow_na")),
                "levels": levels,
            }
        )
    return {
        "title": rubric.title,
        "pass_mark": float(rubric.pass_mark),
        "criteria": criteria,
    }


def rubric_texts(content: dict) -> dict:
    """The words of a rubric_content(): what differs between languages.
    Criteria and levels are keyed by their block ids, the same in every
    language."""
    return {
        "title": content["title"],
        "criteria": {
            c["id"]: {
                "title": c["title"],
                "description": c["description"],
                "levels": {
                    lv["id"]: {"label": lv["label"], "descriptor": lv["descriptor"]}
                    for lv in c["levels"]
                },
            }
            for c in content["criteria"]
        },
    }


def rubric_snapshot(rubric: Rubric) -> dict:
    """The rubric's current content as JSON-able data: ids, weights and
    points of the original (default-locale) rubric with its words, the
    original's ``language``, and ``texts``: {language code: the words of each
    translation} (read with snapshot_localized)."""
    source = canonical(rubric)
    snapshot = rubric_content(source)
    translations = (
        Rubric.objects.filter(translation_key=source.translation_key)
        .exclude(pk=source.pk)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    snapshot["language"] = source.locale.language_code
    snapshot["texts"] = {
        t.locale.language_code: rubric_texts(rubric_content(t)) for t in translations
    }
    return snapshot


def _content_language(language: str | None) -> str | None:
    from django.utils.translation import get_language
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(language or get_language())
    except LookupError:
        return None


def snapshot_localized(snapshot: dict, language: str | None = None) -> dict:
    """A rubric snapshot with the words of the active (or given) language
    where the snapshot has them, else the original's; ``is_fallback`` says
    whether the original's words are shown."""
    language = _content_language(language)
    words = (snapshot.get("texts") or {}).get(language)
    if words is None or language == snapshot.get("language"):
        return {
            **snapshot,
            "is_fallback": language != snapshot.get("language", language),
        }
    criteria = []
    for c in snapshot["criteria"]:
        cw = words["criteria"].get(c["id"], {})
        lw = cw.get("levels", {})
        criteria.append(
            {
                **c,
                "title": cw.get("title") or c["title"],
                "description": cw.get("description", c["description"]),
                "levels": [
                    {
                        **lv,
                        "label": lw.get(lv["id"], {}).get("label") or lv["label"],
                        "descriptor": lw.get(lv["id"], {}).get("descriptor")
                        or lv["descriptor"],
                    }
                    for lv in c["levels"]
                ],
            }
        )
    return {
        **snapshot,
        "title": words.get("title") or snapshot["title"],
        "criteria": criteria,
        "is_fallback": False,
    }


def snapshot_hash(snapshot: dict) -> str:
    return hashlib.sha256(
        json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def spec_from_snapshot(snapshot: dict) -> scoring.RubricSpec:
    """ValueError if the rubric is mis-authored."""
    return scoring.RubricSpec(
        criteria=tuple(
            scoring.Criterion(
                id=c["id"],
                weight=c["weight"],
                levels=tuple(
                    scoring.Level(id=lv["id"], points=lv["points"])
                    for lv in c["levels"]
                ),
                critical=c["critical"],
                allow_na=c["allow_na"],
                pass_level_points=c["pass_points"],
            )
            for c in snapshot["criteria"]
        ),
        pass_mark=snapshot["pass_mark"],
    )


def rubric_spec(rubric_version: RubricVersion) -> scoring.RubricSpec:
    """The scoring spec of a stored version (what an assessment was scored on)."""
    return spec_from_snapshot(rubric_version.snapshot)


def scenario_for_learner(scenario: RolePlayScenario) -> dict:
    """Staff-visible fields only: never the customer script, assessor notes or
    model answer."""
    return {
        "id": scenario.pk,
        "title": scenario.title,
        "touchpoint": scenario.get_touchpoint_display(),
        "persona": scenario.persona,
        "mood": scenario.get_mood_display(),
        "situation": scenario.situation,
        "staff_goal": scenario.staff_goal,
        "difficulty": scenario.get_difficulty_display(),
    }


def plain(html: str) -> str:
    return strip_tags(html or "")


__all__ = [
    "CompletionRule",
    "QuizItem",
    "QuizPlan",
    "QuizSettings",
    "canonical",
    "catalogue",
    "course_completion_rule",
    "learner_question",
    "learning_path_courses",
    "lessons_of",
    "live_courses",
    "localized",
    "onboarding_paths",
    "prerequisites_of",
    "question_review",
    "question_spec",
    "questions_by_id",
    "quiz_for_attempt",
    "quiz_settings",
    "rubric_content",
    "rubric_snapshot",
    "rubric_spec",
    "scenario_for_learner",
    "search_pages",
    "snapshot_localized",
    "spec_from_snapshot",
]


def search_pages(query: str, *, limit: int = 200) -> list[Page]:
    """Live courses and lessons matching ``query`` (Wagtail search), in the
    active language; untranslated originals are included as fallbacks."""
    active = Locale.get_active()
    default = Locale.get_default()
    locales = {active.pk, default.pk}
    hits = list(
        Page.objects.live()
        .type(CoursePage, LessonPage)
        .filter(locale_id__in=locales)
        .specific()
        .search(query, operator="and")[:limit]
    )
    # Chinese has no spaces, so the full-text index holds whole phrases as one
    # token; a plain substring match on titles and summaries fills the gap.
    seen = {p.pk for p in hits}
    for model in (CoursePage, LessonPage):
        hits += [
            p
            for p in model.objects.live()
            .filter(locale_id__in=locales)
            .filter(Q(title__icontains=query) | Q(summary__icontains=query))
            .order_by("path")[:limit]
            if p.pk not in seen
        ]
    in_active = {p.translation_key for p in hits if p.locale_id == active.pk}
    results = []
    for page in hits:
        if page.locale_id != active.pk and page.translation_key in in_active:
            continue
        page.is_fallback = page.locale_id != active.pk
        page.is_course = isinstance(page, CoursePage)
        results.append(page)
    return results


def course_owned_by(course_id: int, user) -> bool:
    """Does `user` own the course page, in any of its languages?"""
    keys = CoursePage.objects.filter(pk=course_id).values("translation_key")
    return CoursePage.objects.filter(translation_key__in=keys, owner=user).exists()


def courses_owned(user) -> list[CoursePage]:
    """The courses whose page `user` owns in any language, as their
    default-locale instances (what enrolments point to), in tree order."""
    keys = CoursePage.objects.filter(owner=user).values("translation_key")
    return list(
        CoursePage.objects.filter(
            translation_key__in=keys, locale=Locale.get_default()
        ).order_by("path")
    )


def course_skill_area_ids(course: CoursePage) -> list[int]:
    """The skill areas a course is tagged with (analytics reads them)."""
    return list(course.skill_areas.values_list("pk", flat=True))


def skill_tags() -> dict:
    """Which skill areas tag each course (with its level), question,
    role-play scenario and rubric: three small queries over the through
    tables."""
    from .models import Question, RolePlayScenario

    courses: dict[int, dict] = {}
    for pk, level, title in CoursePage.objects.values_list("pk", "level", "title"):
        courses[pk] = {"level": level, "title": title, "areas": []}
    for course_id, area_id in CoursePage.skill_areas.through.objects.values_list(
        "coursepage_id", "skillarea_id"
    ):
        if course_id in courses:
            courses[course_id]["areas"].append(area_id)
    questions: dict[int, list[int]] = {}
    for qid, area_id in Question.skill_areas.through.objects.values_list(
        "question_id", "skillarea_id"
    ):
        questions.setdefault(qid, []).append(area_id)
    scenarios: dict[int, list[int]] = {}
    # A rubric (by translation key: either language's copy) takes the areas
    # of the scenarios scored on it, so an audit on it counts for them too.
    rubrics: dict[str, set[int]] = {}
    for (
        sid,
        rubric_key,
        area_id,
    ) in RolePlayScenario.skill_areas.through.objects.values_list(
        "roleplayscenario_id",
        "roleplayscenario__rubric__translation_key",
        "skillarea_id",
    ):
        scenarios.setdefault(sid, []).append(area_id)
        if rubric_key is not None:
            rubrics.setdefault(str(rubric_key), set()).add(area_id)
    return {
        "courses": courses,
        "questions": questions,
        "scenarios": scenarios,
        "rubrics": rubrics,
    }


def rubric_keys_for_skills(skill_area_ids) -> set[str]:
    """Translation keys of the rubrics that scenarios of these areas use."""
    from .models import RolePlayScenario

    return {
        str(key)
        for key in RolePlayScenario.objects.filter(
            skill_areas__in=list(skill_area_ids), rubric__isnull=False
        ).values_list("rubric__translation_key", flat=True)
    }


def courses_for_skill(skill_area_id: int) -> list[CoursePage]:
    """Live default-locale courses tagged with a skill area, easiest first."""
    return list(
        live_courses(Locale.get_default())
        .filter(skill_areas=skill_area_id)
        .order_by("level", "path")
    )


# Raised by rubric_score; re-exported for other apps, which read courses
# only through this module.
InvalidResponse = scoring.InvalidResponse
AllNotApplicable = scoring.AllNotApplicable


def rubric_score(rubric_version: RubricVersion, levels: dict) -> scoring.RubricResult:
    """Score levels ({criterion id: level id or None for N/A}) on a stored
    version with courses.scoring.score_rubric (for other apps, which read
    courses only through this module). Raises scoring.InvalidResponse."""
    return scoring.score_rubric(rubric_spec(rubric_version), levels)


def rubric_choices() -> list[tuple[int, str]]:
    """(pk, title) of each rubric once (its original), titled for the viewer."""
    from .choices import localized_choices

    return localized_choices(Rubric.objects.order_by("title", "pk"))


def rubric_original(pk) -> Rubric | None:
    """The original-language rubric with this pk (what services score on)."""
    from .choices import originals

    return originals(Rubric.objects.all()).filter(pk=pk).first()


def rubric_titled(title: str) -> Rubric | None:
    """The original of the rubric with this title (in any language)."""
    rubric = Rubric.objects.filter(title=title).order_by("pk").first()
    return canonical(rubric) if rubric is not None else None
