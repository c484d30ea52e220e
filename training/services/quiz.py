"""The quiz engine: server time, deadline + grace, one final submit."""

from __future__ import annotations

import datetime as dt
import logging
import random
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import scoring
from courses import selectors as course_selectors
from people.history import history_context

from .. import content
from ..models import AttemptAnswer, Enrollment, QuizAttempt
from ._common import _canonical
from .assignments import prerequisites_message, prerequisites_missing
from .errors import (
    AttemptClosed,
    AttemptLimitReached,
    PrerequisitesMissing,
    QuizUnavailable,
    TimeUp,
)
from .progress import enrollment_recompute

logger = logging.getLogger(__name__)

# Seconds after the deadline in which a submit still counts (network lag);
# Moodle's "grace period" for timed quizzes.
GRACE_SECONDS = getattr(settings, "TRAINING_QUIZ_GRACE_SECONDS", 30)


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
        employee=enrollment.employee, course=enrollment.course, enrollment=enrollment
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
    reason = "closed at the deadline" if timeout else "quiz submitted"
    with transaction.atomic(), history_context(reason=reason):
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
    rule = content.completion_rule(
        enrollment.course_id,
        enrollment.course if Enrollment.course.is_cached(enrollment) else None,
    )
    course_quiz = rule.quiz_id == quiz.pk
    if not course_quiz:
        # A pre-test (or another quiz): its attempts are kept for the pre/post
        # comparison but neither the course's grade nor its completion moves.
        return
    updates = {"quiz_grade": None if grade is None else Decimal(str(round(grade, 2)))}
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
