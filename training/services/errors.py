"""The learner actions training/ refuses; ``status`` is the HTTP status a
view returns."""

from __future__ import annotations


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
