"""The review API: the same rules and refusals as the pages, 4xx with the
field concerned."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from performance.models import Metric, ReviewScheme

from .conftest import START, observe

pytestmark = pytest.mark.django_db


def _client(employee):
    from tests.conftest import _with_mfa

    _with_mfa(employee.user)  # HR must have MFA; others are unaffected
    client = APIClient()
    client.force_authenticate(employee.user)
    return client


def _scheme_payload(weight=60):
    from performance.services import metric_builtins_ensure

    metric_builtins_ensure()
    ms = Metric.objects.get(code="mystery_shopper")
    return {
        "code": "api",
        "name": "接口方案",
        "name_en": "API scheme",
        "base_amount": "1000",
        "max_adjustment": "5",
        "components": [
            {"key": "ms", "kind": "metric", "metric": ms.pk, "weight": str(weight)},
            {"key": "rp", "kind": "roleplay", "weight": "40"},
        ],
        "tiers": [
            {"code": "c", "name": "C", "min_score": "0", "amount": "0"},
            {"code": "a", "name": "A", "min_score": "80", "multiplier": "1.5"},
        ],
    }


def test_scheme_weights_must_total_100(hr, staff):
    client = _client(hr)
    bad = client.post("/api/reviews/schemes/", _scheme_payload(50), format="json")
    assert bad.status_code == 400 and "components" in bad.json()
    assert not ReviewScheme.objects.exists()
    assert (
        _client(staff)
        .post("/api/reviews/schemes/", _scheme_payload(), format="json")
        .status_code
        == 403
    )
    ok = client.post("/api/reviews/schemes/", _scheme_payload(), format="json")
    assert ok.status_code == 201 and ok.json()["version"] == 1


def test_cycle_flow_through_the_api(
    hr, staff, manager, store, django_capture_on_commit_callbacks
):
    client = _client(hr)
    scheme = client.post(
        "/api/reviews/schemes/", _scheme_payload(), format="json"
    ).json()
    observe(staff, "mystery_shopper", 68)
    cycle = client.post(
        "/api/reviews/cycles/",
        {
            "name": "Q3",
            "scheme": scheme["id"],
            "period_start": START.isoformat(),
            "period_end": (START + dt.timedelta(days=90)).isoformat(),
            "stores": [store.pk],
            "positions": [],
        },
        format="json",
    ).json()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/api/reviews/cycles/{cycle['id']}/compute/", {}, format="json"
        )
    assert r.status_code == 200
    status = client.get(f"/api/reviews/cycles/{cycle['id']}/status/").json()
    assert status["done"] and status["state"] == "manager_review"
    results = _client(manager).get("/api/reviews/results/").json()
    mine = [r for r in results["results"] if r["employee"] == staff.pk][0]
    assert Decimal(mine["final_score"]) == Decimal("80.00")
    adj = _client(manager).post(
        "/api/reviews/adjustments/",
        {"result": mine["id"], "value": "9", "reason": "x"},
        format="json",
    )
    assert adj.status_code == 400 and "value" in adj.json()
    adj = _client(manager).post(
        "/api/reviews/adjustments/",
        {"result": mine["id"], "value": "2", "reason": "表现突出"},
        format="json",
    )
    assert adj.status_code == 201
    # Staff see nothing before publication; locking now is refused.
    assert _client(staff).get("/api/reviews/results/").json()["count"] == 0
    lock = client.post(f"/api/reviews/cycles/{cycle['id']}/lock/", {}, format="json")
    assert lock.status_code == 400
    export = client.get(f"/api/reviews/cycles/{cycle['id']}/export/")
    assert export.status_code == 400


def test_dispute_through_the_api(hr, staff, manager, cycle):
    from performance.reviews import services

    observe(staff, "mystery_shopper", 59.5)
    for d in range(5):
        observe(staff, "qa_score", 90, day=START + dt.timedelta(days=d))
    services.cycle_compute(cycle=cycle, by=hr.user)
    services.cycle_calibrate(cycle=cycle, by=hr.user)
    services.cycle_publish(cycle=cycle, by=hr.user)
    result = cycle.results.get(employee=staff)
    ms = result.components.get(component__key="ms")
    empty = _client(staff).post(
        "/api/reviews/disputes/", {"component": ms.pk, "comment": ""}, format="json"
    )
    assert empty.status_code == 400
    created = _client(staff).post(
        "/api/reviews/disputes/",
        {"component": ms.pk, "comment": "错误", "proposed_value": 85},
        format="json",
    )
    assert created.status_code == 201
    dispute_id = created.json()["id"]
    assert (
        _client(staff)
        .post(
            f"/api/reviews/disputes/{dispute_id}/decide/",
            {"decision": "accepted", "reason": "x"},
            format="json",
        )
        .status_code
        == 403
    )
    decided = _client(manager).post(
        f"/api/reviews/disputes/{dispute_id}/decide/",
        {"decision": "partly", "value": 76.5, "reason": "部分属实"},
        format="json",
    )
    assert decided.status_code == 200
    assert decided.json()["score_after"] == "94.00"


# --- API tokens ------------------------------------------------------------


def _bearer(employee, *scopes):
    from people.services import api_token_create

    key = api_token_create(user=employee.user, name="payroll", scopes=list(scopes))[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _cycle_payload(scheme_id, store):
    return {
        "name": "Q3",
        "scheme": scheme_id,
        "period_start": START.isoformat(),
        "period_end": (START + dt.timedelta(days=90)).isoformat(),
        "stores": [store.pk],
        "positions": [],
    }


def test_read_token_cannot_write_reviews(hr, store, scheme):
    """A token without reviews:write (read, or observations:write) is
    refused every review write with 403 and changes nothing, though it acts
    as HR; it still reads."""
    from performance.models import ReviewCycle

    for scopes in (("read",), ("read", "observations:write")):
        client = _bearer(hr, *scopes)
        assert client.get("/api/reviews/cycles/").status_code == 200
        opened = client.post(
            "/api/reviews/cycles/", _cycle_payload(scheme.pk, store), format="json"
        )
        assert opened.status_code == 403
        made = client.post("/api/reviews/schemes/", _scheme_payload(), format="json")
        assert made.status_code == 403
    assert not ReviewCycle.objects.exists()
    assert ReviewScheme.objects.count() == 1


def test_hr_reviews_token_opens_and_computes(
    hr, staff, store, scheme, login, django_capture_on_commit_callbacks
):
    """An HR token with reviews:write opens and computes a cycle. A token is
    not an interactive sign-in: it needs no MFA, while HR signed in without
    MFA is refused the same write."""
    from performance.models import ReviewCycle

    observe(staff, "mystery_shopper", 85)
    assert (
        login(hr, mfa=False)
        .post("/api/reviews/cycles/", _cycle_payload(scheme.pk, store))
        .status_code
        == 403
    )
    client = _bearer(hr, "read", "reviews:write")
    opened = client.post(
        "/api/reviews/cycles/", _cycle_payload(scheme.pk, store), format="json"
    )
    assert opened.status_code == 201, opened.json()
    cycle_id = opened.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        computed = client.post(
            f"/api/reviews/cycles/{cycle_id}/compute/", {}, format="json"
        )
    assert computed.status_code == 200
    status = client.get(f"/api/reviews/cycles/{cycle_id}/status/").json()
    assert status["done"] and status["state"] == "manager_review"
    cycle = ReviewCycle.objects.get(pk=cycle_id)
    assert cycle.created_by == hr.user
    assert cycle.results.filter(employee=staff).exists()
    # Locking is refused by the service (manager review), not by the scope.
    lock = client.post(f"/api/reviews/cycles/{cycle_id}/lock/", {}, format="json")
    assert lock.status_code == 400


def test_staff_reviews_token_is_refused_hr_writes(staff, store, scheme, hr):
    """The scope does not widen the user's rights: a staff member's token
    with reviews:write cannot open, compute or lock a cycle."""
    from performance.models import ReviewCycle
    from performance.reviews import services

    client = _bearer(staff, "read", "reviews:write")
    opened = client.post(
        "/api/reviews/cycles/", _cycle_payload(scheme.pk, store), format="json"
    )
    assert opened.status_code == 403
    cycle = services.cycle_open(
        scheme=scheme,
        name="Q3",
        period_start=START,
        period_end=START + dt.timedelta(days=90),
        stores=[store],
        by=hr.user,
    )
    for step in ("compute", "lock"):
        response = client.post(
            f"/api/reviews/cycles/{cycle.pk}/{step}/", {}, format="json"
        )
        assert response.status_code == 403
    cycle.refresh_from_db()
    assert cycle.state == ReviewCycle.State.DRAFT
    assert ReviewCycle.objects.count() == 1


def test_manager_reviews_token_adjusts_only_their_team(
    hr, staff, manager, other_staff, store, other_store, scheme
):
    """A manager's token with reviews:write adjusts their team's result; a
    result outside the team is unknown to it, as on the pages."""
    from performance.models import Adjustment
    from performance.reviews import services

    observe(staff, "mystery_shopper", 68)
    observe(other_staff, "mystery_shopper", 68)
    cycle = services.cycle_open(
        scheme=scheme,
        name="Q3",
        period_start=START,
        period_end=START + dt.timedelta(days=90),
        stores=[store, other_store],
        by=hr.user,
    )
    services.cycle_compute(cycle=cycle, by=hr.user)
    mine = cycle.results.get(employee=staff)
    theirs = cycle.results.get(employee=other_staff)
    read_only = _bearer(manager, "read")
    body = {"result": mine.pk, "value": "2", "reason": "表现突出"}
    assert (
        read_only.post("/api/reviews/adjustments/", body, format="json").status_code
        == 403
    )
    client = _bearer(manager, "read", "reviews:write")
    outside = client.post(
        "/api/reviews/adjustments/",
        {"result": theirs.pk, "value": "2", "reason": "x"},
        format="json",
    )
    assert outside.status_code == 400 and "result" in outside.json()
    ok = client.post("/api/reviews/adjustments/", body, format="json")
    assert ok.status_code == 201
    assert list(Adjustment.objects.values_list("result_id", flat=True)) == [mine.pk]
    compute = client.post(f"/api/reviews/cycles/{cycle.pk}/compute/", {}, format="json")
    assert compute.status_code == 403
