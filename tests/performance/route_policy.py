from tests.route_policy_base import everyone, only, owner_record


def _metric(ctx):
    from performance.models import Metric

    return {"pk": Metric.objects.get(code="csat").pk}


def _batch(ctx):
    from performance.models import ImportBatch

    batch = ImportBatch.objects.create(
        source="file", original_name="x.csv", status=ImportBatch.Status.FAILED
    )
    return {"pk": batch.pk}


ROUTES: dict = {
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
    "performance:import_errors": only("hr", kwargs=_batch),
}
