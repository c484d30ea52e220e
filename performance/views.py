from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people.roles import Role, roles_of
from people.selectors import employee_profile, employee_search
from people.tabular import TableError, csv_download

from .forms import ImportUploadForm, MappingForm, MetricForm
from .ingest import COLUMN_LABELS, reason
from .models import ImportBatch, Metric
from .permissions import (
    employee_or_404,
    hr_only,
    manager_or_hr,
    signed_in_with_mfa,
    visible_employees,
)
from .selectors import (
    employee_record,
    import_batches,
    import_preview,
    record_metrics,
)
from .services import import_batch_create, import_batch_retry, import_batch_start

PERIODS = (6, 12, 24)


# The metrics part of a record is the same whoever looks at it (access is
# checked before), so it is rendered once per (employee, period, day, language,
# metric definitions and last import) and cached; a committed import batch or
# an edited metric is a new key. Observations written outside a batch (demo
# seeding, fixtures) show when the entry expires.
RECORD_CACHE_SECONDS = 600


def _record_section(employee, months: int) -> tuple[str, list | None]:
    metrics, version = record_metrics()
    today = timezone.localdate()
    key = (
        f"performance:record:{employee.pk}:{months}:{today}:{get_language()}:{version}"
    )
    html = cache.get(key)
    if html is not None:
        return mark_safe(html), None  # our template's output
    trends = employee_record(
        employee=employee, months=months, today=today, metrics=metrics
    )
    chart = {
        "metrics": [
            {
                "code": t.metric.code,
                "name": t.metric.display_name,
                "unit": t.metric.unit,
                "target": t.metric.target,
                "labels": [p["month"].strftime("%Y-%m") for p in t.points],
                "values": [
                    None if p["value"] is None else round(p["value"], 2)
                    for p in t.points
                ],
            }
            for t in trends
            if t.points
        ],
        "labels": {"value": _("Value"), "target": _("Target")},
    }
    html = render_to_string(
        "performance/includes/record_metrics.html",
        {
            "trends": trends,
            "empty_trends": [t for t in trends if not t.points],
            "chart": chart,
        },
    )
    cache.set(key, html, RECORD_CACHE_SECONDS)
    return mark_safe(html), trends


def _render_record(request, employee):
    try:
        months = int(request.GET.get("months", 12))
    except ValueError:
        months = 12
    months = months if months in PERIODS else 12
    section, trends = _record_section(employee, months)
    return render(
        request,
        "performance/record.html",
        {
            "employee": employee,
            "section": section,
            "trends": trends,  # None when the section came from the cache
            "months": months,
            "periods": PERIODS,
            "is_own": employee.user_id == request.user.pk,
            # HR reads the history of the person's scores (people.history).
            "show_history": Role.HR in roles_of(request.user),
        },
    )


@signed_in_with_mfa
def my_record(request):
    employee = employee_profile(request.user)  # with store and team: one query
    if employee is None:
        return render(request, "performance/no_record.html")
    return _render_record(request, employee)


@signed_in_with_mfa
def employee_record_view(request, pk: int):
    return _render_record(request, employee_or_404(request.user, pk))


@manager_or_hr
def employee_list(request):
    search = request.GET.get("q", "").strip()
    qs = employee_search(visible_employees(request.user), search)
    page = Paginator(
        qs.select_related("store", "team").order_by("number"), 50
    ).get_page(request.GET.get("page"))
    return render(
        request, "performance/employee_list.html", {"page": page, "q": search}
    )


@hr_only
def metric_list(request):
    return render(
        request,
        "performance/metric_list.html",
        {"metrics": Metric.objects.order_by("level", "code")},
    )


@hr_only
def metric_edit(request, pk: int | None = None):
    metric = get_object_or_404(Metric, pk=pk) if pk else None
    form = MetricForm(request.POST or None, instance=metric)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Metric saved."))
        return redirect("performance:metric_list")
    return render(
        request, "performance/metric_form.html", {"form": form, "metric": metric}
    )


@hr_only
def import_list(request):
    page = Paginator(import_batches(), 25).get_page(request.GET.get("page"))
    return render(request, "performance/import_list.html", {"page": page})


@hr_only
def import_new(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = import_batch_create(
            uploaded=form.cleaned_data["file"],
            source=form.cleaned_data["source"],
            user=request.user,
        )
        return redirect("performance:import_detail", pk=batch.pk)
    return render(request, "performance/import_new.html", {"form": form})


@hr_only
def import_detail(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.status != ImportBatch.Status.UPLOADED:
        errors = batch.row_errors.all()[:200]
        metrics = {m.code: m for m in Metric.objects.all()} if errors else {}
        return render(
            request,
            "performance/import_detail.html",
            {
                "batch": batch,
                "errors": [
                    (e, _column_label(batch, e.column), _reason(e, metrics))
                    for e in errors
                ],
            },
        )
    try:
        headers, preview = import_preview(batch=batch)
    except TableError as exc:
        messages.error(request, str(exc))
        headers, preview = [], []
    form = MappingForm(request.POST or None, headers=headers)
    if request.method == "POST" and headers and form.is_valid():
        import_batch_start(batch=batch, mapping=form.cleaned_data)
        return redirect("performance:import_detail", pk=batch.pk)
    return render(
        request,
        "performance/import_mapping.html",
        {"batch": batch, "form": form, "headers": headers, "preview": preview},
    )


@hr_only
@require_POST
def import_retry(request, pk):
    """Queue a failed import again from its stored file."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    if import_batch_retry(batch=batch):
        messages.success(request, _("The import was queued again."))
    else:
        messages.error(request, _("Only a failed file import can be retried."))
    return redirect("performance:import_detail", pk=batch.pk)


@hr_only
def import_status(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "phase": batch.phase,
            "progress": batch.progress,
            "rows": batch.rows_total,
            "rows_label": ngettext(
                "%(counter)s row", "%(counter)s rows", batch.rows_total
            )
            % {"counter": batch.rows_total},
            "created": batch.created_count,
            "updated": batch.updated_count,
            "unchanged": batch.unchanged_count,
            "errors": batch.error_count,
            "done": batch.is_done,
        }
    )


def _column_label(batch, column: str) -> str:
    if not column:
        return _("(whole row)")
    return batch.mapping.get(column) or str(COLUMN_LABELS.get(column, column))


def _reason(error, metrics) -> str:
    return reason(error.code, error.value, error.detail, metrics)


@hr_only
def import_errors(request, pk):
    """Every problem of a batch as CSV (row, column, reason), streamed."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    metrics = {m.code: m for m in Metric.objects.all()}

    def rows():
        yield [_("Row"), _("Column"), _("Reason")]
        for error in batch.row_errors.order_by("row", "column").iterator(2000):
            yield [
                error.row,
                _column_label(batch, error.column),
                _reason(error, metrics),
            ]

    return csv_download(rows(), f"import-{batch.pk}-errors.csv")
