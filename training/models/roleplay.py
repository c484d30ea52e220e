"""Role-play assessments: sessions, recordings, rubric-scored assessments
(assessor, self, blind second and calibration sheets), coaching actions and
assessor calibration sessions.

Every score sheet is an ``RolePlayAssessment`` pointing at the immutable
``courses.RubricVersion`` it was scored with (courses.services
.rubric_version_current), so later rubric edits never change old results.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from people import history
from training.roleplay.storage import private_storage, recording_path

__all__ = [
    "CalibrationSession",
    "CoachingAction",
    "CriterionScore",
    "RolePlayAssessment",
    "RolePlaySession",
    "Recording",
    "TimestampNote",
]


class RolePlaySession(models.Model):
    """A scheduled role-play of one scenario: learners, assessors, when, where."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    scenario = models.ForeignKey(
        "courses.RolePlayScenario",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scenario"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
        help_text=_("Passing counts toward this course's completion."),
    )
    organiser = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="organised_roleplays",
        verbose_name=_("organiser"),
    )
    learners = models.ManyToManyField(
        "people.Employee", related_name="roleplays", verbose_name=_("learners")
    )
    assessors = models.ManyToManyField(
        "people.Employee",
        related_name="roleplays_to_assess",
        verbose_name=_("assessors"),
    )
    second_assessor = models.ForeignKey(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roleplays_to_double_score",
        verbose_name=_("blind second assessor"),
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    remote = models.BooleanField(_("remote"), default=False)
    peer_deadline = models.DateField(
        _("peer scoring deadline"),
        null=True,
        blank=True,
        help_text=_("After this date the trainer may score in place of the peers."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    redo_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="redos",
        verbose_name=_("re-do of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_at", "-pk"]
        verbose_name = _("role-play session")
        verbose_name_plural = _("role-play sessions")

    def __str__(self):
        return f"{self.scenario} · {self.scheduled_at:%Y-%m-%d %H:%M}"


class CalibrationSession(models.Model):
    """Several assessors blind-score the same recordings with one rubric
    version; the report measures how well they agree."""

    title = models.CharField(_("title"), max_length=200)
    rubric_version = models.ForeignKey(
        "courses.RubricVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rubric version"),
    )
    organiser = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="organised_calibrations",
        verbose_name=_("organiser"),
    )
    assessors = models.ManyToManyField(
        "people.Employee", related_name="calibrations", verbose_name=_("assessors")
    )
    max_deviation = models.FloatField(
        _("largest accepted deviation (points of 100)"),
        default=10.0,
        help_text=_(
            "Assessors whose mean deviation from the consensus is larger are "
            "flagged for recalibration."
        ),
    )
    min_agreement = models.FloatField(
        _("lowest accepted agreement (0-1)"),
        default=0.6,
        help_text=_(
            "Assessors whose scores fall within one level of the others' mean "
            "less often than this are flagged for recalibration."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calibration session")
        verbose_name_plural = _("calibration sessions")

    def __str__(self):
        return self.title


class Recording(models.Model):
    """An audio/video recording of a role-play, stored outside MEDIA_URL and
    served only through a permission-checked view."""

    session = models.ForeignKey(
        RolePlaySession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recordings",
        verbose_name=_("session"),
    )
    learner = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("learner"),
    )
    calibration = models.ForeignKey(
        CalibrationSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recordings",
        verbose_name=_("calibration session"),
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=recording_path
    )
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(session__isnull=False, calibration__isnull=True)
                | models.Q(session__isnull=True, calibration__isnull=False),
                name="training_recording_session_xor_calibration",
            )
        ]

    def __str__(self):
        return self.original_name or self.file.name

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")


