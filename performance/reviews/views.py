"""Review cycle pages: thin views over performance.reviews.selectors and
services; who may see what is decided by people.access (through
performance.permissions and selectors.results_visible_to)."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people.access import employee_of
from people.i18n import in_viewer_language
from people.roles import Role, has_role
from people.tabular import csv_download

from ..models import Dispute, PayrollExport, ReviewCycle, ReviewResult, ReviewScheme
from ..permissions import employee_or_404, hr_only, manager_or_hr, signed_in_with_mfa
from . import forms, selectors, services
from .services import ReviewError

PAGE_SIZE = 50


def _is_hr(user) -> bool:
    return has_role(user, Role.HR)


@signed_in_with_mfa
def home(request):
    """Everyone: their own published results; managers and HR: links on."""
    cycles = []
    if has_role(request.user, Role.MANAGER, Role.HR):
        cycles = list(
            ReviewCycle.objects.filter(
                state__in=selectors.VISIBLE_TO_MANAGERS
            ).order_by("-period_start", "-pk")[:20]
        )
    return render(
        request,
        "performance/reviews/home.html",
        {
            "results": selectors.my_results(request.user),
            "cycles": cycles,
            "is_hr": _is_hr(request.user),
            "is_manager": has_role(request.user, Role.MANAGER),
        },
    )


# --- schemes ------------------------------------------------------------------


@hr_only
def scheme_list(request):
    schemes = ReviewScheme.objects.order_by("code", "-version")
    return render(request, "performance/reviews/scheme_list.html", {"schemes": schemes})


@hr_only
def scheme_edit(request, pk: int | None = None):
    """Create a scheme, or edit one (a version a cycle used is kept: saving
    makes the next version)."""
    base = get_object_or_404(ReviewScheme, pk=pk) if pk else None
    if request.method == "POST":
        form = forms.SchemeForm(request.POST, instance=base or ReviewScheme())
        components = forms.ComponentFormSet(request.POST, prefix="components")
        tiers = forms.TierFormSet(request.POST, prefix="tiers")
        valid = form.is_valid() & components.is_valid() & tiers.is_valid()
        if valid:
            scheme = form.save(commit=False)
            if base is not None:
                scheme.code = base.code
            c_rows = forms.component_rows(components)
            t_rows = forms.tier_rows(tiers)
            problems = services.scheme_messages(
                scheme, [c for _f, c in c_rows], [t for _f, t in t_rows]
            )
            if problems:
                forms.attach_problems(
                    problems, scheme_form=form, components=c_rows, tiers=t_rows
                )
            else:
                try:
                    saved = services.scheme_save(
                        scheme=scheme,
                        components=[c for _f, c in c_rows],
                        tiers=[t for _f, t in t_rows],
                        required_certificates=form.cleaned_data[
                            "required_certificates"
                        ],
                        by=request.user,
                    )
                except ReviewError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(
                        request,
                        _("Scheme %(scheme)s saved.") % {"scheme": saved},
                    )
                    return redirect("performance:review_scheme_list")
    else:
        initial = {}
        if base is not None:
            initial["required_certificates"] = list(
                base.required_certificates.values_list("pk", flat=True)
            )
        form = forms.SchemeForm(instance=base, initial=initial)
        components = forms.ComponentFormSet(
            prefix="components", initial=forms.initial_components(base)
        )
        tiers = forms.TierFormSet(prefix="tiers", initial=forms.initial_tiers(base))
        if base is None:
            components.extra = 3
            tiers.extra = 3
    return render(
        request,
        "performance/reviews/scheme_form.html",
        {
            "form": form,
            "components": components,
            "tiers": tiers,
            "base": base,
            "used": base is not None and base.cycles.exists(),
        },
    )


# --- cycles -------------------------------------------------------------------


@hr_only
def cycle_list(request):
    cycles = ReviewCycle.objects.select_related("scheme").order_by(
        "-period_start", "-pk"
    )
    page = Paginator(cycles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "performance/reviews/cycle_list.html", {"page": page})


@hr_only
def cycle_open(request):
    if request.method == "POST":
        form = forms.CycleForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                cycle = services.cycle_open(
                    scheme=d["scheme"],
                    name=d["name"],
                    name_en=d["name_en"],
                    period_start=d["period_start"],
                    period_end=d["period_end"],
                    stores=d["stores"],
                    positions=d["positions"],
                    appeal_days=d["appeal_days"],
                    by=request.user,
                )
            except ReviewError as exc:
                form.add_error(
                    exc.field if exc.field in form.fields else None, exc.message
                )
            else:
                return redirect("performance:review_cycle", cycle.pk)
    else:
        form = forms.CycleForm()
    return render(request, "performance/reviews/cycle_form.html", {"form": form})


@hr_only
def cycle_detail(request, pk: int):
    cycle = get_object_or_404(ReviewCycle.objects.select_related("scheme"), pk=pk)
    results = selectors.cycle_results(cycle)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/reviews/cycle_detail.html",
        {
            "cycle": cycle,
            "page": page,
            "tiers": selectors.tier_names(cycle),
            "actions": [
                (a, services.ACTION_LABELS[a]) for a in services.allowed_actions(cycle)
            ],
            "late": selectors.late_observations(cycle),
            "open_disputes": Dispute.objects.filter(
                result__cycle=cycle, state=Dispute.State.OPEN
            ).count(),
            "exports": cycle.exports.select_related("by")[:10],
        },
    )


@hr_only
def cycle_status(request, pk: int):
    cycle = get_object_or_404(ReviewCycle, pk=pk)
    return JsonResponse(
        {
            "state": cycle.state,
            "state_label": cycle.get_state_display(),
            "progress": cycle.progress,
            "phase": cycle.phase,
            "done": cycle.state != ReviewCycle.State.COMPUTING,
            "population": cycle.population,
        }
    )


@require_POST
@hr_only
def cycle_action(request, pk: int):
    cycle = get_object_or_404(ReviewCycle, pk=pk)
    form = forms.CycleActionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown step."))
    action = form.cleaned_data["action"]
    try:
        services.CYCLE_ACTIONS[action](
            cycle=cycle, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ReviewError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Done: %(action)s.") % {"action": services.ACTION_LABELS[action]}
        )
    return redirect("performance:review_cycle", cycle.pk)


@manager_or_hr
def cycle_team(request, pk: int):
    """A manager's team in one cycle (HR: everyone), with adjustments."""
    cycle = get_object_or_404(
        ReviewCycle.objects.select_related("scheme"),
        pk=pk,
        state__in=selectors.VISIBLE_TO_MANAGERS,
    )
    results = selectors.team_results(request.user, cycle)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    hr = _is_hr(request.user)
    return render(
        request,
        "performance/reviews/team.html",
        {
            "cycle": cycle,
            "page": page,
            "tiers": selectors.tier_names(cycle),
            "can_adjust": cycle.state in services.adjustment_states(hr=hr),
            "form": forms.AdjustmentForm(),
        },
    )


