"""The bench's training data and targets at a tiny scale, on the real schema:
the bulk-generated rows must be what training's own code would have written
(scores, grades, completion, certificates, rubric percents), and the quiz
submit target's prepared request must be accepted as a real submit (CSRF
token format, JSON body, 302 to the review page)."""

import dataclasses

import pytest
from django.db import connection
from django.test import Client

from bench import http
from bench.data import Context
from bench.data import courses as courses_data
from bench.data import people as people_data
from bench.data import training as training_data
from bench.jobs import certificates as certificates_job
from bench.scale import SCALES
from bench.targets import PAGES
from courses import selectors as course_selectors
from courses.scoring import grade_question, score_rubric
from tests.training.conftest import wagtail_root
from training.models import (
    AttemptAnswer,
    Certificate,
    Enrollment,
    QuizAttempt,
    RolePlayAssessment,
)

TINY = dataclasses.replace(
    SCALES["small"],
    name="tiny",
    employees=60,
    stores=2,
    regions=1,
    courses=2,
    lessons_per_course=2,
    questions_per_quiz=4,
    quiz_attempts=200,
    roleplays=60,  # at least one per learner, as at small and full scale
    certificates=5,
)


@pytest.fixture
def bench_data(db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the bench data needs PostgreSQL (COPY, hashint8)")
    wagtail_root()
    ctx = Context(scale=TINY, workdir=tmp_path)
    for module in (people_data, courses_data, training_data):
        assert module.ready() is None
        module.generate(ctx)
    return ctx


def test_attempts_are_scored_as_training_scores_them(bench_data):
    assert QuizAttempt.objects.count() == 200
    assert AttemptAnswer.objects.count() == 200 * 4
    specs = {}
    for answer in AttemptAnswer.objects.select_related("attempt"):
        if answer.question_id not in specs:
            question = course_selectors.questions_by_id([answer.question_id])
            specs[answer.question_id] = course_selectors.question_spec(
                question[answer.question_id]
            )
        assert grade_question(specs[answer.question_id], answer.response).score == (
            answer.score
        )
    with connection.cursor() as cur:
        cur.execute(
            """SELECT count(*) FROM training_quizattempt a WHERE a.percent <>
               (SELECT 100.0 * sum(score) / count(*) FROM training_attemptanswer x
                WHERE x.attempt_id = a.id)
               OR a.passed <> (a.percent >= 60)"""
        )
        assert cur.fetchone()[0] == 0


def test_enrolments_follow_their_attempts(bench_data):
    started = Enrollment.objects.filter(started_at__isnull=False)
    assert started.exists()
    for enrollment in Enrollment.objects.prefetch_related("attempts", "lessons"):
        percents = [a.percent for a in enrollment.attempts.all()]
        assert enrollment.quiz_grade == (max(percents) if percents else None)
        passed = bool(percents) and max(percents) >= 60
        assert (enrollment.completed_at is not None) == passed
        assert (enrollment.progress_percent == 100) == passed
        if percents:
            assert enrollment.lessons.count() == TINY.lessons_per_course
    assert (
        Certificate.objects.count()
        == started.filter(completed_at__isnull=False).count()
    )
    # Every learner has a certificate and an assessment (targets need them).
    staff = Enrollment.objects.values("employee").distinct().count()
    assert Certificate.objects.values("employee").distinct().count() == staff
    assert RolePlayAssessment.objects.values("learner").distinct().count() == staff


def test_roleplay_percent_is_the_rubric_score(bench_data):
    sheets = RolePlayAssessment.objects.prefetch_related("scores")
    assert sheets.count() == 60
    for sheet in sheets.select_related("rubric_version"):
        spec = course_selectors.rubric_spec(sheet.rubric_version)
        levels = {s.criterion_id: s.level_id for s in sheet.scores.all()}
        result = score_rubric(spec, levels)
        assert sheet.percent == pytest.approx(result.percent, abs=0.01)
        assert sheet.passed == result.passed
        assert sheet.failed_critical == result.failed_critical


def test_prepared_quiz_submit_is_a_real_submit(bench_data):
    target = next(t for t in PAGES if t.name == "quiz-submit")
    spec = http.build_spec(target, TINY, http.Sessions(), count=3)
    assert len(spec["requests"]) == 3 and spec["single_use"]
    client = Client(enforce_csrf_checks=True)
    for request in spec["requests"]:
        headers = request["headers"]
        client.cookies.load(headers["Cookie"])
        response = client.post(
            request["path"],
            request["body"],
            content_type=headers["Content-Type"],
            headers={"X-CSRFToken": headers["X-CSRFToken"]},
        )
        assert response.status_code == 302, response.content[:300]
        attempt_id = int(request["path"].rstrip("/").split("/")[-2])
        attempt = QuizAttempt.objects.get(pk=attempt_id)
        assert attempt.status == QuizAttempt.Status.FINISHED
        assert attempt.answers.filter(response__isnull=True).count() == 0
    # Sent again, each is refused: single-use requests must never be resent.
    again = client.post(
        request["path"],
        request["body"],
        content_type="application/json",
        headers={"X-CSRFToken": headers["X-CSRFToken"]},
    )
    assert again.status_code == 409


def test_certificate_job_renders_real_pdfs(bench_data):
    args = certificates_job.prepare(bench_data)
    assert len(args["ids"]) == 5
    result = certificates_job.run(args)
    assert result["units"] == 5 and result["seconds"] > 0
    assert result["mean_kib"] > 1
