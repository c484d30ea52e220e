"""Who may open which performance page: people.access decides, these apply it."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404

from people.access import can_see_employee, employees_visible_to
from people.models import Employee
from people.permissions import mfa_enforced, role_required
from people.roles import Role


def signed_in_with_mfa(view):
    """Signed in; HR and trainers must have set up MFA first."""
    guarded = mfa_enforced(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return guarded(request, *args, **kwargs)

    return wrapped


def hr_only(view):
    """HR only (others 403), with MFA set up."""
    return role_required(Role.HR)(mfa_enforced(view))


def manager_or_hr(view):
    return role_required(Role.MANAGER, Role.HR)(mfa_enforced(view))


def visible_employees(user):
    return employees_visible_to(user, record="performance")


def employee_or_404(user, pk: int) -> Employee:
    """The employee whose performance record `user` may see; 404 otherwise,
    so that other people's records are not revealed."""
    employee = get_object_or_404(
        Employee.objects.select_related("store", "team", "manager"), pk=pk
    )
    if not can_see_employee(user, employee, record="performance"):
        from django.http import Http404

        raise Http404
    return employee