def _visible_result(user, pk: int) -> ReviewResult:
    result = (
        selectors.results_visible_to(user)
        .select_related("cycle__scheme", "employee", "store", "manager")
        .filter(pk=pk)
        .first()
    )
    if result is None:
        raise Http404
    return result


@require_POST
@manager_or_hr
def result_adjust(request, pk: int):
    result = _visible_result(request.user, pk)
    me = employee_of(request.user)
    if me is not None and result.employee_id == me.pk:
        raise Http404  # nobody adjusts their own score
    form = forms.AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.result_adjust(
                result=result,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                hr=_is_hr(request.user),
            )
        except ReviewError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Score of %(name)s adjusted.") % {"name": result.employee_name},
            )
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("performance:review_team", result.cycle_id)


@hr_only
def cycle_calibration(request, pk: int):
    cycle = get_object_or_404(ReviewCycle.objects.select_related("scheme"), pk=pk)
    figures = selectors.calibration_view(cycle)
    return render(
        request,
        "performance/reviews/calibration.html",
        {"cycle": cycle, "tiers": selectors.tier_names(cycle), **figures},
    )


# --- results and disputes --------------------------------------------------------


@signed_in_with_mfa
def result_detail(request, pk: int):
    """The explanation: each component's raw value, n, normalised value,
    weight, contribution, the note in words and the evidence."""
    result = _visible_result(request.user, pk)
    me = employee_of(request.user)
    own = me is not None and result.employee_id == me.pk
    cycle = result.cycle
    can_dispute = own and cycle.state == ReviewCycle.State.PUBLISHED
    from django.utils import timezone

    if cycle.appeal_deadline and timezone.localdate() > cycle.appeal_deadline:
        can_dispute = False
    return render(
        request,
        "performance/reviews/result.html",
        {
            "result": result,
            "cycle": cycle,
            "rows": selectors.explanation(result),
            "tiers": selectors.tier_names(cycle),
            "gates": selectors.gate_texts(result),
            "disputes": result.disputes.select_related("component__component__metric"),
            "adjustments": result.adjustments.select_related("by"),
            "own": own,
            "can_dispute": can_dispute,
        },
    )


