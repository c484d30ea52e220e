"""Accounts and the organisation: who works where, under whom, in which role."""

from functools import cache

import pghistory
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import history
from .i18n import in_viewer_language


class BilingualNameMixin:
    """`name` is Chinese; `name_en` is shown to English readers when set."""

    def __str__(self):
        return in_viewer_language(self.name, self.name_en)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        email = self.normalize_email(email)
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A login. Email is the identifier; the person's work data is on Employee."""

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", "简体中文"
        EN = "en", "English"

    username = None
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=Language.choices, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email


class Region(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Store(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="stores",
        verbose_name=_("region"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")


class Team(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="teams", verbose_name=_("store")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")


class Position(models.TextChoices):
    FRONT_DESK = "front_desk", _("Front desk")
    CALL_CENTRE_AGENT = "call_agent", _("Call-centre agent")
    TELLER = "teller", _("Bank teller")
    SALES = "sales", _("Store sales associate")
    WAITER = "waiter", _("Restaurant server")
    SUPERVISOR = "supervisor", _("Supervisor")
    STORE_MANAGER = "store_manager", _("Store manager")
    TRAINER = "trainer", _("Trainer")
    HR = "hr", _("HR specialist")


@cache
def _labels(choices, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Employee.Status.ACTIVE)


# Where a person works and whom they report to decide who sees their records
# and which paths they are given: each change is kept with who and why. The
# name is not kept (personal data leaves with the person).
EMPLOYEE_TRACKED = ["position", "store", "team", "manager", "status"]


@history.track(
    fields=EMPLOYEE_TRACKED, old_fields=EMPLOYEE_TRACKED, change_label="employee.change"
)
class Employee(models.Model):
    """The person behind a login: the subject of every learning and
    performance record."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="employee", verbose_name=_("user")
    )
    number = models.CharField(_("employee number"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    store = models.ForeignKey(
        Store,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("store"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("team"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    # Set when a departed employee's personal data was replaced (people.privacy).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        indexes = [models.Index(fields=["store", "status"])]

    def __str__(self):
        return f"{self.name} ({self.number})"

    @classmethod
    def from_db(cls, db, field_names, values):
        # The position as loaded, so a save can tell it changed (training
        # assigns the new position's paths) without another query.
        instance = super().from_db(db, field_names, values)
        instance._loaded_position = instance.__dict__.get("position")
        return instance

    def position_changed(self) -> bool:
        """Whether `position` differs from what was loaded (False for a new
        row or one loaded without its position)."""
        loaded = self.__dict__.get("_loaded_position")
        return loaded is not None and loaded != self.position

    # get_FOO_display() hashes every lazy choice label (one translation lookup
    # each) per call; on a 50-row list that was a third of the page's CPU.
    # The labels are translated once per language and process.
    @property
    def position_label(self) -> str:
        return _labels(Position, get_language()).get(self.position, "")

    @property
    def status_label(self) -> str:
        return _labels(Employee.Status, get_language()).get(self.status, "")


class ApiToken(models.Model):
    """A credential for an integration, created by HR for one use. The key is
    shown once; only its SHA-256 is stored (keys are 256-bit random, so a
    fast hash is enough). Requests act as `user` and need the token's scope."""

    class Scope(models.TextChoices):
        READ = "read", _("Read employees, metrics and observations")
        OBSERVATIONS_WRITE = "observations:write", _("Send observations")
        REVIEWS_WRITE = (
            "reviews:write",
            _(
                "Run incentive reviews: open, compute and lock cycles, adjust "
                "results, decide disputes"
            ),
        )

    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="integration_tokens",
        verbose_name=_("acts as"),
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class OutboxMessage(models.Model):
    """Work that must follow a user's action (queue an import, send an
    invitation), written in the action's own transaction and sent to the
    broker after commit, or later by the relay (people.outbox) when the broker
    was down: the action succeeds whatever the broker's state, and the unique
    key makes each piece of work happen once however often it is written."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="people_outbox_unsent",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self):
        return self.key


class Notification(models.Model):
    """An in-app message for the bell, written in the recipient's language
    when sent. In the lowest app so that every app can create them (through
    people.services.notify)."""

    class Kind(models.TextChoices):
        ASSIGNMENT = "assignment", _("course assigned")
        FEEDBACK = "feedback", _("feedback received")
        ROLEPLAY = "roleplay", _("role-play scheduled")
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")
        CERT_EXPIRING = "cert_expiring", _("certificate expiring")
        OTHER = "other", _("other")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["employee", "-created_at"]),
            models.Index(
                fields=["employee"],
                condition=models.Q(read_at__isnull=True),
                name="people_notification_unread",
            ),
        ]

    def __str__(self):
        return self.message


# Role membership (people.roles: roles are Django groups) kept as history:
# an event when a user joins or leaves a group (people.history).
pghistory.track(
    pghistory.InsertEvent("role.add"),
    pghistory.DeleteEvent("role.remove"),
    fields=["user", "group"],
    obj_field=None,
    append_only=True,
    app_label="people",
    model_name="RoleEvent",
)(User.groups.through)
