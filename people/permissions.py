"""View guards built on people.access; other apps' permissions.py reuse them."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from .access import has_mfa, mfa_required
from .roles import has_role


def role_required(*roles: str):
    """Signed in and holding one of `roles`; otherwise login or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def mfa_enforced(view):
    """HR and trainers without TOTP are sent to set it up first."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and mfa_required(user) and not has_mfa(user):
            messages.warning(
                request,
                _(
                    "Set up two-factor authentication before opening performance records."
                ),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapped


class HasRole(BasePermission):
    """DRF: `HasRole.of("hr")` as a permission class."""

    roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, *roles: str):
        return type("HasRole_" + "_".join(roles), (cls,), {"roles": roles})

    def has_permission(self, request, view):
        return bool(request.user and has_role(request.user, *self.roles))
