"""The rubric library. Criteria live in a StreamField so that criterion and
level ids (block ids) are stable across edits and across languages.

Versioning: an assessment never points at the editable Rubric; it points at an
immutable RubricVersion, a snapshot of the rubric's criteria taken by
courses.services.rubric_version_current() when the assessment is scored. Edit
the rubric afterwards and the next assessment gets a new version; the old ones
keep the snapshot they were scored with.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index


class LevelBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Level"), max_length=100)
    descriptor = blocks.TextBlock(
        label=_("Behavioural descriptor"),
        help_text=_("What the assessor sees or hears at this level."),
    )
    points = blocks.FloatBlock(label=_("Points"))

    class Meta:
        icon = "list-ol"
        label = _("Level")


class CriterionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Criterion"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)
    weight = blocks.FloatBlock(label=_("Weight"), default=1, min_value=0.01)
    critical = blocks.BooleanBlock(
        label=_("Critical"),
        required=False,
        help_text=_("Scoring below the pass level fails the whole assessment."),
    )
    pass_points = blocks.FloatBlock(
        label=_("Pass level points (critical criteria)"), required=False
    )
    allow_na = blocks.BooleanBlock(label=_("N/A allowed"), required=False)
    levels = blocks.ListBlock(LevelBlock(), label=_("Levels"), min_num=2)

    class Meta:
        icon = "tick"
        label = _("Criterion")


class Rubric(TranslatableMixin, index.Indexed, ClusterableModel):
    """A reusable scoring rubric (role-plays, mystery-shopper audits, QA).

    Score, normalised to 0-100 (courses.scoring.score_rubric):
    percent = 100 * sum(w_c * (p_c - min_c) / (max_c - min_c)) / sum(w_c)
    over the criteria not marked N/A.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    criteria = StreamField(
        [("criterion", CriterionBlock())], verbose_name=_("criteria"), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("pass_mark"),
        FieldPanel("criteria"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["title", "pk"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        from courses.selectors import rubric_content, spec_from_snapshot

        try:
            spec_from_snapshot(rubric_content(self))
        except ValueError as exc:
            from courses.authoring_errors import authoring_message

            raise ValidationError({"criteria": authoring_message(exc)}) from exc


class RubricVersion(models.Model):
    """An immutable snapshot of a rubric, the thing assessments point at."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    content_hash = models.CharField(max_length=64, editable=False)
    snapshot = models.JSONField(_("snapshot"), editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rubric", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "number"], name="courses_rubricversion_number"
            ),
            models.UniqueConstraint(
                fields=["rubric", "content_hash"], name="courses_rubricversion_hash"
            ),
        ]
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")

    def __str__(self):
        return f"{self.rubric} v{self.number}"

    @property
    def localized_snapshot(self) -> dict:
        """The snapshot in the viewer's language (else the original's words)."""
        from courses.selectors import snapshot_localized

        return snapshot_localized(self.snapshot)
