"""Role-play scenarios. Assessor-only fields are never rendered to staff:
courses.selectors.scenario_for_learner() is the one staff-facing view of it."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from .taxonomy import Difficulty

TEXT_FEATURES = ["bold", "italic", "ol", "ul"]


class RolePlayScenario(TranslatableMixin, index.Indexed, ClusterableModel):
    class Touchpoint(models.TextChoices):
        FACE_TO_FACE = "face_to_face", _("Face to face")
        PHONE = "phone", _("Telephone")
        CHAT = "chat", _("Online chat")

    class Mood(models.TextChoices):
        CALM = "calm", _("Calm")
        HURRIED = "hurried", _("In a hurry")
        CONFUSED = "confused", _("Confused")
        UNHAPPY = "unhappy", _("Unhappy")
        ANGRY = "angry", _("Angry")

    title = models.CharField(_("title"), max_length=200)
    touchpoint = models.CharField(
        _("touchpoint"), max_length=16, choices=Touchpoint.choices
    )
    persona = models.TextField(
        _("customer persona"), help_text=_("Who the customer is.")
    )
    mood = models.CharField(
        _("customer mood"), max_length=10, choices=Mood.choices, default=Mood.CALM
    )
    situation = RichTextField(_("situation"), features=TEXT_FEATURES)
    staff_goal = models.TextField(_("goal for the staff member"))
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    skill_areas = ParentalManyToManyField(
        "courses.SkillArea", verbose_name=_("skill areas"), blank=True
    )
    rubric = models.ForeignKey(
        "courses.Rubric",
        on_delete=models.PROTECT,
        related_name="scenarios",
        verbose_name=_("rubric"),
    )
    customer_script = RichTextField(
        _("script for the customer role"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("For whoever plays the customer; not shown to the learner."),
    )
    assessor_notes = RichTextField(
        _("assessor notes"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Assessors only; staff never see this."),
    )
    model_answer = RichTextField(
        _("model answer"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Assessors only; staff never see this."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel(
            [FieldPanel("touchpoint"), FieldPanel("mood"), FieldPanel("difficulty")]
        ),
        FieldPanel("skill_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("persona"),
        FieldPanel("situation"),
        FieldPanel("staff_goal"),
        FieldPanel("rubric"),
        MultiFieldPanel(
            [
                FieldPanel("customer_script"),
                FieldPanel("assessor_notes"),
                FieldPanel("model_answer"),
            ],
            heading=_("Not shown to learners"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["title", "pk"]
        verbose_name = _("role-play scenario")
        verbose_name_plural = _("role-play scenarios")

    def __str__(self):
        return self.title
