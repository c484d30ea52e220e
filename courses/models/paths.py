"""Learning paths: an ordered set of courses for a role, e.g. onboarding."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from .pages import target_positions_field


class LearningPathForm(WagtailAdminModelForm):
    target_positions = target_positions_field(
        help_text=_(
            "Employees who move to one of these positions are assigned the "
            "path (onboarding paths: new hires in these positions)."
        ),
    )


class LearningPath(TranslatableMixin, index.Indexed, ClusterableModel):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_positions = models.JSONField(_("target positions"), default=list, blank=True)
    for_new_staff = models.BooleanField(
        _("onboarding path for new staff"), default=False
    )
    sequential = models.BooleanField(
        _("courses in order"),
        default=False,
        help_text=_(
            "A learner starts each course of the path only after completing "
            "the ones before it."
        ),
    )

    base_form_class = LearningPathForm
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("target_positions"),
        FieldPanel("for_new_staff"),
        FieldPanel("sequential"),
        InlinePanel("steps", label=_("Courses"), min_num=1),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["title", "pk"]
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")

    def __str__(self):
        return self.title


class LearningPathCourse(Orderable):
    """A course in a path. Points at a page; selectors localise it at runtime."""

    path = ParentalKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("course in path")
        verbose_name_plural = _("courses in path")
