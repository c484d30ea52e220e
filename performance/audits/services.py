"""Writes for audits. Views validate input and check permission, then call
exactly one of these; each keeps who and why (pghistory context)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.selectors import InvalidResponse, rubric_score
from courses.services import rubric_version_current
from people.history import history_context

from ..models import Audit, AuditAttachment, AuditDispute, AuditScore
from .metrics import audit_observations_recompute

# (level id or None for N/A, note)
ScoreInput = tuple[str | None, str]


class AuditError(ValueError):
    """A refused write; the message is for the user, in their language."""


def _criteria(version) -> dict[str, dict]:
    return {c["id"]: c for c in version.snapshot["criteria"]}


def _checked_levels(version, levels: Mapping[str, str | None]) -> dict:
    """{criterion id: (level id or None, points or None)}; InvalidResponse
    for a criterion not in the version, a level not in its criterion, N/A
    where not allowed, or a criterion left out."""
    criteria = _criteria(version)
    out = {}
    for criterion_id, level_id in levels.items():
        criterion = criteria.get(str(criterion_id))
        if criterion is None:
            raise InvalidResponse(f"unknown criterion: {criterion_id!r}")
        if level_id in (None, ""):
            if not criterion["allow_na"]:
                raise InvalidResponse(f"criterion {criterion_id!r} needs a level")
            out[criterion["id"]] = (None, None)
            continue
        points = {lv["id"]: lv["points"] for lv in criterion["levels"]}
        if level_id not in points:
            raise InvalidResponse(f"unknown level: {level_id!r}")
        out[criterion["id"]] = (level_id, points[level_id])
    if missing := [c for c in criteria if c not in out]:
        raise InvalidResponse(f"criteria not scored: {missing!r}")
    return out


def audit_score(version, levels: Mapping[str, str | None]) -> dict:
    """The audit's figures from its levels: the rubric percent
    (courses.scoring.score_rubric, weights and N/A), and the audit score,
    0 when a critical criterion scored below its pass level (QA scorecards'
    "auto-fail": one failed must-have fails the whole contact)."""
    checked = _checked_levels(version, levels)
    result = rubric_score(version, {c: lv for c, (lv, _p) in checked.items()})
    failed = [str(c) for c in result.failed_critical]
    rubric_percent = round(result.percent, 2)
    return {
        "checked": checked,
        "rubric_percent": rubric_percent,
        "percent": 0.0 if failed else rubric_percent,
        "failed_critical": failed,
    }


def _months(*dates: dt.date) -> set[dt.date]:
    return {d.replace(day=1) for d in dates}


@transaction.atomic
def audit_record(
    *,
    auditor,
    kind: str,
    touchpoint: str,
    rubric,
    visited_on: dt.date,
    scores: Mapping[str, ScoreInput],
    employee=None,
    store=None,
    overall_comment: str = "",
    files: Sequence[tuple[object, str]] = (),
    by=None,
) -> Audit:
    """Record an audit scored on the rubric's current version, with its
    photos or recording ((uploaded file, checked content type) pairs), and
    rewrite that month's audit observations. Raises InvalidResponse for
    tampered levels and AuditError for an audit about nobody; stores nothing
    then."""
    if employee is None and store is None:
        raise AuditError(_("Choose the employee or the store audited."))
    if employee is not None and store is None:
        store = employee.store
    version = rubric_version_current(rubric=rubric)
    figures = audit_score(version, {c: lv for c, (lv, _n) in scores.items()})
    with history_context(user=by, reason="audit recorded"):
        audit = Audit.objects.create(
            kind=kind,
            touchpoint=touchpoint,
            employee=employee,
            store=store,
            auditor=auditor,
            rubric_version=version,
            visited_on=visited_on,
            overall_comment=overall_comment,
            rubric_percent=figures["rubric_percent"],
            percent=figures["percent"],
            failed_critical=figures["failed_critical"],
        )
        AuditScore.objects.bulk_create(
            AuditScore(
                audit=audit,
                criterion_id=cid,
                level_id=level_id,
                points=points,
                note=(scores.get(cid) or (None, ""))[1] or "",
            )
            for cid, (level_id, points) in figures["checked"].items()
        )
        for uploaded, content_type in files:
            AuditAttachment.objects.create(
                audit=audit,
                file=uploaded,
                content_type=content_type,
                size=uploaded.size,
                original_name=(uploaded.name or "")[:255],
                uploaded_by=auditor,
            )
    for month in _months(visited_on):
        audit_observations_recompute(month=month)
    return audit


@transaction.atomic
def dispute_raise(
    *, audit: Audit, by, comment: str, proposed: Mapping[str, str | None]
) -> AuditDispute:
    """The employee disputes an audit: why, and the levels they propose for
    the criteria they contest (others keep the auditor's level)."""
    comment = (comment or "").strip()
    if not comment:
        raise AuditError(_("Say why you dispute this audit."))
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.disputes.filter(state=AuditDispute.State.OPEN).exists():
        raise AuditError(_("This audit already has an open dispute."))
    current = dict(audit.scores.values_list("criterion_id", "level_id"))
    changed = {c: lv for c, lv in proposed.items() if current.get(c, "?") != lv}
    _checked_levels(audit.rubric_version, {**current, **changed})
    with history_context(user=by, reason="audit disputed"):
        return AuditDispute.objects.create(
            audit=audit, comment=comment, proposed_levels=changed, raised_by=by
        )


@transaction.atomic
def dispute_decide(
    *,
    dispute: AuditDispute,
    by,
    decision: str,
    reason: str,
    levels: Mapping[str, str | None] | None = None,
) -> AuditDispute:
    """Accept (the proposed levels apply), partly accept (`levels`, the ones
    the reviewer grants, apply) or reject (nothing changes) a dispute. The
    audit is rescored, its score changes are tracked with the reviewer and
    the reason, and the month's observations are rewritten."""
    State = AuditDispute.State
    reason = (reason or "").strip()
    if not reason:
        raise AuditError(_("Give the reason for the decision."))
    dispute = AuditDispute.objects.select_for_update().get(pk=dispute.pk)
    if not dispute.is_open:
        raise AuditError(_("This dispute has been decided already."))
    if decision == State.ACCEPTED:
        granted = dict(dispute.proposed_levels)
    elif decision == State.PARTLY:
        granted = dict(levels or {})
        if not granted:
            raise AuditError(_("Choose the levels you accept."))
    elif decision == State.REJECTED:
        granted = {}
    else:
        raise InvalidResponse(f"unknown decision: {decision!r}")
    audit = Audit.objects.select_for_update().get(pk=dispute.audit_id)
    before = audit.percent
    rows = {s.criterion_id: s for s in audit.scores.all()}
    current = {c: s.level_id for c, s in rows.items()}
    if unknown := [c for c in granted if c not in current]:
        raise InvalidResponse(f"unknown criteria: {unknown!r}")
    figures = audit_score(audit.rubric_version, {**current, **granted})
    with history_context(user=by, reason=reason):
        for cid in granted:
            level_id, points = figures["checked"][cid]
            row = rows[cid]
            if (row.level_id, row.points) != (level_id, points):
                row.level_id, row.points = level_id, points
                row.save(update_fields=["level_id", "points"])
        audit.rubric_percent = figures["rubric_percent"]
        audit.percent = figures["percent"]
        audit.failed_critical = figures["failed_critical"]
        audit.save(update_fields=["rubric_percent", "percent", "failed_critical"])
        dispute.state = decision
        dispute.decided_levels = granted
        dispute.decision_reason = reason
        dispute.decided_by = by
        dispute.decided_at = timezone.now()
        dispute.score_before = before
        dispute.score_after = audit.percent
        dispute.save()
    if granted:
        audit_observations_recompute(month=audit.visited_on)
    return dispute
