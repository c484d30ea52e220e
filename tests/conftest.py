import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, StoreFactory, employee_with_role

pytest_plugins = ["tests.worker"]  # the real Celery worker fixture

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            f"CI must run the browser tests, but {CHROMIUM} is missing"
        )
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot(request):
    """screenshot(page, name): save a PNG under test-artifacts/ (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str):
        safe = "".join(
            c if c.isalnum() or c in "-_" else "_" for c in request.node.name
        )
        page.screenshot(path=str(ARTIFACTS / f"{safe}-{name}.png"), full_page=True)

    return take


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "private", ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; tests must not share them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def store(db):
    return StoreFactory()


@pytest.fixture
def other_store(db):
    return StoreFactory()


@pytest.fixture
def manager(store):
    return employee_with_role("manager", store=store, position="store_manager")


@pytest.fixture
def staff(store, manager):
    return employee_with_role("staff", store=store, manager=manager)


@pytest.fixture
def other_staff(other_store):
    return employee_with_role("staff", store=other_store)


@pytest.fixture
def trainer(db):
    return employee_with_role("trainer", store=None, team=None, position="trainer")


@pytest.fixture
def hr(db):
    return employee_with_role("hr", store=None, team=None, position="hr")


# The TOTP secret every test authenticator shares (tests/e2e/signin.py types
# its codes).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _with_mfa(user):
    """Give `user` a real TOTP authenticator (secret TOTP_SECRET) if none."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


def totp_code(user) -> str:
    """A code for TOTP_SECRET now, forgotten as used so it may sign in again."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(TOTP_SECRET, counter))
    cache.delete(f"allauth.mfa.totp.used?user={user.pk}&code={code}")
    return code


@pytest.fixture
def login(client):
    """login(employee_or_user, mfa=None) -> the logged-in test client.

    HR, trainers, lead trainers and admins reach nothing without TOTP
    (people.middleware.MfaRequiredMiddleware), so by default (mfa=None) they
    get one; mfa=True gives anyone one, mfa=False leaves it off (to test the
    gate)."""

    def do(who, *, mfa: bool | None = None):
        from people.access import mfa_required

        user = getattr(who, "user", who)
        if mfa or (mfa is None and mfa_required(user)):
            _with_mfa(user)
        client.force_login(user)
        return client

    return do
