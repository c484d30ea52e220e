"""Incentive review cycles: a versioned scheme (weighted components, gates,
tiers), cycles that run one scheme version over a period and a population,
each employee's result with its component rows, managers' adjustments and
employees' disputes. Writes go through performance.reviews.services; a locked
cycle is refused there and by database triggers (PostgreSQL)."""

from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.i18n import in_viewer_language

from .complaints import Severity

FROZEN_STATES = ("locked", "archived")


def _refuse_when_locked(cycle_sql: str) -> list[pgtrigger.Trigger]:
    """Statement triggers refusing any insert, update or delete of rows
    belonging to a locked or archived cycle. `cycle_sql` selects the cycle
    ids of the rows in `{rows}` (a transition table: the new rows, and the
    old ones too, so a row can't be moved out either). Per statement, not per
    row: storing a cycle writes ~100,000 component rows in one statement."""
    states = ", ".join(f"'{s}'" for s in FROZEN_STATES)

    def check(rows: str) -> str:
        return (
            "IF EXISTS (SELECT 1 FROM performance_reviewcycle c "
            f"WHERE c.id IN ({cycle_sql.format(rows=rows)}) AND c.state IN ({states})) "
            "THEN RAISE EXCEPTION 'review cycle is locked: % refused on %', "
            "TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation'; "
            "END IF; "
        )

    def trigger(name, operation, checked, **referencing) -> pgtrigger.Trigger:
        return pgtrigger.Trigger(
            name=f"refuse_locked_{name}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=operation,
            referencing=pgtrigger.Referencing(**referencing),
            func="".join(check(rows) for rows in checked) + "RETURN NULL;",
        )

    # PostgreSQL allows transition tables only on single-event triggers.
    return [
        trigger("insert", pgtrigger.Insert, ["new_rows"], new="new_rows"),
        trigger(
            "update",
            pgtrigger.Update,
            ["new_rows", "old_rows"],
            old="old_rows",
            new="new_rows",
        ),
        trigger("delete", pgtrigger.Delete, ["old_rows"], old="old_rows"),
    ]


class ReviewScheme(models.Model):
    """One version of a scheme. A version used by a cycle is frozen; HR edits
    by saving a new version (same code, version + 1)."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    base_amount = models.DecimalField(
        _("base amount"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Tiers with a multiplier pay this amount × the multiplier."),
    )
    max_adjustment = models.DecimalField(
        _("largest manager adjustment (points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
    )
    min_tenure_days = models.PositiveIntegerField(
        _("minimum tenure (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Employees hired fewer days before the period ends are not eligible."
        ),
    )
    peer_same_store = models.BooleanField(
        _("percentile peers in the same store only"),
        default=False,
        help_text=_("Percentiles rank each person among the same position."),
    )
    complaint_gate = models.CharField(
        _("no upheld complaint of this severity or higher"),
        max_length=10,
        choices=Severity.choices,
        blank=True,
        help_text=_(
            "Employees named in a complaint of this severity or higher, received "
            "in the period and upheld (closed after being found valid), are not "
            "eligible. Empty: complaints do not affect eligibility."
        ),
    )
    required_certificates = models.ManyToManyField(
        "courses.CoursePage",
        blank=True,
        related_name="+",
        verbose_name=_("certificates required"),
        help_text=_(
            "A valid certificate of each of these courses at the period's end."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("review scheme")
        verbose_name_plural = _("review schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="review_scheme_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.display_name} v{self.version}"

    @property
    def display_name(self) -> str:
        return in_viewer_language(self.name, self.name_en)


class SchemeComponent(models.Model):
    class Kind(models.TextChoices):
        COURSES_ON_TIME = "courses_on_time", _("Required courses completed on time")
        QUIZ_GRADE = "quiz_grade", _("Quiz grade")
        ROLEPLAY = "roleplay", _("Role-play score")
        METRIC = "metric", _("Performance metric")

    class Normalisation(models.TextChoices):
        TARGET = "target", _("Against the target (0-100)")
        PERCENTILE = "percentile", _("Percentile among peers")

    scheme = models.ForeignKey(
        ReviewScheme, on_delete=models.CASCADE, related_name="components"
    )
    key = models.SlugField(_("key"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    metric = models.ForeignKey(
        "performance.Metric",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("metric"),
    )
    calibrated_only = models.BooleanField(
        _("only calibrated assessors"),
        default=False,
        help_text=_(
            "Role-play: count only sheets by assessors whose latest calibration "
            "was not flagged."
        ),
    )
    normalisation = models.CharField(
        _("normalisation"),
        max_length=12,
        choices=Normalisation.choices,
        default=Normalisation.TARGET,
    )
    target = models.FloatField(
        _("target"),
        null=True,
        blank=True,
        help_text=_("Empty: the metric's own target (training components: 100)."),
    )
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    min_sample = models.PositiveIntegerField(
        _("minimum sample"),
        null=True,
        blank=True,
        help_text=_("Empty: the metric's own minimum sample size (otherwise 1)."),
    )

    class Meta:
        ordering = ["scheme", "position", "pk"]
        verbose_name = _("scheme component")
        verbose_name_plural = _("scheme components")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "key"], name="review_component_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind="metric", metric__isnull=False)
                | (~Q(kind="metric") & Q(metric__isnull=True)),
                name="review_component_metric_iff_kind",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.kind == self.Kind.METRIC and self.metric_id:
            return self.metric.display_name
        return str(self.Kind(self.kind).label)


class SchemeTier(models.Model):
    """Scores from min_score up to the next tier's min_score."""

    scheme = models.ForeignKey(
        ReviewScheme, on_delete=models.CASCADE, related_name="tiers"
    )
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    min_score = models.DecimalField(
        _("lowest score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    multiplier = models.DecimalField(
        _("multiplier of the base amount"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
    )
    max_share = models.DecimalField(
        _("largest share of people (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "Forced distribution: beyond this share, the lowest scores (then the "
            "higher employee number) move to the tier below."
        ),
    )

    class Meta:
        ordering = ["scheme", "min_score"]
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"], name="review_tier_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, multiplier__isnull=False)
                | Q(amount__isnull=False, multiplier__isnull=True),
                name="review_tier_amount_xor_multiplier",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_viewer_language(self.name, self.name_en)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), append_only=True)
