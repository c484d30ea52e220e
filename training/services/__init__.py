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

from .assignments import (
    _targets,
    assignment_create,
    course_is_open_to,
    enrollment_self_enrol,
    onboarding_assign_new_hires,
    position_paths_assign,
    prerequisites_message,
    prerequisites_missing,
)
from .certificates import (
    RECERTIFY_DAYS_BEFORE,
    add_months,
    certificate_issue,
    certificate_revoke,
    certificates_reassign_expiring,
)
from .errors import (
    AttemptClosed,
    AttemptLimitReached,
    NotEnrolled,
    PrerequisitesMissing,
    QuizUnavailable,
    TimeUp,
    TrainingError,
)
from .progress import (
    course_feedback_submit,
    enrollment_recompute,
    enrollment_record_roleplay_passed,
    lesson_viewed,
)
from .quiz import (
    GRACE_SECONDS,
    _late,
    attempt_save,
    attempt_start,
    attempt_submit,
    attempts_close_expired,
)
from .reminders import notification_send, notifications_mark_read, reminders_send

__all__ = [
    "GRACE_SECONDS",
    "RECERTIFY_DAYS_BEFORE",
    "AttemptClosed",
    "AttemptLimitReached",
    "NotEnrolled",
    "PrerequisitesMissing",
    "QuizUnavailable",
    "TimeUp",
    "TrainingError",
    "_late",
    "_targets",
    "add_months",
    "assignment_create",
    "attempt_save",
    "attempt_start",
    "attempt_submit",
    "attempts_close_expired",
    "certificate_issue",
    "certificate_revoke",
    "certificates_reassign_expiring",
    "course_feedback_submit",
    "course_is_open_to",
    "enrollment_recompute",
    "enrollment_record_roleplay_passed",
    "enrollment_self_enrol",
    "lesson_viewed",
    "notification_send",
    "notifications_mark_read",
    "onboarding_assign_new_hires",
    "position_paths_assign",
    "prerequisites_message",
    "prerequisites_missing",
    "reminders_send",
]
