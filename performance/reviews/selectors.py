"""Reads for review cycles: the population, each person's evidence gathered
set-based (one GROUP BY per kind of evidence over the whole population,
training's through training.selectors, metrics through
performance.selectors.period_figures), and the pages' figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from people.models import Employee
from training import selectors as training

from .. import selectors as metrics
from ..models import (
    Metric,
    Observation,
    ReviewCycle,
    ReviewResult,
    ReviewScheme,
    SchemeComponent,
    SchemeTier,
)
from . import engine

Kind = SchemeComponent.Kind
GATE_TENURE = "tenure"
GATE_CERTIFICATE = "certificate"  # "certificate:<course id>"


def population(cycle: ReviewCycle) -> QuerySet[Employee]:
    """Active employees in the cycle's stores and positions (empty: all)."""
    qs = Employee.objects.active()
    store_ids = [s.pk for s in cycle.stores.all()]
    if store_ids:
        qs = qs.filter(store_id__in=store_ids)
    if cycle.positions:
        qs = qs.filter(position__in=list(cycle.positions))
    return qs


def scheme_parts(
    scheme: ReviewScheme,
) -> tuple[list[SchemeComponent], list[SchemeTier]]:
    components = list(
        scheme.components.select_related("metric").order_by("position", "pk")
    )
    tiers = list(scheme.tiers.order_by("min_score", "pk"))
    return components, tiers


def engine_component(c: SchemeComponent) -> engine.Component:
    """A scheme component as the engine sees it. Training components score
    0-100 against 100 unless a target is set; metrics use their own target,
    direction and minimum sample unless the component overrides them."""
    if c.kind == Kind.METRIC:
        metric: Metric = c.metric
        target = c.target if c.target is not None else metric.target
        higher = metric.higher_is_better
        min_sample = (
            c.min_sample if c.min_sample is not None else metric.min_sample_size
        )
    else:
        target = c.target if c.target is not None else 100.0
        higher = True
        min_sample = c.min_sample if c.min_sample is not None else 1
    return engine.Component(
        key=c.key,
        weight=Decimal(c.weight),
        normalisation=c.normalisation,
        target=target,
        higher_is_better=higher,
        min_sample=min_sample,
    )


def engine_tier(t: SchemeTier) -> engine.Tier:
    return engine.Tier(
        code=t.code,
        min_score=Decimal(t.min_score),
        amount=None if t.amount is None else Decimal(t.amount),
        multiplier=None if t.multiplier is None else Decimal(t.multiplier),
        max_share=None if t.max_share is None else Decimal(t.max_share) / 100,
    )


def engine_scheme(
    scheme: ReviewScheme,
    components: list[SchemeComponent],
    tiers: list[SchemeTier],
) -> engine.Scheme:
    return engine.Scheme(
        components=tuple(engine_component(c) for c in components),
        tiers=tuple(engine_tier(t) for t in tiers),
        base_amount=Decimal(scheme.base_amount),
        max_adjustment=Decimal(scheme.max_adjustment),
    )


def peer_group(scheme: ReviewScheme, position: str, store_id: int | None) -> tuple:
    return (position, store_id) if scheme.peer_same_store else (position,)


@dataclass
class Gathered:
    """Everything a computation needs, gathered in a fixed number of queries."""

    people: list[dict]  # employee rows: pk, number, name, store_id, manager_id, ...
    evidence: dict[int, dict[str, engine.Evidence]]
    failed_gates: dict[int, tuple[str, ...]]


def gather(
    cycle: ReviewCycle,
    components: list[SchemeComponent],
    *,
    employees: QuerySet[Employee] | None = None,
) -> Gathered:
    """Each person's evidence for each component and the gates they fail.
    Queries: the population, one per training evidence kind used, one (or
    two) for the metrics, one for certificates; independent of its size."""
    scheme = cycle.scheme
    if employees is None:
        employees = population(cycle)
    start, end = cycle.period_start, cycle.period_end
    people = list(
        employees.order_by("pk").values(
            "pk", "number", "name", "store_id", "manager_id", "position", "hire_date"
        )
    )
    evidence: dict[int, dict[str, engine.Evidence]] = {p["pk"]: {} for p in people}
    kinds = {c.kind for c in components}
    by_kind: dict[str, dict] = {}
    if Kind.COURSES_ON_TIME in kinds:
        by_kind[Kind.COURSES_ON_TIME] = {
            pk: (100.0 * r["on_time"] / r["due"], r["due"])
            for pk, r in training.courses_on_time(
                employees, start=start, end=end
            ).items()
        }
    if Kind.QUIZ_GRADE in kinds:
        by_kind[Kind.QUIZ_GRADE] = {
            pk: (r["mean"], r["n"])
            for pk, r in training.quiz_grades(employees, start=start, end=end).items()
        }
    roleplay = {}
    for calibrated in {
        c.calibrated_only for c in components if c.kind == Kind.ROLEPLAY
    }:
        excluded = training.flagged_assessors() if calibrated else ()
        roleplay[calibrated] = {
            pk: (r["mean"], r["n"])
            for pk, r in training.roleplay_scores(
                employees, start=start, end=end, exclude_assessors=excluded
            ).items()
        }
    metric_list = [c.metric for c in components if c.kind == Kind.METRIC]
    figures = {}
    if metric_list:
        figures = metrics.period_figures(
            employees=employees,
            start=start,
            end=end + dt.timedelta(days=1),
            metrics=list({m.pk: m for m in metric_list}.values()),
        )
    for c in components:
        if c.kind == Kind.METRIC:
            for pk, per_metric in figures.items():
                f = per_metric.get(c.metric_id)
                if f is not None and pk in evidence and f["value"] is not None:
                    evidence[pk][c.key] = engine.Evidence(raw=f["value"], n=f["sample"])
            continue
        source = (
            roleplay[c.calibrated_only] if c.kind == Kind.ROLEPLAY else by_kind[c.kind]
        )
        for pk, (raw, n) in source.items():
            if pk in evidence:
                evidence[pk][c.key] = engine.Evidence(raw=raw, n=n)
    failed: dict[int, list[str]] = {p["pk"]: [] for p in people}
    if scheme.min_tenure_days:
        latest_hire = end - dt.timedelta(days=scheme.min_tenure_days)
        for p in people:
            # No hire date on file: the gate is not applied (HR sees it blank).
            if p["hire_date"] is not None and p["hire_date"] > latest_hire:
                failed[p["pk"]].append(GATE_TENURE)
    required = [c.pk for c in scheme.required_certificates.all()]
    if required:
        held = training.valid_certificates(employees, course_ids=required, at=end)
        for p in people:
            for course_id in required:
                if (p["pk"], course_id) not in held:
                    failed[p["pk"]].append(f"{GATE_CERTIFICATE}:{course_id}")
    return Gathered(
        people=people,
        evidence=evidence,
        failed_gates={pk: tuple(v) for pk, v in failed.items()},
    )


def cycle_results(cycle: ReviewCycle) -> QuerySet[ReviewResult]:
    return cycle.results.select_related("store", "manager").order_by("employee_number")


def late_observations(cycle: ReviewCycle) -> int:
    """Observations for the cycle's period and people imported after the
    lock: counted and shown, never applied."""
    if cycle.locked_at is None:
        return 0
    return Observation.objects.filter(
        employee_id__in=cycle.results.values("employee_id"),
        period_start__gte=cycle.period_start,
        period_start__lte=cycle.period_end,
        batch__finished_at__gt=cycle.locked_at,
    ).count()
