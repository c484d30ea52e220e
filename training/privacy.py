"""What training holds about a person (people.privacy): their learning and
role-play records stay for statistics once they are anonymised; the voice in
their recordings does not."""

from people import privacy

from .models import (
    AttemptAnswer,
    CalibrationSession,
    Certificate,
    CoachingAction,
    CriterionScore,
    Enrollment,
    LessonProgress,
    PathEnrollment,
    QuizAttempt,
    Recording,
    ReminderLog,
    RolePlayAssessment,
    RolePlaySession,
    TimestampNote,
)


def _remove_recordings(employee, recordings) -> int:
    """The recording's file goes; the row, and the scores given on it, stay."""
    removed = 0
    for recording in recordings.exclude(file=""):
        recording.file.delete(save=False)
        recording.original_name = ""
        recording.save(update_fields=["file", "original_name"])
        removed += 1
    return removed


def register() -> None:
    reg = privacy.register
    reg(PathEnrollment, about=["employee"], acted=["assigned_by"])
    reg(Enrollment, about=["employee"], acted=["assigned_by"])
    reg(LessonProgress, about=["enrollment__employee"])
    reg(QuizAttempt, about=["enrollment__employee"])
    reg(AttemptAnswer, about=["attempt__enrollment__employee"])
    reg(ReminderLog, about=["enrollment__employee"])
    reg(Certificate, about=["employee"])
    reg(
        RolePlaySession,
        about=["learners"],
        acted=["organiser", "second_assessor", "assessors"],
    )
    reg(CalibrationSession, acted=["organiser", "assessors"])
    reg(
        Recording,
        about=["learner"],
        acted=["uploaded_by"],
        files=["file"],
        erase=_remove_recordings,
    )
    reg(RolePlayAssessment, about=["learner"], acted=["assessor"])
    reg(CriterionScore, about=["assessment__learner"])
    reg(TimestampNote, about=["assessment__learner"])
    reg(CoachingAction, about=["assessment__learner"], acted=["created_by"])
