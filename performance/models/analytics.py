"""What the skill matrix compares evidence with: the level each position
requires in each skill area (HR sets them; courses.SkillArea is the
taxonomy)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Position


class SkillLevel(models.IntegerChoices):
    NONE = 0, _("0 · No evidence")
    AWARE = 1, _("1 · Aware")
    PRACTISING = 2, _("2 · Practising")
    PROFICIENT = 3, _("3 · Proficient")
    EXPERT = 4, _("4 · Expert")


class PositionSkillRequirement(models.Model):
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    skill_area = models.ForeignKey(
        "courses.SkillArea",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("skill area"),
    )
    level = models.PositiveSmallIntegerField(
        _("required level"),
        choices=SkillLevel.choices,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )

    class Meta:
        ordering = ["position", "skill_area"]
        verbose_name = _("required skill level")
        verbose_name_plural = _("required skill levels")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "skill_area"], name="performance_one_requirement"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4),
                name="performance_requirement_level",
            ),
        ]

    def __str__(self):
        return f"{self.position} · {self.skill_area_id} ≥ {self.level}"
