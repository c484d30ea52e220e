import pytest

from people import demo as people_demo
from training import demo
from training.models import Certificate, Enrollment, QuizAttempt

from .conftest import make_course, make_quiz

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(library):
    """The demo gives staff@demo.local a passed quiz and a certificate, and
    running it twice adds nothing."""
    people_demo.seed()
    make_course(library, lessons=2, quiz=make_quiz(n=2), require_quiz=True)
    make_course(library, lessons=1)
    demo.seed_learning()
    counts = (
        Enrollment.objects.count(),
        QuizAttempt.objects.count(),
        Certificate.objects.count(),
    )
    demo.seed_learning()
    assert counts == (
        Enrollment.objects.count(),
        QuizAttempt.objects.count(),
        Certificate.objects.count(),
    )
    cert = Certificate.objects.get(employee__number="E0001")
    assert cert.enrollment.attempts.get().passed
