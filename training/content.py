"""What every learner's page shows the same way, cached: locales, the course,
quiz and learning-path directories (titles in every language, the fields the
learner pages use) and quiz questions. A learner page then reads only the
learner's own rows from the database.

Invalidation. Every entry's key holds two generation counters kept in
Django's cache: courses' content generation (courses.selectors, bumped on
publish, unpublish, move, delete and snippet saves: quizzes, questions) and
this module's structure generation, bumped on any save or delete of a page, a
learning path or its steps, a prerequisite or a locale (``connect`` below), so
a course created, renamed or translated by a plain ``save()`` shows at once.
Rebuilding an entry is one query, so draft autosaves bumping it cost little.
Entries also expire, for caches that are per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Locale

from courses.selectors import GENERATION_KEY, bump_generation

CACHE_SECONDS = 600
STRUCTURE_KEY = "training:structure:generation"


def _generation() -> str:
    found = cache.get_many([GENERATION_KEY, STRUCTURE_KEY])
    return f"{found.get(GENERATION_KEY, 0)}.{found.get(STRUCTURE_KEY, 0)}"


def structure_changed(*args, **kwargs) -> None:
    bump_generation(STRUCTURE_KEY)


def _cached(name: str, build):
    key = f"training:content:{name}:{_generation()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


# --- locales ------------------------------------------------------------------


def _locale_ids() -> dict[str, int]:
    return _cached(
        "locales", lambda: dict(Locale.objects.values_list("language_code", "pk"))
    )


def _locale(pk: int, code: str) -> Locale:
    locale = Locale(pk=pk, language_code=code)
    locale._state.adding = False
    locale._state.db = "default"
    return locale


def locale_for(language: str | None) -> Locale:
    """Locale.get_for_language without a query (else the default locale)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant

    ids = _locale_ids()
    for code in (language, settings.LANGUAGE_CODE):
        try:
            variant = get_supported_content_language_variant(code or "")
        except LookupError:
            continue
        if variant in ids:
            return _locale(ids[variant], variant)
    return Locale.get_default()  # not set up: Wagtail raises as it does


def active_locale() -> Locale:
    return locale_for(get_language())


def default_locale() -> Locale:
    from django.conf import settings

    return locale_for(settings.LANGUAGE_CODE)


# --- courses --------------------------------------------------------------------


@dataclass(frozen=True)
class CourseInfo:
    id: int
    title: str
    translation_key: str
    locale_id: int
    live: bool
    path: str
    quiz_id: int | None
    target_positions: tuple = ()
    summary: str = ""
    prerequisite_ids: tuple = ()  # as stored on this page, in order
    is_fallback: bool = False
    pretest_id: int | None = None
    cover_url: str = ""  # a rendition of the cover image, for course cards

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True)
class Directory:
    """Rows by id and, for live rows, {(translation key, locale id): id}."""

    by_id: dict
    live: dict = field(default_factory=dict)
    any: dict = field(default_factory=dict)  # live or not

    def canonical(self, pk: int, default_locale_id: int):
        """Row ``pk`` in the default locale (live or not), else itself (as
        courses.selectors.canonical)."""
        row = self.by_id[pk]
        if row.locale_id == default_locale_id:
            return row
        other = self.any.get((row.translation_key, default_locale_id))
        return self.by_id[other] if other is not None else row

    def shown(self, pk: int, locale_id: int):
        """Row ``pk`` in the locale (its live translation), else itself with
        is_fallback (as training.selectors.localize_pages)."""
        row = self.by_id[pk]
        if row.locale_id == locale_id:
            return row
        other = self.live.get((row.translation_key, locale_id))
        if other is not None:
            return self.by_id[other]
        return _fallback(row)


def _fallback(row):
    from dataclasses import replace

    return replace(row, is_fallback=True)


def _cover_urls() -> dict:
    """{image id: the URL of its course-card rendition} for every course cover
    (renditions are made once, then found by Wagtail's rendition table)."""
    from courses.models import CoursePage

    ids = set(
        CoursePage.objects.filter(cover_image__isnull=False).values_list(
            "cover_image_id", flat=True
        )
    )
    if not ids:
        return {}
    from wagtail.images import get_image_model

    urls = {}
    for image in get_image_model().objects.filter(pk__in=ids):
        try:
            urls[image.pk] = image.get_rendition("fill-480x210").url
        except Exception:  # a missing or unreadable file: no cover, not an error
            continue
    return urls


