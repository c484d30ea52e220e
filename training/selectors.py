"""Reads for learner and manager pages, each in a bounded number of queries.

What is the same for every learner (a course's lesson outline, a lesson's
rendered body) is cached, keyed by the pages' publication state, so a page
for one learner costs a few queries for their own records only.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Locale

from courses import scoring
from courses import selectors as course_selectors
from courses.choices import localized_choices
from courses.models import CoursePage, LearningPath, LessonPage
from people.models import Employee

from . import content
from .models import (
    Certificate,
    Enrollment,
    LessonProgress,
    PathEnrollment,
    QuizAttempt,
)

CACHE_SECONDS = 600


def active_locale() -> Locale:
    """The display language's locale (else the default), cached."""
    return content.active_locale()


def localize_pages(pages, model=CoursePage) -> dict[int, object]:
    """{page pk: the page in the active language (else itself)} in one query;
    each result has ``is_fallback``."""
    pages = [p for p in pages if p is not None]
    locale = active_locale()
    keys = {p.translation_key for p in pages if p.locale_id != locale.pk}
    found = {}
    if keys:
        found = {
            t.translation_key: t
            for t in model.objects.filter(
                translation_key__in=keys, locale=locale, live=True
            )
        }
    result = {}
    for p in pages:
        if p.locale_id == locale.pk:
            p.is_fallback = False
            result[p.pk] = p
        elif p.translation_key in found:
            t = found[p.translation_key]
            t.is_fallback = False
            result[p.pk] = t
        else:
            p.is_fallback = True
            result[p.pk] = p
    return result


def localize_snippets(objs, model) -> dict[int, object]:
    """Same as localize_pages, for translatable snippets (quizzes, questions)."""
    objs = list(objs)
    locale = active_locale()
    keys = {o.translation_key for o in objs if o.locale_id != locale.pk}
    found = {}
    if keys:
        found = {
            t.translation_key: t
            for t in model.objects.filter(translation_key__in=keys, locale=locale)
        }
    return {o.pk: found.get(o.translation_key, o) for o in objs}


# --- course outline (cached, shared by all learners) -------------------------


@dataclass(frozen=True)
class OutlineLesson:
    id: int
    key: str
    title: str
    minutes: int
    is_fallback: bool = False


def course_outline(course) -> list[OutlineLesson]:
    """The live lessons of ``course`` (a page in the display language), from
    training.content's cache."""
    return content.outline(course.pk)


def localized_outline(canonical_id: int, shown_id: int) -> list[OutlineLesson]:
    """The original course's lessons (those completion counts), each from the
    shown translation of the course where translated, else the original with
    ``is_fallback``: a lesson not yet translated is listed, not left out."""
    original = content.outline(canonical_id)
    if shown_id == canonical_id:
        return original
    translated = {ls.key: ls for ls in content.outline(shown_id)}
    return [translated.get(ls.key) or replace(ls, is_fallback=True) for ls in original]


def lesson_translation_id(lesson: LessonPage) -> int | None:
    """The pk of the live translation of ``lesson`` in the active language,
    when that is another page; None when ``lesson`` is it or there is none."""
    locale = active_locale()
    if lesson.locale_id == locale.pk:
        return None
    return (
        LessonPage.objects.live()
        .filter(translation_key=lesson.translation_key, locale=locale)
        .values_list("pk", flat=True)
        .first()
    )


def lesson_body_html(lesson: LessonPage, course=None) -> str:
    """The lesson's rendered body, cached per live revision. ``course``: the
    lesson's course page (its blocks link to the course's quiz)."""
    key = f"training:lesson:{lesson.pk}:{lesson.live_revision_id}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "training/includes/lesson_body.html", {"page": lesson, "course": course}
        )
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # rendered by our template from Wagtail blocks


# --- learner ---------------------------------------------------------------


def current_enrollment(employee: Employee, course) -> Enrollment | None:
    """``course``: a page or its pk (then ``enrollment.course`` is loaded
    only if used)."""
    related = ["certificate", "feedback"]
    if not isinstance(course, int):
        related.append("course")
    return (
        Enrollment.objects.filter(employee=employee, course=course, is_current=True)
        .select_related(*related)
        .first()
    )


def open_attempt(enrollment: Enrollment, quiz_id: int) -> QuizAttempt | None:
    return QuizAttempt.objects.filter(
        enrollment=enrollment, quiz_id=quiz_id, status=QuizAttempt.Status.IN_PROGRESS
    ).first()


def pretest_done(enrollment: Enrollment, pretest_id: int) -> bool:
    return QuizAttempt.objects.filter(
        enrollment=enrollment, quiz_id=pretest_id, status=QuizAttempt.Status.FINISHED
    ).exists()


