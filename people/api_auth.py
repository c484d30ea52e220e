"""API token authentication for integrations (DRF), and the scope check that
every app's API applies to token requests."""

import hashlib
import hmac

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .access import has_mfa, mfa_required
from .models import ApiToken

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer st_<prefix>_<secret>`; sets request.auth to the
    ApiToken."""

    def authenticate(self, request):
        try:
            parts = get_authorization_header(request).split()
        except UnicodeError:  # beyond Latin-1: not a token of ours
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from None
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        pieces = key.split("_", 2)
        if len(pieces) != 3 or pieces[0] != "st":
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = (
            ApiToken.objects.select_related("user")
            .filter(prefix=pieces[1], revoked_at__isnull=True)
            .first()
        )
        digest = hashlib.sha256(key.encode()).hexdigest()
        if token is None or not hmac.compare_digest(token.key_hash, digest):
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class TokenScope(BasePermission):
    """Token requests need the `read` scope for safe methods and the view's
    `write_scope` otherwise; the scope only narrows what the token's user may
    do (the view's role and access checks still apply). Signed-in (session)
    HR and trainers need MFA, as on the pages; a token is not an interactive
    sign-in, and HR created it behind MFA."""

    message = _("This token does not have the scope this request needs.")

    def has_permission(self, request, view):
        token = request.auth
        if isinstance(token, ApiToken):
            needed = (
                ApiToken.Scope.READ
                if request.method in SAFE_METHODS
                else getattr(view, "write_scope", None)
            )
            return needed is not None and needed in token.scopes
        user = request.user
        return not (user and mfa_required(user) and not has_mfa(user))


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "people.api_auth.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "An API token created by HR (scopes: read, observations:write, "
                "reviews:write)."
            ),
        }
