import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client, RequestFactory
from django.urls import reverse

from people.permissions import mfa_enforced

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_email_login_reaches_dashboard(staff, password):
    """Staff sign in with email and password and land on the dashboard."""
    client = Client()
    response = client.post(LOGIN, {"login": staff.user.email, "password": password})
    assert response.status_code == 302 and response.url == reverse("home")
    assert staff.name in client.get(reverse("home")).content.decode()


def test_sixth_wrong_password_in_five_minutes_is_refused(staff, password):
    """After five failures, even the right password is refused (rate limited)."""
    client = Client()
    for _ in range(5):
        response = client.post(LOGIN, {"login": staff.user.email, "password": "wrong"})
        assert response.status_code == 200 and not logged_in(client)
    response = client.post(LOGIN, {"login": staff.user.email, "password": password})
    assert "Too many failed login attempts" in response.content.decode()
    assert not logged_in(client)


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_admin_login_forms_cannot_bypass_allauth(path, hr, password):
    """Wagtail's and Django admin's login URLs redirect to allauth and never log in."""
    hr.user.is_staff = hr.user.is_superuser = True
    hr.user.save()
    client = Client()
    response = client.post(path, {"username": hr.user.email, "password": password})
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert not logged_in(client)


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/1/edit/preview/"])
def test_signed_in_user_without_admin_access_is_refused_not_looped(path, staff, login):
    """Staff opening the admin get a 403, not a login redirect loop (allauth
    sends a signed-in user on to ?next=, which sent them back to the login)."""
    response = login(staff).get(path, follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_admin_entry_points_share_the_rate_limit(path, staff, password):
    """Failures counted on the one real login form lock every entry point."""
    client = Client()
    for _ in range(5):
        client.post(LOGIN, {"login": staff.user.email, "password": "wrong"})
    response = client.post(
        path, {"username": staff.user.email, "password": password}, follow=True
    )
    assert not logged_in(client)
    response = client.post(LOGIN, {"login": staff.user.email, "password": password})
    assert "Too many failed login attempts" in response.content.decode()
    assert not logged_in(client)


def _current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_totp_user_must_give_a_code(hr, password):
    """A user with TOTP is asked for a code after the password; a good code signs in."""
    secret = generate_totp_secret()
    TOTP.activate(hr.user, secret)
    client = Client()
    response = client.post(LOGIN, {"login": hr.user.email, "password": password})
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert not logged_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert not logged_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert logged_in(client)


@pytest.mark.parametrize(
    ("who", "gated"),
    [("hr", True), ("trainer", True), ("manager", False), ("staff", False)],
)
def test_mfa_gate_on_performance_records(request, who, gated):
    """HR and trainers without TOTP are sent to set it up; others pass."""
    employee = request.getfixturevalue(who)
    rf = RequestFactory().get("/performance/x/")
    rf.user = employee.user
    rf.session = {}
    rf._messages = type("M", (), {"add": lambda *a, **k: None})()
    response = mfa_enforced(lambda r: "opened")(rf)
    if gated:
        assert response.status_code == 302 and response.url == reverse(
            "mfa_activate_totp"
        )
    else:
        assert response == "opened"


def test_mfa_gate_lets_hr_with_totp_through(hr):
    """Once HR has TOTP, the gate opens."""
    TOTP.activate(hr.user, generate_totp_secret())
    rf = RequestFactory().get("/performance/x/")
    rf.user = hr.user
    assert mfa_enforced(lambda r: "opened")(rf) == "opened"


def test_no_public_signup():
    """Nobody can sign themselves up: HR creates accounts."""
    response = Client().get("/accounts/signup/")
    assert "closed" in response.content.decode().lower() or response.status_code in (
        403,
        404,
    )
    response = Client().post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "password1": "x-Long-pass-77",
            "password2": "x-Long-pass-77",
        },
    )
    from people.models import User

    assert not User.objects.filter(email="new@example.com").exists()


def test_a_stranger_cannot_lock_a_colleague_out(staff, password):
    """Failures from one address lock that address's attempts on the account,
    not the account's owner signing in from elsewhere."""
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        stranger.post(LOGIN, {"login": staff.user.email, "password": "wrong"})
    response = stranger.post(LOGIN, {"login": staff.user.email, "password": password})
    assert "Too many failed login attempts" in response.content.decode()
    assert not logged_in(stranger)
    owner = Client(REMOTE_ADDR="198.51.100.7")
    owner.post(LOGIN, {"login": staff.user.email, "password": password})
    assert logged_in(owner)


def test_trusted_client_ip_header_is_configurable(staff, password, settings):
    """Behind a proxy, the configured header names the client."""
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for _ in range(6):
        Client().post(
            LOGIN,
            {"login": staff.user.email, "password": "wrong"},
            HTTP_X_REAL_IP="203.0.113.9",
        )
    owner = Client()
    owner.post(
        LOGIN,
        {"login": staff.user.email, "password": password},
        HTTP_X_REAL_IP="198.51.100.7",
    )
    assert logged_in(owner)
