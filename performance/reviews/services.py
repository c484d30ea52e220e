"""Writes for review schemes and cycles. Every state move is one service
`cycle_<action>(*, cycle, by, reason)` checked against TRANSITIONS; every
write runs inside pghistory.context(user, reason), so the history rows the
database keeps say who and why. A locked cycle is refused here (ReviewError)
and by the database's triggers (PostgreSQL)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal

import pghistory
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..copy import rows_insert
from ..models import (
    Adjustment,
    Dispute,
    Observation,
    ResultComponent,
    ReviewCycle,
    ReviewResult,
    ReviewScheme,
    SchemeComponent,
    SchemeTier,
)
from . import engine, selectors

logger = logging.getLogger(__name__)
State = ReviewCycle.State
CHUNK = 2000


class ReviewError(Exception):
    """Refused: `message` in the reader's language, `field` the input concerned."""

    def __init__(self, message, field: str = ""):
        super().__init__(str(message))
        self.message = message
        self.field = field


# action: (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "compute": (frozenset({State.DRAFT, State.MANAGER_REVIEW}), State.COMPUTING),
    "computed": (frozenset({State.COMPUTING}), State.MANAGER_REVIEW),
    "compute_failed": (frozenset({State.COMPUTING}), State.DRAFT),
    "calibrate": (frozenset({State.MANAGER_REVIEW}), State.CALIBRATION),
    "return": (frozenset({State.CALIBRATION}), State.MANAGER_REVIEW),
    "publish": (frozenset({State.CALIBRATION}), State.PUBLISHED),
    "close_appeals": (frozenset({State.PUBLISHED}), State.APPEALS),
    "lock": (frozenset({State.APPEALS}), State.LOCKED),
    "archive": (frozenset({State.LOCKED}), State.ARCHIVED),
}
# The moves HR makes from the cycle page (the others happen on their own).
HR_ACTIONS = (
    "compute",
    "calibrate",
    "return",
    "publish",
    "close_appeals",
    "lock",
    "archive",
)
ACTION_LABELS = {
    "compute": _("Compute"),
    "calibrate": _("Start calibration"),
    "return": _("Back to manager review"),
    "publish": _("Publish to employees"),
    "close_appeals": _("Close the appeal window"),
    "lock": _("Approve and lock"),
    "archive": _("Archive"),
}


def allowed_actions(cycle: ReviewCycle) -> list[str]:
    return [a for a in HR_ACTIONS if cycle.state in TRANSITIONS[a][0]]


def _refuse_if_frozen(cycle: ReviewCycle) -> None:
    if cycle.is_frozen:
        raise ReviewError(_("This review cycle is locked: nothing in it can change."))


