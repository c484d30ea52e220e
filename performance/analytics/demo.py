"""Demo effect for the effectiveness report: CSAT of the people who
completed training.demo.EFFECT_COURSE rises by LIFT points from the day they
completed it (the null course gets nothing). Idempotent: lifted days are
moved to their own source, so a second run finds them and stops."""

from django.db.models import F

from courses import selectors as course_selectors
from performance.models import Metric, Observation
from training import selectors as training_selectors

SOURCE = "demo"
LIFTED = "demo-after-training"
LIFT = 4.0


def seed() -> dict:
    from wagtail.models import Locale

    from training.demo import EFFECT_COURSE

    if Observation.objects.filter(source=LIFTED).exists():
        return {"lifted": 0}
    course = (
        course_selectors.live_courses(Locale.get_default())
        .filter(slug=EFFECT_COURSE)
        .first()
    )
    csat = Metric.objects.filter(code="csat").first()
    if course is None or csat is None:
        return {"lifted": 0}
    lifted = 0
    for employee_id, completed in training_selectors.course_completions(
        course.pk
    ).items():
        lifted += Observation.objects.filter(
            metric=csat,
            employee_id=employee_id,
            source=SOURCE,
            period_start__gte=completed.date(),
        ).update(value=F("value") + LIFT, source=LIFTED)
    return {"lifted": lifted}