@history.track(
    fields=["learner", "assessor", "kind", "status", "percent", "passed"],
    old_fields=["status", "percent", "passed"],
    change_label="sheet.change",
)
class RolePlayAssessment(models.Model):
    """One rubric score sheet. Kinds: the assessor's, the learner's own, a
    blind second assessor's (double scoring), or a calibration sheet."""

    class Kind(models.TextChoices):
        ASSESSOR = "assessor", _("Assessor")
        SELF = "self", _("Self-assessment")
        SECOND = "second", _("Blind second scoring")
        CALIBRATION = "calibration", _("Calibration")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    session = models.ForeignKey(
        RolePlaySession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("session"),
    )
    learner = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roleplay_assessments",
        verbose_name=_("learner"),
    )
    calibration = models.ForeignKey(
        CalibrationSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sheets",
        verbose_name=_("calibration session"),
    )
    recording = models.ForeignKey(
        Recording,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recording"),
    )
    assessor = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="roleplay_scored",
        verbose_name=_("scored by"),
    )
    rubric_version = models.ForeignKey(
        "courses.RubricVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rubric version"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    overall_comment = models.TextField(_("overall comment"), blank=True)
    percent = models.FloatField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    failed_critical = models.JSONField(
        _("failed critical criteria"), default=list, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(
        _("acknowledged by the learner at"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("role-play assessment")
        verbose_name_plural = _("role-play assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner", "assessor", "kind"],
                condition=models.Q(session__isnull=False),
                name="training_rpa_one_sheet_per_session",
            ),
            models.UniqueConstraint(
                fields=["calibration", "recording", "assessor"],
                condition=models.Q(calibration__isnull=False),
                name="training_rpa_one_sheet_per_calibration",
            ),
            models.CheckConstraint(
                condition=models.Q(session__isnull=False, calibration__isnull=True)
                | models.Q(session__isnull=True, calibration__isnull=False),
                name="training_rpa_session_xor_calibration",
            ),
        ]
        indexes = [models.Index(fields=["learner", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.assessor} · {self.pk}"

    def clean(self):
        if (self.kind == self.Kind.CALIBRATION) != (self.calibration_id is not None):
            raise ValidationError(_("Calibration sheets belong to a calibration."))

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


@history.track(
    fields=["assessment", "criterion_id", "level_id", "points"],
    old_fields=["level_id", "points"],
    change_label="criterion.change",
)
class CriterionScore(models.Model):
    """The level chosen for one rubric criterion (None = N/A), by block id."""

    assessment = models.ForeignKey(
        RolePlayAssessment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("assessment"),
    )
    criterion_id = models.CharField(_("criterion"), max_length=64)
    level_id = models.CharField(_("level"), max_length=64, null=True, blank=True)
    points = models.FloatField(_("points"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion_id"],
                name="training_criterionscore_once",
            )
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.level_id or 'N/A'}"


class TimestampNote(models.Model):
    """A note against a moment of the recording."""

    assessment = models.ForeignKey(
        RolePlayAssessment,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("assessment"),
    )
    at_seconds = models.FloatField(_("time (seconds)"), null=True, blank=True)
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["at_seconds", "pk"]
        verbose_name = _("time-stamped note")
        verbose_name_plural = _("time-stamped notes")

    def __str__(self):
        return self.text[:50]

    @property
    def timestamp(self) -> str:
        if self.at_seconds is None:
            return ""
        total = int(self.at_seconds)
        return f"{total // 60:02d}:{total % 60:02d}"


class CoachingAction(models.Model):
    """A follow-up the assessor sets after an assessment."""

    class Kind(models.TextChoices):
        REMEDIAL_COURSE = "course", _("Remedial course")
        REDO = "redo", _("Re-do the role-play")

    assessment = models.ForeignKey(
        RolePlayAssessment,
        on_delete=models.CASCADE,
        related_name="coaching_actions",
        verbose_name=_("assessment"),
    )
    kind = models.CharField(_("action"), max_length=10, choices=Kind.choices)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course to assign"),
    )
    due_date = models.DateField(_("due by"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    redo_session = models.ForeignKey(
        RolePlaySession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-do session"),
    )
    created_by = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("coaching action")
        verbose_name_plural = _("coaching actions")

    def __str__(self):
        return self.get_kind_display()