def lessons_done(enrollment: Enrollment | None) -> set[str]:
    if enrollment is None:
        return set()
    return {
        str(k)
        for k in LessonProgress.objects.filter(enrollment=enrollment).values_list(
            "lesson_key", flat=True
        )
    }


def completion_requirements(enrollment: Enrollment, rule, done: set[str]) -> list:
    """Each requirement of the course's completion rule with the learner's
    state (as services.enrollment_recompute counts them: an empty rule
    means every lesson viewed). A missing role-play carries the learner's
    next scheduled session of it, if any."""
    from courses.models import RolePlayScenario

    from .models import RolePlaySession

    items = []
    if rule.require_lessons or rule.is_empty:
        seen = len(done & set(rule.lesson_keys))
        total = len(rule.lesson_keys)
        items.append(
            {"kind": "lessons", "done": seen >= total, "seen": seen, "total": total}
        )
    if rule.require_quiz:
        items.append({"kind": "quiz", "done": enrollment.quiz_passed_at is not None})
    if rule.require_role_play:
        scenario = RolePlayScenario.objects.filter(pk=rule.role_play_id).first()
        item = {
            "kind": "role_play",
            "done": enrollment.roleplay_passed_at is not None,
            "title": course_selectors.localized(scenario).title if scenario else "",
            "requested_at": enrollment.roleplay_requested_at,
            "session": None,
        }
        if not item["done"]:
            item["session"] = (
                RolePlaySession.objects.filter(
                    learners=enrollment.employee_id,
                    course_id=rule.course_id,
                    status=RolePlaySession.Status.SCHEDULED,
                    scheduled_at__gte=timezone.now(),
                )
                .order_by("scheduled_at")
                .first()
            )
        items.append(item)
    return items


def review_phase(attempt: QuizAttempt, quiz, now=None) -> str:
    """Moodle's review phases: during the attempt, after it, after the quiz
    closes."""
    now = now or timezone.now()
    if attempt.status == QuizAttempt.Status.IN_PROGRESS:
        return "during"
    if quiz.closes_at and quiz.closes_at <= now:
        return "closed"
    return "after"


def review_options(attempt: QuizAttempt, quiz, now=None) -> dict[str, bool]:
    phase = review_phase(attempt, quiz, now)
    return {
        item: bool(getattr(quiz, f"review_{phase}_{item}"))
        for item in ("score", "answers", "feedback")
    }


def learner_dashboard(employee: Employee, *, today: dt.date | None = None) -> dict:
    """Everything on "My learning": five small queries of the learner's own
    rows; course, quiz and path titles come from training.content's cache."""
    today = today or timezone.localdate()
    enrollments = list(
        Enrollment.objects.filter(employee=employee, is_current=True).order_by(
            "due_date", "pk"
        )
    )
    paths = list(PathEnrollment.objects.filter(employee=employee).order_by("pk"))
    certificates = list(
        Certificate.objects.filter(employee=employee).order_by("-issued_at")[:20]
    )
    results = list(
        QuizAttempt.objects.filter(
            enrollment__employee=employee, status=QuizAttempt.Status.FINISHED
        )
        .defer("plan")
        .order_by("-finished_at")[:5]
    )
    titles = content.course_titles(
        {e.course_id for e in enrollments} | {c.course_id for c in certificates}
    )
    for e in enrollments:
        e.display_course = titles[e.course_id]
        e.current_status = e.status_on(today)
    soon = today + dt.timedelta(days=7)
    active = [e for e in enrollments if e.current_status != Enrollment.Status.COMPLETED]
    path_info = content.paths({p.path_id for p in paths})
    for p in paths:
        p.path_title = path_info[p.path_id].title
        mine = [e for e in enrollments if e.path_enrollment_id == p.pk]
        total = path_info[p.path_id].size or len(mine) or 1
        done = sum(1 for e in mine if e.completed_at)
        p.done, p.total = done, total
        p.percent = int(100 * done / total)
    now = timezone.now()
    for c in certificates:
        c.display_course = titles[c.course_id]
        c.state = c.state_at(now)
    quiz_titles = content.quiz_titles({a.quiz_id for a in results})
    canonical_quizzes = content.quizzes().by_id
    for a in results:
        a.display_quiz = quiz_titles[a.quiz_id]
        a.review = review_options(a, canonical_quizzes[a.quiz_id], now)
    return {
        "enrollments": enrollments,
        "due_soon": [e for e in active if e.due_date and today <= e.due_date <= soon],
        "overdue": [e for e in active if e.current_status == Enrollment.Status.OVERDUE],
        "in_progress": active,
        "completed": [e for e in enrollments if e.completed_at],
        "paths": paths,
        "certificates": certificates,
        "results": results,
    }


