"""The quiz engine: server time, fixed draws, autosave, one final submit,
tamper refusal, attempt limits, grading methods and review options."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from courses.scoring import InvalidResponse
from training import services
from training.models import AttemptAnswer, QuizAttempt

from .conftest import correct_answers, make_course, make_quiz, wrong_answers

pytestmark = pytest.mark.django_db


def test_attempt_fixes_start_deadline_and_questions(enrollment, quiz):
    """The server sets start and deadline; the drawn order is stored once."""
    now = timezone.now()
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz, now=now)
    assert attempt.started_at == now
    assert attempt.deadline == now + dt.timedelta(minutes=10)
    assert len(attempt.plan) == 3
    again = services.attempt_start(enrollment=enrollment, quiz=quiz)
    assert again.pk == attempt.pk and again.plan == attempt.plan


def test_reload_shows_same_questions_in_same_order(login, staff, enrollment, quiz):
    """Reloading the attempt page renders identical questions and options."""
    client = login(staff)
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    url = reverse("training:attempt", args=[attempt.pk])

    def questions(html: bytes) -> bytes:
        # The form only: the countdown above it moves between two requests.
        start = html.index(b'id="quiz-form"')
        form = html[start : html.index(b"</form>", start)]
        return b"".join(
            line for line in form.splitlines() if b"csrfmiddlewaretoken" not in line
        )

    assert questions(client.get(url).content) == questions(client.get(url).content)


def test_autosave_then_submit_grades_on_server(login, staff, enrollment, quiz):
    """Autosaved answers count at the final submit; per-question scores stored."""
    client = login(staff)
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    right = correct_answers(attempt)
    save = reverse("training:attempt_save", args=[attempt.pk])
    response = client.post(
        save,
        {"answers": {str(k): v for k, v in right.items()}},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["saved"]
    response = client.post(reverse("training:attempt_submit", args=[attempt.pk]))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == "finished" and attempt.passed
    assert float(attempt.percent) == 100
    assert set(attempt.answers.values_list("score", flat=True)) == {1.0}
    enrollment.refresh_from_db()
    assert enrollment.quiz_passed_at is not None


def test_form_submit_parses_fields(login, staff, enrollment, quiz):
    """The plain HTML form (q-<id> fields) submits and grades."""
    client = login(staff)
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    data = {f"q-{k}": v for k, v in wrong_answers(attempt).items()}
    client.post(reverse("training:attempt_submit", args=[attempt.pk]), data)
    attempt.refresh_from_db()
    assert attempt.status == "finished" and float(attempt.percent) == 0
    assert attempt.passed is False


@pytest.mark.parametrize("tamper", ["question", "option", "kind"])
def test_tampered_submission_refused_and_nothing_stored(
    login, staff, enrollment, quiz, tamper
):
    """A question outside the attempt or an option outside the question is 400
    and stores nothing; the attempt stays open."""
    client = login(staff)
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    answers = {str(k): v for k, v in correct_answers(attempt).items()}
    first = next(iter(answers))
    if tamper == "question":
        answers["999999"] = "x"
    elif tamper == "option":
        answers[first] = "not-an-option"
    else:
        answers[first] = ["a", "b"]
    for name in ("attempt_save", "attempt_submit"):
        response = client.post(
            reverse(f"training:{name}", args=[attempt.pk]),
            {"answers": answers},
            content_type="application/json",
        )
        assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"
    assert not AttemptAnswer.objects.filter(
        attempt=attempt, response__isnull=False
    ).exists()


def test_tampered_form_field_refused(login, staff, enrollment, quiz):
    """A form field naming another question is refused with 400."""
    client = login(staff)
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    response = client.post(
        reverse("training:attempt_submit", args=[attempt.pk]), {"q-424242": "x"}
    )
    assert response.status_code == 400
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"


def test_someone_elses_attempt_is_404(login, other_staff, enrollment, quiz, hr):
    """Another learner (or HR) cannot open, save or submit an attempt: 404."""
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    for who in (other_staff, hr):
        client = login(who)
        for name in ("attempt", "attempt_review"):
            assert (
                client.get(reverse(f"training:{name}", args=[attempt.pk])).status_code
                == 404
            )
        for name in ("attempt_save", "attempt_submit"):
            response = client.post(
                reverse(f"training:{name}", args=[attempt.pk]),
                {"answers": {}},
                content_type="application/json",
            )
            assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"


def test_finished_attempt_refuses_more_answers(login, staff, enrollment, quiz):
    """Saving to or resubmitting a finished attempt is 409 and changes nothing."""
    client = login(staff)
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=attempt, answers=wrong_answers(attempt))
    right = {str(k): v for k, v in correct_answers(attempt).items()}
    for name in ("attempt_save", "attempt_submit"):
        response = client.post(
            reverse(f"training:{name}", args=[attempt.pk]),
            {"answers": right},
            content_type="application/json",
        )
        assert response.status_code == 409
    attempt.refresh_from_db()
    assert float(attempt.percent) == 0
    assert set(attempt.answers.values_list("score", flat=True)) == {0.0}


def test_late_answers_refused_after_deadline_plus_grace(enrollment, quiz):
    """With a frozen clock: within grace answers count; after it they are
    refused and the attempt is closed with finish time = deadline."""
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
        clock.shift(dt.timedelta(minutes=10, seconds=services.GRACE_SECONDS - 1))
        services.attempt_save(attempt=attempt, answers=correct_answers(attempt))
        clock.shift(dt.timedelta(seconds=2))
        with pytest.raises(services.TimeUp):
            services.attempt_submit(attempt=attempt, answers=wrong_answers(attempt))
    attempt.refresh_from_db()
    assert attempt.status == "finished"
    assert attempt.finished_at == attempt.deadline
    assert attempt.closed_by_timeout
    # The answers saved in time were graded, the late ones were not stored.
    assert float(attempt.percent) == 100


def test_late_autosave_refused_via_http(login, staff, enrollment, quiz):
    """An autosave after deadline + grace answers 409 and stores nothing."""
    client = login(staff)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
        clock.shift(dt.timedelta(minutes=11))
        response = client.post(
            reverse("training:attempt_save", args=[attempt.pk]),
            {"answers": {str(k): v for k, v in correct_answers(attempt).items()}},
            content_type="application/json",
        )
    assert response.status_code == 409
    assert not AttemptAnswer.objects.filter(
        attempt=attempt, response__isnull=False
    ).exists()


def test_sweeper_closes_expired_attempts_at_deadline(enrollment, quiz, staff):
    """The beat sweeper closes abandoned attempts with finish time = deadline
    and leaves attempts still within their time alone."""
    from training.tasks import close_expired_attempts

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
        services.attempt_save(attempt=attempt, answers=correct_answers(attempt))
        clock.shift(dt.timedelta(minutes=10, seconds=services.GRACE_SECONDS))
        assert close_expired_attempts.delay().get() == 0
        clock.shift(dt.timedelta(seconds=1))
        assert close_expired_attempts.delay().get() == 1
        assert close_expired_attempts.delay().get() == 0
    attempt.refresh_from_db()
    assert attempt.status == "finished"
    assert attempt.finished_at == attempt.deadline
    assert attempt.passed


def test_attempt_limit(enrollment, library, staff):
    """No attempt beyond the quiz's attempts_allowed."""
    quiz = make_quiz(attempts_allowed=2)
    course = make_course(library, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    for _ in range(2):
        a = services.attempt_start(enrollment=enrollment, quiz=quiz)
        services.attempt_submit(attempt=a, answers=wrong_answers(a))
    with pytest.raises(services.AttemptLimitReached):
        services.attempt_start(enrollment=enrollment, quiz=quiz)


@pytest.mark.parametrize(
    ("method", "expected"), [("highest", 100), ("last", 0), ("average", 50)]
)
def test_grading_method(library, staff, method, expected):
    """The enrolment's quiz grade follows the quiz's grading method."""
    quiz = make_quiz(grading=method, pass_mark=40)
    course = make_course(library, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    a = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=a, answers=correct_answers(a))
    b = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=b, answers=wrong_answers(b))
    enrollment.refresh_from_db()
    assert float(enrollment.quiz_grade) == expected
    assert (enrollment.quiz_passed_at is not None) == (expected >= 40)


def test_submit_without_answers_scores_zero(enrollment, quiz):
    """Unanswered questions score 0."""
    a = services.attempt_start(enrollment=enrollment, quiz=quiz)
    services.attempt_submit(attempt=a)
    a.refresh_from_db()
    assert float(a.percent) == 0


def test_invalid_response_raises_in_service(enrollment, quiz):
    """The service itself refuses a malformed response (not only the view)."""
    a = services.attempt_start(enrollment=enrollment, quiz=quiz)
    qid = a.plan[0]["question_id"]
    with pytest.raises(InvalidResponse):
        services.attempt_save(attempt=a, answers={qid: 42.5})


def test_only_one_open_attempt_constraint(enrollment, quiz):
    """The database refuses a second open attempt of one enrolment and quiz."""
    from django.db import IntegrityError, transaction

    a = services.attempt_start(enrollment=enrollment, quiz=quiz)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizAttempt.objects.create(
            enrollment=enrollment, quiz=quiz, number=a.number + 1
        )
