"""Audit pages: thin views over audits.selectors and .services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from courses.selectors import (
    AllNotApplicable,
    InvalidResponse,
    rubric_choices,
    rubric_original,
)
from people.access import employee_of

from ..models import Audit, AuditAttachment
from ..permissions import signed_in_with_mfa
from . import access, forms, selectors, services

PAGE_SIZE = 25
ALL_NA = gettext_lazy(
    "Every criterion is N/A: there is nothing to score. Choose a level for at "
    "least one criterion."
)
UNSCORABLE = gettext_lazy(
    "This rubric cannot be scored as it stands: ask a trainer to correct it."
)
TAMPERED = gettext_lazy(
    "These levels do not fit the rubric: reload the page and score again."
)


@signed_in_with_mfa
def audit_list(request):
    kind = request.GET.get("kind", "")
    filters = selectors.ListFilters(
        kind=kind if kind in Audit.Kind.values else "",
        disputed=request.GET.get("disputed") == "1",
    )
    page = Paginator(selectors.audit_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "performance/audits/list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": Audit.Kind.choices,
            "can_record": access.can_record(request.user),
        },
    )


@signed_in_with_mfa
def audit_new(request):
    if not access.can_record(request.user):
        raise PermissionDenied
    me = employee_of(request.user)
    rubric = None
    if request.GET.get("rubric", "").isdigit():
        rubric = rubric_original(int(request.GET["rubric"]))
    if rubric is None:
        return render(
            request, "performance/audits/choose.html", {"rubrics": rubric_choices()}
        )
    form = forms.AuditForm(
        request.POST or None,
        request.FILES or None,
        criteria=selectors.rubric_criteria(rubric),
        employees=access.auditable_employees(request.user),
        stores=access.auditable_stores(request.user),
        today=timezone.localdate(),
        initial={"visited_on": timezone.localdate(), "store": me.store_id},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                audit = services.audit_record(
                    auditor=me,
                    kind=data["kind"],
                    touchpoint=data["touchpoint"],
                    rubric=rubric,
                    visited_on=data["visited_on"],
                    scores=form.scores(),
                    employee=data["employee"],
                    store=data["store"],
                    overall_comment=data["overall_comment"],
                    files=form.checked_files,
                    by=request.user,
                )
            except AllNotApplicable:
                form.add_error(None, ALL_NA)
            except InvalidResponse:
                form.add_error(None, TAMPERED)
                status = 400
            except services.AuditError as exc:
                form.add_error(None, str(exc))
            except ValueError:  # rubric_version_current: a mis-authored rubric
                form.add_error(None, UNSCORABLE)
            else:
                messages.success(request, _("Audit recorded."))
                return redirect("performance:audit_detail", audit.pk)
        elif any(e.code == "invalid_choice" for e in _errors(form)):
            status = 400  # a level or choice no page offered: tampered
    return render(
        request,
        "performance/audits/new.html",
        {"form": form, "rubric_title": dict(rubric_choices()).get(rubric.pk)},
        status=status,
    )


def _errors(form):
    for errors in form.errors.as_data().values():
        yield from errors


def _audit_or_404(request, pk):
    audit = selectors.audit_for(request.user, pk)
    if audit is None:
        raise Http404
    return audit


@signed_in_with_mfa
def audit_detail(request, pk, *, dispute_form=None, decision_form=None, status=200):
    audit = _audit_or_404(request, pk)
    sheet = selectors.audit_sheet(audit)
    disputes = list(audit.disputes.select_related("raised_by", "decided_by"))
    open_dispute = next((d for d in disputes if d.is_open), None)
    can_dispute = open_dispute is None and access.can_dispute(request.user, audit)
    can_decide = open_dispute is not None and access.can_decide(request.user, audit)
    if can_dispute and dispute_form is None:
        dispute_form = forms.DisputeForm(criteria=sheet["criteria"])
    if can_decide and decision_form is None:
        decision_form = forms.DecisionForm(criteria=_disputed(sheet, open_dispute))
    return render(
        request,
        "performance/audits/detail.html",
        {
            "audit": audit,
            "sheet": sheet,
            "attachments": list(audit.attachments.all()),
            "disputes": [
                (d, selectors.level_labels(sheet["criteria"], d.proposed_levels))
                for d in disputes
            ],
            "open_dispute": open_dispute,
            "dispute_form": dispute_form if can_dispute else None,
            "decision_form": decision_form if can_decide else None,
            "auditor_flagged": selectors.auditor_calibration(audit),
        },
        status=status,
    )


def _disputed(sheet, dispute):
    return [c for c in sheet["criteria"] if c["id"] in dispute.proposed_levels]


@require_POST
@signed_in_with_mfa
def audit_dispute(request, pk):
    audit = _audit_or_404(request, pk)
    if not access.can_dispute(request.user, audit):
        raise PermissionDenied
    sheet = selectors.audit_sheet(audit)
    form = forms.DisputeForm(request.POST, criteria=sheet["criteria"])
    if form.is_valid():
        try:
            services.dispute_raise(
                audit=audit,
                by=request.user,
                comment=form.cleaned_data["comment"],
                proposed=form.proposed(),
            )
        except InvalidResponse:
            form.add_error(None, TAMPERED)
        except services.AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Dispute sent. A reviewer will decide it."))
            return redirect("performance:audit_detail", audit.pk)
    return audit_detail(request, pk, dispute_form=form, status=400)


@require_POST
@signed_in_with_mfa
def audit_decide(request, pk):
    audit = _audit_or_404(request, pk)
    dispute = audit.disputes.filter(state="open").first()
    if dispute is None or not access.can_decide(request.user, audit):
        raise PermissionDenied
    sheet = selectors.audit_sheet(audit)
    form = forms.DecisionForm(request.POST, criteria=_disputed(sheet, dispute))
    if form.is_valid():
        try:
            services.dispute_decide(
                dispute=dispute,
                by=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                levels=form.granted(),
            )
        except InvalidResponse:
            form.add_error(None, TAMPERED)
        except services.AuditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("performance:audit_detail", audit.pk)
    return audit_detail(request, pk, decision_form=form, status=400)


@signed_in_with_mfa
def audit_file(request, pk):
    """An attachment, to those who may see its audit (others 404)."""
    attachment = get_object_or_404(
        AuditAttachment.objects.filter(
            audit__in=access.audits_visible_to(request.user)
        ),
        pk=pk,
    )
    response = FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type
    )
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response
