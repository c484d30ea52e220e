"""Two-factor authentication where it matters: HR, trainers, lead trainers and
admins set up TOTP (with recovery codes) before anything else, and cannot
switch it off. The route-by-route proof is tests/test_route_policy.py."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client
from django.urls import reverse

from people.access import has_mfa, mfa_required
from tests.factories import employee_with_role
from tests.people.test_accounts import LOGIN, _current_code, logged_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "needed"),
    [
        ("staff", False),
        ("manager", False),
        ("trainer", True),
        ("lead_trainer", True),
        ("hr", True),
    ],
)
def test_who_needs_a_second_factor(role, needed):
    """Roles that see many people's data or edit content need TOTP."""
    employee = employee_with_role(role, store=None, team=None)
    assert mfa_required(employee.user) is needed


def test_admins_need_a_second_factor(django_user_model):
    superuser = django_user_model.objects.create_superuser(
        email="root@example.com", password="x"
    )
    assert mfa_required(superuser)


def test_request_user_carries_mfa_state(hr, staff, login):
    """The request's user is loaded with its MFA state: no extra query."""
    from people.auth_backends import ModelBackend

    user = ModelBackend().get_user(hr.user.pk)
    assert user.mfa_group_count == 1 and user.has_totp is False
    assert mfa_required(user) and not has_mfa(user)
    login(hr)  # sets TOTP up
    user = ModelBackend().get_user(hr.user.pk)
    assert has_mfa(user)
    assert not mfa_required(ModelBackend().get_user(staff.user.pk))


def test_hr_sets_up_totp_and_recovery_codes_then_signs_in_with_them(hr, password):
    """Signing in without TOTP leads to its set-up; a right code activates it,
    recovery codes are generated and shown; HR pages open; later, a recovery
    code signs in in place of the authenticator."""
    client = Client()
    response = client.post(LOGIN, {"login": hr.user.email, "password": password})
    assert logged_in(client)
    response = client.get(reverse("people:hr_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before adding an authenticator.
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(page["Location"], {"password": password})
    assert response.status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=hr.user).exists()
    response = client.post(
        reverse("mfa_activate_totp"), {"code": _current_code(secret)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes_auth = Authenticator.objects.get(
        user=hr.user, type=Authenticator.Type.RECOVERY_CODES
    )
    codes = RecoveryCodes(codes_auth).get_unused_codes()
    assert len(codes) == 10
    assert client.get(reverse("people:hr_home")).status_code == 200

    client.post(reverse("account_logout"))
    fresh = Client()
    response = fresh.post(LOGIN, {"login": hr.user.email, "password": password})
    assert response.url == reverse("mfa_authenticate")
    assert not logged_in(fresh)
    fresh.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert logged_in(fresh)
    assert fresh.get(reverse("people:hr_home")).status_code == 200
    codes_auth.refresh_from_db()
    assert len(RecoveryCodes(codes_auth).get_unused_codes()) == 9


def test_totp_cannot_be_switched_off_by_who_needs_it(hr, staff, login):
    """HR cannot deactivate TOTP (it would lock them out of their pages)."""
    client = login(hr)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(
        user=hr.user, type=Authenticator.Type.TOTP
    ).exists()
    assert response.status_code in (200, 302)


def test_staff_may_use_the_site_without_totp(staff, login):
    client = login(staff)
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/api/").status_code != 403
