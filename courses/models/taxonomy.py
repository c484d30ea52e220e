"""Shared vocabularies: the bilingual skill taxonomy and small choice lists."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.i18n import in_viewer_language


class Difficulty(models.IntegerChoices):
    EASY = 1, _("1 · Easy")
    MEDIUM = 2, _("2 · Medium")
    HARD = 3, _("3 · Hard")
    EXPERT = 4, _("4 · Expert")


class CourseLevel(models.IntegerChoices):
    FOUNDATION = 1, _("Foundation")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")


class SkillArea(models.Model):
    """One term of the skill taxonomy: a skill area or a SERVQUAL dimension.

    Not a translatable snippet: the taxonomy is small and fixed, so both names
    live on one row (as people.Region does) and question pools can refer to a
    skill by its stable ``code`` in any locale.
    """

    class Kind(models.TextChoices):
        SKILL = "skill", _("Skill area")
        SERVQUAL = "servqual", _("SERVQUAL dimension")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.SKILL
    )
    name = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "sort_order", "code"]
        verbose_name = _("skill area")
        verbose_name_plural = _("skill areas")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language."""
        return in_viewer_language(self.name, self.name_en)