def open_courses(employee: Employee, *, exclude_keys=(), limit: int = 12) -> list:
    """Live courses in the display language the employee may self-enrol in
    (not targeted at other positions), minus those with these translation
    keys (from training.content's cached directory: no query)."""
    locale_id = content.active_locale().pk
    exclude = {str(k) for k in exclude_keys}
    result = []
    for c in sorted(content.courses().by_id.values(), key=lambda c: c.path):
        if not c.live or c.locale_id != locale_id or c.translation_key in exclude:
            continue
        if c.target_positions and employee.position not in c.target_positions:
            continue
        result.append(c)
        if len(result) >= limit:
            break
    return result


def attempts_of(enrollment: Enrollment, quiz) -> list[QuizAttempt]:
    return list(
        QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz)
        .defer("plan")
        .order_by("number")
    )


def attempt_questions(attempt: QuizAttempt, answers=None) -> list[dict]:
    """The attempt's questions as the learner sees them (no credits, no
    feedback), in the attempt's fixed order and option order, in the display
    language, with the saved responses. Question content comes from
    training.content's cache; ``answers``: the attempt's rows if loaded."""
    if answers is None:
        answers = list(attempt.answers.all())
    questions, shown = content.questions_shown([a.question_id for a in answers])
    locale_id = active_locale().pk
    shuffle = attempt.quiz.shuffle_options
    items = []
    for a in answers:
        q = questions.get(a.question_id)
        if q is None:
            continue
        data = course_selectors.learner_question(
            shown[q.pk],
            rng=random.Random(f"{attempt.seed}:{q.pk}"),
            shuffle=shuffle,
        )
        data["id"] = q.pk  # grade against the canonical question id
        data["is_fallback"] = shown[q.pk].locale_id != locale_id
        data["response"] = a.response
        data["position"] = a.position + 1
        items.append(data)
    return items


def attempt_check(items: list[dict], options: dict[str, bool]) -> None:
    """Moodle's "during the attempt" review options: each saved answer of an
    open attempt gets ``item["check"]`` with its score, the correct answer
    and feedback, each only if the quiz allows it (none by default)."""
    if not any(options.values()):
        return
    saved = [i for i in items if i["response"] not in (None, "", [], {})]
    if not saved:
        return
    questions, shown = content.questions_shown([i["id"] for i in saved])
    for item in saved:
        check: dict = {}
        if options["score"]:
            spec = course_selectors.question_spec(questions[item["id"]])
            try:
                check["score"] = scoring.grade_question(spec, item["response"]).score
            except scoring.InvalidResponse:
                check["score"] = 0.0
        review = course_selectors.question_review(shown[item["id"]])
        if options["answers"]:
            check["correct"] = review["correct"]
        if options["feedback"]:
            fb = review["feedback"]
            response = item["response"]
            picked = response if isinstance(response, list) else [response]
            check["feedback"] = [
                fb[r] for r in picked if isinstance(r, bool | str) and fb.get(r)
            ]
            if review["general_feedback"]:
                check["feedback"].append(review["general_feedback"])
        item["check"] = check


def attempt_review(attempt: QuizAttempt, options: dict[str, bool]) -> list[dict]:
    """Per-question review; correct answers and feedback only if ``options``
    allow them. One query (the attempt's answers)."""
    answers = list(attempt.answers.all())
    items = attempt_questions(attempt, answers)
    scores = {a.question_id: a.score for a in answers}
    if not (options["answers"] or options["feedback"]):
        for item in items:
            item["score"] = scores.get(item["id"]) if options["score"] else None
        return items
    _canonical, shown = content.questions_shown([i["id"] for i in items])
    for item in items:
        review = course_selectors.question_review(shown[item["id"]])
        item["score"] = scores.get(item["id"]) if options["score"] else None
        if options["answers"]:
            item["correct"] = review["correct"]
        if options["feedback"]:
            item["general_feedback"] = review["general_feedback"]
            response = item["response"]
            fb = review["feedback"]
            if isinstance(response, list):
                item["feedback"] = [fb.get(r, "") for r in response if fb.get(r)]
            elif isinstance(response, bool | str) and fb.get(response):
                item["feedback"] = [fb[response]]
            else:
                item["feedback"] = []
    return items


# --- manager / HR (the team page itself reads through training.team) --------


def course_choices() -> list[tuple[int, str]]:
    """Each live course once (its original's pk), titled in the viewer's
    language."""
    return localized_choices(CoursePage.objects.live().order_by("path"))


def path_choices() -> list[tuple[int, str]]:
    return localized_choices(LearningPath.objects.order_by("pk"))


# --- evidence for incentive reviews (performance reads these) ----------------
# Set-based: one GROUP BY over the population for each kind of evidence.
# `employees` is an Employee queryset (used as a subquery); periods are dates,
# start and end inclusive, in the site's time zone.


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return first, after


