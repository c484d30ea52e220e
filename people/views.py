import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import RedirectView
from django.views.i18n import set_language as django_set_language

from . import privacy
from .forms import (
    AnonymiseForm,
    EmployeeCreateForm,
    EmployeeEditForm,
    EmployeeFilterForm,
    RosterUploadForm,
)
from .permissions import role_required
from .roles import ROLE_LABELS, Role, roles_of
from .roster import roster_apply, roster_import
from .selectors import employee_directory, employee_profile, notifications_of
from .services import (
    employees_invite_later,
    notifications_mark_read,
    user_set_language,
)


class AdminLoginRedirectView(RedirectView):
    """Wagtail's and Django admin's login URLs send visitors to allauth's login,
    so its rate limits and MFA apply. A signed-in user lands here only for
    lack of admin access: 403, since allauth would send them straight back
    (a redirect loop)."""

    pattern_name = "account_login"
    query_string = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@login_required
def home(request):
    roles = roles_of(request.user)
    return render(
        request,
        "people/home.html",
        {
            "employee": employee_profile(request.user),
            "role_labels": [ROLE_LABELS[r] for r in Role if r in roles],
        },
    )


@require_POST
def set_language(request):
    """Django's set_language, plus saving the choice on a signed-in user."""
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    return django_set_language(request)


@require_safe
@role_required(Role.HR)
def hr_home(request):
    """HR's employee directory: search by name or number, filter by store,
    team, position and status."""
    form = EmployeeFilterForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "people/hr_home.html",
            {"form": form, "page": None},
            status=400,
        )
    employees = employee_directory(user=request.user, **form.filters())
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    return render(request, "people/hr_home.html", {"form": form, "page": page})


@role_required(Role.HR)
def roster_upload(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = roster_import(uploaded=form.cleaned_data["file"], by=request.user)
        if result.ok:
            employees_invite_later(result.created)
            messages.success(
                request,
                _("Roster imported: %(c)d created, %(u)d updated, %(n)d unchanged.")
                % {
                    "c": len(result.created),
                    "u": result.updated,
                    "n": result.unchanged,
                },
            )
        else:
            messages.error(
                request,
                _(
                    "Nothing was imported: %(n)d problem(s) found. Fix them and upload again."
                )
                % {"n": len(result.errors)},
            )
    status = 400 if result is not None and not result.ok else 200
    return render(
        request,
        "people/roster_upload.html",
        {"form": form, "result": result},
        status=status,
    )


@role_required(Role.HR)
def roster_template(request, kind: str):
    """The roster template as CSV or XLSX, headed in the viewer's language."""
    from . import roster_template as template

    language = get_language() or ""
    if kind == "xlsx":
        body = template.template_xlsx(language)
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        body, content_type = template.template_csv(language), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="roster-template.{kind}"'
    return response


# Form fields for roster columns, so row errors land on the right field.
ROSTER_FIELD = {
    "number": "number",
    "name": "name",
    "email": "email",
    "position": "position",
    "store": "store",
    "team": "team",
    "manager": "manager",
    "hire_date": "hire_date",
    "language": "language",
}


@role_required(Role.HR)
def employee_create(request):
    form = EmployeeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = roster_apply(
            rows=[(1, form.as_roster_row())], by=request.user, reason="employee created"
        )
        if result.ok:
            employees_invite_later(result.created)
            messages.success(
                request, _("Employee created; an invitation email is on its way.")
            )
            return redirect("people:hr_home")
        for error in result.errors:
            form.add_error(ROSTER_FIELD.get(error.column), error.reason)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "people/employee_form.html", {"form": form}, status=status)