def _course_directory() -> Directory:
    from courses.models import CoursePage, CoursePrerequisite

    prerequisites: dict[int, list[int]] = {}
    for course_id, prerequisite_id in CoursePrerequisite.objects.order_by(
        "sort_order", "pk"
    ).values_list("course_id", "prerequisite_id"):
        prerequisites.setdefault(course_id, []).append(prerequisite_id)
    rows = {}
    live = {}
    every = {}
    covers = _cover_urls()
    for values in CoursePage.objects.values_list(
        "pk",
        "title",
        "translation_key",
        "locale_id",
        "live",
        "path",
        "quiz_id",
        "target_positions",
        "summary",
        "pretest_id",
        "cover_image_id",
    ):
        pk, title, key, locale_id, is_live, path, quiz_id, targets, summary = values[:9]
        info = CourseInfo(
            pk,
            title,
            str(key),
            locale_id,
            is_live,
            path,
            quiz_id,
            tuple(targets or ()),
            summary,
            tuple(prerequisites.get(pk, ())),
            pretest_id=values[9],
            cover_url=covers.get(values[10], ""),
        )
        rows[info.id] = info
        every[(info.translation_key, info.locale_id)] = info.id
        if info.live:
            live[(info.translation_key, info.locale_id)] = info.id
    return Directory(by_id=rows, live=live, any=every)


def courses() -> Directory:
    return _cached("courses", _course_directory)


def _having(load, pks) -> Directory:
    """`load()`'s directory, rebuilt if it lacks one of ``pks`` (an entry
    cached by another process before they were created)."""
    directory = load()
    if any(pk not in directory.by_id for pk in pks):
        structure_changed()
        directory = load()
    return directory


def courses_having(pks) -> Directory:
    return _having(courses, pks)


def course_titles(pks) -> dict[int, CourseInfo]:
    """{course pk: the course in the active language (else itself)}."""
    directory = courses_having(pks)
    locale_id = active_locale().pk
    return {pk: directory.shown(pk, locale_id) for pk in pks}


# --- quizzes --------------------------------------------------------------------


@dataclass(frozen=True)
class QuizInfo:
    id: int
    title: str
    translation_key: str
    locale_id: int
    closes_at: datetime | None
    review: dict  # {"review_after_score": bool, ...}
    pass_mark: object = None  # Decimal
    time_limit_minutes: int | None = None
    attempts_allowed: int | None = None
    shuffle_options: bool = False
    is_fallback: bool = False

    @property
    def pk(self) -> int:
        return self.id

    def __getattr__(self, name):
        if name.startswith("review_"):
            return self.review[name]
        raise AttributeError(name)


REVIEW_FIELDS = [
    f"review_{phase}_{item}"
    for phase in ("during", "after", "closed")
    for item in ("score", "answers", "feedback")
]


def _quiz_directory() -> Directory:
    from courses.models import Quiz

    rows = {}
    live = {}
    for v in Quiz.objects.values(
        "pk",
        "title",
        "translation_key",
        "locale_id",
        "closes_at",
        "pass_mark",
        "time_limit_minutes",
        "attempts_allowed",
        "shuffle_options",
        *REVIEW_FIELDS,
    ):
        info = QuizInfo(
            id=v["pk"],
            title=v["title"],
            translation_key=str(v["translation_key"]),
            locale_id=v["locale_id"],
            closes_at=v["closes_at"],
            review={f: v[f] for f in REVIEW_FIELDS},
            pass_mark=v["pass_mark"],
            time_limit_minutes=v["time_limit_minutes"],
            attempts_allowed=v["attempts_allowed"],
            shuffle_options=v["shuffle_options"],
        )
        rows[info.id] = info
        live[(info.translation_key, info.locale_id)] = info.id
    return Directory(by_id=rows, live=live)


def quizzes() -> Directory:
    return _cached("quizzes", _quiz_directory)


def quizzes_having(pks) -> Directory:
    return _having(quizzes, pks)


def quiz_titles(pks) -> dict[int, QuizInfo]:
    """{quiz pk: the quiz in the active language (else itself), no
    is_fallback flag (as training.selectors.localize_snippets)}."""
    directory = quizzes_having(pks)
    locale_id = active_locale().pk
    result = {}
    for pk in pks:
        row = directory.by_id[pk]
        other = directory.live.get((row.translation_key, locale_id))
        result[pk] = directory.by_id[other] if other is not None else row
    return result


# --- learning paths -----------------------------------------------------------


@dataclass(frozen=True)
class PathInfo:
    id: int
    title: str
    size: int  # courses in the path


def _path_directory() -> dict[int, PathInfo]:
    from django.db.models import Count

    from courses.models import LearningPath

    return {
        pk: PathInfo(pk, title, n)
        for pk, title, n in LearningPath.objects.annotate(n=Count("steps")).values_list(
            "pk", "title", "n"
        )
    }


