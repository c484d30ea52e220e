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
from ..complaints import selectors as complaints
from ..models import (
    Metric,
    Observation,
    ReviewCycle,
    ReviewResult,
    ReviewScheme,
    SchemeComponent,
    SchemeTier,
    Severity,
)
from . import engine

Kind = SchemeComponent.Kind
GATE_TENURE = "tenure"
GATE_CERTIFICATE = "certificate"  # "certificate:<course id>"
GATE_COMPLAINT = "complaint"


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
    if c.kind == Kind.METRIC and c.metric_id is not None:
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
    two) for the metrics, one for certificates, one for upheld complaints;
    independent of its size."""
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
    if scheme.complaint_gate:
        named = complaints.upheld_named(
            employees, start=start, end=end, min_severity=scheme.complaint_gate
        )
        for p in people:
            if p["pk"] in named:
                failed[p["pk"]].append(GATE_COMPLAINT)
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


# --- pages ------------------------------------------------------------------

VISIBLE_TO_MANAGERS = (
    ReviewCycle.State.MANAGER_REVIEW,
    ReviewCycle.State.CALIBRATION,
    ReviewCycle.State.PUBLISHED,
    ReviewCycle.State.APPEALS,
    ReviewCycle.State.LOCKED,
    ReviewCycle.State.ARCHIVED,
)
VISIBLE_TO_STAFF = VISIBLE_TO_MANAGERS[2:]


def results_visible_to(user) -> QuerySet[ReviewResult]:
    """Results `user` may open, by people.access: HR all; managers their
    team's once computed; everyone their own once published."""
    from django.db.models import Q

    from people.access import employee_of, visibility_q

    qs = ReviewResult.objects.all()
    q = visibility_q(user, record="performance")
    if q is None:
        return qs
    me = employee_of(user)
    own = Q(employee=me, cycle__state__in=VISIBLE_TO_STAFF) if me else Q(pk__in=[])
    team = Q(
        employee__in=Employee.objects.filter(q).exclude(pk=getattr(me, "pk", None)),
        cycle__state__in=VISIBLE_TO_MANAGERS,
    )
    return qs.filter(own | team)


def my_results(user) -> list[ReviewResult]:
    from people.access import employee_of

    me = employee_of(user)
    if me is None:
        return []
    return list(
        ReviewResult.objects.filter(employee=me, cycle__state__in=VISIBLE_TO_STAFF)
        .select_related("cycle")
        .order_by("-cycle__period_start")
    )


def team_results(user, cycle: ReviewCycle) -> QuerySet[ReviewResult]:
    return (
        results_visible_to(user)
        .filter(cycle=cycle)
        .select_related("store", "manager")
        .order_by("employee_number")
    )


def tier_names(cycle: ReviewCycle) -> dict[str, str]:
    from django.utils.translation import gettext as _

    names = {t.code: t.display_name for t in cycle.scheme.tiers.all()}
    names[engine.TIER_NONE] = _("No score")
    names[engine.TIER_INELIGIBLE] = _("Not eligible")
    return names


def note_text(note: str, *, n: int, min_sample: int) -> str:
    from django.utils.translation import gettext as _

    if note == engine.Note.NO_DATA:
        return _("No data in this period: left out, the other weights were scaled up.")
    if note == engine.Note.BELOW_MIN_SAMPLE:
        return _(
            "Only %(n)s of the %(m)s observations needed: left out, the other "
            "weights were scaled up."
        ) % {"n": n, "m": min_sample}
    if note == engine.Note.NO_TARGET:
        return _(
            "No target to compare with: left out, the other weights were scaled up."
        )
    if note == engine.Note.NO_PEERS:
        return _(
            "Nobody else in the peer group to compare with: left out, the other "
            "weights were scaled up."
        )
    return note


def gate_texts(result: ReviewResult) -> list[str]:
    from django.utils.translation import gettext as _

    texts = []
    course_ids = [
        int(g.split(":", 1)[1])
        for g in result.failed_gates
        if g.startswith(GATE_CERTIFICATE)
    ]
    titles = {}
    if course_ids:
        from courses.models import CoursePage

        titles = dict(
            CoursePage.objects.filter(pk__in=course_ids).values_list("pk", "title")
        )
    for g in result.failed_gates:
        if g == GATE_TENURE:
            texts.append(
                _("Fewer than %(days)s days of tenure at the end of the period.")
                % {"days": result.cycle.scheme.min_tenure_days}
            )
        elif g == GATE_COMPLAINT:
            severity = result.cycle.scheme.complaint_gate
            texts.append(
                _(
                    "Named in an upheld complaint of severity “%(severity)s” or "
                    "higher received in the period."
                )
                % {"severity": Severity(severity).label if severity else "—"}
            )
        elif g.startswith(GATE_CERTIFICATE):
            course_id = int(g.split(":", 1)[1])
            texts.append(
                _("No valid certificate of “%(course)s” at the end of the period.")
                % {"course": titles.get(course_id, course_id)}
            )
        else:
            texts.append(g)
    return texts


def _metric_evidence(employee_id: int, metric_id: int, start: dt.date, end: dt.date):
    from django.db.models import Avg, Count
    from django.db.models.functions import TruncMonth

    rows = list(
        Observation.objects.filter(
            employee_id=employee_id,
            metric_id=metric_id,
            period_start__gte=start,
            period_start__lte=end,
        )
        .order_by("period_start", "pk")
        .values("pk", "period_start", "value", "sample_size")[:200]
    )
    months = list(
        Observation.objects.filter(
            employee_id=employee_id,
            metric_id=metric_id,
            period_start__gte=start,
            period_start__lte=end,
        )
        .annotate(month=TruncMonth("period_start"))
        .values("month")
        .annotate(n=Count("pk"), mean=Avg("value"))
        .order_by("month")
    )
    return rows, months


