"""Staff learning: enrolments (assignments), lesson progress, quiz attempts,
certificates, reminders and post-course feedback.

Courses, lessons, quizzes and learning paths are stored as their default-locale
(canonical) instances, so a learner who switches language keeps their record;
lessons are matched by Wagtail translation key.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people import history

# In-app notifications live in people (the lowest app); the old name stays.
from people.models import Notification  # noqa: F401

__all__ = [
    "AttemptAnswer",
    "Certificate",
    "CourseFeedback",
    "Enrollment",
    "LessonProgress",
    "Notification",
    "PathEnrollment",
    "QuizAttempt",
    "ReminderLog",
]


class Source(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    SELF = "self", _("Self-enrolled")
    ONBOARDING = "onboarding", _("Onboarding")
    RECERTIFICATION = "recert", _("Recertification")
    REMEDIAL = "remedial", _("Remedial")
    POSITION = "position", _("Position change")


class PathEnrollment(models.Model):
    """A learning path assigned to one person; its courses are Enrollments
    pointing back here."""

    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        related_name="path_enrollments",
        verbose_name=_("employee"),
    )
    path = models.ForeignKey(
        "courses.LearningPath",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("learning path"),
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.ASSIGNED
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("learning path enrolment")
        verbose_name_plural = _("learning path enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "path"], name="training_one_path_enrollment"
            )
        ]

    def __str__(self):
        return f"{self.employee} · {self.path}"


# History (people.history): the quiz grade on each change; inserts carry no
# grade yet, so none are recorded.
@history.track(
    fields=["employee", "course", "quiz_grade", "quiz_passed_at"],
    old_fields=["quiz_grade"],
    change_label="grade.change",
)
class Enrollment(models.Model):
    """One person's current run through one course (an assignment or a
    self-enrolment). A recertification archives it (is_current=False) and
    starts a new one, so at most one current enrolment per person and course."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        OVERDUE = "overdue", _("Overdue")  # derived: due date passed, not completed

    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("employee"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    path_enrollment = models.ForeignKey(
        PathEnrollment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("learning path"),
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.ASSIGNED
    )
    assigned_by = models.ForeignKey(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Denormalised for fast dashboards; recomputed by services on every change.
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_lesson_key = models.UUIDField(_("last lesson"), null=True, blank=True)
    quiz_grade = models.DecimalField(
        _("quiz grade (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    quiz_passed_at = models.DateTimeField(_("quiz passed at"), null=True, blank=True)
    roleplay_passed_at = models.DateTimeField(
        _("role-play passed at"), null=True, blank=True
    )
    roleplay_requested_at = models.DateTimeField(
        _("role-play requested at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "course"],
                condition=Q(is_current=True),
                name="training_one_current_enrollment",
            )
        ]
        indexes = [
            models.Index(fields=["employee", "is_current"]),
            models.Index(fields=["course", "is_current"]),
            models.Index(fields=["due_date"]),
        ]

    def __str__(self):
        return f"{self.employee} · {self.course}"

    def status_on(self, today) -> str:
        if self.completed_at:
            return self.Status.COMPLETED
        if self.due_date and self.due_date < today:
            return self.Status.OVERDUE
        if self.started_at:
            return self.Status.IN_PROGRESS
        return self.Status.NOT_STARTED

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self):
        return self.Status(self.status).label


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="lessons"
    )
    lesson_key = models.UUIDField(_("lesson (translation key)"))
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson_key"], name="training_lesson_once"
            )
        ]

    def __str__(self):
        return f"{self.enrollment_id} · {self.lesson_key}"


# Up to 500,000 attempts at bench scale: only a change of the score is
# recorded (grading sets it once; a regrade changes it), never the insert.
@history.track(
    fields=["enrollment", "quiz", "number", "percent", "passed"],
    old_fields=["percent", "passed"],
    change_label="attempt.grade",
)
class QuizAttempt(models.Model):
    """One attempt at a quiz. Its questions (and their weights) are drawn once
    at start and stored in ``plan``; ``seed`` fixes option shuffling, so a
    reload shows the same attempt. Finishing is a conditional UPDATE on
    ``status`` (see training.services.attempt_submit), so concurrent submits
    grade it once."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        FINISHED = "finished", _("Finished")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="attempts"
    )
    quiz = models.ForeignKey(
        "courses.Quiz",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("quiz"),
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    seed = models.BigIntegerField(default=0)
    plan = models.JSONField(default=list)  # [{"question_id": int, "weight": float}]
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    closed_by_timeout = models.BooleanField(_("closed at the deadline"), default=False)
    percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "quiz", "number"], name="training_attempt_number"
            ),
            models.UniqueConstraint(
                fields=["enrollment", "quiz"],
                condition=Q(status="in_progress"),
                name="training_one_open_attempt",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress", finished_at__isnull=True)
                | Q(status="finished", finished_at__isnull=False),
                name="training_attempt_finish_consistent",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.enrollment} · #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class AttemptAnswer(models.Model):
    """A learner's response to one question of an attempt (autosaved), and its
    score once the attempt is graded."""

    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.CASCADE, related_name="answers"
    )
    question_id = models.IntegerField()
    position = models.PositiveSmallIntegerField()
    weight = models.FloatField(default=1)
    response = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)  # 0..1

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="training_answer_once"
            )
        ]

    def __str__(self):
        return f"{self.attempt_id} · Q{self.question_id}"


def _verification_code() -> str:
    return secrets.token_hex(8).upper()


@history.track(
    fields=[
        "employee",
        "course",
        "code",
        "issued_at",
        "expires_at",
        "revoked_at",
        "revoked_reason",
    ],
    old_fields=["expires_at", "revoked_at", "revoked_reason"],
    change_label="certificate.change",
    insert_label="certificate.issue",
)
class Certificate(models.Model):
    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="certificate"
    )
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=_verification_code
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return self.code

    def state_at(self, now) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= now:
            return "expired"
        return "valid"


class ReminderLog(models.Model):
    """One row per reminder sent; the unique constraint makes the daily jobs
    idempotent (never twice a day for one enrolment and kind)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due in 3 days")
        OVERDUE = "overdue", _("Overdue")
        CERT_EXPIRING = "cert_expiring", _("Certificate expiring")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "kind", "date"], name="training_reminder_daily"
            )
        ]

    def __str__(self):
        return f"{self.enrollment_id} · {self.kind} · {self.date}"


class CourseFeedback(models.Model):
    """Kirkpatrick level 1 (reaction): a rating and comment after completion."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("course feedback")
        verbose_name_plural = _("course feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="training_rating_1_5"
            )
        ]

    def __str__(self):
        return f"{self.enrollment_id} · {self.rating}"
