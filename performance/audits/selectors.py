"""Reads for the audit pages, always through audits.access."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, Max, OuterRef, QuerySet

from courses.selectors import rubric_snapshot, snapshot_localized
from training.selectors import assessor_flagged

from ..models import Audit, AuditDispute
from . import access


@dataclass(frozen=True)
class ListFilters:
    kind: str = ""
    disputed: bool = False


def audit_list(user, filters: ListFilters) -> QuerySet[Audit]:
    open_dispute = AuditDispute.objects.filter(
        audit=OuterRef("pk"), state=AuditDispute.State.OPEN
    )
    qs = (
        access.audits_visible_to(user)
        .select_related("employee", "store", "auditor", "rubric_version")
        .annotate(disputed=Exists(open_dispute))
    )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.disputed:
        qs = qs.filter(disputed=True)
    return qs.order_by("-visited_on", "-pk")


def audit_for(user, pk: int) -> Audit | None:
    return (
        access.audits_visible_to(user)
        .select_related("employee", "store", "auditor", "rubric_version__rubric")
        .filter(pk=pk)
        .first()
    )


def rubric_criteria(rubric) -> list[dict]:
    """The rubric's current criteria in the viewer's language (the content
    the next version will freeze)."""
    return snapshot_localized(rubric_snapshot(rubric))["criteria"]


def audit_sheet(audit: Audit) -> dict:
    """The audit's criteria in the viewer's language, each with the level
    chosen, its note and whether it failed the audit."""
    snapshot = audit.rubric_version.localized_snapshot
    scores = {s.criterion_id: s for s in audit.scores.all()}
    rows = []
    for c in snapshot["criteria"]:
        score = scores.get(c["id"])
        level = None
        if score is not None and score.level_id:
            level = next((lv for lv in c["levels"] if lv["id"] == score.level_id), None)
        rows.append(
            {
                "criterion": c,
                "level": level,
                "na": score is not None and score.level_id is None,
                "note": score.note if score else "",
                "failed": c["id"] in audit.failed_critical,
            }
        )
    return {
        "title": snapshot["title"],
        "criteria": snapshot["criteria"],
        "rows": rows,
        "failed": [r for r in rows if r["failed"]],
    }


def level_labels(criteria: list[dict], levels: dict) -> list[tuple[str, str]]:
    """(criterion title, level label or N/A) for a dispute's levels."""
    from django.utils.translation import gettext

    by_id = {c["id"]: c for c in criteria}
    out = []
    for cid, level_id in levels.items():
        c = by_id.get(cid)
        if c is None:
            continue
        label = gettext("Not applicable")
        if level_id:
            label = next(
                (lv["label"] for lv in c["levels"] if lv["id"] == level_id), level_id
            )
        out.append((c["title"], label))
    return out


def auditor_calibration(audit: Audit) -> bool | None:
    """Whether the auditor's latest role-play calibration session (on any
    rubric) flagged them for recalibration; None: never calibrated."""
    return assessor_flagged(audit.auditor_id)


def _midnight(day):
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def skill_evidence(employee_ids) -> list[tuple]:
    """(employee, rubric translation key, audits, mean score %, last visit)
    of audits naming these employees, aggregated in SQL; the skill matrix
    maps the rubric to skill areas (courses.selectors.skill_tags)."""
    rows = (
        Audit.objects.filter(employee_id__in=list(employee_ids))
        .values("employee_id", "rubric_version__rubric__translation_key")
        .annotate(n=Count("id"), mean=Avg("percent"), last=Max("visited_on"))
        .values_list(
            "employee_id",
            "rubric_version__rubric__translation_key",
            "n",
            "mean",
            "last",
        )
    )
    return [(e, str(key), n, mean, _midnight(last)) for e, key, n, mean, last in rows]


def scores_on_rubrics(*, employee_ids, rubric_keys) -> list[tuple]:
    """(employee, visit date as a datetime, score %) of audits of these
    employees on these rubrics (by translation key)."""
    rows = Audit.objects.filter(
        employee_id__in=list(employee_ids),
        rubric_version__rubric__translation_key__in=list(rubric_keys),
    ).values_list("employee_id", "visited_on", "percent")
    return [(e, _midnight(day), percent) for e, day, percent in rows]
