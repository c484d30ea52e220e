"""Walk every URL pattern in the URLconf for every role against the written
policy (tests/<app>/route_policy.py). A new route without a policy fails here."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import (
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)

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


@pytest.fixture
def without_mfa(db):
    """Every kind of account that needs a second factor, none having one
    (ctx's HR and trainer have one)."""
    from people.models import User
    from tests.factories import employee_with_role

    hr = employee_with_role("hr", store=None, team=None)
    trainer = employee_with_role("trainer", store=None, team=None)
    lead = employee_with_role("lead_trainer", store=None, team=None)
    admin = User.objects.create_superuser(email="root@example.com", password="x")
    staff_admin = User.objects.create_user(email="ops@example.com", password="x")
    staff_admin.is_staff = True
    staff_admin.save()
    return {
        "hr": hr.user,
        "trainer": trainer.user,
        "lead_trainer": lead.user,
        "superuser": admin,
        "django_staff": staff_admin,
    }


def test_mfa_gate_on_every_route(ctx, without_mfa):
    """Without TOTP, HR, trainers, lead trainers and admins reach nothing but
    its set-up: every page (both admins included) sends them there, and the
    API answers 403 JSON. Sign-out and language stay open."""
    from people.middleware import MFA_SETUP_ROUTES

    setup = reverse("mfa_activate_totp")
    failures, walked = [], 0
    clients_by_kind = {}
    for kind, user in without_mfa.items():
        client = Client()
        client.force_login(user)
        clients_by_kind[kind] = client
    policy = load_policy()
    seen = set()
    for path, name in walk(get_resolver().url_patterns):
        if name in NOT_WALKED or name in PUBLIC or name in MFA_SETUP_ROUTES:
            continue
        if name in seen:
            continue
        seen.add(name)
        entry = policy.get(name) if name else None
        if entry is not None:
            url = reverse(name, kwargs=entry.kwargs(ctx) if entry.kwargs else {})
        else:
            url = dummy_path(path)
            try:  # a stand-in URL that another, open route serves (logout)
                if resolve(url).view_name in MFA_SETUP_ROUTES:
                    continue
            except Resolver404:  # no view at all: nothing to reach
                continue
        for kind, client in clients_by_kind.items():
            walked += 1
            response = client.get(url)
            if url.startswith("/api/"):
                ok = response.status_code == 403 and "two-factor" in (
                    response.json().get("detail", "")
                )
            else:
                ok = response.status_code == 302 and response["Location"] == setup
            if not ok:
                failures.append(
                    f"{kind:12} GET {url} ({name}) -> {response.status_code}"
                )
    print(f"\nMFA gate: {walked} route x account-kind requests")
    assert walked > 500
    assert not failures, "\n".join(failures)


def test_mfa_setup_stays_reachable(without_mfa):
    """The set-up page itself (after re-authentication) and sign-out open."""
    client = Client()
    client.force_login(without_mfa["hr"])
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200


WRITE_METHODS = ("post", "put", "patch", "delete")
# A write by a role the page refuses may answer only with these.
REFUSED = {301, 302, 401, 403, 404, 405}


def test_write_methods_matrix(ctx):
    """POST/PUT/PATCH/DELETE (empty body) to every route of ours, as every
    role, on records of ctx.staff (another store and team than other_staff):
    never a 5xx, and a role the policy keeps out of the page (sign-in, 403
    or 404 on GET) is refused its writes too, and nothing changes."""
    from training.models import Enrollment

    policy = load_policy()
    role_clients = clients(ctx)
    failures, walked = [], 0
    for _path, name in walk(get_resolver().url_patterns):
        entry = policy.get(name) if name else None
        if entry is None:
            continue
        kwargs = entry.kwargs(ctx) if entry.kwargs else {}
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            expected = set(entry.expected(role))
            # Kept out on GET: 403/404 (or sent to sign in, when anonymous);
            # a 405 on GET means a POST-only page the role may use.
            refused = expected <= {401, 403, 404} or (
                role == "anonymous" and expected <= {302, 401, 403}
            )
            # Pages take POST; the API every write method.
            methods = WRITE_METHODS if url.startswith("/api/") else ("post",)
            for method in methods:
                walked += 1
                before = Enrollment.objects.count()
                response = getattr(role_clients[role], method)(
                    url, data="", content_type="application/json"
                )
                status = response.status_code
                if status >= 500 or (refused and status not in REFUSED):
                    failures.append(
                        f"{role:11} {method.upper()} {url} ({name}) -> {status}"
                    )
                elif refused and Enrollment.objects.count() != before:
                    failures.append(f"{role} {method.upper()} {url} changed data")
    print(f"\nwrite matrix: {walked} route x role x method requests")
    assert walked > 500
    assert not failures, "\n".join(failures)