def _required_enrollments(employees, start: dt.date, end: dt.date):
    """Assigned (not self-chosen) enrolments falling due in the period,
    current or archived by a recertification."""
    from .models.learning import Source

    return Enrollment.objects.filter(
        employee__in=employees.values("pk"),
        due_date__gte=start,
        due_date__lte=end,
    ).exclude(source=Source.SELF)


def courses_on_time(employees, *, start: dt.date, end: dt.date) -> dict[int, dict]:
    """{employee_id: {"due": n, "on_time": k}}: required courses falling due
    in the period, and how many were completed by the end of their due day."""
    from django.db.models import Count, F, Q

    rows = (
        _required_enrollments(employees, start, end)
        .values("employee_id")
        .annotate(
            due=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(completed_at__isnull=False)
                & Q(completed_at__date__lte=F("due_date")),
            ),
        )
        .order_by()
    )
    return {r["employee_id"]: {"due": r["due"], "on_time": r["on_time"]} for r in rows}


def _graded_enrollments(employees, start: dt.date, end: dt.date):
    from django.db.models import Exists, OuterRef

    first, after = _day_bounds(start, end)
    finished = QuizAttempt.objects.filter(
        enrollment=OuterRef("pk"), finished_at__gte=first, finished_at__lt=after
    )
    return Enrollment.objects.filter(
        Exists(finished),
        employee__in=employees.values("pk"),
        quiz_grade__isnull=False,
    )


def quiz_grades(employees, *, start: dt.date, end: dt.date) -> dict[int, dict]:
    """{employee_id: {"mean": grade 0-100, "n": courses}}: the mean course
    quiz grade over the courses with a quiz attempt finished in the period."""
    from django.db.models import Avg, Count

    rows = (
        _graded_enrollments(employees, start, end)
        .values("employee_id")
        .annotate(mean=Avg("quiz_grade"), n=Count("pk"))
        .order_by()
    )
    return {r["employee_id"]: {"mean": float(r["mean"]), "n": r["n"]} for r in rows}


def flagged_assessors() -> set[int]:
    """Employees whose latest calibration session (by date) flagged them for
    recalibration. Assessors never calibrated are not flagged."""
    from .models import CalibrationSession
    from .roleplay.selectors import calibration_report

    latest: dict[int, int] = {}
    for (
        assessor_id,
        session_id,
    ) in CalibrationSession.assessors.through.objects.order_by(
        "calibrationsession__created_at", "calibrationsession_id"
    ).values_list("employee_id", "calibrationsession_id"):
        latest[assessor_id] = session_id
    flagged: set[int] = set()
    for session in CalibrationSession.objects.filter(pk__in=set(latest.values())):
        for figures in calibration_report(session, intervals=False).per_assessor:
            if figures.flagged and latest.get(figures.employee.pk) == session.pk:
                flagged.add(figures.employee.pk)
    return flagged


def assessor_flagged(employee_id: int) -> bool | None:
    """Whether the employee's latest calibration session (as in
    flagged_assessors) flagged them; None if they never took part. One
    session's report, so a page showing it stays bounded."""
    from .models import CalibrationSession
    from .roleplay.selectors import calibration_report

    latest = (
        CalibrationSession.objects.filter(assessors=employee_id)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None:
        return None
    return any(
        f.flagged and f.employee.pk == employee_id
        for f in calibration_report(latest, intervals=False).per_assessor
    )


def _scored_sheets(employees, start, end, *, exclude_assessors=()):
    from .models import RolePlayAssessment

    first, after = _day_bounds(start, end)
    qs = RolePlayAssessment.objects.filter(
        learner__in=employees.values("pk"),
        kind__in=[
            RolePlayAssessment.Kind.ASSESSOR,
            RolePlayAssessment.Kind.SECOND,
        ],
        status=RolePlayAssessment.Status.SUBMITTED,
        submitted_at__gte=first,
        submitted_at__lt=after,
        percent__isnull=False,
    )
    if exclude_assessors:
        qs = qs.exclude(assessor_id__in=list(exclude_assessors))
    return qs


def roleplay_scores(
    employees, *, start: dt.date, end: dt.date, exclude_assessors=()
) -> dict[int, dict]:
    """{employee_id: {"mean": percent, "n": sheets}}: the mean of the
    assessors' submitted role-play sheets (first and blind second scoring; not
    self-assessments) in the period, leaving out `exclude_assessors`."""
    from django.db.models import Avg, Count

    rows = (
        _scored_sheets(employees, start, end, exclude_assessors=exclude_assessors)
        .values("learner_id")
        .annotate(mean=Avg("percent"), n=Count("pk"))
        .order_by()
    )
    return {r["learner_id"]: {"mean": r["mean"], "n": r["n"]} for r in rows}


def valid_certificates(employees, *, course_ids, at: dt.date) -> set[tuple[int, int]]:
    """(employee_id, course_id) for each of `course_ids` (any language of the
    course counts) with a certificate issued by `at` and valid on it."""
    from django.db.models import Q

    from .models import Certificate

    keys = dict(
        CoursePage.objects.filter(pk__in=list(course_ids)).values_list(
            "translation_key", "pk"
        )
    )
    if not keys:
        return set()
    _, after = _day_bounds(at, at)
    rows = Certificate.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gte=after),
        employee__in=employees.values("pk"),
        course__translation_key__in=list(keys),
        issued_at__lt=after,
        revoked_at__isnull=True,
    ).values_list("employee_id", "course__translation_key")
    return {(employee_id, keys[key]) for employee_id, key in rows}


