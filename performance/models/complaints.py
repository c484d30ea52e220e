"""Customer complaints handled in the eight steps of the domain brief, with
first-question ownership, service recovery and SLA clocks in business hours.

The state field is only ever set by performance.complaints.services (one
transition table there); these models hold fields and constraints."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", pgettext_lazy("severity", "Critical")


class CustomerTier(models.TextChoices):
    VIP = "vip", _("VIP")
    PRIORITY = "priority", _("Priority")
    STANDARD = "standard", _("Standard")


class BusinessCalendar(models.Model):
    """Opening hours and holidays the SLA clock counts in. One calendar per
    store; the calendar without a store is the default for all others."""

    store = models.OneToOneField(
        "people.Store",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="business_calendar",
        verbose_name=_("store"),
    )
    name = models.CharField(_("name"), max_length=100)
    timezone = models.CharField(_("time zone"), max_length=50, default="Asia/Shanghai")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["store__code"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self):
        return self.name


class OpeningHours(models.Model):
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"))  # 0 = Monday
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("00:00 means midnight."))

    class Meta:
        ordering = ["calendar", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="openinghours_weekday_range",
            )
        ]

    def __str__(self):
        return f"{self.weekday} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Holiday(models.Model):
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="holidays"
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["calendar", "date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "date"], name="holiday_unique_date"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.name}"


class SlaTarget(models.Model):
    """Business hours allowed for the first reply and for the resolution,
    by severity and customer tier (set by HR)."""

    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    customer_tier = models.CharField(
        _("customer tier"), max_length=10, choices=CustomerTier.choices
    )
    reply_hours = models.DecimalField(
        _("first reply within (business hours)"), max_digits=6, decimal_places=2
    )
    resolution_hours = models.DecimalField(
        _("resolution within (business hours)"), max_digits=6, decimal_places=2
    )

    class Meta:
        ordering = ["severity", "customer_tier"]
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        constraints = [
            models.UniqueConstraint(
                fields=["severity", "customer_tier"], name="slatarget_unique"
            ),
            models.CheckConstraint(
                condition=Q(reply_hours__gt=0)
                & Q(resolution_hours__gte=models.F("reply_hours")),
                name="slatarget_hours_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.severity}/{self.customer_tier}"


class Complaint(models.Model):
    class State(models.TextChoices):
        RECORDED = "recorded", _("1 Recorded")
        VALIDATED = "validated", _("2 Validated")
        INVALID = "invalid", _("2 Not valid")
        ASSIGNED = "assigned", _("3 Assigned to a department")
        ANALYSED = "analysed", _("4 Cause analysed")
        PROPOSED = "proposed", _("5 Resolution proposed")
        APPROVED = "approved", _("6 Approved by a supervisor")
        CARRIED_OUT = "carried_out", _("7 Carried out, customer informed")
        CLOSED = "closed", _("8 Reviewed and closed")

    class Channel(models.TextChoices):
        FACE_TO_FACE = "face_to_face", _("Face to face")
        PHONE = "phone", _("Telephone hotline")
        ONLINE = "online", _("Web, app or email")
        LETTER = "letter", _("Letter")
        SOCIAL = "social", _("Social media")

    class Category(models.TextChoices):
        ATTITUDE = "attitude", _("Staff attitude")
        KNOWLEDGE = "knowledge", _("Professional knowledge")
        EFFICIENCY = "efficiency", _("Waiting and speed")
        ACCURACY = "accuracy", _("Wrong information or error")
        PRODUCT = "product", _("Product or service fault")
        BILLING = "billing", _("Billing and charges")
        ENVIRONMENT = "environment", _("Facilities and environment")
        OTHER = "other", _("Other")

    class Department(models.TextChoices):
        FRONT_LINE = "front_line", _("Front-line service")
        STORE_OPERATIONS = "store_operations", _("Store operations")
        PRODUCT = "product", _("Product")
        BILLING = "billing", _("Billing")
        IT = "it", _("IT and systems")
        LOGISTICS = "logistics", _("Logistics")

    OPEN_STATES = (
        State.RECORDED,
        State.VALIDATED,
        State.ASSIGNED,
        State.ANALYSED,
        State.PROPOSED,
        State.APPROVED,
    )

    state = models.CharField(
        _("step"), max_length=12, choices=State.choices, default=State.RECORDED
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    store = models.ForeignKey(
        "people.Store",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("store"),
    )
    employees = models.ManyToManyField(
        "people.Employee",
        blank=True,
        related_name="complaints_involved",
        verbose_name=_("employees involved"),
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    customer_tier = models.CharField(
        _("customer tier"),
        max_length=10,
        choices=CustomerTier.choices,
        default=CustomerTier.STANDARD,
    )
    description = models.TextField(_("what the customer said"))
    # Personal data: shown to the owner and HR only (performance.complaints.access).
    customer_name = models.CharField(_("customer name"), max_length=100, blank=True)
    customer_contact = models.CharField(
        _("customer phone or email"), max_length=200, blank=True
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="complaints_recorded",
        verbose_name=_("recorded by"),
    )
    owner = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="complaints_owned",
        verbose_name=_("owner"),
    )
    department = models.CharField(
        _("responsible department"),
        max_length=20,
        choices=Department.choices,
        blank=True,
    )
    invalid_reason = models.TextField(_("why it is not valid"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    resolution = models.TextField(_("proposed resolution"), blank=True)
    customer_feedback = models.TextField(_("customer feedback"), blank=True)
    review = models.TextField(_("review and lessons"), blank=True)
    # SLA: targets copied when recorded (a later change of targets does not
    # move old complaints' goalposts); due instants kept current by the
    # services so overdue complaints are found by one indexed query.
    reply_hours = models.DecimalField(max_digits=6, decimal_places=2)
    resolution_hours = models.DecimalField(max_digits=6, decimal_places=2)
    reply_due_at = models.DateTimeField(_("first reply due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    first_replied_at = models.DateTimeField(_("first reply"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    paused_since = models.DateTimeField(
        _("waiting on the customer since"), null=True, blank=True
    )
    reply_overdue_at = models.DateTimeField(null=True, blank=True)
    resolution_overdue_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["store", "-received_at"], name="complaint_store"),
            models.Index(fields=["owner", "state"], name="complaint_owner"),
            models.Index(fields=["received_at"], name="complaint_received"),
            models.Index(
                fields=["reply_due_at"],
                condition=Q(
                    first_replied_at__isnull=True, reply_overdue_at__isnull=True
                ),
                name="complaint_reply_watch",
            ),
            models.Index(
                fields=["resolution_due_at"],
                condition=Q(
                    resolved_at__isnull=True, resolution_overdue_at__isnull=True
                ),
                name="complaint_resolution_watch",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="invalid") | ~Q(invalid_reason=""),
                name="complaint_invalid_has_reason",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_category_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None


class ComplaintPause(models.Model):
    """A time the complaint waited on the customer; the SLA clocks do not run."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="pauses"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["complaint", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=Q(ended_at__isnull=True),
                name="complaintpause_one_open",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True)
                | Q(ended_at__gte=models.F("started_at")),
                name="complaintpause_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.started_at}–{self.ended_at or ''}"