def _history(**metadata):
    """pghistory's context (who, why) on PostgreSQL; SQLite keeps no history
    (its statements can't carry the context), so nothing there."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return contextlib.nullcontext()
    return pghistory.context(**metadata)


def _user_id(by) -> int | None:
    return getattr(by, "pk", None)


def _move(
    cycle: ReviewCycle, action: str, *, by, reason: str = "", **fields
) -> ReviewCycle:
    """Check and make one state move (row locked), with history context."""
    sources, target = TRANSITIONS[action]
    with (
        transaction.atomic(),
        _history(user=_user_id(by), reason=reason or action),
    ):
        fresh = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
        if fresh.state not in sources:
            if fresh.is_frozen:
                _refuse_if_frozen(fresh)
            raise ReviewError(
                _("This step is not possible while the cycle is “%(state)s”.")
                % {"state": fresh.get_state_display()}
            )
        fresh.state = target
        for name, value in fields.items():
            setattr(fresh, name, value)
        fresh.save()
    cycle.refresh_from_db()
    return cycle


# --- schemes ------------------------------------------------------------------

ERROR_MESSAGES = {
    engine.Error.NO_COMPONENTS: _("Add at least one component."),
    engine.Error.WEIGHTS_TOTAL: _("The component weights must total exactly 100."),
    engine.Error.WEIGHT_NOT_POSITIVE: _("Each weight must be above 0."),
    engine.Error.DUPLICATE_KEY: _("Two components have the same key."),
    engine.Error.UNKNOWN_NORMALISATION: _("Choose a normalisation."),
    engine.Error.TARGET_NOT_POSITIVE: _("A target must be above 0."),
    engine.Error.MIN_SAMPLE_NEGATIVE: _("A minimum sample cannot be negative."),
    engine.Error.NO_TIERS: _("Add at least one tier."),
    engine.Error.DUPLICATE_TIER_CODE: _("Two tiers have the same code."),
    engine.Error.RESERVED_TIER_CODE: _(
        "“none” and “ineligible” are reserved tier codes."
    ),
    engine.Error.TIER_SCORE_OUT_OF_RANGE: _(
        "A tier's lowest score must be within 0-100."
    ),
    engine.Error.TIERS_NOT_FROM_ZERO: _(
        "The lowest tier must start at 0, otherwise low scores fall in no tier (a gap)."
    ),
    engine.Error.TIERS_OVERLAP: _("Two tiers start at the same score (they overlap)."),
    engine.Error.TIER_AMOUNT_AND_MULTIPLIER: _(
        "Give a tier either an amount or a multiplier, not both."
    ),
    engine.Error.TIER_NO_AMOUNT: _("Give each tier an amount or a multiplier."),
    engine.Error.TIER_AMOUNT_NEGATIVE: _("Amounts and multipliers cannot be negative."),
    engine.Error.MULTIPLIER_WITHOUT_BASE: _(
        "Tiers with a multiplier need a base amount."
    ),
    engine.Error.MAX_SHARE_OUT_OF_RANGE: _(
        "A largest share must be above 0 and at most 100%."
    ),
    engine.Error.LOWEST_TIER_CAPPED: _(
        "The lowest tier cannot have a largest share: its overflow would have nowhere to go."
    ),
    engine.Error.BASE_AMOUNT_NEGATIVE: _("The base amount cannot be negative."),
    engine.Error.MAX_ADJUSTMENT_OUT_OF_RANGE: _(
        "The largest adjustment must be within 0-100 points."
    ),
}


def scheme_messages(
    scheme: ReviewScheme, components: Sequence, tiers: Sequence
) -> list[tuple[str, str]]:
    """(field, message) for what is wrong with unsaved scheme parts."""
    problems = engine.scheme_problems(
        selectors.engine_scheme(scheme, list(components), list(tiers))
    )
    out = []
    for p in problems:
        out.append((p.field, ERROR_MESSAGES.get(p.code, p.code)))
    for i, c in enumerate(components):
        if c.kind == SchemeComponent.Kind.METRIC and c.metric_id is None:
            out.append((f"components.{i}.metric", _("Choose the metric.")))
        if c.kind != SchemeComponent.Kind.METRIC and c.metric_id is not None:
            out.append(
                (f"components.{i}.metric", _("Only metric components take a metric."))
            )
    return out


@transaction.atomic
def scheme_save(
    *,
    scheme: ReviewScheme,
    components: Sequence[SchemeComponent],
    tiers: Sequence[SchemeTier],
    required_certificates: Iterable = (),
    by,
) -> ReviewScheme:
    """Save a scheme with its components and tiers, all or nothing. A scheme
    that a cycle has used is never changed: saving it makes a new version
    (same code, version + 1). Raises ReviewError with the first problem."""
    problems = scheme_messages(scheme, components, tiers)
    if problems:
        field, message = problems[0]
        raise ReviewError(message, field)
    with _history(user=_user_id(by), reason="scheme saved"):
        if scheme.pk and scheme.cycles.exists() or scheme.pk is None:
            latest = (
                ReviewScheme.objects.filter(code=scheme.code)
                .order_by("-version")
                .first()
            )
            scheme.pk = None
            scheme._state.adding = True
            scheme.version = (latest.version + 1) if latest else 1
            scheme.created_by = by
            scheme.save()
        else:
            scheme.save()
            scheme.components.all().delete()
            scheme.tiers.all().delete()
        for i, c in enumerate(components):
            c.pk = None
            c.scheme = scheme
            c.position = i
        SchemeComponent.objects.bulk_create(components)
        for t in tiers:
            t.pk = None
            t.scheme = scheme
        SchemeTier.objects.bulk_create(tiers)
        scheme.required_certificates.set(list(required_certificates))
    return scheme


# --- cycles -------------------------------------------------------------------


@transaction.atomic
def cycle_open(
    *,
    scheme: ReviewScheme,
    name: str,
    name_en: str = "",
    period_start: dt.date,
    period_end: dt.date,
    stores: Iterable = (),
    positions: Iterable[str] = (),
    appeal_days: int = 14,
    by,
    reason: str = "",
) -> ReviewCycle:
    """HR opens a cycle (draft) for a period and a population with one
    scheme version, which the cycle keeps."""
    if period_end < period_start:
        raise ReviewError(_("The period must not end before it starts."), "period_end")
    if not scheme.components.exists():
        raise ReviewError(_("This scheme has no components."), "scheme")
    with _history(user=_user_id(by), reason=reason or "opened"):
        cycle = ReviewCycle.objects.create(
            scheme=scheme,
            name=name,
            name_en=name_en,
            period_start=period_start,
            period_end=period_end,
            positions=sorted(set(positions)),
            appeal_days=appeal_days,
            created_by=by,
        )
        cycle.stores.set(list(stores))
    return cycle


def _progress(cycle: ReviewCycle, percent: int, phase: str) -> None:
    # Outside the writes' transactions, so the polling page sees it at once.
    ReviewCycle.objects.filter(pk=cycle.pk).update(progress=percent, phase=phase)


def cycle_compute_start(*, cycle: ReviewCycle, by, reason: str = "") -> ReviewCycle:
    """Move to computing and queue the computation (Celery) after commit."""
    from .tasks import cycle_compute_task

    _refuse_if_frozen(cycle)
    cycle = _move(
        cycle, "compute", by=by, reason=reason, progress=0, phase="queued", message=""
    )
    user_id = _user_id(by)
    transaction.on_commit(lambda: cycle_compute_task.delay(cycle.pk, user_id, reason))
    return cycle


def cycle_compute(*, cycle: ReviewCycle, by, reason: str = "") -> ReviewCycle:
    """Gather everyone's evidence, score them with the engine and store the
    results; the cycle then waits for manager review. Computing again with the
    same data writes nothing (the results are identical to the byte). Keeps
    managers' adjustments and upheld disputes' corrections."""
    _refuse_if_frozen(cycle)
    if cycle.state != State.COMPUTING:
        cycle = _move(
            cycle, "compute", by=by, reason=reason, progress=0, phase="queued"
        )
    try:
        with _history(user=_user_id(by), reason=reason or "computed"):
            _progress(cycle, 5, "gathering")
            components, tiers = selectors.scheme_parts(cycle.scheme)
            gathered = selectors.gather(cycle, components)
            _progress(cycle, 40, "scoring")
            existing = {
                r.employee_id: r for r in ReviewResult.objects.filter(cycle=cycle)
            }
            overrides = {
                (rc.result.employee_id, rc.component_id): rc.override
                for rc in ResultComponent.objects.filter(
                    result__cycle=cycle, override__isnull=False
                ).select_related("result")
            }
            scheme = selectors.engine_scheme(cycle.scheme, components, tiers)
            by_key = {c.key: c for c in components}
            people = []
            for p in gathered.people:
                evidence = dict(gathered.evidence[p["pk"]])
                for key, c in by_key.items():
                    value = overrides.get((p["pk"], c.pk))
                    if value is not None:
                        n = evidence[key].n if key in evidence else 1
                        evidence[key] = engine.Evidence(raw=value, n=max(n, 1))
                old = existing.get(p["pk"])
                people.append(
                    engine.Person(
                        employee_id=p["pk"],
                        peer_group=selectors.peer_group(
                            cycle.scheme, p["position"], p["store_id"]
                        ),
                        evidence=evidence,
                        failed_gates=gathered.failed_gates[p["pk"]],
                        adjustment=old.adjustment if old else Decimal("0"),
                    )
                )
            results = engine.compute(scheme, people)
            _progress(cycle, 60, "saving")
            rows = {p["pk"]: p for p in gathered.people}
            raw = {
                (pk, key): ev
                for pk, evs in gathered.evidence.items()
                for key, ev in evs.items()
            }
            _store(cycle, results, by_key, rows=rows, raw=raw, existing=existing)
        return _move(
            cycle,
            "computed",
            by=by,
            reason=reason or "computed",
            progress=100,
            phase="done",
            population=len(results),
            computed_at=timezone.now(),
        )
    except ReviewError:
        raise
    except Exception as exc:
        logger.exception("review cycle %s failed to compute", cycle.pk)
        has_results = ReviewResult.objects.filter(cycle=cycle).exists()
        _move(
            cycle,
            "compute_failed" if not has_results else "computed",
            by=by,
            reason="compute failed",
            phase="failed",
            message=str(exc)[:500],
        )
        raise


RESULT_FIELDS = (
    "computed_score",
    "adjustment",
    "final_score",
    "eligible",
    "failed_gates",
    "tier_code",
    "amount",
)
COMPONENT_FIELDS = (
    "raw",
    "n",
    "normalised",
    "weight",
    "effective_weight",
    "contribution",
    "included",
    "note",
)


def _store(
    cycle: ReviewCycle,
    results: Sequence[engine.PersonResult],
    components: dict[str, SchemeComponent],
    *,
    rows: dict[int, dict] | None = None,
    raw: dict | None = None,
    existing: dict[int, ReviewResult] | None = None,
) -> int:
    """Write what changed: new results created, changed ones updated, people
    no longer in the population removed (only before publication). `rows`
    (employee snapshots) and `raw` (gathered evidence) come with a full
    computation; a rescore passes neither and keeps both. Returns the number
    of rows written."""
    if existing is None:
        existing = {r.employee_id: r for r in ReviewResult.objects.filter(cycle=cycle)}
    snapshot = (
        "employee_number",
        "employee_name",
        "store_id",
        "manager_id",
        "position",
    )
    fields = list(RESULT_FIELDS) + (list(snapshot) if rows is not None else [])
    new_results, changed = [], []
    for r in results:
        values = [
            r.computed_score,
            r.adjustment,
            r.final_score,
            r.eligible,
            list(r.failed_gates),
            r.tier_code,
            r.amount,
        ]
        if rows is not None:
            p = rows[r.employee_id]
            values += [
                p["number"],
                p["name"],
                p["store_id"],
                p["manager_id"],
                p["position"],
            ]
        old = existing.get(r.employee_id)
        if old is None:
            # A plain tuple in `fields`' order, written by COPY (no model
            # instance per person on a first computation).
            new_results.append((cycle.pk, r.employee_id, *values))
        elif any(getattr(old, k) != v for k, v in zip(fields, values, strict=True)):
            for k, v in zip(fields, values, strict=True):
                setattr(old, k, v)
            changed.append(old)
    if rows is not None:
        gone = set(existing) - {r.employee_id for r in results}
        if gone:
            ReviewResult.objects.filter(cycle=cycle, employee_id__in=gone).delete()
    for i in range(0, len(new_results), CHUNK):
        rows_insert(
            ReviewResult,
            ("cycle_id", "employee_id", *fields),
            new_results[i : i + CHUNK],
        )
        _progress(cycle, 60 + int(30 * i / max(len(results), 1)), "saving")
    if changed:
        ReviewResult.objects.bulk_update(changed, fields, batch_size=CHUNK)
    written = len(new_results) + len(changed)
    result_ids = {r.employee_id: r.pk for r in existing.values()}
    if new_results:
        result_ids.update(
            ReviewResult.objects.filter(cycle=cycle).values_list("employee_id", "pk")
        )
    stored = {
        (rc.result_id, rc.component_id): rc
        for rc in ResultComponent.objects.filter(result__cycle=cycle)
    }
    new_rows, changed_rows = [], []
    for r in results:
        result_id = result_ids[r.employee_id]
        for cr in r.components:
            component_id = components[cr.key].pk
            old = stored.get((result_id, component_id))
            if raw is not None:
                ev = raw.get((r.employee_id, cr.key))
                evidence = (ev.raw, ev.n) if ev else (None, 0)
            elif old is None:
                evidence = (cr.raw, cr.n)
            else:  # a rescore keeps the stored evidence
                evidence = (old.raw, old.n)
            # In COMPONENT_FIELDS' order; a new row as a plain tuple (most
            # rows on a first computation: no model instance per row).
            values = (
                *evidence,
                cr.normalised,
                cr.weight,
                cr.effective_weight,
                cr.contribution,
                cr.included,
                cr.note,
            )
            if old is None:
                new_rows.append((result_id, component_id, *values))
            elif any(
                getattr(old, k) != v
                for k, v in zip(COMPONENT_FIELDS, values, strict=True)
            ):
                for k, v in zip(COMPONENT_FIELDS, values, strict=True):
                    setattr(old, k, v)
                changed_rows.append(old)
    rows_insert(
        ResultComponent, ("result_id", "component_id", *COMPONENT_FIELDS), new_rows
    )
    if changed_rows:
        ResultComponent.objects.bulk_update(
            changed_rows, list(COMPONENT_FIELDS), batch_size=CHUNK
        )
    return written + len(new_rows) + len(changed_rows)


def _rescore(cycle: ReviewCycle) -> None:
    """Score the cycle again from the stored evidence (after an adjustment or
    a dispute): percentiles and forced distribution need everyone, so the
    whole cycle is scored and only what changed is written."""
    components, tiers = selectors.scheme_parts(cycle.scheme)
    by_pk = {c.pk: c for c in components}
    results = {r.employee_id: r for r in ReviewResult.objects.filter(cycle=cycle)}
    evidence: dict[int, dict[str, engine.Evidence]] = {pk: {} for pk in results}
    by_result = {r.pk: r.employee_id for r in results.values()}
    for rc in ResultComponent.objects.filter(result__cycle=cycle).only(
        "result_id", "component_id", "raw", "override", "n"
    ):
        value = rc.value
        if value is not None:
            n = rc.n if rc.override is None else max(rc.n, 1)
            evidence[by_result[rc.result_id]][by_pk[rc.component_id].key] = (
                engine.Evidence(raw=value, n=n)
            )
    people = [
        engine.Person(
            employee_id=pk,
            peer_group=selectors.peer_group(cycle.scheme, r.position, r.store_id),
            evidence=evidence[pk],
            failed_gates=tuple(r.failed_gates),
            adjustment=r.adjustment,
        )
        for pk, r in sorted(results.items())
    ]
    scored = engine.compute(
        selectors.engine_scheme(cycle.scheme, components, tiers), people
    )
    _store(cycle, scored, {c.key: c for c in components}, existing=results)


def cycle_calibrate(*, cycle: ReviewCycle, by, reason: str = "") -> ReviewCycle:
    """Managers are done: HR compares distributions and may still adjust."""
    return _move(cycle, "calibrate", by=by, reason=reason)


def cycle_return(*, cycle: ReviewCycle, by, reason: str = "") -> ReviewCycle:
    """Back to the managers (e.g. after calibration found a problem)."""
    if not reason.strip():
        raise ReviewError(_("Say why the cycle goes back to the managers."), "reason")
    return _move(cycle, "return", by=by, reason=reason)


def cycle_publish(
    *, cycle: ReviewCycle, by, reason: str = "", today: dt.date | None = None
) -> ReviewCycle:
    """Each employee sees their result; the appeal window opens."""
    today = today or timezone.localdate()
    return _move(
        cycle,
        "publish",
        by=by,
        reason=reason,
        appeal_deadline=today + dt.timedelta(days=cycle.appeal_days),
    )


def cycle_close_appeals(*, cycle: ReviewCycle, by, reason: str = "") -> ReviewCycle:
    """No new disputes; the open ones are still decided."""
    return _move(cycle, "close_appeals", by=by, reason=reason)


def cycle_lock(*, cycle: ReviewCycle, by, reason: str = "") -> ReviewCycle:
    """HR approves: nothing in the cycle changes from now on. Refused while
    a dispute is open (as Frappe refuses to complete a cycle with drafts)."""
    _refuse_if_frozen(cycle)
    open_disputes = Dispute.objects.filter(
        result__cycle=cycle, state=Dispute.State.OPEN
    ).count()
    if open_disputes:
        raise ReviewError(
            _("%(n)s disputes are still open: decide them before locking.")
            % {"n": open_disputes}
        )
    return _move(cycle, "lock", by=by, reason=reason, locked_at=timezone.now())


def cycle_archive(*, cycle: ReviewCycle, by, reason: str = "") -> ReviewCycle:
    return _move(cycle, "archive", by=by, reason=reason)


CYCLE_ACTIONS = {
    "compute": cycle_compute_start,
    "calibrate": cycle_calibrate,
    "return": cycle_return,
    "publish": cycle_publish,
    "close_appeals": cycle_close_appeals,
    "lock": cycle_lock,
    "archive": cycle_archive,
}


# --- adjustments ----------------------------------------------------------------


def adjustment_states(*, hr: bool) -> set[str]:
    return {State.MANAGER_REVIEW, State.CALIBRATION} if hr else {State.MANAGER_REVIEW}


def result_adjust(
    *, result: ReviewResult, value: Decimal, reason: str, by, hr: bool = False
) -> ReviewResult:
    """Move one score by `value` points (replacing any earlier adjustment),
    within the scheme's bound, with a reason; the tier and amount follow.
    Managers adjust during manager review, HR also during calibration."""
    cycle = result.cycle
    _refuse_if_frozen(cycle)
    if cycle.state not in adjustment_states(hr=hr):
        raise ReviewError(
            _(
                "Scores can be adjusted only during manager review (HR: and calibration)."
            )
        )
    if not (reason or "").strip():
        raise ReviewError(_("Give a reason for the adjustment."), "reason")
    try:
        value = Decimal(str(value)).quantize(Decimal("0.01"))
    except Exception as exc:
        raise ReviewError(_("Enter a number of points."), "value") from exc
    bound = cycle.scheme.max_adjustment
    if abs(value) > bound:
        raise ReviewError(
            _("An adjustment must be within ±%(bound)s points.") % {"bound": bound},
            "value",
        )
    with transaction.atomic(), _history(user=_user_id(by), reason=reason):
        locked = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
        _refuse_if_frozen(locked)
        result = ReviewResult.objects.select_for_update().get(pk=result.pk)
        Adjustment.objects.create(
            result=result, value=value, previous=result.adjustment, reason=reason, by=by
        )
        result.adjustment = value
        result.save(update_fields=["adjustment"])
        _rescore(locked)
    result.refresh_from_db()
    return result


# --- disputes -------------------------------------------------------------------


def dispute_raise(
    *,
    component: ResultComponent,
    comment: str,
    by,
    proposed_value: float | None = None,
    evidence_kind: str = "",
    evidence_id: int | None = None,
    today: dt.date | None = None,
) -> Dispute:
    """The employee appeals one component within the appeal window, with a
    comment, optionally proposing a value and naming one evidence item."""
    result = component.result
    cycle = result.cycle
    _refuse_if_frozen(cycle)
    today = today or timezone.localdate()
    if cycle.state != State.PUBLISHED or (
        cycle.appeal_deadline and today > cycle.appeal_deadline
    ):
        raise ReviewError(_("The appeal window of this cycle is closed."))
    if not (comment or "").strip():
        raise ReviewError(_("Say what is wrong (a comment is required)."), "comment")
    if proposed_value is not None and not 0 <= proposed_value <= 1_000_000:
        raise ReviewError(_("The proposed value is out of range."), "proposed_value")
    if evidence_kind not in ("", "observation", "assessment"):
        raise ReviewError(_("Unknown evidence."), "evidence_kind")
    if Dispute.objects.filter(component=component, state=Dispute.State.OPEN).exists():
        raise ReviewError(_("This component already has an open dispute."), "component")
    with (
        transaction.atomic(),
        _history(user=_user_id(by), reason="dispute raised"),
    ):
        return Dispute.objects.create(
            result=result,
            component=component,
            comment=comment.strip(),
            proposed_value=proposed_value,
            evidence_kind=evidence_kind,
            evidence_id=evidence_id if evidence_kind else None,
            raised_by=by,
        )


def _correct_evidence(dispute: Dispute, value: float, reason: str) -> bool:
    """Correct the disputed evidence item through its own service; True when
    an item was corrected (the evidence is then gathered again)."""
    if dispute.evidence_kind == "assessment":
        from training.models import RolePlayAssessment
        from training.roleplay.services import assessment_correct_percent

        sheet = RolePlayAssessment.objects.get(
            pk=dispute.evidence_id, learner_id=dispute.result.employee_id
        )
        assessment_correct_percent(assessment=sheet, percent=value, reason=reason)
        return True
    if dispute.evidence_kind == "observation":
        from ..services import observation_correct

        observation = Observation.objects.get(
            pk=dispute.evidence_id, employee_id=dispute.result.employee_id
        )
        observation_correct(observation=observation, value=value, reason=reason)
        return True
    return False


def dispute_decide(
    *, dispute: Dispute, decision: str, reason: str, by, value: float | None = None
) -> Dispute:
    """Accept (the proposed value), partly accept (a value the reviewer
    sets) or reject, always with a reason. An upheld dispute about an evidence
    item corrects that item through its own service (training's role-play
    sheet, performance's observation) and gathers the employee's evidence
    again; otherwise the component's value is corrected on the result. The
    score, tier and amount are then recomputed."""
    cycle = dispute.result.cycle
    _refuse_if_frozen(cycle)
    if cycle.state not in (State.PUBLISHED, State.APPEALS):
        raise ReviewError(_("Disputes are decided while the cycle is published."))
    if not dispute.is_open:
        raise ReviewError(_("This dispute has been decided already."))
    if decision not in (
        Dispute.State.ACCEPTED,
        Dispute.State.PARTLY,
        Dispute.State.REJECTED,
    ):
        raise ReviewError(_("Choose accept, partly accept or reject."), "decision")
    if not (reason or "").strip():
        raise ReviewError(_("Give a reason for the decision."), "reason")
    if decision == Dispute.State.ACCEPTED:
        value = dispute.proposed_value
        if value is None:
            raise ReviewError(
                _("No value was proposed: partly accept and give the value."), "value"
            )
    elif decision == Dispute.State.PARTLY:
        if value is None:
            raise ReviewError(_("Give the value you accept."), "value")
    else:
        value = None
    if value is not None and not 0 <= value <= 1_000_000:
        raise ReviewError(_("The value is out of range."), "value")
    with transaction.atomic(), _history(user=_user_id(by), reason=reason):
        locked = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
        _refuse_if_frozen(locked)
        dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
        result = dispute.result
        before = result.final_score
        if value is not None:
            component = dispute.component
            if _correct_evidence(dispute, value, reason):
                _regather(locked, result, component)
            else:
                component.override = value
                component.save(update_fields=["override"])
            _rescore(locked)
            result.refresh_from_db()
        dispute.state = decision
        dispute.decided_value = value
        dispute.decision_reason = reason.strip()
        dispute.decided_by = by
        dispute.decided_at = timezone.now()
        dispute.score_before = before
        dispute.score_after = result.final_score
        dispute.save()
    return dispute


def _regather(
    cycle: ReviewCycle, result: ReviewResult, component: ResultComponent
) -> None:
    """Gather one person's evidence for one component again after its
    evidence was corrected (the same queries, for one person)."""
    from people.models import Employee

    sc = component.component
    one = Employee.objects.filter(pk=result.employee_id)
    gathered = selectors.gather(cycle, [sc], employees=one)
    ev = gathered.evidence.get(result.employee_id, {}).get(sc.key)
    component.raw = ev.raw if ev else None
    component.n = ev.n if ev else 0
    component.save(update_fields=["raw", "n"])