def review_evidence(
    employee: Employee,
    *,
    start: dt.date,
    end: dt.date,
    kind: str,
    exclude_assessors=(),
) -> list[dict]:
    """One person's evidence items behind a review component, for the
    explanation page: kind "courses_on_time" (enrolments falling due),
    "quiz_grade" (graded courses) or "roleplay" (score sheets). Each item is
    {"kind", "id", "title", "date", "value"}; one query."""
    employees = Employee.objects.filter(pk=employee.pk)
    items = []
    if kind == "courses_on_time":
        for e in _required_enrollments(employees, start, end).select_related("course"):
            on_time = bool(
                e.completed_at and timezone.localdate(e.completed_at) <= e.due_date
            )
            items.append(
                {
                    "kind": "enrollment",
                    "id": e.pk,
                    "course_id": e.course_id,
                    "title": e.course.title,
                    "date": e.due_date,
                    "value": 100.0 if on_time else 0.0,
                }
            )
    elif kind == "quiz_grade":
        for e in _graded_enrollments(employees, start, end).select_related("course"):
            items.append(
                {
                    "kind": "enrollment",
                    "id": e.pk,
                    "course_id": e.course_id,
                    "title": e.course.title,
                    "date": e.quiz_passed_at and timezone.localdate(e.quiz_passed_at),
                    "value": float(e.quiz_grade),
                }
            )
    elif kind == "roleplay":
        for a in _scored_sheets(
            employees, start, end, exclude_assessors=exclude_assessors
        ).select_related("session__scenario", "assessor"):
            items.append(
                {
                    "kind": "assessment",
                    "id": a.pk,
                    "title": str(a.session.scenario) if a.session else "",
                    "date": timezone.localdate(a.submitted_at),
                    "value": a.percent,
                    "by": a.assessor.name,
                }
            )
    return items


# --- analytics inputs (performance.analytics reads these) -------------------


@dataclass(frozen=True)
class PrePost:
    enrollment_id: int
    employee_id: int
    course_id: int
    pre: float | None  # the pre-test's first finished attempt, percent
    post: float | None  # the course quiz's grade (its grading method), percent


def pre_post_grades(*, course_ids=None) -> list[PrePost]:
    """Per enrolment in a course with a pre-test: the pre-test result (first
    finished attempt, before any lesson) and the course quiz's grade, for
    the learning-gain comparison (Kirkpatrick level 2). One query."""
    from django.db.models import OuterRef, Subquery

    first_pre = (
        QuizAttempt.objects.filter(
            enrollment=OuterRef("pk"),
            quiz_id=OuterRef("course__pretest_id"),
            status=QuizAttempt.Status.FINISHED,
        )
        .order_by("number")
        .values("percent")[:1]
    )
    qs = Enrollment.objects.filter(course__pretest__isnull=False)
    if course_ids is not None:
        qs = qs.filter(course_id__in=list(course_ids))
    rows = qs.annotate(pre=Subquery(first_pre)).values_list(
        "pk", "employee_id", "course_id", "pre", "quiz_grade"
    )
    return [
        PrePost(
            pk,
            employee,
            course,
            None if pre is None else float(pre),
            None if post is None else float(post),
        )
        for pk, employee, course, pre, post in rows.order_by("pk")
    ]


# Moodle's quiz statistics default to first attempts: each learner's first
# finished attempt (number 1 of an enrolment), so practice does not inflate
# facility. The marks are weight × score per answer.
_FIRST_ANSWERS = """
    WITH att AS (
        SELECT id FROM training_quizattempt
        WHERE quiz_id = %s AND number = 1 AND status = 'finished'
    ),
    ans AS (
        SELECT aa.attempt_id, aa.question_id, aa.position, aa.weight AS w,
               aa.weight * COALESCE(aa.score, 0) AS x, aa.response
        FROM training_attemptanswer aa JOIN att ON att.id = aa.attempt_id
    ),
    tot AS (
        SELECT attempt_id, SUM(x) AS t, SUM(w) AS wt FROM ans GROUP BY attempt_id
    )
"""


