"""Writes of the learning half of training/: enrolments, progress, the quiz
engine, completion, certificates, reminders and post-course feedback.

API for other code (role-plays in training/roleplay/, performance/, admin):

    assignment_create(*, course=None, path=None, employees=(), team=None,
                      store=None, position=None, due_date=None,
                      assigned_by=None, source=Source.ASSIGNED) -> list[Enrollment]
        Assign a course or a learning path to people (expanded from a list of
        employees and/or a team, store or position). Idempotent: an existing
        current enrolment is kept (its due date moves to the new one if given).
        F4 assigns a remedial course with ``source=Source.REMEDIAL``.

    enrollment_record_roleplay_passed(*, employee, course, passed_at=None)
        The completion hook for role-plays: F4 calls it when a role-play
        required by ``course`` is passed; the course then completes if the
        rest of its completion rule is met. Returns the enrolment (None if the
        person is not enrolled).

    attempt_start / attempt_save / attempt_submit / attempts_close_expired
        The quiz engine (server time, deadline + grace, one final submit).

Errors a view maps to a 4xx: ``TrainingError`` subclasses (``status`` on each)
and ``courses.scoring.InvalidResponse`` (400).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import random
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses import scoring
from courses import selectors as course_selectors
from people.models import Employee
from people.services import user_language

from . import content
from .models import (
    AttemptAnswer,
    Certificate,
    CourseFeedback,
    Enrollment,
    LessonProgress,
    Notification,
    PathEnrollment,
    QuizAttempt,
    ReminderLog,
)
from .models.learning import Source

logger = logging.getLogger(__name__)

# Seconds after the deadline in which a submit still counts (network lag);
# Moodle's "grace period" for timed quizzes.
GRACE_SECONDS = getattr(settings, "TRAINING_QUIZ_GRACE_SECONDS", 30)
RECERTIFY_DAYS_BEFORE = 30


class TrainingError(Exception):
    """A refused learner action; ``status`` is the HTTP status a view returns."""

    status = 400

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class NotEnrolled(TrainingError):
    status = 403


class PrerequisitesMissing(TrainingError):
    status = 403


class AttemptClosed(TrainingError):
    """The attempt is already finished (or was closed at its deadline)."""

    status = 409


class TimeUp(TrainingError):
    """Deadline + grace has passed: the answers sent now are refused."""

    status = 409


class AttemptLimitReached(TrainingError):
    status = 403


class QuizUnavailable(TrainingError):
    status = 403


# --- helpers ----------------------------------------------------------------


def add_months(value: dt.datetime, months: int) -> dt.datetime:
    """Calendar months later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month = value.month - 1 + months
    year = value.year + month // 12
    month = month % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


def _canonical(page):
    return course_selectors.canonical(page)


def _targets(
    *, employees: Iterable[Employee] = (), team=None, store=None, position=None
) -> list[Employee]:
    ids = {e.pk for e in employees}
    qs = Employee.objects.active()
    group = None
    if team is not None:
        group = qs.filter(team=team)
    if store is not None:
        group = (group if group is not None else qs).filter(store=store)
    if position:
        group = (group if group is not None else qs).filter(position=position)
    if group is not None:
        ids |= set(group.values_list("pk", flat=True))
    return list(Employee.objects.filter(pk__in=ids).select_related("user"))


