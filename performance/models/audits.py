"""Audits on the rubric library: mystery-shopper visits and call-monitoring
reviews scored on the same immutable ``courses.RubricVersion`` that
role-plays use, so one service standard is trained, practised and audited.

An audit is about an employee, a store, or both. Its score is the rubric
percent (courses.scoring.score_rubric), except that a failed critical
criterion sets it to 0, as QA scorecards do. Scores and their changes (a
dispute's decision) are tracked by pghistory with who and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people import history

from ..storage import PrivateStorage

__all__ = ["Audit", "AuditAttachment", "AuditDispute", "AuditScore"]


@history.track(
    fields=["employee", "auditor", "percent", "rubric_percent"],
    old_fields=["percent"],
    change_label="audit.change",
)
class Audit(models.Model):
    class Kind(models.TextChoices):
        MYSTERY_SHOPPER = "mystery_shopper", _("Mystery-shopper visit")
        CALL_MONITORING = "call_monitoring", _("Call-monitoring review")

    class Touchpoint(models.TextChoices):
        FACE_TO_FACE = "face_to_face", _("Face-to-face")
        PHONE = "phone", _("Phone")
        REMOTE = "remote", _("Remote (web, app, kiosk)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    touchpoint = models.CharField(
        _("touchpoint"), max_length=20, choices=Touchpoint.choices
    )
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("employee"),
    )
    store = models.ForeignKey(
        "people.Store",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("store"),
    )
    auditor = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="audits_done",
        verbose_name=_("auditor"),
    )
    rubric_version = models.ForeignKey(
        "courses.RubricVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rubric version"),
    )
    visited_on = models.DateField(_("date"))
    overall_comment = models.TextField(_("overall comment"), blank=True)
    # The rubric's own percent; `percent` is 0 when a critical criterion failed.
    rubric_percent = models.FloatField(_("rubric score (%)"))
    percent = models.FloatField(_("score (%)"))
    failed_critical = models.JSONField(
        _("failed critical criteria"), default=list, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        constraints = [
            models.CheckConstraint(
                condition=Q(employee__isnull=False) | Q(store__isnull=False),
                name="performance_audit_has_subject",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100),
                name="performance_audit_percent_range",
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "visited_on"]),
            models.Index(fields=["store", "visited_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.visited_on}"

    @property
    def critical_failed(self) -> bool:
        return bool(self.failed_critical)


@history.track(
    fields=["audit", "criterion_id", "level_id", "points"],
    old_fields=["level_id", "points"],
    change_label="audit_score.change",
)
class AuditScore(models.Model):
    """The level chosen for one criterion (None = N/A), by block id."""

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="scores", verbose_name=_("audit")
    )
    criterion_id = models.CharField(_("criterion"), max_length=64)
    level_id = models.CharField(_("level"), max_length=64, null=True, blank=True)
    points = models.FloatField(_("points"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("audit criterion score")
        verbose_name_plural = _("audit criterion scores")
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "criterion_id"], name="performance_auditscore_once"
            )
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.level_id or 'N/A'}"


def attachment_path(instance, filename):
    import uuid

    from ..audits.uploads import EXTENSIONS

    return f"audits/{uuid.uuid4().hex}{EXTENSIONS.get(instance.content_type, '')}"


class AuditAttachment(models.Model):
    """A photo or a recording, kept outside MEDIA_URL; served only through
    an access-checked view."""

    audit = models.ForeignKey(
        Audit,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("audit"),
    )
    file = models.FileField(
        _("file"), storage=PrivateStorage(), upload_to=attachment_path
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
        verbose_name = _("audit attachment")
        verbose_name_plural = _("audit attachments")

    def __str__(self):
        return self.original_name or self.file.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


@history.track(
    fields=["audit", "state", "score_before", "score_after"],
    old_fields=["state"],
    change_label="audit_dispute.change",
)
class AuditDispute(models.Model):
    """The employee's appeal against an audit: a comment and the levels they
    propose; the reviewer accepts, partly accepts or rejects it."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        REJECTED = "rejected", _("Rejected")

    audit = models.ForeignKey(
        Audit,
        on_delete=models.CASCADE,
        related_name="disputes",
        verbose_name=_("audit"),
    )
    comment = models.TextField(_("comment"))
    # {criterion id: level id or None (N/A)}
    proposed_levels = models.JSONField(_("proposed levels"), default=dict)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN
    )
    decided_levels = models.JSONField(_("levels accepted"), default=dict, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    score_before = models.FloatField(_("score before"), null=True, blank=True)
    score_after = models.FloatField(_("score after"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("audit dispute")
        verbose_name_plural = _("audit disputes")
        constraints = [
            models.UniqueConstraint(
                fields=["audit"],
                condition=Q(state="open"),
                name="performance_auditdispute_one_open",
            )
        ]

    def __str__(self):
        return f"{self.audit} · {self.state}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