class ComplaintEvent(models.Model):
    """The complaint's history, appended by every service: who, when, which
    step it left and reached, and a note. Never edited."""

    class Action(models.TextChoices):
        RECORD = "record", _("Recorded")
        MOVE = "move", _("Moved to a step")
        HANDOVER = "handover", _("Handed over")
        REPLY = "reply", _("First reply to the customer")
        PAUSE = "pause", _("Waiting on the customer")
        RESUME = "resume", _("Customer answered")
        RECOVERY = "recovery", _("Service recovery")
        OVERDUE = "overdue", _("Overdue, escalated")
        ERASE = "erase", _("Customer's personal data erased")

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_state = models.CharField(max_length=12, choices=Complaint.State.choices)
    to_state = models.CharField(max_length=12, choices=Complaint.State.choices)
    to_owner = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["complaint", "at", "pk"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaintevent_at")]

    def __str__(self):
        return f"{self.complaint_id} {self.action} {self.from_state}→{self.to_state}"


class RecoveryAction(models.Model):
    """Service recovery: apologise, compensate, fix. Append-only, so any
    compensation keeps who gave what, when and why."""

    class Kind(models.TextChoices):
        APOLOGY = "apology", _("Apology")
        COMPENSATION = "compensation", _("Compensation (gift, free or extra service)")
        FIX = "fix", _("Fix")

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="recovery_actions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("what was done"), max_length=300)
    amount = models.DecimalField(
        _("value (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    by = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["complaint", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="recoveryaction_amount_positive",
            )
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.kind}"


class RefresherRule(models.Model):
    """HR's rule: an upheld complaint of this category (any when blank) and
    at least this severity assigns the course to each employee involved."""

    category = models.CharField(
        _("category"), max_length=12, choices=Complaint.Category.choices, blank=True
    )
    min_severity = models.CharField(
        _("from severity"),
        max_length=10,
        choices=Severity.choices,
        default=Severity.MEDIUM,
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("refresher course"),
    )
    due_in_days = models.PositiveSmallIntegerField(_("due in (days)"), default=14)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["category", "min_severity"]
        verbose_name = _("refresher rule")
        verbose_name_plural = _("refresher rules")

    def __str__(self):
        return f"{self.category or '*'} ≥ {self.min_severity}"
