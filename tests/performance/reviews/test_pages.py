"""Review pages: HR's scheme editor and cycle pages, the manager's team
review, the employee's explanation and disputes, payroll export; bounded
queries at two population sizes."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from performance.models import Dispute, Metric, ReviewCycle, ReviewScheme
from performance.reviews import services
from tests.factories import employee_with_role

from .conftest import END, START, make_scheme, observe

pytestmark = pytest.mark.django_db


def _scheme_post(**overrides):
    metric = Metric.objects.get(code="mystery_shopper")
    data = {
        "code": "new",
        "name": "新方案",
        "name_en": "New scheme",
        "base_amount": "1000",
        "max_adjustment": "5",
        "min_tenure_days": "",
        "components-TOTAL_FORMS": "2",
        "components-INITIAL_FORMS": "0",
        "components-0-key": "ms",
        "components-0-kind": "metric",
        "components-0-metric": str(metric.pk),
        "components-0-normalisation": "target",
        "components-0-weight": "70",
        "components-1-key": "rp",
        "components-1-kind": "roleplay",
        "components-1-normalisation": "target",
        "components-1-weight": "30",
        "tiers-TOTAL_FORMS": "2",
        "tiers-INITIAL_FORMS": "0",
        "tiers-0-code": "c",
        "tiers-0-name": "C",
        "tiers-0-min_score": "0",
        "tiers-0-amount": "0",
        "tiers-1-code": "a",
        "tiers-1-name": "A",
        "tiers-1-min_score": "80",
        "tiers-1-multiplier": "1.5",
    }
    data.update(overrides)
    return data


def test_scheme_editor_creates_a_scheme(login, hr):
    from performance.services import metric_builtins_ensure

    metric_builtins_ensure()
    client = login(hr, mfa=True)
    response = client.post(reverse("performance:review_scheme_create"), _scheme_post())
    assert response.status_code == 302
    scheme = ReviewScheme.objects.get(code="new")
    assert [c.key for c in scheme.components.all()] == ["ms", "rp"]
    assert scheme.tiers.count() == 2 and scheme.version == 1


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"components-1-weight": "20"}, "must total exactly 100"),
        ({"tiers-0-min_score": "10"}, "must start at 0"),
        ({"tiers-1-min_score": "0"}, "start at the same score"),
        ({"components-0-metric": ""}, "Choose the metric"),
    ],
)
def test_scheme_editor_refuses_bad_schemes_with_a_message(
    login, hr, overrides, message
):
    from performance.services import metric_builtins_ensure

    metric_builtins_ensure()
    client = login(hr, mfa=True)
    response = client.post(
        reverse("performance:review_scheme_create"), _scheme_post(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReviewScheme.objects.filter(code="new").exists()


def test_scheme_editor_in_chinese(login, hr):
    from performance.services import metric_builtins_ensure

    metric_builtins_ensure()
    client = login(hr, mfa=True)
    hr.user.language = "zh-hans"
    hr.user.save()
    response = client.post(
        reverse("performance:review_scheme_create"),
        _scheme_post(**{"components-1-weight": "20"}),
    )
    assert "各组件权重之和必须正好为 100" in response.content.decode()


def test_scheme_editor_shows_a_scheme_wide_problem_once(login, hr):
    """The weights-total problem is in the alert box only, not repeated by the
    form's own error list below it."""
    from performance.services import metric_builtins_ensure

    metric_builtins_ensure()
    client = login(hr, mfa=True)
    response = client.post(
        reverse("performance:review_scheme_create"),
        _scheme_post(**{"components-1-weight": "20"}),
    )
    html = response.content.decode()
    assert html.count("must total exactly 100") == 1
    assert 'role="alert"><p>The component weights must total exactly 100.' in html
    assert 'id="id_components-1-weight"' in html  # the fields are still there
    assert 'value="20"' in html


def test_cycle_and_scheme_names_are_not_called_a_persons_name(login, hr):
    """In Chinese a cycle's or a scheme's name is 名称; 姓名 is a person's
    (as on the payroll file)."""
    make_scheme(by=hr.user)
    client = login(hr, mfa=True)
    hr.user.language = "zh-hans"
    hr.user.save()
    form = client.get(reverse("performance:review_cycle_open")).content.decode()
    assert '<label for="id_name">名称:</label>' in form
    assert "姓名" not in form
    schemes = client.get(reverse("performance:review_scheme_list")).content.decode()
    assert '<th scope="col">名称</th>' in schemes
    hr.user.language = "en"
    hr.user.save()
    form = client.get(reverse("performance:review_cycle_open")).content.decode()
    assert '<label for="id_name">Name:</label>' in form