# --- assignments ------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *,
    course=None,
    path=None,
    employees: Iterable[Employee] = (),
    team=None,
    store=None,
    position: str | None = None,
    due_date: dt.date | None = None,
    assigned_by: Employee | None = None,
    source: str = Source.ASSIGNED,
) -> list[Enrollment]:
    """Assign a course or a learning path (exactly one) to the people given
    directly and/or by team, store or position (these combine as AND; a
    direct list adds to them). Returns the current enrolments touched.
    Idempotent: existing current enrolments are kept; a given due date
    replaces theirs unless they are completed."""
    if (course is None) == (path is None):
        raise ValueError("assign exactly one of course or path")
    people = _targets(employees=employees, team=team, store=store, position=position)
    if course is not None:
        course = _canonical(course)
        return [
            _enroll(
                employee=e,
                course=course,
                due_date=due_date,
                assigned_by=assigned_by,
                source=source,
            )
            for e in people
        ]
    path = _canonical(path)
    courses = [_canonical(c) for c in course_selectors.learning_path_courses(path)]
    result = []
    for e in people:
        pe, created = PathEnrollment.objects.get_or_create(
            employee=e,
            path=path,
            defaults={
                "due_date": due_date,
                "assigned_by": assigned_by,
                "source": source,
            },
        )
        if not created and due_date:
            PathEnrollment.objects.filter(pk=pe.pk).update(due_date=due_date)
        for c in courses:
            result.append(
                _enroll(
                    employee=e,
                    course=c,
                    due_date=due_date,
                    assigned_by=assigned_by,
                    source=source,
                    path_enrollment=pe,
                )
            )
    return result


def _enroll(
    *, employee, course, due_date, assigned_by, source, path_enrollment=None
) -> Enrollment:
    enrollment = Enrollment.objects.filter(
        employee=employee, course=course, is_current=True
    ).first()
    if enrollment is None:
        try:
            with transaction.atomic():
                return Enrollment.objects.create(
                    employee=employee,
                    course=course,
                    due_date=due_date,
                    assigned_by=assigned_by,
                    source=source,
                    path_enrollment=path_enrollment,
                )
        except IntegrityError:  # a concurrent assignment won
            enrollment = Enrollment.objects.get(
                employee=employee, course=course, is_current=True
            )
    changed = []
    if due_date and not enrollment.completed_at and enrollment.due_date != due_date:
        enrollment.due_date = due_date
        changed.append("due_date")
    if path_enrollment and not enrollment.path_enrollment_id:
        enrollment.path_enrollment = path_enrollment
        changed.append("path_enrollment")
    if changed:
        enrollment.save(update_fields=changed)
    return enrollment


def course_is_open_to(*, employee: Employee, course) -> bool:
    """Self-enrolment is open for live courses that target no positions or the
    employee's position."""
    course = _canonical(course)
    targets = course.target_positions or []
    return course.live and (not targets or employee.position in targets)


def enrollment_self_enrol(*, employee: Employee, course) -> Enrollment:
    if not course_is_open_to(employee=employee, course=course):
        raise NotEnrolled(_("This course is not open for self-enrolment."))
    missing = prerequisites_missing(employee=employee, course=course)
    if missing:
        raise PrerequisitesMissing(prerequisites_message(missing))
    return assignment_create(course=course, employees=[employee], source=Source.SELF)[0]


def prerequisites_missing(*, employee: Employee, course) -> list:
    """Prerequisite courses the employee has not completed (any cycle)."""
    prereqs = [_canonical(p) for p in course_selectors.prerequisites_of(course)]
    if not prereqs:
        return []
    done = set(
        Enrollment.objects.filter(
            employee=employee,
            course__in=prereqs,
            completed_at__isnull=False,
        ).values_list("course_id", flat=True)
    )
    return [p for p in prereqs if p.pk not in done]


def prerequisites_message(missing) -> str:
    titles = "、".join(str(course_selectors.localized(p).title) for p in missing)
    return _("Complete these courses first: %(titles)s") % {"titles": titles}


# --- progress and completion -------------------------------------------------


def lesson_viewed(*, enrollment: Enrollment, lesson) -> Enrollment:
    """Record that the learner opened ``lesson`` (the completion rule counts
    viewed lessons) and remember it for "resume"."""
    key = lesson.translation_key
    if enrollment.last_lesson_key == key:
        return enrollment  # a reload: recorded when it was first opened
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        [LessonProgress(enrollment=enrollment, lesson_key=key, completed_at=now)],
        ignore_conflicts=True,
    )
    updates = {"last_lesson_key": key}
    if enrollment.started_at is None:
        updates["started_at"] = now
    Enrollment.objects.filter(pk=enrollment.pk).update(**updates)
    for field_name, value in updates.items():
        setattr(enrollment, field_name, value)
    return enrollment_recompute(enrollment=enrollment)


