from tests.route_policy_base import (
    HIDDEN,
    NOT_ALLOWED,
    OK,
    UNAUTHENTICATED,
    Route,
    everyone,
    only,
    owner_record,
)


def _metric(ctx):
    from performance.models import Metric

    return {"pk": Metric.objects.get(code="csat").pk}


def _batch(ctx):
    from performance.models import ImportBatch

    batch = ImportBatch.objects.create(
        source="file", original_name="x.csv", status=ImportBatch.Status.FAILED
    )
    return {"pk": batch.pk}


def _observation(ctx):
    import datetime as dt

    from performance.models import Level, Metric, Observation

    observation, _ = Observation.objects.get_or_create(
        metric=Metric.objects.get(code="aht"),
        level=Level.EMPLOYEE,
        employee=ctx.staff,
        period_start=dt.date(2026, 1, 5),
        period_end=dt.date(2026, 1, 5),
        source="policy",
        defaults={"value": 300},
    )
    return {"pk": observation.pk}


def _api_record(kwargs):
    """An API object of ctx.staff: like owner_record, but the API answers
    anonymous callers 401/403 instead of redirecting to sign in."""
    return Route(UNAUTHENTICATED, OK, HIDDEN, OK, HIDDEN, OK, kwargs)


ROUTES: dict = {
    "performance-employee-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "performance-employee-detail": _api_record(lambda ctx: {"pk": ctx.staff.pk}),
    "performance-metric-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "performance-metric-detail": everyone(
        OK, anonymous=UNAUTHENTICATED, kwargs=_metric
    ),
    "performance-observation-list": everyone(OK, anonymous=UNAUTHENTICATED),
    "performance-observation-detail": _api_record(_observation),
    # POST-only (HR only; tested in tests/performance/test_api.py).
    "performance-observation-bulk": everyone(NOT_ALLOWED, anonymous=UNAUTHENTICATED),
    "performance:my_record": everyone(),
    "performance:employee_list": only("manager", "hr"),
    "performance:employee_record": owner_record(
        kwargs=lambda ctx: {"pk": ctx.staff.pk}
    ),
    "performance:metric_list": only("hr"),
    "performance:metric_create": only("hr"),
    "performance:metric_edit": only("hr", kwargs=_metric),
    "performance:import_list": only("hr"),
    "performance:import_new": only("hr"),
    "performance:import_detail": only("hr", kwargs=_batch),
    "performance:import_status": only("hr", kwargs=_batch),
    "performance:import_retry": only("hr", ok=NOT_ALLOWED, kwargs=_batch),
    "performance:import_errors": only("hr", kwargs=_batch),
}
