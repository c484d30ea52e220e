"""The page tree: TrainingLibraryPage → CoursePage (a module) → LessonPage.

Course pages are internal training: only signed-in users may view them, and
Wagtail serves only live pages (drafts are reachable only through the admin's
preview, which needs admin access)."""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, PageViewRestriction
from wagtail.search import index

from people.models import Position

from ..blocks import LessonStreamBlock
from .taxonomy import CourseLevel


class LoginRequiredPageMixin:
    """Internal training content: anonymous visitors are sent to sign in.

    Wagtail routes each request through the site root's translation in the
    active language. When that tree lacks a page (not yet translated), routing
    falls back to the same path in the original (default-locale) tree, and the
    templates show a "not yet translated" notice.
    """

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            default = Locale.get_default()
            if not path_components or self.locale_id == default.pk:
                raise
            original = self.get_translation_or_none(default)
            if original is None:
                raise
            return original.specific.route(request, path_components)

    def get_view_restrictions(self):
        """Wagtail's rule (restrictions on this page or an ancestor, an alias
        using its source's) in one query instead of two, and in none when the
        page was routed by courses.routing and no restriction can apply."""
        may_be = getattr(self, "may_be_restricted", None)  # 0/1 on SQLite
        if may_be is not None and not may_be:
            return PageViewRestriction.objects.none()
        paths = [
            self.path[:end]
            for end in range(self.steplen, len(self.path) + 1, self.steplen)
        ]
        sources = (
            Page.objects.filter(path__in=paths)
            .annotate(source=Coalesce("alias_of_id", "id"))
            .values("source")
        )
        return PageViewRestriction.objects.filter(page_id__in=sources)


class TrainingLibraryPage(LoginRequiredPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("training library")
        verbose_name_plural = _("training libraries")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import catalogue

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = catalogue(self)
        return context


def target_positions_field(**kwargs) -> forms.MultipleChoiceField:
    """The positions a course or path is for, as checkboxes (the model keeps
    them as a JSON list)."""
    return forms.MultipleChoiceField(
        label=_("Target positions"),
        choices=Position.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        **kwargs,
    )


class CoursePageForm(WagtailAdminPageForm):
    target_positions = target_positions_field()


class CoursePage(LoginRequiredPageMixin, Page):
    """A training module. Completion rule: each of the three parts is optional
    per course; a learner completes the course when every required part is met
    (see courses.selectors.course_completion_rule)."""

    summary = models.TextField(_("summary"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover image"),
    )
    skill_areas = ParentalManyToManyField(
        "courses.SkillArea", verbose_name=_("skill areas and SERVQUAL tags"), blank=True
    )
    target_positions = models.JSONField(_("target positions"), default=list, blank=True)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=CourseLevel.choices, default=CourseLevel.FOUNDATION
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=30
    )
    learning_objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("Objective"), max_length=300))],
        verbose_name=_("learning objectives"),
        blank=True,
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the certificate does not expire (no recertification)."),
    )
    require_lessons = models.BooleanField(_("all lessons viewed"), default=True)
    quiz = models.ForeignKey(
        "courses.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course quiz"),
    )
    require_quiz = models.BooleanField(_("quiz passed"), default=False)
    # Taken before the lessons; never counts for completion. Its result is
    # compared with the course quiz's (training.selectors.pre_post_grades).
    pretest = models.ForeignKey(
        "courses.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_pretest": True},
        verbose_name=_("pre-test"),
        help_text=_("Taken before the lessons; it does not count for completion."),
    )
    role_play = models.ForeignKey(
        "courses.RolePlayScenario",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("role-play scenario"),
    )
    require_role_play = models.BooleanField(_("role-play passed"), default=False)

    class RolePlayRule(models.TextChoices):
        ANY = "any", _("any assessor's sheet passes")
        MEAN = "mean", _("the mean of all assessors' sheets passes")
        MANAGER = "manager", _("the learner's manager's sheet passes")

    role_play_rule = models.CharField(
        _("role-play passed when"),
        max_length=10,
        choices=RolePlayRule.choices,
        default=RolePlayRule.ANY,
        help_text=_(
            "With several assessors: the mean waits until every assessor has "
            "submitted (or the peer deadline has passed) and passes when the "
            "mean score reaches the rubric's pass mark and no critical "
            "criterion failed on most sheets."
        ),
    )

    base_form_class = CoursePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldRowPanel(
            [
                FieldPanel("level"),
                FieldPanel("estimated_minutes"),
                FieldPanel("certificate_validity_months"),
            ]
        ),
        FieldPanel("skill_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("target_positions"),
        FieldPanel("learning_objectives"),
        InlinePanel("prerequisites", label=_("Prerequisite courses")),
        MultiFieldPanel(
            [
                FieldPanel("quiz"),
                FieldPanel("pretest"),
                FieldPanel("role_play"),
                FieldPanel("role_play_rule"),
                FieldRowPanel(
                    [
                        FieldPanel("require_lessons"),
                        FieldPanel("require_quiz"),
                        FieldPanel("require_role_play"),
                    ]
                ),
            ],
            heading=_("Completion rule"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["courses.TrainingLibraryPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        errors = {}
        if self.require_quiz and not self.quiz_id:
            errors["quiz"] = _("Choose the quiz that must be passed.")
        if self.pretest_id and not self.pretest.is_pretest:
            errors["pretest"] = _("Choose a quiz marked as a pre-test.")
        if self.quiz_id and self.quiz.is_pretest:
            errors["quiz"] = _("A pre-test cannot be the course quiz.")
        if self.require_role_play and not self.role_play_id:
            errors["role_play"] = _("Choose the role-play that must be passed.")
        if self.target_positions:
            valid = set(Position.values)
            if not set(self.target_positions) <= valid:
                errors["target_positions"] = _("Unknown position.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_content

        context = super().get_context(request, *args, **kwargs)
        context["content"] = course_content(
            self, preview=getattr(request, "is_preview", False)
        )
        return context


class CoursePrerequisite(Orderable):
    course = ParentalKey(
        CoursePage, on_delete=models.CASCADE, related_name="prerequisites"
    )
    prerequisite = models.ForeignKey(
        CoursePage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("prerequisite course"),
    )

    panels = [FieldPanel("prerequisite")]

    class Meta(Orderable.Meta):
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")


class LessonPage(LoginRequiredPageMixin, Page):
    summary = models.TextField(_("summary"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import lesson_content

        context = super().get_context(request, *args, **kwargs)
        context["content"] = lesson_content(
            self, preview=getattr(request, "is_preview", False)
        )
        return context
