"""Concurrent final submits of one attempt grade it exactly once."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from training import services
from training.models import QuizAttempt

from .conftest import correct_answers

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_parallel_submits_grade_once(staff, enrollment, quiz):
    """20 threads submit the same attempt at once against PostgreSQL: exactly
    one 302 (graded), the rest 409, no 500, one finished attempt."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so no real race")
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    answers = {str(k): v for k, v in correct_answers(attempt).items()}
    url = reverse("training:attempt_submit", args=[attempt.pk])
    n = 20
    clients = []
    for _ in range(n):
        c = Client()
        c.force_login(staff.user)
        clients.append(c)
    barrier = threading.Barrier(n)
    statuses, errors = [], []

    def submit(client):
        try:
            barrier.wait()
            response = client.post(
                url, {"answers": answers}, content_type="application/json"
            )
            statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sorted(statuses) == [302] + [409] * (n - 1)
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.FINISHED
    assert float(attempt.percent) == 100
    assert QuizAttempt.objects.filter(enrollment=enrollment).count() == 1
