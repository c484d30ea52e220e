"""Wagtail documents (course hand-outs, policies) are for signed-in people
only: anonymous visitors are sent to sign in, and a user without an employee
record or admin access gets 403. Collection privacy set in the admin still
applies on top (Wagtail's own hook)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from wagtail import hooks

from .access import employee_of


@hooks.register("before_serve_document")
def documents_for_signed_in_people(document, request):
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if employee_of(user) is None and not user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    return None
