"""The learning API (enrolments and assignments, quiz attempts,
certificates) and the role-play API; config/api.py mounts them at /api/."""

from .attempts import QuizAttemptViewSet
from .certificates import CertificateViewSet
from .enrolments import EnrollmentViewSet


def register(router) -> None:
    """Add this app's viewsets to the API router (config/api.py)."""
    from training.roleplay.api import register as register_roleplay

    router.register("enrolments", EnrollmentViewSet, basename="enrolment")
    router.register("quiz-attempts", QuizAttemptViewSet, basename="quiz-attempt")
    router.register("certificates", CertificateViewSet, basename="certificate")
    register_roleplay(router)