def explanation(result: ReviewResult) -> list[dict]:
    """Each component of a result with its figures, the note in words and
    the evidence behind it. One query per component for the evidence (the
    scheme's size, not the population's)."""
    cycle = result.cycle
    rows = []
    components = list(
        result.components.select_related("component__metric").order_by(
            "component__position", "component_id"
        )
    )
    flagged = None
    employee = result.employee
    for rc in components:
        sc = rc.component
        spec = engine_component(sc)
        row = {
            "rc": rc,
            "label": sc.label,
            "kind": sc.kind,
            "min_sample": spec.min_sample,
            "note_text": note_text(rc.note, n=rc.n, min_sample=spec.min_sample)
            if rc.note
            else "",
            "items": [],
            "months": [],
            "unit": sc.metric.unit if sc.metric_id else "%",
        }
        if sc.kind == Kind.METRIC:
            obs, months = _metric_evidence(
                employee.pk, sc.metric_id, cycle.period_start, cycle.period_end
            )
            row["months"] = months
            row["items"] = [
                {
                    "kind": "observation",
                    "id": o["pk"],
                    "date": o["period_start"],
                    "value": o["value"],
                    "title": "",
                }
                for o in obs
            ]
        else:
            exclude = ()
            if sc.kind == Kind.ROLEPLAY and sc.calibrated_only:
                if flagged is None:
                    flagged = training.flagged_assessors()
                exclude = flagged
            row["items"] = training.review_evidence(
                employee,
                start=cycle.period_start,
                end=cycle.period_end,
                kind=sc.kind,
                exclude_assessors=exclude,
            )
        rows.append(row)
    return rows


def calibration_view(cycle: ReviewCycle) -> dict:
    """Distributions by manager and by store for this cycle and for the
    previous cycle of the same scheme code (two queries each)."""
    from . import calibration

    def rows_of(c):
        rs = list(
            c.results.values_list(
                "manager__name", "store__code", "final_score", "adjustment", "tier_code"
            )
        )
        by_manager = [
            calibration.Row(group=m or "—", final_score=s, adjustment=a, tier_code=t)
            for m, _st, s, a, t in rs
        ]
        by_store = [
            calibration.Row(group=st or "—", final_score=s, adjustment=a, tier_code=t)
            for _m, st, s, a, t in rs
        ]
        return calibration.summaries(by_manager), calibration.summaries(by_store)

    previous = (
        ReviewCycle.objects.filter(
            scheme__code=cycle.scheme.code, period_start__lt=cycle.period_start
        )
        .exclude(pk=cycle.pk)
        .order_by("-period_start", "-pk")
        .first()
    )
    managers, stores = rows_of(cycle)
    prev = rows_of(previous) if previous else ([], [])
    return {
        "managers": managers,
        "stores": stores,
        "previous": previous,
        "previous_managers": prev[0],
        "previous_stores": prev[1],
    }


def result_history(employee: Employee) -> list[dict]:
    """HR: one employee's results across cycles and the history the database
    kept of each (who, when, why, old and new values). Two queries (plus
    the contexts, joined)."""
    from ..models import ReviewResult as R

    results = list(
        R.objects.filter(employee=employee)
        .select_related("cycle")
        .order_by("-cycle__period_start", "-pk")
    )
    events_by_result: dict[int, list] = {r.pk: [] for r in results}
    from django.apps import apps

    Event = apps.get_model("performance", "ReviewResultEvent")
    events = (
        Event.objects.filter(pgh_obj_id__in=list(events_by_result))
        .select_related("pgh_context")
        .order_by("pgh_obj_id", "pgh_id")
    )
    previous: dict[int, object] = {}
    for e in events:
        old = previous.get(e.pgh_obj_id)
        meta = (e.pgh_context.metadata if e.pgh_context_id else {}) or {}
        changes = []
        for name in (
            "computed_score",
            "adjustment",
            "final_score",
            "tier_code",
            "amount",
        ):
            before = getattr(old, name) if old is not None else None
            after = getattr(e, name)
            if old is None or before != after:
                changes.append((name, before, after))
        events_by_result[e.pgh_obj_id].append(
            {
                "at": e.pgh_created_at,
                "label": e.pgh_label,
                "meta": meta,
                "changes": changes,
            }
        )
        previous[e.pgh_obj_id] = e
    users = {}
    ids = {ev["meta"].get("user") for evs in events_by_result.values() for ev in evs}
    ids.discard(None)
    if ids:
        from django.contrib.auth import get_user_model

        users = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=ids)}
    for evs in events_by_result.values():
        for ev in evs:
            ev["who"] = users.get(ev["meta"].get("user"), "")
            ev["why"] = ev["meta"].get("reason", "")
    return [{"result": r, "events": events_by_result[r.pk]} for r in results]


def cycle_state_counts(states=None) -> dict[str, int]:
    """{state: cycles in it} over `states` (None: every state), one GROUP BY."""
    from django.db.models import Count

    qs = ReviewCycle.objects.all()
    if states is not None:
        qs = qs.filter(state__in=list(states))
    return dict(
        qs.values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("state", "n")
    )


def open_cycles(states=None) -> list[ReviewCycle]:
    """Cycles not yet locked (of `states`, None: all), newest period first."""
    from ..models.reviews import FROZEN_STATES

    qs = ReviewCycle.objects.exclude(state__in=FROZEN_STATES)
    if states is not None:
        qs = qs.filter(state__in=list(states))
    return list(qs.order_by("-period_start", "-pk"))
