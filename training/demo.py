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


# Effectiveness demo (performance.analytics): one course whose completers'
# CSAT rises (performance.analytics.demo adds the lift) and one without an
# effect, completed by alternating halves of the demo staff in three monthly
# cohorts; the null course's cohorts are earlier so neither contaminates the
# other's not-yet-trained comparison.
EFFECT_COURSE, NULL_COURSE = "communication", "service-quality"
COHORT_MONTHS = {EFFECT_COURSE: (4, 3, 2), NULL_COURSE: (10, 9, 8)}


def _months_ago(months: int, day: int) -> dt.datetime:
    today = timezone.localdate().replace(day=1)
    index = today.year * 12 + today.month - 1 - months
    return timezone.make_aware(dt.datetime(index // 12, index % 12 + 1, day, 10))


def seed_effectiveness() -> dict:
    from courses.demo import pretest

    from .models import CourseFeedback, Enrollment

    courses = {
        c.slug: c
        for c in course_selectors.live_courses(Locale.get_default()).filter(
            slug__in=COHORT_MONTHS
        )
    }
    staff = list(
        Employee.objects.filter(number__startswith="E")
        .exclude(number="E0001")
        .order_by("number")
    )
    done = 0
    for slug, months in COHORT_MONTHS.items():
        course = courses.get(slug)
        if course is None or course.quiz is None:
            continue
        pre = pretest(course)
        # Alternate within each position, so each trainee has untrained
        # colleagues of the same position to be compared with.
        half = 0 if slug == EFFECT_COURSE else 1
        seen: dict[str, int] = {}
        for person in staff:
            i = seen[person.position] = seen.get(person.position, -1) + 1
            if i % 2 != half:
                continue
            enrollment = services.assignment_create(course=course, employees=[person])[
                0
            ]
            if enrollment.completed_at:
                continue
            rng = random.Random(f"{slug}{person.number}")
            completed = _months_ago(months[(i // 2) % 3], rng.randint(1, 20))
            # Backdated history: only demo data may set a past completion.
            Enrollment.objects.filter(pk=enrollment.pk).update(
                started_at=completed - dt.timedelta(days=3),
                completed_at=completed,
                progress_percent=100,
            )
            post = rng.uniform(72, 95) if slug == EFFECT_COURSE else rng.uniform(60, 85)
            for quiz, percent, at in (
                (pre, rng.uniform(35, 60), completed - dt.timedelta(days=3)),
                (course.quiz, post, completed),
            ):
                QuizAttempt.objects.get_or_create(
                    enrollment=enrollment,
                    quiz=quiz,
                    number=1,
                    defaults={
                        "status": QuizAttempt.Status.FINISHED,
                        "started_at": at - dt.timedelta(minutes=15),
                        "finished_at": at,
                        "percent": round(percent, 2),
                        "passed": percent >= float(quiz.pass_mark),
                    },
                )
            good = slug == EFFECT_COURSE
            CourseFeedback.objects.get_or_create(
                enrollment=enrollment,
                defaults={
                    "rating": rng.choice([4, 5, 5]) if good else rng.choice([2, 3, 4]),
                    "comment": rng.choice(
                        [
                            "情景演练很实用 / The role-play drills were useful.",
                            "学到了倾听和确认的方法。",
                            "",
                        ]
                        if good
                        else ["内容偏理论。", "Too much theory for the counter.", ""]
                    ),
                    "created_at": completed,
                },
            )
            done += 1
    return {"completions": done}


def seed() -> None:
    from training.roleplay.demo import seed as seed_roleplay

    seed_learning()
    seed_roleplay()
    seed_effectiveness()
