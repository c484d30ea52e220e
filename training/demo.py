"""Demo learning records (idempotent): assignments for the demo staff, some
progress, and for staff@demo.local a passed quiz and a certificate, so the
dashboard and the team view look alive. Needs live courses (courses.demo);
without them it does nothing."""

import datetime as dt
import random

from django.utils import timezone
from wagtail.models import Locale

from courses import selectors as course_selectors
from people.models import Employee

from . import services
from .models import QuizAttempt


def _correct(attempt) -> dict:
    answers = {}
    questions = course_selectors.questions_by_id(
        [i["question_id"] for i in attempt.plan]
    )
    for qid, question in questions.items():
        try:
            review = course_selectors.question_review(question)
        except ValueError:
            continue
        correct = review["correct"]
        if isinstance(correct, dict) and question.kind in ("multiple",):
            correct = [oid for oid, credit in correct.items() if credit > 0]
        elif isinstance(correct, dict) and question.kind == "situational":
            correct = max(correct, key=correct.get)
        answers[qid] = correct
    return answers


def seed_learning() -> dict:
    courses = list(course_selectors.live_courses(Locale.get_default())[:4])
    staff = Employee.objects.filter(number="E0001").first()
    manager = Employee.objects.filter(number="M0001").first()
    if not courses or staff is None:
        return {}
    today = timezone.localdate()
    team = list(
        Employee.objects.filter(
            store=staff.store,
            position__in=["front_desk", "call_agent", "teller", "sales"],
        )
    )
    dues = [
        today + dt.timedelta(days=3),
        today + dt.timedelta(days=21),
        today - dt.timedelta(days=2),
    ]
    for i, course in enumerate(courses[:3]):
        services.assignment_create(
            course=course, employees=team, due_date=dues[i], assigned_by=manager
        )
    rng = random.Random(2026)
    for person in team:
        enrollment = services.assignment_create(course=courses[0], employees=[person])[
            0
        ]
        lessons = list(course_selectors.lessons_of(courses[0]))
        for lesson in lessons[: rng.randint(0, len(lessons))]:
            services.lesson_viewed(enrollment=enrollment, lesson=lesson)
    # staff@demo.local completes the first course, passing its quiz.
    enrollment = services.assignment_create(course=courses[0], employees=[staff])[0]
    for lesson in course_selectors.lessons_of(courses[0]):
        services.lesson_viewed(enrollment=enrollment, lesson=lesson)
    quiz = courses[0].quiz
    if (
        quiz is not None
        and not QuizAttempt.objects.filter(enrollment=enrollment).exists()
    ):
        try:
            attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
            services.attempt_submit(attempt=attempt, answers=_correct(attempt))
        except services.TrainingError:
            pass
    enrollment.refresh_from_db()
    if enrollment.completed_at and not hasattr(enrollment, "feedback"):
        services.course_feedback_submit(
            enrollment=enrollment, rating=5, comment="案例很实用。"
        )
    return {"courses": len(courses), "learners": len(team)}


def seed() -> None:
    from training.roleplay.demo import seed as seed_roleplay

    seed_learning()
    seed_roleplay()
