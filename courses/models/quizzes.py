"""Quizzes: fixed questions and/or random draws from tagged pools."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from .taxonomy import Difficulty


class Quiz(TranslatableMixin, index.Indexed, ClusterableModel):
    """Settings of a quiz. Attempts, timing and grading happen in training/."""

    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LAST = "last", _("Last attempt")
        AVERAGE = "average", _("Average of attempts")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: none.")
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Empty: unlimited.")
    )
    grading = models.CharField(
        _("grade of several attempts"),
        max_length=8,
        choices=Grading.choices,
        default=Grading.HIGHEST,
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    is_pretest = models.BooleanField(
        _("pre-test"),
        default=False,
        help_text=_("Taken before the course to measure learning gain."),
    )
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    # What learners may review, per phase (Moodle's review options).
    review_during_score = models.BooleanField(_("score"), default=False)
    review_during_answers = models.BooleanField(_("correct answers"), default=False)
    review_during_feedback = models.BooleanField(_("feedback"), default=False)
    review_after_score = models.BooleanField(_("score"), default=True)
    review_after_answers = models.BooleanField(_("correct answers"), default=False)
    review_after_feedback = models.BooleanField(_("feedback"), default=True)
    review_closed_score = models.BooleanField(_("score"), default=True)
    review_closed_answers = models.BooleanField(_("correct answers"), default=True)
    review_closed_feedback = models.BooleanField(_("feedback"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("attempts_allowed"),
                FieldPanel("grading"),
            ]
        ),
        FieldRowPanel(
            [
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("is_pretest"),
                FieldPanel("closes_at"),
            ]
        ),
        InlinePanel("fixed_questions", label=_("Fixed questions")),
        InlinePanel("pools", label=_("Random draws")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("review_during_score"),
                        FieldPanel("review_during_answers"),
                        FieldPanel("review_during_feedback"),
                    ],
                    heading=_("During the attempt"),
                ),
                FieldRowPanel(
                    [
                        FieldPanel("review_after_score"),
                        FieldPanel("review_after_answers"),
                        FieldPanel("review_after_feedback"),
                    ],
                    heading=_("Right after submitting"),
                ),
                FieldRowPanel(
                    [
                        FieldPanel("review_closed_score"),
                        FieldPanel("review_closed_answers"),
                        FieldPanel("review_closed_feedback"),
                    ],
                    heading=_("After the quiz closes"),
                ),
            ],
            heading=_("Review options"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["title", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title


class QuizQuestion(TranslatableMixin, Orderable):
    """A question every attempt gets. Translatable so that wagtail-localize
    points the translated quiz at the translated question."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(
        "courses.Question",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("question"),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )

    panels = [FieldPanel("question"), FieldPanel("weight")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("fixed question")
        verbose_name_plural = _("fixed questions")


class QuizPool(TranslatableMixin, Orderable):
    """Draw ``count`` questions of a skill area with difficulty >= min."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="pools")
    skill_area = models.ForeignKey(
        "courses.SkillArea",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skill area"),
    )
    count = models.PositiveSmallIntegerField(
        _("questions to draw"), default=3, validators=[MinValueValidator(1)]
    )
    min_difficulty = models.PositiveSmallIntegerField(
        _("minimum difficulty"), choices=Difficulty.choices, default=Difficulty.EASY
    )
    weight = models.DecimalField(
        _("weight of each"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("skill_area"),
                FieldPanel("count"),
                FieldPanel("min_difficulty"),
                FieldPanel("weight"),
            ]
        )
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")

    def clean(self):
        super().clean()
        if self.count is not None and self.count < 1:
            raise ValidationError({"count": _("Draw at least one question.")})
