"""Progress and completion: viewed lessons, the completion rule, the
role-play hook and post-course feedback."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Employee

from .. import content
from ..models import CourseFeedback, Enrollment, LessonProgress
from ._common import _canonical
from .certificates import certificate_issue
from .errors import TrainingError


def lesson_viewed(*, enrollment: Enrollment, lesson) -> Enrollment:
    """Record that the learner opened ``lesson`` (the completion rule counts
    viewed lessons) and remember it for "resume"."""
    key = lesson.translation_key
    if enrollment.last_lesson_key == key:
        return enrollment  # a reload: recorded when it was first opened
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        [LessonProgress(enrollment=enrollment, lesson_key=key, completed_at=now)],
        ignore_conflicts=True,
    )
    updates = {"last_lesson_key": key}
    if enrollment.started_at is None:
        updates["started_at"] = now
    Enrollment.objects.filter(pk=enrollment.pk).update(**updates)
    for field_name, value in updates.items():
        setattr(enrollment, field_name, value)
    return enrollment_recompute(enrollment=enrollment)


def enrollment_recompute(
    *, enrollment: Enrollment, rule=None, updates: dict | None = None
) -> Enrollment:
    """Recompute progress % and complete the course when its rule is met
    (all lessons viewed / quiz passed / role-play passed, each if required;
    an empty rule means all lessons viewed). ``updates``: fields the caller
    changed on ``enrollment`` but did not store yet (stored in the same
    UPDATE)."""
    rule = rule or content.completion_rule(
        enrollment.course_id,
        enrollment.course if Enrollment.course.is_cached(enrollment) else None,
    )
    parts = done = 0
    require_lessons = rule.require_lessons or rule.is_empty
    if require_lessons and rule.lesson_keys:
        seen = set(
            str(k)
            for k in LessonProgress.objects.filter(
                enrollment=enrollment, lesson_key__in=rule.lesson_keys
            ).values_list("lesson_key", flat=True)
        )
        parts += len(rule.lesson_keys)
        done += len(seen)
    if rule.require_quiz:
        parts += 1
        done += enrollment.quiz_passed_at is not None
    if rule.require_role_play:
        parts += 1
        done += enrollment.roleplay_passed_at is not None
    percent = 100 if parts == 0 else int(100 * done / parts)
    updates = dict(updates or {})
    if percent != enrollment.progress_percent and not enrollment.completed_at:
        updates["progress_percent"] = percent
    if done == parts and not enrollment.completed_at and enrollment.started_at:
        updates["completed_at"] = timezone.now()
        updates["progress_percent"] = 100
    if updates:
        Enrollment.objects.filter(pk=enrollment.pk).update(**updates)
        for field_name, value in updates.items():
            setattr(enrollment, field_name, value)
        if "completed_at" in updates:
            certificate_issue(enrollment=enrollment, rule=rule)
    return enrollment


def enrollment_record_roleplay_passed(
    *, employee: Employee, course, passed_at: dt.datetime | None = None
) -> Enrollment | None:
    """F4's hook: a role-play required by ``course`` was passed. Counts toward
    the current enrolment's completion rule; None if not enrolled."""
    course = _canonical(course)
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .filter(employee=employee, course=course, is_current=True)
            .first()
        )
        if enrollment is None:
            return None
        now = passed_at or timezone.now()
        updates = {"roleplay_passed_at": now}
        if enrollment.started_at is None:
            updates["started_at"] = now
        Enrollment.objects.filter(pk=enrollment.pk).update(**updates)
        for field_name, value in updates.items():
            setattr(enrollment, field_name, value)
        return enrollment_recompute(enrollment=enrollment)


@transaction.atomic
def course_feedback_submit(
    *, enrollment: Enrollment, rating: int, comment: str = ""
) -> CourseFeedback:
    """Kirkpatrick level 1 (reaction), after completion; resubmitting edits it."""
    if not enrollment.completed_at:
        raise TrainingError(_("Give feedback after completing the course."))
    if not 1 <= int(rating) <= 5:
        raise TrainingError(_("Choose a rating from 1 to 5."))
    feedback, _created = CourseFeedback.objects.update_or_create(
        enrollment=enrollment, defaults={"rating": rating, "comment": comment[:2000]}
    )
    return feedback
