"""Walk every URL pattern in the URLconf for every role against the written
policy (tests/<app>/route_policy.py). A new route without a policy fails here."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.route_policy_base import ROLES

pytestmark = pytest.mark.django_db

OUR_NAMESPACES = ("people:", "courses:", "training:", "performance:")
POLICY_MODULES = [
    "tests.people.route_policy",
    "tests.courses.route_policy",
    "tests.training.route_policy",
    "tests.performance.route_policy",
]
DUMMY = {
    "int": "999999",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
NEVER_OK = (301, 302, 403, 404, 405)
# Static assets of Wagtail's admin that its login page itself needs.
PUBLIC = {"wagtailadmin_sprite", "wagtailadmin_javascript_catalog"}
# Wagtail's deliberate failure page ("failwhale") raises for any admin user.
NOT_WALKED = {"wagtailadmin_error_test"}


def load_policy() -> dict:
    policy = {}
    for name in POLICY_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        policy.update(module.ROUTES)
    return policy


def walk(patterns, prefix="", ns=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(
                p.url_patterns,
                prefix + str(p.pattern),
                ns + (f"{p.namespace}:" if p.namespace else ""),
            )
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (ns + p.name) if p.name else None


def ours(path: str, name: str | None) -> bool:
    return (
        (name or "").startswith(OUR_NAMESPACES)
        or name == "home"
        or path.startswith("api/")
    )


def dummy_path(pattern: str) -> str:
    if "^" in pattern or "(?P" in pattern:
        pattern = pattern.replace(".*", "x")
        pattern = re.sub(r"\(\?P<\w+>[^)]*\)", "x", pattern)
        pattern = re.sub(r"\([^)]*\)[*?]?", "", pattern)
        pattern = pattern.replace("^", "").replace("$", "").replace("\\", "")

    def fill(m):
        # Primary keys are ids even where a third-party URL types them as str.
        if m.group(2) == "pk" or m.group(2).endswith("_id"):
            return DUMMY["int"]
        return DUMMY.get(m.group(1) or "str", "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, pattern)


def third_party_expectation(path: str, name: str | None, role: str):
    """Admin areas must never open for roles without access; nothing may 500."""
    if name in PUBLIC:
        return None
    if path.startswith("django-admin/"):
        return NEVER_OK
    if path.startswith("admin/") and role not in ("trainer", "hr"):
        return NEVER_OK
    return None  # anything but a server error


@pytest.fixture
def ctx(staff, other_staff, manager, trainer, hr):
    from tests.conftest import _with_mfa

    _with_mfa(trainer.user)
    _with_mfa(hr.user)
    return SimpleNamespace(
        staff=staff, other_staff=other_staff, manager=manager, trainer=trainer, hr=hr
    )


def clients(ctx):
    result = {"anonymous": Client()}
    for role in ROLES[1:]:
        client = Client()
        client.force_login(getattr(ctx, role).user)
        result[role] = client
    return result


def test_every_route_of_ours_has_a_policy():
    """Each named route of our apps (and the API) is listed in a route policy."""
    policy = load_policy()
    missing, unnamed = [], []
    for path, name in walk(get_resolver().url_patterns):
        if name is None:
            if path.startswith(("people/", "courses/", "learning/", "performance/")):
                unnamed.append(path)
        elif ours(path, name) and name not in policy:
            missing.append(f"{name} ({path})")
    assert not unnamed, f"name these routes: {unnamed}"
    assert not missing, "routes without a policy entry: " + ", ".join(
        sorted(set(missing))
    )


def test_policy_names_exist():
    """The policy lists no route that has gone."""
    names = {name for _, name in walk(get_resolver().url_patterns) if name}
    stale = set(load_policy()) - names
    assert not stale, f"policy entries for routes that no longer exist: {sorted(stale)}"


def test_role_by_route_matrix(ctx):
    """Every route answers each role as the policy says, and never with a 5xx."""
    policy = load_policy()
    role_clients = clients(ctx)
    failures, seen = [], set()
    for path, name in walk(get_resolver().url_patterns):
        if name in NOT_WALKED:
            continue
        entry = policy.get(name) if name else None
        if entry is not None:
            if name in seen:
                continue
            seen.add(name)
        for role in ROLES:
            client = role_clients[role]
            if entry is not None:
                kwargs = entry.kwargs(ctx) if entry.kwargs else {}
                url = reverse(name, kwargs=kwargs)
                expected = entry.expected(role)
            else:
                url = dummy_path(path)
                expected = third_party_expectation(path, name, role)
            response = client.get(url)
            status = response.status_code
            if status >= 500 or (expected is not None and status not in expected):
                failures.append(
                    f"{role:11} GET {url} ({name}) -> {status}, expected {expected}"
                )
    assert not failures, "\n".join(failures)
