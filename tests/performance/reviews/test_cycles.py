"""Review cycles end to end through the services: evidence gathered from the
database, scored by the engine, stored; adjustments, disputes, lock."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from performance.copy import rows_insert
from performance.models import (
    Adjustment,
    Dispute,
    ResultComponent,
    ReviewCycle,
    ReviewResult,
)
from performance.reviews import selectors, services
from performance.reviews.services import ReviewError
from tests.factories import employee_with_role

from .conftest import START, make_scheme, observe

pytestmark = pytest.mark.django_db
State = ReviewCycle.State


def _evidence(staff, *, ms=85.0, qa=(90, 90, 90, 90, 90)):
    observe(staff, "mystery_shopper", ms)
    for i, v in enumerate(qa):
        observe(staff, "qa_score", v, day=START + dt.timedelta(days=i))


def _snapshot(cycle):
    rows = []
    for r in ReviewResult.objects.filter(cycle=cycle).order_by("employee_id"):
        rows.append(
            repr(
                [
                    r.employee_id,
                    r.computed_score,
                    r.final_score,
                    r.tier_code,
                    r.amount,
                    r.failed_gates,
                    [
                        (
                            c.component.key,
                            c.raw,
                            c.n,
                            c.normalised,
                            c.effective_weight,
                            c.contribution,
                            c.included,
                            c.note,
                        )
                        for c in r.components.select_related("component").order_by("pk")
                    ],
                ]
            )
        )
    return "\n".join(rows).encode()


def test_compute_scores_everyone_in_the_population(
    cycle, staff, manager, other_staff, hr
):
    """Evidence from observations in the period gives the score, tier and
    amount; someone in another store is not in the population."""
    _evidence(staff)
    observe(staff, "mystery_shopper", 10, day=START - dt.timedelta(days=1))  # before
    services.cycle_compute(cycle=cycle, by=hr.user)
    cycle.refresh_from_db()
    assert cycle.state == State.MANAGER_REVIEW and cycle.progress == 100
    results = {r.employee_id: r for r in cycle.results.all()}
    assert set(results) == {staff.pk, manager.pk}
    mine = results[staff.pk]
    assert mine.final_score == Decimal("100.00")
    assert mine.tier_code == "a" and mine.amount == Decimal("1500.00")
    assert mine.employee_number == staff.number and mine.manager_id == manager.pk
    assert results[manager.pk].tier_code == "none"


def test_component_below_min_sample_is_left_out_and_weights_renormalise(
    cycle, staff, hr
):
    _evidence(staff, ms=68.0, qa=(90, 90))  # QA needs 5 calls
    services.cycle_compute(cycle=cycle, by=hr.user)
    result = cycle.results.get(employee=staff)
    rows = {c.component.key: c for c in result.components.select_related("component")}
    assert rows["qa"].included is False and rows["qa"].note == "below_min_sample"
    assert rows["qa"].n == 2
    assert rows["ms"].effective_weight == Decimal("100")
    assert result.final_score == Decimal("80.00")  # 68 / 85


def test_computing_twice_is_identical_to_the_byte(cycle, staff, hr):
    _evidence(staff, ms=70.0, qa=(80, 85, 90, 70, 75))
    services.cycle_compute(cycle=cycle, by=hr.user)
    first = _snapshot(cycle)
    ids = list(ReviewResult.objects.filter(cycle=cycle).values_list("pk", flat=True))
    services.cycle_compute(cycle=cycle, by=hr.user)
    assert _snapshot(cycle) == first
    assert (
        list(ReviewResult.objects.filter(cycle=cycle).values_list("pk", flat=True))
        == ids
    )


def test_compute_through_celery_task_reports_progress(
    cycle, staff, hr, django_capture_on_commit_callbacks
):
    _evidence(staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_compute_start(cycle=cycle, by=hr.user)
    cycle.refresh_from_db()
    assert cycle.state == State.MANAGER_REVIEW and cycle.phase == "done"


def test_tenure_gate(scheme, hr, store, staff):
    from .conftest import make_scheme

    gated = make_scheme(code="gated", min_tenure_days=180, by=hr.user)
    staff.hire_date = dt.date(2026, 8, 1)
    staff.save()
    _evidence(staff)
    cycle = services.cycle_open(
        scheme=gated,
        name="x",
        period_start=START,
        period_end=dt.date(2026, 9, 30),
        stores=[store],
        by=hr.user,
    )
    services.cycle_compute(cycle=cycle, by=hr.user)
    result = cycle.results.get(employee=staff)
    assert result.failed_gates == ["tenure"] and result.eligible is False
    assert result.amount == 0 and result.final_score == Decimal("100.00")


def test_adjustment_bounded_with_reason(cycle, staff, manager, hr):
    _evidence(staff, ms=68.0)
    services.cycle_compute(cycle=cycle, by=hr.user)
    result = cycle.results.get(employee=staff)
    before = result.final_score
    with pytest.raises(ReviewError):
        services.result_adjust(
            result=result, value=Decimal("6"), reason="x", by=manager.user
        )
    with pytest.raises(ReviewError):
        services.result_adjust(
            result=result, value=Decimal("2"), reason=" ", by=manager.user
        )
    assert Adjustment.objects.count() == 0
    result = services.result_adjust(
        result=result,
        value=Decimal("-4"),
        reason="客户投诉 / complaint",
        by=manager.user,
    )
    assert result.adjustment == Decimal("-4.00")
    assert result.final_score == before - 4
    assert Adjustment.objects.get().previous == 0


def _to_published(cycle, hr):
    services.cycle_compute(cycle=cycle, by=hr.user)
    services.cycle_calibrate(cycle=cycle, by=hr.user)
    services.cycle_publish(cycle=cycle, by=hr.user, today=dt.date(2026, 10, 8))
    cycle.refresh_from_db()
    return cycle


def test_transitions_only_along_the_table(cycle, hr):
    with pytest.raises(ReviewError):
        services.cycle_lock(cycle=cycle, by=hr.user)
    with pytest.raises(ReviewError):
        services.cycle_publish(cycle=cycle, by=hr.user)
    _to_published(cycle, hr)
    assert cycle.appeal_deadline == dt.date(2026, 10, 22)
    with pytest.raises(ReviewError):
        services.cycle_return(cycle=cycle, by=hr.user, reason="x")


def test_dispute_partly_accepted_corrects_the_value_and_rescores(
    cycle, staff, hr, manager
):
    _evidence(staff, ms=59.5, qa=(90,) * 5)  # 70 % of target -> 82 overall
    cycle = _to_published(cycle, hr)
    result = cycle.results.get(employee=staff)
    ms = result.components.get(component__key="ms")
    assert result.tier_code == "a"
    with pytest.raises(ReviewError):
        services.dispute_raise(
            component=ms, comment="", by=staff.user, today=dt.date(2026, 10, 9)
        )
    with pytest.raises(ReviewError):  # after the window
        services.dispute_raise(
            component=ms, comment="wrong", by=staff.user, today=dt.date(2026, 10, 23)
        )
    dispute = services.dispute_raise(
        component=ms,
        comment="神秘顾客那天我休假",
        proposed_value=85,
        by=staff.user,
        today=dt.date(2026, 10, 9),
    )
    with pytest.raises(ReviewError):
        services.dispute_decide(
            dispute=dispute, decision="partly", reason="", by=manager.user, value=70
        )
    dispute = services.dispute_decide(
        dispute=dispute,
        decision="partly",
        reason="部分属实",
        by=manager.user,
        value=76.5,
    )
    result.refresh_from_db()
    assert dispute.state == Dispute.State.PARTLY
    assert dispute.score_before == Decimal("82.00") and dispute.score_after == Decimal(
        "94.00"
    )
    ms.refresh_from_db()
    assert ms.raw == 59.5 and ms.override == 76.5
    # A recomputation keeps the correction.
    assert result.final_score == Decimal("94.00")


def test_dispute_about_an_observation_corrects_it(cycle, staff, hr, manager):
    _evidence(staff, ms=42.5, qa=(90,) * 5)
    cycle = _to_published(cycle, hr)
    ms = cycle.results.get(employee=staff).components.get(component__key="ms")
    from performance.models import Observation

    obs = Observation.objects.get(employee=staff, metric__code="mystery_shopper")
    dispute = services.dispute_raise(
        component=ms,
        comment="录入错误",
        proposed_value=85,
        evidence_kind="observation",
        evidence_id=obs.pk,
        by=staff.user,
        today=dt.date(2026, 10, 9),
    )
    services.dispute_decide(
        dispute=dispute, decision="accepted", reason="核实", by=hr.user
    )
    obs.refresh_from_db()
    ms.refresh_from_db()
    assert obs.value == 85 and ms.raw == 85 and ms.override is None
    assert cycle.results.get(employee=staff).final_score == Decimal("100.00")


def _locked(cycle, staff, hr):
    _evidence(staff)
    _to_published(cycle, hr)
    services.cycle_close_appeals(cycle=cycle, by=hr.user)
    services.cycle_lock(cycle=cycle, by=hr.user, reason="approved")
    cycle.refresh_from_db()
    return cycle


def test_lock_refused_with_open_disputes(cycle, staff, hr):
    _evidence(staff)
    _to_published(cycle, hr)
    ms = cycle.results.get(employee=staff).components.get(component__key="ms")
    services.dispute_raise(
        component=ms, comment="x", by=staff.user, today=dt.date(2026, 10, 9)
    )
    services.cycle_close_appeals(cycle=cycle, by=hr.user)
    with pytest.raises(ReviewError):
        services.cycle_lock(cycle=cycle, by=hr.user)


def test_locked_cycle_refused_by_the_services(cycle, staff, hr, manager):
    cycle = _locked(cycle, staff, hr)
    result = cycle.results.get(employee=staff)
    with pytest.raises(ReviewError):
        services.cycle_compute(cycle=cycle, by=hr.user)
    with pytest.raises(ReviewError):
        services.result_adjust(result=result, value=1, reason="x", by=hr.user, hr=True)
    ms = result.components.get(component__key="ms")
    with pytest.raises(ReviewError):
        services.dispute_raise(component=ms, comment="x", by=staff.user)
    services.cycle_archive(cycle=cycle, by=hr.user)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="triggers are PostgreSQL's"
)
def test_locked_cycle_refused_by_the_database(cycle, staff, hr):
    cycle = _locked(cycle, staff, hr)
    result = cycle.results.get(employee=staff)
    for attempt in (
        lambda: ReviewResult.objects.filter(pk=result.pk).update(amount=99999),
        lambda: result.components.update(override=1),
        lambda: ReviewResult.objects.filter(pk=result.pk).delete(),
        lambda: ReviewCycle.objects.filter(pk=cycle.pk).update(state="draft"),
        lambda: Adjustment.objects.create(
            result=result, value=1, reason="x", by=hr.user
        ),
    ):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            attempt()
    result.refresh_from_db()
    assert result.amount == Decimal("1500.00")
    # Locked -> archived is the one move left.
    ReviewCycle.objects.filter(pk=cycle.pk).update(state="archived")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="triggers are PostgreSQL's"
)
def test_locked_cycle_refuses_bulk_component_writes(cycle, staff, hr):
    """The lock is checked per statement: a COPY of new rows and a delete
    of many are each refused whole."""
    cycle = _locked(cycle, staff, hr)
    result = cycle.results.get(employee=staff)
    other = make_scheme(code="other", by=hr.user).components.first()
    values = (1.0, 1, Decimal("1.00"), Decimal("1"), Decimal("1"), Decimal("0"), True)
    count = ResultComponent.objects.count()
    for attempt in (
        lambda: rows_insert(
            ResultComponent,
            ("result_id", "component_id", *services.COMPONENT_FIELDS),
            [(result.pk, other.pk, *values, "")],
        ),
        lambda: ResultComponent.objects.filter(result__cycle=cycle).delete(),
    ):
        with (
            pytest.raises(IntegrityError, match="review cycle is locked"),
            transaction.atomic(),
        ):
            attempt()
    assert ResultComponent.objects.count() == count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="history is PostgreSQL's")
def test_history_keeps_who_and_why(cycle, staff, manager, hr):
    _evidence(staff, ms=68.0)
    services.cycle_compute(cycle=cycle, by=hr.user, reason="first run")
    result = cycle.results.get(employee=staff)
    services.result_adjust(
        result=result, value=Decimal("3"), reason="表现突出", by=manager.user
    )
    events = list(result.events.order_by("pgh_id"))
    assert events[-1].adjustment == Decimal("3.00")
    assert events[-1].pgh_context.metadata["reason"] == "表现突出"
    assert events[-1].pgh_context.metadata["user"] == manager.user.pk
    with pytest.raises(InternalError), transaction.atomic():
        result.events.update(amount=0)


def test_late_observations_counted_not_applied(cycle, staff, hr):
    from django.utils import timezone

    from performance.models import ImportBatch

    cycle = _locked(cycle, staff, hr)
    batch = ImportBatch.objects.create(source="file", finished_at=timezone.now())
    observe(staff, "mystery_shopper", 1, day=START + dt.timedelta(days=3), batch=batch)
    assert selectors.late_observations(cycle) == 1
    assert cycle.results.get(employee=staff).final_score == Decimal("100.00")


def test_population_by_position(scheme, hr, store, staff, manager):
    cycle = services.cycle_open(
        scheme=scheme,
        name="x",
        period_start=START,
        period_end=START,
        stores=[store],
        positions=["store_manager"],
        by=hr.user,
    )
    assert list(selectors.population(cycle)) == [manager]
    employee_with_role("staff", store=store, position="store_manager", status="left")
    assert list(selectors.population(cycle)) == [manager]
