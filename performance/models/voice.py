"""Customer voice: versioned questionnaires (SERVQUAL, CSAT, NPS, CES), the
surveys that ask them about a store or an employee, single-use tokens bound
to one service transaction, and the responses with their answers."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.i18n import in_viewer_language


class SurveyKind(models.TextChoices):
    SERVQUAL = "servqual", _("SERVQUAL (22 items)")
    CSAT = "csat", _("Customer satisfaction (CSAT, 1–5)")
    NPS = "nps", _("Net Promoter Score (NPS, 0–10)")
    CES = "ces", _("Customer effort (CES, 1–7)")


class Dimension(models.TextChoices):
    TANGIBLES = "tangibles", _("Tangibles")
    RELIABILITY = "reliability", _("Reliability")
    RESPONSIVENESS = "responsiveness", _("Responsiveness")
    ASSURANCE = "assurance", _("Assurance")
    EMPATHY = "empathy", _("Empathy")


class QuestionnaireVersion(models.Model):
    """One fixed wording of a questionnaire. Responses point at the version
    they answered, so changing wording or reverse-scoring means a new
    version; a version with responses is never edited (services refuse)."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=SurveyKind.choices)
    title = models.CharField(_("title"), max_length=120)
    title_en = models.CharField(_("English title"), max_length=120, blank=True)
    # Importance points per dimension (100 in all) for the weighted SERVQUAL
    # score; empty means unweighted only.
    weights = models.JSONField(_("importance weights"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="questionnaire_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.display_title} v{self.version}"

    @property
    def display_title(self) -> str:
        return in_viewer_language(self.title, self.title_en)


class QuestionnaireItem(models.Model):
    """One statement of a version. SERVQUAL items carry a dimension and may be
    reverse-scored; a short survey's single question has neither."""

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    dimension = models.CharField(
        _("dimension"), max_length=20, choices=Dimension.choices, blank=True
    )
    reversed = models.BooleanField(_("reverse-scored"), default=False)
    required = models.BooleanField(_("answer required"), default=True)
    text = models.CharField(_("text"), max_length=300)
    text_en = models.CharField(_("English text"), max_length=300, blank=True)

    class Meta:
        ordering = ["version", "number"]
        verbose_name = _("questionnaire item")
        verbose_name_plural = _("questionnaire items")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="questionnaire_item_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.display_text}"

    @property
    def display_text(self) -> str:
        return in_viewer_language(self.text, self.text_en)


def _survey_code() -> str:
    return secrets.token_urlsafe(9)


def _token_key() -> str:
    return secrets.token_urlsafe(18)  # 144 random bits: not guessable


class Survey(models.Model):
    """A questionnaire version asked about one store or one employee (whose
    store it then also counts for), by open link or by single-use tokens."""

    class Access(models.TextChoices):
        OPEN = "open", _("Open link (rate-limited per device and address)")
        TOKEN = "token", _("Single-use tokens, one per service transaction")

    code = models.CharField(
        _("public code"), max_length=16, unique=True, default=_survey_code
    )
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("questionnaire version"),
    )
    store = models.ForeignKey(
        "people.Store",
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("store"),
    )
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("employee"),
    )
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, default=Access.OPEN
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "Responses keep no token, transaction or time of day: nobody, HR "
            "included, can tell who answered."
        ),
    )
    is_active = models.BooleanField(_("open for answers"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["store", "name"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_viewer_language(self.name, self.name_en)

    @property
    def kind(self) -> str:
        return self.version.kind


class SurveyToken(models.Model):
    """A single-use invitation printed on one receipt or ticket. It is used
    up only by a complete response; `submission_digest` recognises the same
    submit retried (same form nonce) so it is answered again, not counted."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    key = models.CharField(_("key"), max_length=32, unique=True, default=_token_key)
    transaction_ref = models.CharField(_("receipt or ticket number"), max_length=60)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    consumed_at = models.DateTimeField(_("used at"), null=True, blank=True)
    submission_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey token")
        verbose_name_plural = _("survey tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "transaction_ref"], name="survey_token_transaction"
            )
        ]

    def __str__(self):
        return self.transaction_ref


class SurveyResponse(models.Model):
    """One complete answer to a survey. The scores of the response (SERVQUAL
    gaps per dimension and overall, or the short survey's rating) are stored
    with it when it is submitted, so monthly figures are one SQL aggregate.
    Anonymous responses keep only the day, no token and no transaction."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses"
    )
    store = models.ForeignKey(
        "people.Store", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    token = models.OneToOneField(
        SurveyToken,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    kind = models.CharField(max_length=10, choices=SurveyKind.choices)
    transaction_ref = models.CharField(max_length=60, blank=True)
    submitted_on = models.DateField(_("day"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # SHA-256 of the form's nonce: a retried submit finds its response.
    submission_key = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=10, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    rating = models.SmallIntegerField(_("rating"), null=True, blank=True)
    gap_tangibles = models.FloatField(null=True, blank=True)
    gap_reliability = models.FloatField(null=True, blank=True)
    gap_responsiveness = models.FloatField(null=True, blank=True)
    gap_assurance = models.FloatField(null=True, blank=True)
    gap_empathy = models.FloatField(null=True, blank=True)
    gap_overall = models.FloatField(null=True, blank=True)
    gap_weighted = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [
            models.Index(fields=["store", "submitted_on"], name="response_store_day"),
            models.Index(
                fields=["employee", "submitted_on"],
                name="response_employee_day",
                condition=Q(employee__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=0, rating__lte=10),
                name="response_rating_range",
            )
        ]

    def __str__(self):
        return f"{self.survey_id} {self.submitted_on}"


class SurveyAnswer(models.Model):
    """Expectation and perception (1–7) given to one SERVQUAL item."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        QuestionnaireItem, on_delete=models.PROTECT, related_name="+"
    )
    expectation = models.PositiveSmallIntegerField(null=True, blank=True)
    perception = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "item"], name="survey_answer_unique"
            ),
            models.CheckConstraint(
                condition=(Q(expectation__isnull=True) | Q(expectation__range=(1, 7)))
                & (Q(perception__isnull=True) | Q(perception__range=(1, 7))),
                name="survey_answer_range",
            ),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.expectation}/{self.perception}"