class ReviewCycle(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPUTING = "computing", _("Computing")
        MANAGER_REVIEW = "manager_review", _("Manager review")
        CALIBRATION = "calibration", _("Calibration")
        PUBLISHED = "published", _("Published (appeal window open)")
        APPEALS = "appeals", _("Resolving appeals")
        LOCKED = "locked", _("Locked")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    scheme = models.ForeignKey(
        ReviewScheme,
        on_delete=models.PROTECT,
        related_name="cycles",
        verbose_name=_("scheme version"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end (inclusive)"))
    stores = models.ManyToManyField(
        "people.Store",
        blank=True,
        related_name="+",
        verbose_name=_("stores"),
        help_text=_("Empty: every store."),
    )
    positions = models.JSONField(
        _("positions"), default=list, blank=True, help_text=_("Empty: every position.")
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("appeal window (days)"), default=14
    )
    appeal_deadline = models.DateField(_("appeals close on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    message = models.TextField(_("message"), blank=True)
    population = models.PositiveIntegerField(_("employees"), default=0)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="review_cycle_period_ordered",
            )
        ]
        triggers = [
            # Locked: only the move to archived; archived: nothing.
            pgtrigger.Protect(
                name="locked_cycle_frozen",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__state="archived")
                | (
                    pgtrigger.Q(old__state="locked")
                    & ~pgtrigger.Q(new__state="archived")
                ),
            ),
            pgtrigger.Protect(
                name="locked_cycle_kept",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__state__in=list(FROZEN_STATES)),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_viewer_language(self.name, self.name_en)

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN_STATES


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), append_only=True)
class ReviewResult(models.Model):
    """One employee's result in one cycle. Who they were (number, name,
    store, manager, position) is kept as at computation, for payroll."""

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="results"
    )
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="review_results",
        verbose_name=_("employee"),
    )
    employee_number = models.CharField(_("employee number"), max_length=30)
    employee_name = models.CharField(_("name"), max_length=100)
    store = models.ForeignKey(
        "people.Store",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("store"),
    )
    manager = models.ForeignKey(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("manager"),
    )
    position = models.CharField(_("position"), max_length=20)
    computed_score = models.DecimalField(
        _("computed score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    adjustment = models.DecimalField(
        _("adjustment"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    final_score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    eligible = models.BooleanField(_("eligible"), default=True)
    failed_gates = models.JSONField(_("gates not met"), default=list, blank=True)
    tier_code = models.CharField(_("tier"), max_length=20, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, default=Decimal("0")
    )

    class Meta:
        ordering = ["cycle", "employee_number"]
        verbose_name = _("review result")
        verbose_name_plural = _("review results")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "employee"], name="review_result_one_per_cycle"
            )
        ]
        indexes = [models.Index(fields=["employee", "cycle"])]
        triggers = _refuse_when_locked("SELECT r.cycle_id FROM {rows} r")

    def __str__(self):
        return f"{self.cycle} · {self.employee_number}"


