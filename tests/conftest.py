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
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


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


def _with_mfa(user):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
    )
    return user


@pytest.fixture
def login(client):
    """login(employee_or_user, mfa=False) -> the logged-in test client."""

    def do(who, *, mfa: bool = False):
        user = getattr(who, "user", who)
        if mfa:
            _with_mfa(user)
        client.force_login(user)
        return client

    return do