def enrollment_recompute(
    *, enrollment: Enrollment, rule=None, updates: dict | None = None
) -> Enrollment:
    """Recompute progress % and complete the course when its rule is met
    (all lessons viewed / quiz passed / role-play passed, each if required;
    an empty rule means all lessons viewed). ``updates``: fields the caller
    changed on ``enrollment`` but did not store yet (stored in the same
    UPDATE)."""
    rule = rule or content.completion_rule(
        enrollment.course_id,
        enrollment.course if Enrollment.course.is_cached(enrollment) else None,
    )
    parts = done = 0
    require_lessons = rule.require_lessons or rule.is_empty
    if require_lessons and rule.lesson_keys:
        seen = set(
            str(k)
            for k in LessonProgress.objects.filter(
                enrollment=enrollment, lesson_key__in=rule.lesson_keys
            ).values_list("lesson_key", flat=True)
        )
        parts += len(rule.lesson_keys)
        done += len(seen)
    if rule.require_quiz:
        parts += 1
        done += enrollment.quiz_passed_at is not None
    if rule.require_role_play:
        parts += 1
        done += enrollment.roleplay_passed_at is not None
    percent = 100 if parts == 0 else int(100 * done / parts)
    updates = dict(updates or {})
    if percent != enrollment.progress_percent and not enrollment.completed_at:
        updates["progress_percent"] = percent
    if done == parts and not enrollment.completed_at and enrollment.started_at:
        updates["completed_at"] = timezone.now()
        updates["progress_percent"] = 100
    if updates:
        Enrollment.objects.filter(pk=enrollment.pk).update(**updates)
        for field_name, value in updates.items():
            setattr(enrollment, field_name, value)
        if "completed_at" in updates:
            certificate_issue(enrollment=enrollment, rule=rule)
    return enrollment


def enrollment_record_roleplay_passed(
    *, employee: Employee, course, passed_at: dt.datetime | None = None
) -> Enrollment | None:
    """F4's hook: a role-play required by ``course`` was passed. Counts toward
    the current enrolment's completion rule; None if not enrolled."""
    course = _canonical(course)
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .filter(employee=employee, course=course, is_current=True)
            .first()
        )
        if enrollment is None:
            return None
        now = passed_at or timezone.now()
        updates = {"roleplay_passed_at": now}
        if enrollment.started_at is None:
            updates["started_at"] = now
        Enrollment.objects.filter(pk=enrollment.pk).update(**updates)
        for field_name, value in updates.items():
            setattr(enrollment, field_name, value)
        return enrollment_recompute(enrollment=enrollment)


def certificate_issue(*, enrollment: Enrollment, rule=None) -> Certificate:
    """The course's certificate, valid for its validity months (or forever)."""
    rule = rule or course_selectors.course_completion_rule(enrollment.course)
    issued = enrollment.completed_at or timezone.now()
    expires = (
        add_months(issued, rule.certificate_validity_months)
        if rule.certificate_validity_months
        else None
    )
    cert, _created = Certificate.objects.get_or_create(
        enrollment=enrollment,
        defaults={
            "employee_id": enrollment.employee_id,
            "course_id": enrollment.course_id,
            "issued_at": issued,
            "expires_at": expires,
        },
    )
    return cert


def certificate_revoke(*, certificate: Certificate, reason: str = "") -> Certificate:
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:200]
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    return certificate


