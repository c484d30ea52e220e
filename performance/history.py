"""Performance's part of one employee's history (people.history): changed and
deleted observations. An import's change has no user context: its reason is
the import batch it came with."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people import history

from .models import Observation


def observations(employee, limit):
    rows = (
        Observation.pgh_event_model.objects.filter(employee=employee)
        .select_related("pgh_context", "metric")
        .order_by("-pgh_created_at", "-pgh_id")
    )
    out = []
    for e in rows[:limit]:
        reason = (
            gettext("import #%(batch)s") % {"batch": e.batch_id} if e.batch_id else ""
        )
        period = f"{e.period_start:%Y-%m-%d}–{e.period_end:%Y-%m-%d}"
        subject = f"{e.metric.display_name if e.metric else ''} · {period}"
        out.append(
            history.entry(
                e,
                what=_("Observation"),
                subject=subject,
                fields=[("value", _("value"))],
                reason=reason,
            )
        )
    return out


def register() -> None:
    history.register_source("performance.observations", observations)
