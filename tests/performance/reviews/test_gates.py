"""The complaint gate: a scheme may make anyone named in an upheld
complaint of a chosen severity or higher, received in the period, not
eligible; gathered in one query whatever the population."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from performance.complaints import services as complaints
from performance.models import Complaint, ReviewScheme
from performance.reviews import selectors, services
from tests.factories import employee_with_role
from tests.performance.complaints.conftest import walk_to

from .conftest import END, START, make_scheme, observe

pytestmark = pytest.mark.django_db
S = Complaint.State
TZ = ZoneInfo("Asia/Shanghai")
IN_PERIOD = dt.datetime(2026, 8, 14, 15, 30, tzinfo=TZ)
QUERIES = 5  # stores, population, metric figures, certificates, complaints


def _evidence(employee):
    observe(employee, "mystery_shopper", 85.0)
    for i in range(5):
        observe(employee, "qa_score", 90, day=START + dt.timedelta(days=i))


def _complaint(about, *, severity="high", state=S.CLOSED, received_at=IN_PERIOD, by):
    """A complaint naming `about`, recorded by `by` and walked to `state`
    through the complaint services (an invalid one is refused at step 2)."""
    c = complaints.complaint_record(
        by=by,
        store=by.store,
        channel=Complaint.Channel.FACE_TO_FACE,
        category=Complaint.Category.ATTITUDE,
        severity=severity,
        description="态度恶劣 / Rude to the customer",
        employees=[about],
        received_at=received_at,
    )
    if state == S.INVALID:
        return complaints.complaint_invalidate(complaint=c, by=by, reason="误会")
    if state != S.RECORDED:
        approver = employee_with_role("manager", store=by.store)
        c = walk_to(c, state, by=by, approver=approver)
    assert c.state == state
    return c


def _cycle(scheme, hr, store):
    return services.cycle_open(
        scheme=scheme,
        name="2026 第三季度",
        name_en="2026 Q3",
        period_start=START,
        period_end=END,
        stores=[store],
        by=hr.user,
    )


@pytest.fixture
def gated(hr):
    return make_scheme(code="gated", complaint_gate="high", by=hr.user)


def test_upheld_severe_complaint_in_the_period_makes_ineligible(
    gated, hr, store, staff, manager
):
    """A closed (upheld) high-severity complaint naming the employee and
    received in the period fails the gate: score shown, nothing paid, and
    the reason in both languages. Others in the cycle are unaffected."""
    _evidence(staff)
    _evidence(manager)
    _complaint(staff, by=manager)
    cycle = _cycle(gated, hr, store)
    services.cycle_compute(cycle=cycle, by=hr.user)
    result = cycle.results.get(employee=staff)
    assert result.failed_gates == [selectors.GATE_COMPLAINT] == ["complaint"]
    assert result.eligible is False and result.tier_code == "ineligible"
    assert result.amount == 0 and result.final_score == Decimal("100.00")
    with translation.override("en"):
        assert selectors.gate_texts(result) == [
            "Named in an upheld complaint of severity “High” or higher received "
            "in the period."
        ]
    with translation.override("zh-hans"):
        assert selectors.gate_texts(result) == [
            "在考核期内收到的一宗严重程度为“高”或以上的成立投诉中被点名。"
        ]
    other = cycle.results.get(employee=manager)
    assert other.eligible is True and other.failed_gates == []
    assert other.amount == Decimal("1500.00")


def test_a_more_severe_complaint_also_fails_the_gate(gated, hr, store, staff, manager):
    """The chosen severity is a floor: critical fails a "high" gate."""
    _evidence(staff)
    _complaint(staff, severity="critical", by=manager)
    cycle = _cycle(gated, hr, store)
    services.cycle_compute(cycle=cycle, by=hr.user)
    assert cycle.results.get(employee=staff).failed_gates == ["complaint"]


@pytest.mark.parametrize(
    "kw",
    [
        pytest.param({"severity": "medium"}, id="below-the-chosen-severity"),
        pytest.param({"state": S.INVALID}, id="found-not-valid"),
        pytest.param({"state": S.CARRIED_OUT}, id="not-closed-yet"),
        pytest.param({"state": S.RECORDED}, id="only-recorded"),
        pytest.param(
            {"received_at": dt.datetime(2026, 6, 30, 23, 59, tzinfo=TZ)},
            id="received-the-day-before-the-period",
        ),
        pytest.param(
            {"received_at": dt.datetime(2026, 10, 1, 0, 0, tzinfo=TZ)},
            id="received-the-day-after-the-period",
        ),
    ],
)
def test_complaints_that_do_not_fail_the_gate(kw, gated, hr, store, staff, manager):
    """Minor, not upheld, or received outside the period: still eligible."""
    _evidence(staff)
    _complaint(staff, by=manager, **kw)
    cycle = _cycle(gated, hr, store)
    services.cycle_compute(cycle=cycle, by=hr.user)
    result = cycle.results.get(employee=staff)
    assert result.eligible is True and result.failed_gates == []
    assert result.amount == Decimal("1500.00")


def test_period_edges_count_in_local_time(gated, hr, store, staff, manager):
    """Received at the first and the last minute of the period (local time):
    inside it."""
    other = employee_with_role("staff", store=store, manager=manager)
    _complaint(staff, received_at=dt.datetime(2026, 7, 1, 0, 0, tzinfo=TZ), by=manager)
    _complaint(
        other, received_at=dt.datetime(2026, 9, 30, 23, 59, tzinfo=TZ), by=manager
    )
    cycle = _cycle(gated, hr, store)
    gathered = selectors.gather(cycle, list(gated.components.all()))
    assert gathered.failed_gates[staff.pk] == ("complaint",)
    assert gathered.failed_gates[other.pk] == ("complaint",)
    assert gathered.failed_gates[manager.pk] == ()


def test_no_gate_without_the_setting(scheme, hr, store, staff, manager):
    """A scheme without the complaint gate ignores complaints."""
    assert scheme.complaint_gate == ""
    _evidence(staff)
    _complaint(staff, severity="critical", by=manager)
    cycle = _cycle(scheme, hr, store)
    services.cycle_compute(cycle=cycle, by=hr.user)
    assert cycle.results.get(employee=staff).eligible is True


@pytest.mark.parametrize("n", [2, 10])
def test_gate_queries_do_not_grow_with_the_population(
    n, gated, hr, store, manager, django_assert_max_num_queries
):
    """Gathering with the complaint and tenure gates stays within the same
    bound for 2 people as for 10, each named in an upheld complaint."""
    gated.min_tenure_days = 30
    gated.save()
    people = [
        employee_with_role("staff", store=store, manager=manager) for _ in range(n)
    ]
    for p in people:
        _complaint(p, by=manager)
    cycle = _cycle(gated, hr, store)
    components = list(gated.components.select_related("metric"))
    with django_assert_max_num_queries(QUERIES):
        gathered = selectors.gather(cycle, components)
    assert all(gathered.failed_gates[p.pk] == ("complaint",) for p in people)


def test_gather_counts_the_same_queries_at_two_sizes(gated, hr, store, manager):
    """Exactly as many queries for 2 people as for 10."""
    components = list(gated.components.select_related("metric"))
    cycle = _cycle(gated, hr, store)
    counts = []
    for n in (2, 8):  # 2, then 10 in all (plus the manager)
        people = [
            employee_with_role("staff", store=store, manager=manager) for _ in range(n)
        ]
        for p in people:
            _complaint(p, by=manager)
        with CaptureQueriesContext(connection) as queries:
            gathered = selectors.gather(cycle, components)
        assert sum(1 for v in gathered.failed_gates.values() if v) >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_new_version_keeps_the_gate_and_the_cycle_its_version(login, gated, hr, store):
    """Editing a scheme a cycle used makes a new version carrying the new
    gate; the old version and its cycle keep theirs."""
    from .test_pages import _scheme_post

    cycle = _cycle(gated, hr, store)
    client = login(hr, mfa=True)
    response = client.post(
        reverse("performance:review_scheme_edit", args=[gated.pk]),
        _scheme_post(code="gated", complaint_gate="critical"),
    )
    assert response.status_code == 302
    versions = {s.version: s for s in ReviewScheme.objects.filter(code="gated")}
    assert versions[2].complaint_gate == "critical"
    assert versions[1].complaint_gate == "high"
    cycle.refresh_from_db()
    assert cycle.scheme_id == versions[1].pk
    response = client.post(
        reverse("performance:review_scheme_edit", args=[versions[2].pk]),
        _scheme_post(code="gated", complaint_gate="severe"),
    )
    assert response.status_code == 200
    assert ReviewScheme.objects.get(pk=versions[2].pk).complaint_gate == "critical"


def test_scheme_editor_offers_the_gate_in_both_languages(login, hr):
    """The setting and its "off" choice are worded in the user's language."""
    url = reverse("performance:review_scheme_create")
    for language, label, off in (
        ("en", "no upheld complaint of this severity or higher", "None: complaints"),
        ("zh-hans", "无此严重程度及以上的成立投诉", "无：投诉不影响资格"),
    ):
        hr.user.language = language
        hr.user.save(update_fields=["language"])
        page = login(hr, mfa=True).get(url).content.decode()
        assert label in page.lower() and off in page


def test_api_scheme_carries_the_gate(hr):
    from tests.conftest import _with_mfa

    from .test_api import _scheme_payload

    _with_mfa(hr.user)
    client = APIClient()
    client.force_authenticate(hr.user)
    bad = client.post(
        "/api/reviews/schemes/",
        {**_scheme_payload(), "complaint_gate": "severe"},
        format="json",
    )
    assert bad.status_code == 400 and "complaint_gate" in bad.json()
    assert not ReviewScheme.objects.exists()
    ok = client.post(
        "/api/reviews/schemes/",
        {**_scheme_payload(), "complaint_gate": "high"},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["complaint_gate"] == "high"
    assert ReviewScheme.objects.get().complaint_gate == "high"