@transaction.atomic
def certificates_reassign_expiring(*, now: dt.datetime | None = None) -> int:
    """Re-assign a course 30 days before its certificate expires: the
    completed enrolment is archived and a new one (due at the expiry date)
    starts. Idempotent: an archived enrolment is not picked again."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=RECERTIFY_DAYS_BEFORE)
    certs = Certificate.objects.filter(
        revoked_at__isnull=True,
        expires_at__isnull=False,
        expires_at__lte=horizon,
        enrollment__is_current=True,
        enrollment__completed_at__isnull=False,
    ).select_related("enrollment")
    count = 0
    for cert in certs:
        old = cert.enrollment
        Enrollment.objects.filter(pk=old.pk).update(is_current=False)
        Enrollment.objects.create(
            employee_id=old.employee_id,
            course_id=old.course_id,
            path_enrollment_id=old.path_enrollment_id,
            source=Source.RECERTIFICATION,
            due_date=timezone.localdate(cert.expires_at),
        )
        count += 1
    return count


@transaction.atomic
def onboarding_assign_new_hires(
    *, today: dt.date | None = None, within_days: int = 90, due_in_days: int = 30
) -> int:
    """Assign each onboarding path (``for_new_staff``) to active employees
    hired in the last ``within_days`` whose position it targets (no target
    positions = everyone). Due ``due_in_days`` after hire (at least a week
    from today). Idempotent per person and path."""
    today = today or timezone.localdate()
    from wagtail.models import Locale

    paths = list(course_selectors.onboarding_paths(Locale.get_default()))
    count = 0
    for path in paths:
        hires = Employee.objects.active().filter(
            hire_date__gte=today - dt.timedelta(days=within_days),
            hire_date__lte=today,
        )
        if path.target_positions:
            hires = hires.filter(position__in=path.target_positions)
        hires = hires.exclude(path_enrollments__path=path)
        for employee in hires:
            due = max(
                employee.hire_date + dt.timedelta(days=due_in_days),
                today + dt.timedelta(days=7),
            )
            assignment_create(
                path=path, employees=[employee], due_date=due, source=Source.ONBOARDING
            )
            count += 1
    return count


@transaction.atomic
def course_feedback_submit(
    *, enrollment: Enrollment, rating: int, comment: str = ""
) -> CourseFeedback:
    """Kirkpatrick level 1 (reaction), after completion; resubmitting edits it."""
    if not enrollment.completed_at:
        raise TrainingError(_("Give feedback after completing the course."))
    if not 1 <= int(rating) <= 5:
        raise TrainingError(_("Choose a rating from 1 to 5."))
    feedback, _created = CourseFeedback.objects.update_or_create(
        enrollment=enrollment, defaults={"rating": rating, "comment": comment[:2000]}
    )
    return feedback


# --- quiz engine --------------------------------------------------------------


def attempt_start(
    *, enrollment: Enrollment, quiz, now: dt.datetime | None = None
) -> QuizAttempt:
    """Start (or resume) an attempt: the server fixes the start time, the
    deadline (time limit, capped by the quiz's close time) and the questions,
    drawn once. Refuses when the attempt limit is used up or the quiz closed.
    """
    now = now or timezone.now()
    quiz = _canonical(quiz)
    open_attempt = QuizAttempt.objects.filter(
        enrollment=enrollment, quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS
    ).first()
    if open_attempt is not None:
        return open_attempt
    missing = prerequisites_missing(
        employee=enrollment.employee, course=enrollment.course
    )
    if missing:
        raise PrerequisitesMissing(prerequisites_message(missing))
    qs = course_selectors.quiz_settings(quiz)
    if qs.closes_at and qs.closes_at <= now:
        raise QuizUnavailable(_("This quiz is closed."))
    used = QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz).count()
    if qs.attempts_allowed is not None and used >= qs.attempts_allowed:
        raise AttemptLimitReached(_("You have used all your attempts at this quiz."))
    seed = secrets.randbits(62)
    try:
        plan = course_selectors.quiz_for_attempt(quiz, rng=random.Random(seed))
    except scoring.NotEnoughQuestions as exc:
        logger.error("quiz %s cannot be drawn: %s", quiz.pk, exc)
        raise QuizUnavailable(_("This quiz is not ready yet.")) from exc
    if not plan.items:
        raise QuizUnavailable(_("This quiz is not ready yet."))
    deadline = None
    if qs.time_limit_minutes:
        deadline = now + dt.timedelta(minutes=qs.time_limit_minutes)
    if qs.closes_at:
        deadline = min(deadline, qs.closes_at) if deadline else qs.closes_at
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                enrollment=enrollment,
                quiz=quiz,
                number=used + 1,
                seed=seed,
                plan=[
                    {"question_id": i.question_id, "weight": i.weight}
                    for i in plan.items
                ],
                started_at=now,
                deadline=deadline,
            )
            AttemptAnswer.objects.bulk_create(
                AttemptAnswer(
                    attempt=attempt,
                    question_id=item.question_id,
                    position=pos,
                    weight=item.weight,
                )
                for pos, item in enumerate(plan.items)
            )
            if enrollment.started_at is None:
                Enrollment.objects.filter(pk=enrollment.pk).update(started_at=now)
                enrollment.started_at = now
    except IntegrityError:  # a concurrent start created it: resume that one
        return QuizAttempt.objects.get(
            enrollment=enrollment, quiz=quiz, status=QuizAttempt.Status.IN_PROGRESS
        )
    return attempt


def _late(attempt: QuizAttempt, now: dt.datetime) -> bool:
    return attempt.deadline is not None and now > attempt.deadline + dt.timedelta(
        seconds=GRACE_SECONDS
    )


def _validated(
    attempt: QuizAttempt,
    answers: Mapping,
    specs: Mapping[int, scoring.QuestionSpec] | None = None,
) -> dict[int, object]:
    """Check every answer before anything is stored: the question must be in
    this attempt and the response must fit it (scoring raises
    InvalidResponse). Returns {question_id: response}. ``specs``: the
    attempt's question specs if the caller has them (else loaded here)."""
    in_attempt = {item["question_id"] for item in attempt.plan}
    clean: dict[int, object] = {}
    for raw_id, response in answers.items():
        try:
            qid = int(raw_id)
        except (TypeError, ValueError):
            raise scoring.InvalidResponse("question id must be an integer") from None
        if qid not in in_attempt:
            raise scoring.InvalidResponse(f"question {qid} is not in this attempt")
        clean[qid] = response
    if specs is None:
        specs = _specs(clean)
    for qid, response in clean.items():
        if response is None:
            continue
        scoring.grade_question(specs[qid], response)  # raises InvalidResponse
    return clean


def _specs(question_ids: Iterable[int]) -> dict[int, scoring.QuestionSpec]:
    """Scoring specs of existing questions, from training.content's cache
    (invalidated by any question save)."""
    questions = content.questions(question_ids)
    return {qid: course_selectors.question_spec(q) for qid, q in questions.items()}


def attempt_save(
    *, attempt: QuizAttempt, answers: Mapping, now: dt.datetime | None = None
) -> QuizAttempt:
    """Autosave responses of an open attempt. Refused (nothing stored) when
    the attempt is finished, the deadline + grace has passed, or an answer
    does not fit its question."""
    now = now or timezone.now()
    if not attempt.is_open:
        raise AttemptClosed(_("This attempt is already finished."))
    if _late(attempt, now):
        _finish(attempt, finished_at=attempt.deadline, timeout=True)
        raise TimeUp(_("Time is up: answers sent after the deadline are not saved."))
    clean = _validated(attempt, answers)
    with transaction.atomic():
        still_open = QuizAttempt.objects.select_for_update().filter(
            pk=attempt.pk, status=QuizAttempt.Status.IN_PROGRESS
        )
        if not still_open.exists():
            raise AttemptClosed(_("This attempt is already finished."))
        for qid, response in clean.items():
            AttemptAnswer.objects.filter(attempt=attempt, question_id=qid).update(
                response=response, saved_at=now
            )
    return attempt


def attempt_submit(
    *, attempt: QuizAttempt, answers: Mapping | None = None, now=None
) -> QuizAttempt:
    """The final submit: store the last answers, close the attempt and grade
    it on the server. Exactly one of several concurrent submits wins: closing
    is ``UPDATE ... SET status='finished' WHERE id=%s AND status='in_progress'``
    and the loser sees rowcount 0 (AttemptClosed, 409). A submit after
    deadline + grace refuses its answers (TimeUp) and closes the attempt with
    the answers saved before, finish time = deadline."""
    now = now or timezone.now()
    if not attempt.is_open:
        raise AttemptClosed(_("This attempt is already finished."))
    if _late(attempt, now):
        _finish(attempt, finished_at=attempt.deadline, timeout=True)
        raise TimeUp(_("Time is up: answers sent after the deadline are not saved."))
    # The attempt's questions, loaded once for validating and grading.
    specs = _specs(item["question_id"] for item in attempt.plan)
    clean = _validated(attempt, answers or {}, specs)
    finished = _finish(
        attempt, finished_at=now, answers=clean, saved_at=now, specs=specs
    )
    if finished is None:
        raise AttemptClosed(_("This attempt is already finished."))
    return finished


def _finish(
    attempt: QuizAttempt,
    *,
    finished_at: dt.datetime,
    timeout: bool = False,
    answers: Mapping[int, object] | None = None,
    saved_at: dt.datetime | None = None,
    specs: Mapping[int, scoring.QuestionSpec] | None = None,
) -> QuizAttempt | None:
    """Close and grade ``attempt`` once; None if someone else closed it.
    Closing comes first: its UPDATE locks the attempt, so an autosave racing
    the submit either landed before (and is graded) or is refused."""
    with transaction.atomic():
        won = QuizAttempt.objects.filter(
            pk=attempt.pk, status=QuizAttempt.Status.IN_PROGRESS
        ).update(
            status=QuizAttempt.Status.FINISHED,
            finished_at=finished_at,
            closed_by_timeout=timeout,
        )
        if won != 1:
            return None
        rows = list(AttemptAnswer.objects.filter(attempt=attempt))
        for row in rows:
            if answers and row.question_id in answers:
                row.response = answers[row.question_id]
                row.saved_at = saved_at
        if specs is None:
            specs = _specs(row.question_id for row in rows)
        results = []
        for row in rows:
            spec = specs.get(row.question_id)
            if row.response is None or spec is None:
                row.score = 0.0
            else:
                try:
                    row.score = scoring.grade_question(spec, row.response).score
                except scoring.InvalidResponse:  # the question changed since
                    row.score = 0.0
            results.append((row.weight, row.score))
        AttemptAnswer.objects.bulk_update(rows, ["response", "saved_at", "score"])
        qs = course_selectors.quiz_settings(attempt.quiz)
        try:
            percent = scoring.quiz_score(results)
        except ValueError:
            percent = 0.0
        attempt.status = QuizAttempt.Status.FINISHED
        attempt.finished_at = finished_at
        attempt.closed_by_timeout = timeout
        attempt.percent = Decimal(str(round(percent, 2)))
        attempt.passed = scoring.passed(percent, qs.pass_mark)
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            percent=attempt.percent, passed=attempt.passed
        )
        _regrade_enrollment(attempt.enrollment, attempt.quiz, qs)
    return attempt