def _rows(sql: str, params) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def quiz_item_analysis_inputs(quiz_id: int) -> dict:
    """The sums Moodle's item analysis needs, over first attempts, computed in
    three queries however many attempts there are:

    * ``items``: per question (s, max mark, Σx, Σx², Σr, Σr², Σxr, Σxt and
      Σ x₍ₖ₎r₍ₖ₎ with x and r = t − x each ranked ascending);
    * ``quiz``: attempts, maximum total, Σt, Σt² and per slot (n, Σx, Σx²);
    * ``responses``: per question and stored response, (count, Σt).
    """
    items = _rows(
        _FIRST_ANSWERS
        + """,
        j AS (
            SELECT ans.question_id, ans.w, ans.x, tot.t - ans.x AS r, tot.t
            FROM ans JOIN tot USING (attempt_id)
        ),
        rx AS (
            SELECT question_id, x,
                   ROW_NUMBER() OVER (PARTITION BY question_id ORDER BY x) AS k
            FROM j
        ),
        rr AS (
            SELECT question_id, r,
                   ROW_NUMBER() OVER (PARTITION BY question_id ORDER BY r) AS k
            FROM j
        ),
        sorted AS (
            SELECT rx.question_id, SUM(rx.x * rr.r) AS sxr
            FROM rx JOIN rr ON rr.question_id = rx.question_id AND rr.k = rx.k
            GROUP BY rx.question_id
        )
        SELECT j.question_id, COUNT(*), MAX(j.w), SUM(j.x), SUM(j.x * j.x),
               SUM(j.r), SUM(j.r * j.r), SUM(j.x * j.r), SUM(j.x * j.t),
               MAX(sorted.sxr)
        FROM j JOIN sorted ON sorted.question_id = j.question_id
        GROUP BY j.question_id ORDER BY j.question_id
        """,
        [quiz_id],
    )
    totals = _rows(
        _FIRST_ANSWERS
        + """
        SELECT COUNT(*), MAX(wt), SUM(t), SUM(t * t) FROM tot
        """,
        [quiz_id],
    )[0]
    slots = _rows(
        _FIRST_ANSWERS
        + """
        SELECT position, COUNT(*), SUM(x), SUM(x * x) FROM ans
        GROUP BY position ORDER BY position
        """,
        [quiz_id],
    )
    responses = _rows(
        _FIRST_ANSWERS
        + """
        SELECT ans.question_id, ans.response, COUNT(*), SUM(tot.t)
        FROM ans JOIN tot USING (attempt_id)
        WHERE ans.response IS NOT NULL
        GROUP BY ans.question_id, ans.response
        """,
        [quiz_id],
    )
    return {
        "items": [
            {
                "question_id": r[0],
                "s": r[1],
                "max_mark": float(r[2] or 0),
                "sum_x": float(r[3] or 0),
                "sum_x2": float(r[4] or 0),
                "sum_r": float(r[5] or 0),
                "sum_r2": float(r[6] or 0),
                "sum_xr": float(r[7] or 0),
                "sum_xt": float(r[8] or 0),
                "sum_sorted_xr": float(r[9] or 0),
            }
            for r in items
        ],
        "quiz": {
            "s": totals[0] or 0,
            "max_total": float(totals[1] or 0),
            "sum_t": float(totals[2] or 0),
            "sum_t2": float(totals[3] or 0),
            "slots": [(n, float(sx or 0), float(sx2 or 0)) for _, n, sx, sx2 in slots],
        },
        "responses": [
            (qid, _decoded(response), n, float(st or 0))
            for qid, response, n, st in responses
        ],
    }


def _decoded(response):
    """jsonb comes back decoded from PostgreSQL, as text from SQLite."""
    import json

    if isinstance(response, str):
        try:
            return json.loads(response)
        except ValueError:
            return response
    return response


def quizzes_with_attempts() -> list[tuple[int, int]]:
    """(quiz id, first attempts) of every quiz that has finished ones."""
    from django.db.models import Count

    return list(
        QuizAttempt.objects.filter(number=1, status=QuizAttempt.Status.FINISHED)
        .values("quiz_id")
        .annotate(n=Count("id"))
        .values_list("quiz_id", "n")
    )


def course_feedback_summary(course_id: int, *, comments: int = 20) -> dict:
    """Kirkpatrick level 1: ratings 1-5 counted in SQL, and the latest
    comments (without names: the report is about the course)."""
    from django.db.models import Count

    from .models import CourseFeedback

    qs = CourseFeedback.objects.filter(enrollment__course_id=course_id)
    counts = dict(
        qs.values("rating").annotate(n=Count("id")).values_list("rating", "n")
    )
    latest = list(
        qs.exclude(comment="")
        .order_by("-created_at")
        .values("rating", "comment", "created_at")[:comments]
    )
    return {"counts": counts, "comments": latest}


