from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import EmployeeCreateForm, RosterUploadForm
from .permissions import role_required
from .roles import ROLE_LABELS, Role, roles_of
from .roster import roster_apply, roster_import
from .selectors import employee_directory, employee_profile
from .services import employees_invite_later, user_set_language


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


@role_required(Role.HR)
def hr_home(request):
    search = request.GET.get("q", "").strip()
    page = Paginator(employee_directory(user=request.user, search=search), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "people/hr_home.html", {"page": page, "q": search})


@role_required(Role.HR)
def roster_upload(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = roster_import(uploaded=form.cleaned_data["file"])
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
        result = roster_apply(rows=[(1, form.as_roster_row())])
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