def _regrade_enrollment(enrollment: Enrollment, quiz, qs) -> None:
    """The quiz grade over finished attempts by the quiz's grading method
    (highest / last / average, courses.scoring.grade_attempts), stored with
    the recomputed progress in one UPDATE."""
    percents = [
        float(p)
        for p in QuizAttempt.objects.filter(
            enrollment=enrollment, quiz=quiz, status=QuizAttempt.Status.FINISHED
        )
        .order_by("number")
        .values_list("percent", flat=True)
        if p is not None
    ]
    grade = scoring.grade_attempts(percents, qs.grading)
    updates = {"quiz_grade": None if grade is None else Decimal(str(round(grade, 2)))}
    rule = content.completion_rule(
        enrollment.course_id,
        enrollment.course if Enrollment.course.is_cached(enrollment) else None,
    )
    course_quiz = rule.quiz_id == quiz.pk
    if course_quiz:
        ok = grade is not None and scoring.passed(grade, qs.pass_mark)
        if ok and enrollment.quiz_passed_at is None:
            updates["quiz_passed_at"] = timezone.now()
        elif not ok and not enrollment.completed_at:
            # "last"/"average" can drop below the pass mark again; a completed
            # course stays completed.
            updates["quiz_passed_at"] = None
    for field_name, value in updates.items():
        setattr(enrollment, field_name, value)
    enrollment_recompute(enrollment=enrollment, rule=rule, updates=updates)