# Not tracked by pghistory: a cycle of 10,000 people has ~100,000 rows and
# each recomputation rewrites them; the result's history keeps the scores.
class ResultComponent(models.Model):
    """One component of one result: the evidence gathered (raw value and n;
    the explanation lists the items behind them) and what the engine made
    of it."""

    # No index of its own: the unique (result, component) index serves every
    # lookup by result, and one index fewer speeds the compute's bulk insert.
    result = models.ForeignKey(
        ReviewResult,
        on_delete=models.CASCADE,
        related_name="components",
        db_index=False,
    )
    component = models.ForeignKey(
        SchemeComponent, on_delete=models.PROTECT, related_name="+"
    )
    raw = models.FloatField(_("raw value"), null=True, blank=True)
    n = models.PositiveIntegerField(_("sample"), default=0)
    override = models.FloatField(
        _("corrected value"),
        null=True,
        blank=True,
        help_text=_("Set by an upheld dispute; used instead of the gathered value."),
    )
    normalised = models.DecimalField(
        _("normalised"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    effective_weight = models.DecimalField(
        _("weight used"), max_digits=7, decimal_places=4
    )
    contribution = models.DecimalField(
        _("contribution"), max_digits=7, decimal_places=4
    )
    included = models.BooleanField(_("counted"), default=True)
    note = models.CharField(_("note"), max_length=30, blank=True)

    class Meta:
        ordering = ["result", "component__position", "component_id"]
        verbose_name = _("result component")
        verbose_name_plural = _("result components")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "component"], name="review_result_component_unique"
            )
        ]
        triggers = _refuse_when_locked(
            "SELECT x.cycle_id FROM {rows} r "
            "JOIN performance_reviewresult x ON x.id = r.result_id"
        )

    def __str__(self):
        return f"{self.result} · {self.component.key}"

    @property
    def value(self) -> float | None:
        return self.override if self.override is not None else self.raw


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), append_only=True)
class Adjustment(models.Model):
    """A manager's (or HR's) move of one result's score, with the reason;
    the latest one is the result's adjustment."""

    result = models.ForeignKey(
        ReviewResult, on_delete=models.CASCADE, related_name="adjustments"
    )
    value = models.DecimalField(
        _("adjustment (points)"), max_digits=6, decimal_places=2
    )
    previous = models.DecimalField(
        _("previous adjustment"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["result", "created_at", "pk"]
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        triggers = _refuse_when_locked(
            "SELECT x.cycle_id FROM {rows} r "
            "JOIN performance_reviewresult x ON x.id = r.result_id"
        )

    def __str__(self):
        return f"{self.result} {self.value:+}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), append_only=True)
class Dispute(models.Model):
    """An employee's appeal against one component of their result."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        REJECTED = "rejected", _("Rejected")

    result = models.ForeignKey(
        ReviewResult, on_delete=models.CASCADE, related_name="disputes"
    )
    component = models.ForeignKey(
        ResultComponent,
        on_delete=models.CASCADE,
        related_name="disputes",
        verbose_name=_("component"),
    )
    evidence_kind = models.CharField(
        _("evidence"), max_length=20, blank=True
    )  # "observation" or "assessment"; blank: the component's value
    evidence_id = models.PositiveBigIntegerField(null=True, blank=True)
    comment = models.TextField(_("comment"))
    proposed_value = models.FloatField(_("proposed value"), null=True, blank=True)
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
    decided_value = models.FloatField(_("value accepted"), null=True, blank=True)
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
    score_before = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True
    )
    score_after = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        constraints = [
            models.UniqueConstraint(
                fields=["component"],
                condition=Q(state="open"),
                name="review_dispute_one_open_per_component",
            )
        ]
        triggers = _refuse_when_locked(
            "SELECT x.cycle_id FROM {rows} r "
            "JOIN performance_reviewresult x ON x.id = r.result_id"
        )

    def __str__(self):
        return f"{self.result} · {self.component.component.key} · {self.state}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class PayrollExport(models.Model):
    """Who downloaded a cycle's payroll file, when, in which format."""

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.PROTECT, related_name="exports"
    )
    format = models.CharField(max_length=4)
    rows = models.PositiveIntegerField(default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        triggers = [
            pgtrigger.Protect(
                name="export_log_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"{self.cycle} {self.format} {self.at:%Y-%m-%d %H:%M}"