@require_POST
@signed_in_with_mfa
def result_dispute(request, pk: int):
    result = _visible_result(request.user, pk)
    me = employee_of(request.user)
    if me is None or result.employee_id != me.pk:
        raise Http404
    form = forms.DisputeForm(request.POST)
    if form.is_valid():
        component = result.components.filter(pk=form.cleaned_data["component"]).first()
        if component is None:
            raise Http404
        kind, evidence_id = form.evidence_ref()
        try:
            services.dispute_raise(
                component=component,
                comment=form.cleaned_data["comment"],
                proposed_value=form.cleaned_data["proposed_value"],
                evidence_kind=kind,
                evidence_id=evidence_id,
                by=request.user,
            )
        except ReviewError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your dispute has been sent to the reviewer."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("performance:review_result", result.pk)


@manager_or_hr
def dispute_list(request):
    me = employee_of(request.user)
    disputes = (
        Dispute.objects.filter(result__in=selectors.results_visible_to(request.user))
        .exclude(result__employee=me)
        .select_related("result__cycle", "component__component__metric")
        .order_by("state", "-raised_at")
    )
    page = Paginator(disputes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "performance/reviews/dispute_list.html", {"page": page})


@manager_or_hr
def dispute_detail(request, pk: int):
    me = employee_of(request.user)
    dispute = (
        Dispute.objects.filter(result__in=selectors.results_visible_to(request.user))
        .exclude(result__employee=me)
        .select_related(
            "result__cycle__scheme", "component__component__metric", "raised_by"
        )
        .filter(pk=pk)
        .first()
    )
    if dispute is None:
        raise Http404
    if request.method == "POST":
        form = forms.DisputeDecisionForm(request.POST)
        if form.is_valid():
            try:
                services.dispute_decide(
                    dispute=dispute,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    value=form.cleaned_data["value"],
                    by=request.user,
                )
            except ReviewError as exc:
                form.add_error(
                    exc.field if exc.field in form.fields else None, exc.message
                )
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("performance:review_dispute", dispute.pk)
    else:
        form = forms.DisputeDecisionForm()
    return render(
        request,
        "performance/reviews/dispute.html",
        {
            "dispute": dispute,
            "form": form,
            "tiers": selectors.tier_names(dispute.result.cycle),
        },
    )


# --- payroll export and history ---------------------------------------------------


def _payroll_rows(cycle: ReviewCycle):
    tiers = selectors.tier_names(cycle)
    yield [
        _("Employee number"),
        _("Name"),
        _("Store"),
        _("Tier"),
        _("Score"),
        _("Amount"),
    ]
    for number, name, store_name, store_en, tier, score, amount in (
        cycle.results.order_by("employee_number")
        .values_list(
            "employee_number",
            "employee_name",
            "store__name",
            "store__name_en",
            "tier_code",
            "final_score",
            "amount",
        )
        .iterator(chunk_size=2000)
    ):
        store = in_viewer_language(store_name or "", store_en)
        yield [number, name, store, tiers.get(tier, tier), score, amount]


@hr_only
def cycle_export(request, pk: int, fmt: str):
    """Payroll file of a locked cycle, streamed: CSV (UTF-8 with BOM for
    Excel) or XLSX (written row by row to a temporary file, then streamed)."""
    cycle = get_object_or_404(ReviewCycle, pk=pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if not cycle.is_frozen:
        messages.error(request, _("Lock the cycle before exporting the payroll file."))
        return redirect("performance:review_cycle", cycle.pk)
    PayrollExport.objects.create(
        cycle=cycle, format=fmt, rows=cycle.results.count(), by=request.user
    )
    filename = f"payroll-{cycle.pk}-{cycle.period_start:%Y%m%d}.{fmt}"
    if fmt == "csv":
        return csv_download(_payroll_rows(cycle), filename)
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Payroll")[:31])
    for row in _payroll_rows(cycle):
        sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    book.save(tmp)
    tmp.seek(0)
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@hr_only
def employee_history(request, pk: int):
    employee = employee_or_404(request.user, pk)
    return render(
        request,
        "performance/reviews/history.html",
        {"employee": employee, "items": selectors.result_history(employee)},
    )