def attempts_close_expired(*, now: dt.datetime | None = None) -> int:
    """The sweeper (Celery beat): close open attempts whose deadline + grace
    has passed, graded on their saved answers, finish time = deadline."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=GRACE_SECONDS)
    closed = 0
    expired = QuizAttempt.objects.filter(
        status=QuizAttempt.Status.IN_PROGRESS, deadline__lt=cutoff
    ).select_related("enrollment__course", "quiz")
    for attempt in expired.iterator():
        if _finish(attempt, finished_at=attempt.deadline, timeout=True):
            closed += 1
    return closed


# --- reminders ----------------------------------------------------------------


def _notify(
    *, enrollment: Enrollment, kind: str, today: dt.date, context: dict
) -> bool:
    """Send one reminder by email and in-app, in the recipient's language,
    at most once a day per enrolment and kind (ReminderLog's constraint)."""
    employee = enrollment.employee
    user = employee.user
    try:
        with transaction.atomic():
            ReminderLog.objects.create(enrollment=enrollment, kind=kind, date=today)
            with translation.override(user_language(user)):
                course = course_selectors.localized(enrollment.course)
                url = reverse("training:course", args=[enrollment.course_id])
                ctx = {
                    "employee": employee,
                    "course": course,
                    "url": settings.WAGTAILADMIN_BASE_URL + url,
                    **context,
                }
                subject = render_to_string(
                    f"training/email/{kind}_subject.txt", ctx
                ).strip()
                body = render_to_string(f"training/email/{kind}_body.txt", ctx)
                Notification.objects.create(
                    employee=employee, message=subject[:300], url=url
                )
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: due in 3 days, overdue (every day while overdue) and certificate
    expiring (30, 7 and 1 days before). Idempotent per day."""
    today = today or timezone.localdate()
    sent = {"due_soon": 0, "overdue": 0, "cert_expiring": 0}
    base = Enrollment.objects.filter(
        is_current=True,
        completed_at__isnull=True,
        employee__status=Employee.Status.ACTIVE,
    ).select_related("employee__user", "course")
    for e in base.filter(due_date=today + dt.timedelta(days=3)):
        sent["due_soon"] += _notify(
            enrollment=e, kind="due_soon", today=today, context={"due": e.due_date}
        )
    for e in base.filter(due_date__lt=today):
        sent["overdue"] += _notify(
            enrollment=e, kind="overdue", today=today, context={"due": e.due_date}
        )
    certs = Certificate.objects.filter(
        revoked_at__isnull=True,
        expires_at__isnull=False,
        employee__status=Employee.Status.ACTIVE,
    ).select_related("enrollment__employee__user", "enrollment__course")
    for days in (30, 7, 1):
        day = today + dt.timedelta(days=days)
        for cert in certs.filter(expires_at__date=day):
            sent["cert_expiring"] += _notify(
                enrollment=cert.enrollment,
                kind="cert_expiring",
                today=today,
                context={"expires": cert.expires_at, "days": days},
            )
    return sent


def notifications_mark_read(*, employee: Employee) -> int:
    return Notification.objects.filter(employee=employee, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_send(*, employee: Employee, message: str, url: str = "") -> None:
    """An in-app notification from another app (written in the recipient's
    language by the caller)."""
    Notification.objects.create(employee=employee, message=message[:300], url=url)
