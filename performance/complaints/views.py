"""Complaint pages: thin views over complaints.selectors and .services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import modelformset_factory
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people.access import employee_of
from people.models import Store
from people.roles import Role, roles_of

from ..models import BusinessCalendar, Complaint, RefresherRule, Severity, SlaTarget
from ..permissions import hr_only, signed_in_with_mfa
from . import access, forms, selectors, services

PAGE_SIZE = 25


def _me_or_403(request):
    me = employee_of(request.user)
    if me is None:
        raise PermissionDenied
    return me


@signed_in_with_mfa
def complaint_list(request):
    state = request.GET.get("state", "open")
    if state not in {"", "open", "overdue", *Complaint.State.values}:
        state = "open"
    try:
        store = int(request.GET.get("store") or 0) or None
    except ValueError:
        store = None
    severity = request.GET.get("severity", "")
    severity = severity if severity in Severity.values else ""
    filters = selectors.ListFilters(state=state, store=store, severity=severity)
    now = timezone.now()
    page = Paginator(
        selectors.complaint_list(request.user, filters, now=now), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [(c, selectors.flags(c, now)) for c in page]
    roles = roles_of(request.user)
    stores = (
        Store.objects.order_by("code")
        if roles & {Role.HR, Role.MANAGER}
        else Store.objects.none()
    )
    if Role.HR not in roles:
        me = employee_of(request.user)
        stores = stores.filter(pk=getattr(me, "store_id", None))
    return render(
        request,
        "performance/complaints/list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "states": Complaint.State.choices,
            "severities": Severity.choices,
            "stores": list(stores),
        },
    )


@signed_in_with_mfa
def complaint_new(request):
    me = _me_or_403(request)
    form = forms.ComplaintForm(request.POST or None, initial={"store": me.store_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_record(
                by=me,
                store=data["store"],
                channel=data["channel"],
                category=data["category"],
                severity=data["severity"],
                customer_tier=data["customer_tier"],
                description=data["description"],
                employees=data["employees"],
                customer_name=data["customer_name"],
                customer_contact=data["customer_contact"],
                received_at=data["received_at"],
            )
        except services.ComplaintError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Complaint recorded. You own it until you hand it over.")
            )
            return redirect("performance:complaint_detail", complaint.pk)
    return render(request, "performance/complaints/new.html", {"form": form})


# (form class, the text field's label) for each step; views build the
# service's keyword arguments from them in `_move_kwargs`.
TEXT_LABELS = {
    "invalidate": _("Why it is not valid"),
    "analyse": _("Cause"),
    "propose": _("Proposed resolution"),
    "send_back": _("Why it is sent back"),
    "carry_out": _("What the customer said when informed"),
    "close": _("Review and lessons"),
}
TEXT_ARGUMENT = {
    "invalidate": "reason",
    "analyse": "cause",
    "propose": "resolution",
    "send_back": "note",
    "carry_out": "customer_feedback",
    "close": "review",
}
MOVE_LABELS = {
    "validate": _("Valid"),
    "invalidate": _("Not valid"),
    "assign": _("Assign to department"),
    "analyse": _("Record the cause"),
    "propose": _("Propose a resolution"),
    "approve": _("Approve"),
    "send_back": _("Send back"),
    "carry_out": _("Carried out, customer informed"),
    "close": _("Review and close"),
}


def _move_form(name: str, data=None):
    if name == "assign":
        return forms.AssignForm(data, prefix=name)
    if name in TEXT_ARGUMENT:
        form = forms.TextForm(data, prefix=name)
        form.fields["text"].label = TEXT_LABELS[name]
        return form
    return forms.NoteForm(data, prefix=name)


def _move_kwargs(name: str, form) -> dict:
    data = form.cleaned_data
    if name == "assign":
        return {"department": data["department"], "note": data["note"]}
    if name in TEXT_ARGUMENT:
        return {TEXT_ARGUMENT[name]: data["text"]}
    return {"note": data["note"]}


def _visible_or_404(request, pk: int) -> Complaint:
    complaint = selectors.complaint_detail(request.user, pk)
    if complaint is None:
        raise Http404
    return complaint


@signed_in_with_mfa
def complaint_detail(request, pk: int):
    complaint = _visible_or_404(request, pk)
    return _render_detail(request, complaint)


def _render_detail(request, complaint, bound=None, status=200, refusals=()):
    """The detail page; `bound` = (action name, bound form with errors)."""
    now = timezone.now()
    can_handle = access.can_handle(request.user, complaint)
    move_names = services.moves_from(complaint.state) if can_handle else []
    if not access.can_approve(request.user):
        move_names = [n for n in move_names if n not in ("approve", "send_back")]
    bound_name, bound_form = bound or (None, None)
    moves = [
        {
            "name": n,
            "label": MOVE_LABELS[n],
            "form": bound_form if n == bound_name else _move_form(n),
        }
        for n in move_names
    ]

    # Field errors show in their form; a form not on the page (a step it
    # cannot take) and the services' refusals show at the top.
    shown = set(move_names) | {"handover", "recovery", "pause"}
    errors = list(refusals)
    if bound_form is not None and bound_name not in shown:
        errors += [e for field in bound_form.errors.values() for e in field]

    def side(name, make):
        return bound_form if name == bound_name else make()

    return render(
        request,
        "performance/complaints/detail.html",
        {
            "complaint": complaint,
            "flags": selectors.flags(complaint, now),
            "sla": services.sla_status(complaint, now=now),
            "show_customer": access.can_see_customer(request.user, complaint),
            "can_handle": can_handle and complaint.state not in ("invalid", "closed"),
            "moves": moves,
            "history": selectors.complaint_history(complaint),
            "recovery": complaint.recovery_actions.select_related("by"),
            "handover_form": side(
                "handover", lambda: forms.HandOverForm(prefix="handover")
            ),
            "recovery_form": side(
                "recovery", lambda: forms.RecoveryForm(prefix="recovery")
            ),
            "pause_form": side("pause", lambda: _pause_form()),
            "note_form": forms.NoteForm(prefix="note"),
            "errors": errors,
        },
        status=status,
    )


def _pause_form(data=None):
    form = forms.TextForm(data, prefix="pause")
    form.fields["text"].label = _("What are you waiting for from the customer?")
    form.fields["text"].widget.attrs["rows"] = 2
    return form


OTHER_ACTIONS = ("reply", "pause", "resume", "handover", "recovery")


@require_POST
@signed_in_with_mfa
def complaint_act(request, pk: int, action: str):
    """One POST per action (a step move, reply, pause, resume, hand-over or
    recovery). Input errors re-render the page with the message (400);
    refusals by the service too (403 when not allowed), nothing changed."""
    if action not in services.MOVES and action not in OTHER_ACTIONS:
        raise Http404
    complaint = _visible_or_404(request, pk)
    me = _me_or_403(request)
    if not access.can_handle(request.user, complaint):
        raise PermissionDenied
    if action in services.MOVES:
        form = _move_form(action, request.POST)
        call = lambda: services.MOVES[action](  # noqa: E731
            complaint=complaint, by=me, **_move_kwargs(action, form)
        )
    elif action == "pause":
        form = _pause_form(request.POST)
        call = lambda: services.complaint_pause(  # noqa: E731
            complaint=complaint, by=me, reason=form.cleaned_data["text"]
        )
    elif action == "handover":
        form = forms.HandOverForm(request.POST, prefix="handover")
        call = lambda: services.complaint_hand_over(  # noqa: E731
            complaint=complaint,
            by=me,
            to=form.cleaned_data["number"],
            note=form.cleaned_data["note"],
        )
    elif action == "recovery":
        form = forms.RecoveryForm(request.POST, prefix="recovery")
        call = lambda: services.recovery_action_add(  # noqa: E731
            complaint=complaint, by=me, **form.cleaned_data
        )
    else:
        form = forms.NoteForm(request.POST, prefix="note")
        service = {
            "reply": services.complaint_reply,
            "resume": services.complaint_resume,
        }[action]
        call = lambda: service(  # noqa: E731
            complaint=complaint, by=me, note=form.cleaned_data["note"]
        )
    if not form.is_valid():
        return _render_detail(request, complaint, (action, form), status=400)
    try:
        call()
    except services.ComplaintError as exc:
        return _render_detail(
            request, complaint, status=exc.status, refusals=[str(exc)]
        )
    messages.success(request, _("Saved."))
    if action == "handover" and not access.can_see(request.user, complaint):
        return redirect("performance:complaint_list")
    return redirect("performance:complaint_detail", complaint.pk)


# --- HR: SLA settings -----------------------------------------------------------

TargetFormSet = modelformset_factory(
    SlaTarget, fields=["reply_hours", "resolution_hours"], extra=0
)


@hr_only
def sla_settings(request):
    services.sla_targets_ensure()
    formset = TargetFormSet(request.POST or None, queryset=selectors.sla_targets())
    if request.method == "POST":
        if formset.is_valid():
            with transaction.atomic():
                formset.save()
            messages.success(request, _("SLA targets saved. New complaints use them."))
            return redirect("performance:complaint_sla")
    services.calendar_default()
    return render(
        request,
        "performance/complaints/sla.html",
        {"formset": formset, "calendars": selectors.calendars()},
        status=400 if request.method == "POST" else 200,
    )


@hr_only
def calendar_edit(request, pk: int | None = None):
    calendar = get_object_or_404(BusinessCalendar, pk=pk) if pk else None
    initial = forms.CalendarForm.initial_for(calendar) if calendar else {}
    form = forms.CalendarForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = calendar or BusinessCalendar()
        target.name, target.store = data["name"], data["store"]
        clash = BusinessCalendar.objects.filter(store=data["store"]).exclude(
            pk=target.pk
        )
        if data["store"] is not None and clash.exists():
            form.add_error("store", _("This store already has a calendar."))
        else:
            try:
                services.calendar_save(
                    calendar=target, hours=data["hours"], holidays=data["holiday_list"]
                )
            except services.ComplaintError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Calendar saved."))
                return redirect("performance:complaint_sla")
    return render(
        request,
        "performance/complaints/calendar.html",
        {"form": form, "calendar": calendar},
        status=400 if request.method == "POST" else 200,
    )


# --- HR: refresher rules ------------------------------------------------------


@hr_only
def refresher_rules(request):
    from training.selectors import course_choices

    choices = course_choices()
    form = forms.RefresherRuleForm(request.POST or None, course_choices=choices)
    if request.method == "POST":
        if "deactivate" in request.POST:
            pk = request.POST.get("deactivate", "")
            if pk.isdigit():
                RefresherRule.objects.filter(pk=int(pk)).update(is_active=False)
            messages.success(request, _("Rule switched off."))
            return redirect("performance:complaint_rules")
        if form.is_valid():
            rule = form.save(commit=False)
            rule.created_by = request.user
            rule.save()
            messages.success(request, _("Rule saved."))
            return redirect("performance:complaint_rules")
    titles = dict(choices)
    rules = [
        (r, titles.get(r.course_id, ""))
        for r in RefresherRule.objects.filter(is_active=True)
    ]
    return render(
        request,
        "performance/complaints/rules.html",
        {"form": form, "rules": rules},
        status=400 if request.method == "POST" else 200,
    )


@hr_only
def customer_data(request):
    """HR answers a customer's request: finds their complaints by phone,
    email or name, downloads what they hold (JSON), or erases it (POST)."""
    me = _me_or_403(request)
    data = request.POST if request.method == "POST" else request.GET
    lookup = forms.CustomerLookupForm({"q": data["q"]} if "q" in data else None)
    found = None
    if lookup.is_valid():
        found = selectors.complaints_of_customer(request.user, lookup.cleaned_data["q"])
    erase_form = forms.CustomerEraseForm(
        request.POST if request.method == "POST" else None,
        initial={"q": data.get("q", "")},
    )
    if found is not None and erase_form.is_valid():
        try:
            n = services.complaints_customer_erase(
                complaints=found, by=me, reason=erase_form.cleaned_data["reason"]
            )
        except services.ComplaintError as exc:
            erase_form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Customer data erased from %(n)d complaint(s).") % {"n": n}
            )
            query = urlencode({"q": lookup.cleaned_data["q"]})
            return redirect(f"{request.path}?{query}")
    if found is not None and request.GET.get("format") == "json":
        response = JsonResponse(
            {"complaints": selectors.customer_data(found)},
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
        response["Content-Disposition"] = 'attachment; filename="customer-data.json"'
        return response
    return render(
        request,
        "performance/complaints/customer_data.html",
        {
            "lookup": lookup,
            "found": list(found[:200]) if found is not None else None,
            "erase_form": erase_form,
        },
        status=400 if lookup.errors or erase_form.errors else 200,
    )
