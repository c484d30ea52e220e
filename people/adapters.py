from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # HR creates or imports staff; nobody signs themselves up.
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins count per account *and* client IP: a stranger
        guessing a colleague's password locks only their own attempts, not
        the colleague (ACCOUNT_RATE_LIMITS["login_failed"], whose rising
        windows make the back-off grow)."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        try:
            ip = self.get_client_ip(request)
        except Exception:  # no address at all: count with the account
            ip = "?"
        return f"{key}|{ip}"


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must have a second factor (people.access.mfa_required)
        cannot switch TOTP off; others may."""
        from .access import mfa_required

        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not mfa_required(authenticator.user)