def paths(pks) -> dict[int, PathInfo]:
    directory = _cached("paths", _path_directory)
    if any(pk not in directory for pk in pks):
        structure_changed()
        directory = _cached("paths", _path_directory)
    return directory


# --- one course's lessons and completion rule -------------------------------------


def outline(course_id: int) -> list:
    """The live lessons of a course page, in tree order, as
    training.selectors.OutlineLesson."""
    from courses.models import LessonPage

    from .selectors import OutlineLesson

    def build():
        course = courses_having([course_id]).by_id[course_id]
        return [
            OutlineLesson(id=pk, key=str(key), title=title, minutes=minutes)
            for pk, key, title, minutes in LessonPage.objects.live()
            .filter(path__startswith=course.path, depth=len(course.path) // 4 + 1)
            .order_by("path")
            .values_list("pk", "translation_key", "title", "estimated_minutes")
        ]

    return _cached(f"outline:{course_id}", build)


def completion_rule(course_id: int, course=None):
    """courses.selectors.course_completion_rule of a course page, cached
    (``course``: the page, if the caller has it loaded)."""
    from courses.models import CoursePage
    from courses.selectors import course_completion_rule, lessons_of

    def build():
        nonlocal course
        if course is None:
            course = CoursePage.objects.get(pk=course_id)
        lessons = list(lessons_of(course).only("pk", "translation_key"))
        return course_completion_rule(course, lessons=lessons)

    return _cached(f"rule:{course_id}", build)


# --- questions ------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionData:
    """A question's content, enough for courses.selectors.question_spec,
    learner_question and question_review (which read these attributes)."""

    id: int
    translation_key: str
    locale_id: int
    kind: str
    stem: str
    options: tuple  # ((option id, {text, match, credit, feedback}), ...)
    true_false_answer: bool | None
    feedback_true: str
    feedback_false: str
    general_feedback: str
    translations: dict  # {locale id: question id}

    @property
    def pk(self) -> int:
        return self.id

    @property
    def option_values(self) -> list[tuple[str, dict]]:
        return list(self.options)


def questions(pks) -> dict[int, QuestionData]:
    """{pk: QuestionData} for existing questions, cached per question; each
    miss is loaded with its translations in two queries for all misses."""
    from courses.models import Question

    pks = list(dict.fromkeys(pks))
    generation = _generation()
    keys = {pk: f"training:content:question:{pk}:{generation}" for pk in pks}
    found = cache.get_many(list(keys.values()))
    result = {pk: found[k] for pk, k in keys.items() if k in found}
    missing = [pk for pk in pks if pk not in result]
    if missing:
        loaded = list(Question.objects.filter(pk__in=missing))
        translations: dict[str, dict[int, int]] = {}
        for pk, key, locale_id in Question.objects.filter(
            translation_key__in={q.translation_key for q in loaded}
        ).values_list("pk", "translation_key", "locale_id"):
            translations.setdefault(str(key), {})[locale_id] = pk
        new = {}
        for q in loaded:
            data = QuestionData(
                id=q.pk,
                translation_key=str(q.translation_key),
                locale_id=q.locale_id,
                kind=q.kind,
                stem=q.stem,
                options=tuple((oid, dict(v)) for oid, v in q.option_values),
                true_false_answer=q.true_false_answer,
                feedback_true=q.feedback_true,
                feedback_false=q.feedback_false,
                general_feedback=q.general_feedback,
                translations=translations.get(str(q.translation_key), {}),
            )
            result[q.pk] = new[keys[q.pk]] = data
        cache.set_many(new, CACHE_SECONDS)
    return result


def questions_shown(pks) -> tuple[dict, dict]:
    """(canonical {pk: QuestionData}, {pk: the question in the active
    language, else itself}) as training.selectors.localize_snippets."""
    canonical = questions(pks)
    locale_id = active_locale().pk
    wanted = {pk: q.translations.get(locale_id, pk) for pk, q in canonical.items()}
    translated = questions([t for pk, t in wanted.items() if t != pk])
    shown = {pk: translated.get(t, canonical[pk]) for pk, t in wanted.items()}
    return canonical, shown


# --- invalidation ---------------------------------------------------------------


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from courses.models import CoursePrerequisite, LearningPath, LearningPathCourse

    # Signals are sent with the concrete class, so each page type is named;
    # other models' saves (answers, progress) never reach this module.
    senders = [
        *get_page_models(),
        LearningPath,
        LearningPathCourse,
        CoursePrerequisite,
        Locale,
    ]
    for model in senders:
        for signal in (post_save, post_delete):
            signal.connect(
                structure_changed,
                sender=model,
                dispatch_uid=f"training-structure-{id(signal)}-{model._meta.label}",
            )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(
            structure_changed, dispatch_uid=f"training-structure-{id(signal)}"
        )