@role_required(Role.HR)
def employee_detail(request, pk):
    """HR: one employee's details and the form changing them (store, team,
    position, manager, status). Saved through the roster's rules, so a change
    here is checked, recorded and followed up (new paths for a new position)
    exactly as an imported one."""
    employee = _hr_employee(request, pk)
    if employee.anonymised_at is not None and request.method == "POST":
        messages.error(request, _("An anonymised employee cannot be changed."))
        return redirect("people:employee_detail", pk=employee.pk)
    form = EmployeeEditForm(
        request.POST or None, employee=employee, editor=request.user
    )
    if request.method == "POST" and form.is_valid():
        result = roster_apply(
            rows=[(1, form.as_roster_row())],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        if result.ok:
            if result.updated:
                messages.success(
                    request, _("Changes to %(e)s saved.") % {"e": employee}
                )
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("people:employee_detail", pk=employee.pk)
        for error in result.errors:
            form.add_error(ROSTER_FIELD.get(error.column), error.reason)
    status = 400 if form.is_bound and form.errors else 200
    return _detail(request, employee, form=form, status=status)


def _detail(request, employee, *, form=None, anonymise_form=None, status=200):
    if form is None:
        form = EmployeeEditForm(employee=employee, editor=request.user)
    return render(
        request,
        "people/employee_detail.html",
        {
            "employee": employee,
            "form": form,
            "anonymise_form": anonymise_form or AnonymiseForm(prefix="anon"),
            "role_labels": [
                ROLE_LABELS[r] for r in Role if r in roles_of(employee.user)
            ],
        },
        status=status,
    )


def _hr_employee(request, pk):
    """An employee HR may see, with their account, or 404."""
    return get_object_or_404(
        employee_directory(user=request.user).select_related("user"), pk=pk
    )


@require_safe
@role_required(Role.HR)
def employee_personal_data(request, pk):
    """HR: everything held about one employee, as a zip of JSON and files."""
    employee = _hr_employee(request, pk)
    return FileResponse(
        privacy.personal_data_zip(employee),
        as_attachment=True,
        filename=f"personal-data-{employee.number}.zip",
        content_type="application/zip",
    )


@require_POST
@role_required(Role.HR)
def employee_anonymise(request, pk):
    """HR: anonymise an employee who has left (the detail page's form)."""
    employee = _hr_employee(request, pk)
    form = AnonymiseForm(request.POST, prefix="anon")
    if form.is_valid():
        try:
            privacy.employee_anonymise(
                employee=employee, by=request.user, reason=form.cleaned_data["reason"]
            )
        except privacy.NotLeft:
            form.add_error(None, _("Only an employee who has left can be anonymised."))
        else:
            messages.success(request, _("The employee's personal data was removed."))
            return redirect("people:employee_detail", pk=employee.pk)
    return _detail(request, employee, anonymise_form=form, status=400)


@login_required
def notifications(request):
    """The bell's page: the latest notifications; opening it marks them read."""
    employee = employee_profile(request.user)
    items = notifications_of(employee) if employee else []
    unread = {n.pk for n in items if n.read_at is None}
    if employee is not None and unread:
        notifications_mark_read(employee=employee)
    return render(
        request,
        "people/notifications.html",
        {"items": items, "unread": unread, "employee": employee},
    )


# --- installable app: manifest, service worker, offline page ---------------


def _static_version() -> str:
    """Changes when the shell's files change (the service worker then
    re-caches them): a hash of their URLs, which carry content hashes in
    production, and of their sizes and times in development."""
    import hashlib

    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    parts = []
    for name in SHELL_FILES:
        parts.append(static(name))
        path = finders.find(name)
        if path:
            stat = os.stat(path)
            parts.append(f"{stat.st_size}:{int(stat.st_mtime)}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


SHELL_FILES = (
    "css/site.css",
    "js/site.js",
    "training/quiz.js",
    "icons/icon-192.png",
    "icons/favicon-32.png",
)


@require_safe
def manifest(request):
    from django.templatetags.static import static

    data = {
        "name": _("ServiceTrain"),
        "short_name": _("ServiceTrain"),
        "description": _("Service-skills training linked to on-the-job performance."),
        "start_url": reverse("training:dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f7f9fb",
        "theme_color": "#0b6e4f",
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {
                "src": static("icons/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
            },
            {
                "src": static("icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
            },
            {
                "src": static("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def service_worker(request):
    """Served at the site root, so that its scope is the whole site; never
    cached by HTTP (browsers check it for updates)."""
    response = render(
        request,
        "people/sw.js",
        {"version": _static_version(), "offline_url": reverse("people:offline")},
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request):
    """The page the service worker shows offline for a page never opened."""
    return render(request, "people/offline.html")


HISTORY_PAGE_SIZE = 50


@require_safe
@role_required(Role.HR)
def employee_history(request, pk):
    """HR: one employee's history of grades, score sheets, certificates,
    observations and roles, newest first, with who changed what and why."""
    from django.http import Http404

    from . import history
    from .models import Employee

    employee = (
        employee_directory(user=request.user).filter(pk=pk).select_related(None).first()
    )
    if employee is None:
        raise Http404
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    number = min(number, 200)  # deep pages cost more: each source reads up to the page
    size = HISTORY_PAGE_SIZE
    # One entry more than the page tells whether a next page exists.
    rows = history.employee_history(
        employee, offset=(number - 1) * size, limit=size + 1
    )
    has_next = len(rows) > size
    rows = rows[:size]
    names = dict(
        Employee.objects.filter(
            user_id__in={r.user_id for r in rows if r.user_id}
        ).values_list("user_id", "name")
    )
    entries = [(r, names.get(r.user_id, "")) for r in rows]
    return render(
        request,
        "people/employee_history.html",
        {
            "employee": employee,
            "entries": entries,
            "number": number,
            "has_next": has_next,
            "previous_number": number - 1,
            "next_number": number + 1,
        },
    )