def test_editing_a_used_scheme_makes_a_new_version(login, hr, cycle):
    client = login(hr, mfa=True)
    scheme = cycle.scheme
    url = reverse("performance:review_scheme_edit", args=[scheme.pk])
    assert client.get(url).status_code == 200
    data = _scheme_post(code=scheme.code)
    response = client.post(url, data)
    assert response.status_code == 302
    assert ReviewScheme.objects.filter(code=scheme.code).count() == 2
    cycle.refresh_from_db()
    assert cycle.scheme.version == 1 and cycle.scheme.components.count() == 2


def _population(store, manager, n):
    people = [
        employee_with_role("staff", store=store, manager=manager) for _ in range(n)
    ]
    for i, e in enumerate(people):
        observe(e, "mystery_shopper", 60 + i % 30)
        for d in range(5):
            observe(e, "qa_score", 80 + d, day=START + dt.timedelta(days=d))
    return people


def _computed(cycle, hr, django_capture_on_commit_callbacks, client):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("performance:review_cycle_action", args=[cycle.pk]),
            {"action": "compute", "reason": "第一次"},
        )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.state == ReviewCycle.State.MANAGER_REVIEW
    return cycle


def test_open_and_compute_from_the_pages(
    login, hr, store, staff, django_capture_on_commit_callbacks
):
    make_scheme(by=hr.user)
    client = login(hr, mfa=True)
    response = client.post(
        reverse("performance:review_cycle_open"),
        {
            "scheme": ReviewScheme.objects.get().pk,
            "name": "Q3",
            "period_start": START.isoformat(),
            "period_end": END.isoformat(),
            "stores": [store.pk],
            "appeal_days": 14,
        },
    )
    cycle = ReviewCycle.objects.get()
    assert response.status_code == 302
    observe(staff, "mystery_shopper", 85)
    _computed(cycle, hr, django_capture_on_commit_callbacks, client)
    status = client.get(reverse("performance:review_cycle_status", args=[cycle.pk]))
    assert status.json()["progress"] == 100 and status.json()["done"]
    assert (
        client.post(
            reverse("performance:review_cycle_action", args=[cycle.pk]),
            {"action": "bogus"},
        ).status_code
        == 400
    )


def test_cycle_form_refuses_a_backwards_period(login, hr):
    make_scheme(by=hr.user)
    client = login(hr, mfa=True)
    response = client.post(
        reverse("performance:review_cycle_open"),
        {
            "scheme": ReviewScheme.objects.get().pk,
            "name": "Q3",
            "period_start": END.isoformat(),
            "period_end": START.isoformat(),
            "appeal_days": 14,
        },
    )
    assert response.status_code == 200 and not ReviewCycle.objects.exists()


@pytest.mark.parametrize("n", [3, 12])
def test_cycle_pages_run_bounded_queries(
    n, login, hr, manager, store, cycle, django_assert_max_num_queries
):
    _population(store, manager, n)
    services.cycle_compute(cycle=cycle, by=hr.user)
    client = login(hr, mfa=True)
    for name in ("review_cycle", "review_team", "review_calibration"):
        with django_assert_max_num_queries(16):
            assert (
                client.get(reverse(f"performance:{name}", args=[cycle.pk])).status_code
                == 200
            )
    result = cycle.results.first()
    with django_assert_max_num_queries(20):
        assert (
            client.get(
                reverse("performance:review_result", args=[result.pk])
            ).status_code
            == 200
        )
    manager_client = login(manager)
    with django_assert_max_num_queries(16):
        response = manager_client.get(
            reverse("performance:review_team", args=[cycle.pk])
        )
    assert response.content.decode().count("adjust-form") == n


def test_manager_adjusts_with_reason_within_bounds(login, manager, staff, hr, cycle):
    observe(staff, "mystery_shopper", 68)
    services.cycle_compute(cycle=cycle, by=hr.user)
    result = cycle.results.get(employee=staff)
    client = login(manager)
    url = reverse("performance:review_adjust", args=[result.pk])
    response = client.post(url, {"value": "9", "reason": "x"}, follow=True)
    assert "±5.00" in response.content.decode()
    client.post(url, {"value": "3", "reason": "表现突出"})
    result.refresh_from_db()
    assert result.adjustment == Decimal("3.00")


