from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over cookie and Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class AdminCSPMiddleware:
    """Wagtail's admin still emits a few inline scripts (widget set-up), so its
    pages, and only those, get 'unsafe-inline' for scripts. The site pages keep
    the strict policy. Place after csp.middleware.CSPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
        return response


# What a user who must set up two-factor authentication may still open.
MFA_SETUP_ROUTES = frozenset(
    {
        "account_login",
        "account_logout",
        "wagtail_logout_redirect",
        "account_reauthenticate",
        "account_confirm_email",
        "account_email_verification_sent",
        "mfa_index",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "people:set_language",
    }
)


class MfaRequiredMiddleware:
    """HR, trainers, lead trainers and admins without TOTP reach only the
    two-factor set-up (and sign-out, language) until they have it: every other
    page, both admins and the session API included. Pages redirect to the
    set-up; /api/ answers 403 JSON. API token requests are checked by DRF
    (people.api_auth.TokenScope). Place after AuthenticationMiddleware and
    MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from .access import has_mfa, mfa_required

        user = getattr(request, "user", None)
        if user is None or not mfa_required(user) or has_mfa(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in MFA_SETUP_ROUTES:
            return None
        message = _("Set up two-factor authentication before you continue.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(message)}, status=403)
        messages.warning(request, message)
        return redirect("mfa_activate_totp")