def course_pre_post(course_id: int) -> list[tuple[float, float]]:
    """Kirkpatrick level 2: (pre-test %, post-test %) per learner who took
    both: first finished attempts (number 1) at the course's pre-test
    (Quiz.is_pretest) and its other quiz, paired in SQL."""
    from django.db.models import Max, Q

    rows = (
        QuizAttempt.objects.filter(
            enrollment__course_id=course_id,
            number=1,
            status=QuizAttempt.Status.FINISHED,
            percent__isnull=False,
        )
        .values("enrollment__employee_id")
        .annotate(
            pre=Max("percent", filter=Q(quiz__is_pretest=True)),
            post=Max("percent", filter=Q(quiz__is_pretest=False)),
        )
        .filter(pre__isnull=False, post__isnull=False)
        .values_list("pre", "post")
    )
    return [(float(a), float(b)) for a, b in rows]


def course_completions(course_id: int) -> dict[int, dt.datetime]:
    """Employee id → when they first completed the course (any run)."""
    from django.db.models import Min

    return dict(
        Enrollment.objects.filter(course_id=course_id, completed_at__isnull=False)
        .values("employee_id")
        .annotate(first=Min("completed_at"))
        .values_list("employee_id", "first")
    )


def roleplay_scores_on_skills(
    *, employee_ids, skill_area_ids, course_id: int | None = None
) -> list[tuple[int, dt.datetime, float]]:
    """(learner, submitted at, percent) of submitted assessor sheets of these
    learners, in role-plays of scenarios tagged with any of the skill areas
    (or run for the course)."""
    from django.db.models import Q

    from .models import RolePlayAssessment

    where = Q(session__scenario__skill_areas__in=list(skill_area_ids))
    if course_id is not None:
        where |= Q(session__course_id=course_id)
    return list(
        RolePlayAssessment.objects.filter(
            where,
            kind=RolePlayAssessment.Kind.ASSESSOR,
            status=RolePlayAssessment.Status.SUBMITTED,
            learner_id__in=list(employee_ids),
            percent__isnull=False,
        )
        .distinct()
        .values_list("learner_id", "submitted_at", "percent")
    )


def courses_with_completions() -> list[tuple[int, int]]:
    """(course id, people who completed it) for every course with any."""
    from django.db.models import Count

    return list(
        Enrollment.objects.filter(completed_at__isnull=False)
        .values("course_id")
        .annotate(n=Count("employee_id", distinct=True))
        .values_list("course_id", "n")
    )