def test_other_store_cannot_see_or_adjust(login, other_staff, staff, hr, cycle):
    observe(staff, "mystery_shopper", 68)
    services.cycle_compute(cycle=cycle, by=hr.user)
    result = cycle.results.get(employee=staff)
    other_manager = employee_with_role("manager", store=other_staff.store)
    client = login(other_manager)
    assert (
        client.get(reverse("performance:review_result", args=[result.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("performance:review_adjust", args=[result.pk]),
            {"value": 1, "reason": "x"},
        ).status_code
        == 404
    )
    # Staff do not see their result before publication.
    assert (
        login(staff)
        .get(reverse("performance:review_result", args=[result.pk]))
        .status_code
        == 404
    )


def _published(cycle, hr):
    services.cycle_compute(cycle=cycle, by=hr.user)
    services.cycle_calibrate(cycle=cycle, by=hr.user)
    services.cycle_publish(cycle=cycle, by=hr.user)
    cycle.refresh_from_db()
    return cycle


def test_employee_sees_explanation_and_disputes(login, staff, manager, hr, cycle):
    observe(staff, "mystery_shopper", 59.5)
    for d in range(2):
        observe(staff, "qa_score", 90, day=START + dt.timedelta(days=d))
    _published(cycle, hr)
    result = cycle.results.get(employee=staff)
    client = login(staff)
    page = client.get(reverse("performance:review_result", args=[result.pk]))
    html = page.content.decode()
    assert "Only 2 of the 5 observations needed" in html
    assert "Dispute this component" in html
    ms = result.components.get(component__key="ms")
    staff.user.language = "zh-hans"
    staff.user.save()
    zh = client.get(reverse("performance:review_result", args=[result.pk])).content
    assert "得分是如何得出的" in zh.decode() and "仅有 2 条观测" in zh.decode()
    staff.user.language = "en"
    staff.user.save()
    # Someone else's component is refused.
    other = employee_with_role("staff", store=staff.store, manager=manager)
    assert (
        client.post(
            reverse("performance:review_dispute_raise", args=[result.pk]),
            {"component": 999999, "comment": "x"},
        ).status_code
        == 404
    )
    assert (
        login(other)
        .post(
            reverse("performance:review_dispute_raise", args=[result.pk]),
            {"component": ms.pk, "comment": "x"},
        )
        .status_code
        == 404
    )
    client = login(staff)
    client.post(
        reverse("performance:review_dispute_raise", args=[result.pk]),
        {"component": ms.pk, "comment": "那天我休假", "proposed_value": "85"},
    )
    dispute = Dispute.objects.get()
    manager_client = login(manager)
    assert (
        manager_client.get(reverse("performance:review_dispute_list")).status_code
        == 200
    )
    response = manager_client.post(
        reverse("performance:review_dispute", args=[dispute.pk]),
        {"decision": "partly", "value": "76.5", "reason": "部分属实"},
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.final_score == Decimal("90.00")  # ms 90 → the only component


def _locked(cycle, hr):
    services.cycle_close_appeals(cycle=cycle, by=hr.user)
    services.cycle_lock(cycle=cycle, by=hr.user)


def test_payroll_export_csv_and_xlsx(login, staff, hr, cycle, manager):
    observe(staff, "mystery_shopper", 85)
    for d in range(5):
        observe(staff, "qa_score", 90, day=START + dt.timedelta(days=d))
    _published(cycle, hr)
    client = login(hr, mfa=True)
    early = client.get(reverse("performance:review_export", args=[cycle.pk, "csv"]))
    assert early.status_code == 302  # not before the lock
    _locked(cycle, hr)
    response = client.get(reverse("performance:review_export", args=[cycle.pk, "csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Employee number,Name,Store,Tier,Score,Amount")
    assert any(
        line.startswith(staff.number) and line.endswith("1500.00") for line in lines
    )
    response = client.get(reverse("performance:review_export", args=[cycle.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Employee number"
    mine = [r for r in rows if r[0] == staff.number][0]
    assert mine[3] == "A" and mine[4] == 100 and mine[5] == 1500
    assert cycle.exports.count() == 2
    assert (
        client.get(
            reverse("performance:review_export", args=[cycle.pk, "pdf"])
        ).status_code
        == 404
    )


def test_history_page(login, staff, hr, cycle):
    observe(staff, "mystery_shopper", 85)
    services.cycle_compute(cycle=cycle, by=hr.user, reason="first")
    client = login(hr, mfa=True)
    response = client.get(reverse("performance:review_history", args=[staff.pk]))
    assert response.status_code == 200
    assert (
        cycle.name_en in response.content.decode()
        or cycle.name in response.content.decode()
    )
