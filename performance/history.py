"""Performance's part of one employee's history (people.history): changed and
deleted observations. An import (a file or the API's bulk POST, COPY and an
upsert) carries no context: its batch, kept in the event row, stands in as
who (the batch's creator) and why (the import's number)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from people import history

from .models import Audit, AuditDispute, AuditScore, Observation


def observations(employee, limit):
    rows = (
        Observation.pgh_event_model.objects.filter(employee=employee)
        .select_related("pgh_context", "metric", "batch")
        .order_by("-pgh_created_at", "-pgh_id")
    )
    out = []
    for e in rows[:limit]:
        reason = ""
        if e.batch is not None:
            name = e.batch.original_name or str(e.batch_id)[:8]
            reason = gettext("Import %(name)s") % {"name": name}
        period = f"{e.period_start:%Y-%m-%d}–{e.period_end:%Y-%m-%d}"
        subject = f"{e.metric.display_name if e.metric else ''} · {period}"
        out.append(
            history.entry(
                e,
                what=_("Observation"),
                subject=subject,
                fields=[("value", _("value"))],
                reason=reason,
                user_id=e.batch.created_by_id if e.batch else None,
            )
        )
    return out


def _events(model):
    return model.pgh_event_model.objects.select_related("pgh_context").order_by(
        "-pgh_created_at", "-pgh_id"
    )


def audits(employee, limit):
    rows = _events(Audit).filter(employee=employee).select_related("auditor")
    return [
        history.entry(
            e,
            what=_("Audit"),
            subject=f"#{e.pgh_obj_id} · {e.auditor.name if e.auditor else ''}",
            fields=[("percent", _("score (%)"))],
        )
        for e in rows[:limit]
    ]


def audit_scores(employee, limit):
    rows = _events(AuditScore).filter(audit__employee=employee)
    return [
        history.entry(
            e,
            what=_("Audit criterion score"),
            subject=f"#{e.audit_id} · {e.criterion_id}",
            fields=[("level_id", _("level")), ("points", _("points"))],
        )
        for e in rows[:limit]
    ]


def audit_disputes(employee, limit):
    rows = _events(AuditDispute).filter(audit__employee=employee)
    return [
        history.entry(
            e,
            what=_("Audit dispute"),
            subject=f"#{e.audit_id}",
            fields=[("state", _("state"))],
        )
        for e in rows[:limit]
    ]


def register() -> None:
    history.register_source("performance.observations", observations)
    history.register_source("performance.audits", audits)
    history.register_source("performance.audit_scores", audit_scores)
    history.register_source("performance.audit_disputes", audit_disputes)