def quizzes_answering(question_id: int, *, limit: int = 5) -> list[int]:
    """Quizzes whose first attempts answered this question, most used first."""
    from django.db.models import Count

    from .models import AttemptAnswer

    return list(
        AttemptAnswer.objects.filter(
            question_id=question_id,
            attempt__number=1,
            attempt__status=QuizAttempt.Status.FINISHED,
        )
        .values("attempt__quiz_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("attempt__quiz_id", flat=True)[:limit]
    )


def skill_evidence(employee_ids) -> dict:
    """The dated learning evidence of these people, aggregated in SQL:
    completed courses with their certificate's expiry, first-attempt quiz
    answers per question, and submitted assessor role-play sheets per
    scenario."""
    from django.db.models import Avg, Count, Max, Sum

    from .models import AttemptAnswer, RolePlayAssessment

    ids = list(employee_ids)
    courses = list(
        Enrollment.objects.filter(employee_id__in=ids, completed_at__isnull=False)
        .values_list(
            "employee_id",
            "course_id",
            "completed_at",
            "certificate__expires_at",
            "certificate__revoked_at",
        )
        .order_by("employee_id", "completed_at")
    )
    answers = list(
        AttemptAnswer.objects.filter(
            attempt__enrollment__employee_id__in=ids,
            attempt__number=1,
            attempt__status=QuizAttempt.Status.FINISHED,
            score__isnull=False,
        )
        .values("attempt__enrollment__employee_id", "question_id")
        .annotate(n=Count("id"), total=Sum("score"), last=Max("attempt__finished_at"))
        .values_list(
            "attempt__enrollment__employee_id", "question_id", "n", "total", "last"
        )
    )
    roleplays = list(
        RolePlayAssessment.objects.filter(
            learner_id__in=ids,
            kind=RolePlayAssessment.Kind.ASSESSOR,
            status=RolePlayAssessment.Status.SUBMITTED,
            percent__isnull=False,
            session__isnull=False,
        )
        .values("learner_id", "session__scenario_id")
        .annotate(n=Count("id"), mean=Avg("percent"), last=Max("submitted_at"))
        .values_list("learner_id", "session__scenario_id", "n", "mean", "last")
    )
    return {"courses": courses, "answers": answers, "roleplays": roleplays}


def current_enrollments(employee_id: int, course_ids) -> dict[int, Enrollment]:
    """The person's current enrolments in these courses, by course id."""
    return {
        e.course_id: e
        for e in Enrollment.objects.filter(
            employee_id=employee_id, course_id__in=list(course_ids), is_current=True
        )
    }


def resume_point(enrollments) -> dict | None:
    """ "Continue where you left off": the started, unfinished course most
    recently begun (overdue ones first) and the lesson after the last one
    opened, from the cached outline (no query)."""
    started = [
        e
        for e in enrollments
        if e.started_at and not e.completed_at and e.last_lesson_key
    ]
    if not started:
        return None
    overdue = Enrollment.Status.OVERDUE
    e = sorted(
        started, key=lambda e: (e.current_status != overdue, -e.started_at.timestamp())
    )[0]
    lessons = content.outline(e.display_course.id)
    keys = [ls.key for ls in lessons]
    last = str(e.last_lesson_key)
    lesson = None
    if last in keys:
        i = keys.index(last)
        lesson = lessons[min(i + 1, len(lessons) - 1)]
    return {"enrollment": e, "lesson": lesson}


# --- dashboards (performance.analytics.dashboards reads these) ---------------
# One aggregate query each over the population; `employees` is an Employee
# queryset used as a subquery, or None for everyone (HR).


def _of(qs, employees, field: str = "employee"):
    return (
        qs
        if employees is None
        else qs.filter(**{f"{field}__in": employees.values("pk")})
    )


def required_enrollment_summary(employees, *, today: dt.date) -> dict[str, int]:
    """Current assigned (not self-chosen) enrolments by status on `today`:
    {"required", "completed", "in_progress", "not_started", "overdue"}. A
    completed one counts as completed whatever its due date; an unfinished
    one past its due date as overdue."""
    from django.db.models import Count, Q

    from .models.learning import Source

    open_ = Q(completed_at__isnull=True)
    late = open_ & Q(due_date__lt=today)
    on_track = open_ & (Q(due_date__isnull=True) | Q(due_date__gte=today))
    return _of(
        Enrollment.objects.filter(is_current=True).exclude(source=Source.SELF),
        employees,
    ).aggregate(
        required=Count("pk"),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        in_progress=Count("pk", filter=on_track & Q(started_at__isnull=False)),
        not_started=Count("pk", filter=on_track & Q(started_at__isnull=True)),
        overdue=Count("pk", filter=late),
    )


def certificates_expiring(employees, *, now, days=(30, 60)) -> dict[int, int]:
    """{d: certificates (not revoked, of current enrolments) expiring within
    d days of `now`} for each d of `days`."""
    from django.db.models import Count, Q

    qs = _of(
        Certificate.objects.filter(
            revoked_at__isnull=True,
            enrollment__is_current=True,
            expires_at__gte=now,
            expires_at__lt=now + dt.timedelta(days=max(days)),
        ),
        employees,
    )
    counts = qs.aggregate(
        **{
            f"d{d}": Count("pk", filter=Q(expires_at__lt=now + dt.timedelta(days=d)))
            for d in days
        }
    )
    return {d: counts[f"d{d}"] for d in days}


def course_enrollment_summary(course_ids) -> dict[int, dict]:
    """{course id: {"enrolments", "completed", "mean_grade"}} over the
    courses' current enrolments, one GROUP BY (mean_grade: the mean course
    quiz grade 0-100 of those graded, None if nobody is)."""
    from django.db.models import Avg, Count, Q

    rows = (
        Enrollment.objects.filter(course_id__in=list(course_ids), is_current=True)
        .values("course_id")
        .annotate(
            enrolments=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            mean_grade=Avg("quiz_grade"),
        )
        .order_by()
    )
    return {
        r["course_id"]: {
            "enrolments": r["enrolments"],
            "completed": r["completed"],
            "mean_grade": None if r["mean_grade"] is None else float(r["mean_grade"]),
        }
        for r in rows
    }


def pending_roleplay_assessments(course_ids) -> dict[int, int]:
    """{course id: learners of its role-play sessions (not cancelled) still
    without a submitted assessor's sheet}, one GROUP BY."""
    from django.db.models import Count, Exists, OuterRef

    from .models import RolePlayAssessment, RolePlaySession

    through = RolePlaySession.learners.through
    scored = RolePlayAssessment.objects.filter(
        session_id=OuterRef("roleplaysession_id"),
        learner_id=OuterRef("employee_id"),
        kind=RolePlayAssessment.Kind.ASSESSOR,
        status=RolePlayAssessment.Status.SUBMITTED,
    )
    rows = (
        through.objects.filter(roleplaysession__course_id__in=list(course_ids))
        .exclude(roleplaysession__status=RolePlaySession.Status.CANCELLED)
        .filter(~Exists(scored))
        .values("roleplaysession__course_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["roleplaysession__course_id"]: r["n"] for r in rows}
