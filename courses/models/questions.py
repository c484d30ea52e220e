"""The question bank: one translatable snippet per question, with options in a
StreamField so that option ids (block ids) stay the same in every language."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from .taxonomy import Difficulty


class OptionBlock(blocks.StructBlock):
    """An answer option. How ``credit`` and ``match`` are read depends on the
    question kind (see Question.Kind and courses.selectors.question_spec)."""

    text = blocks.CharBlock(label=_("Text"), max_length=500, required=False)
    match = blocks.CharBlock(
        label=_("Matches"),
        max_length=500,
        required=False,
        help_text=_("Matching questions only: the answer this prompt matches."),
    )
    credit = blocks.FloatBlock(
        label=_("Credit"),
        default=0,
        required=False,
        help_text=_(
            "Single choice: 1 for the correct option. Multiple choice: fraction "
            "-1..1 (correct options sum to 1, wrong ones negative). Situational "
            "judgement: weight 0..1."
        ),
    )
    feedback = blocks.TextBlock(label=_("Feedback"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Option")


class Question(TranslatableMixin, index.Indexed, ClusterableModel):
    """A bank question. Kinds and how their options are read:

    * single: exactly one option with credit 1.
    * multiple: partial credit, Moodle style (credits of correct options sum to
      1; each wrong option has a negative credit).
    * true_false: no options; ``true_false_answer`` with per-answer feedback.
    * situational judgement: choose the best response to a customer; each
      option has a weight 0-1 and an explanation (its feedback).
    * ordering: options in the correct order; shown shuffled. Partial credit
      "relative to the next item": one point per correctly adjacent pair,
      score = points / (items - 1) (courses.scoring.grade_question).
    * matching: each option with a ``match`` is a prompt and its answer; an
      option with only ``match`` is a distractor answer.
    """

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice (partial credit)")
        TRUE_FALSE = "true_false", _("True / false")
        SITUATIONAL = "situational", _("Situational judgement")
        ORDERING = "ordering", _("Ordering")
        MATCHING = "matching", _("Matching")

    title = models.CharField(
        _("title"), max_length=200, help_text=_("Short name in the question bank.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    stem = RichTextField(_("question"), features=["bold", "italic", "ol", "ul"])
    options = StreamField(
        [("option", OptionBlock())], verbose_name=_("options"), blank=True
    )
    true_false_answer = models.BooleanField(
        _("the statement is true"), null=True, blank=True
    )
    feedback_true = models.TextField(_("feedback when answering true"), blank=True)
    feedback_false = models.TextField(_("feedback when answering false"), blank=True)
    general_feedback = models.TextField(
        _("general feedback"), blank=True, help_text=_("Shown after answering.")
    )
    skill_areas = ParentalManyToManyField(
        "courses.SkillArea", verbose_name=_("skill areas"), blank=True
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.EASY
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("difficulty")]),
        FieldPanel("skill_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("stem"),
        FieldPanel("options"),
        MultiFieldPanel(
            [
                FieldPanel("true_false_answer"),
                FieldPanel("feedback_true"),
                FieldPanel("feedback_false"),
            ],
            heading=_("True / false"),
        ),
        FieldPanel("general_feedback"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("stem"),
        index.FilterField("kind"),
        index.FilterField("difficulty"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["title", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        from courses.selectors import question_spec

        try:
            question_spec(self)
        except ValueError as exc:
            from courses.authoring_errors import authoring_message

            raise ValidationError({"options": authoring_message(exc)}) from exc

    @property
    def option_values(self) -> list[tuple[str, dict]]:
        """(option id, option value) in authored order."""
        return [(child.id, child.value) for child in self.options]
