import datetime as dt

import pytest
from django.urls import reverse

from performance.complaints import services
from performance.models import BusinessCalendar, Complaint, SlaTarget
from tests.factories import employee_with_role

from .conftest import walk_to

pytestmark = pytest.mark.django_db
S = Complaint.State


def _url(name, *args):
    return reverse(f"performance:{name}", args=args)


def test_record_form_makes_the_recorder_owner(login, staff, store, other_staff):
    client = login(staff)
    response = client.post(
        _url("complaint_new"),
        {
            "store": store.pk,
            "channel": "phone",
            "category": "attitude",
            "severity": "high",
            "customer_tier": "vip",
            "description": "Waited 40 minutes",
            "employees": f"{staff.number}, {other_staff.number}",
            "customer_contact": "13900000000",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response.url == _url("complaint_detail", complaint.pk)
    assert complaint.owner == staff
    assert set(complaint.employees.all()) == {staff, other_staff}


def test_record_form_refuses_unknown_employee(login, staff, store):
    response = login(staff).post(
        _url("complaint_new"),
        {
            "store": store.pk,
            "channel": "phone",
            "category": "attitude",
            "severity": "high",
            "customer_tier": "vip",
            "description": "x",
            "employees": "NOPE-1",
        },
    )
    assert response.status_code == 200
    assert "NOPE-1" in response.content.decode()
    assert not Complaint.objects.exists()


def test_customer_contact_only_for_owner_and_hr(
    make_complaint, login, staff, manager, hr, client
):
    c = make_complaint()
    url = _url("complaint_detail", c.pk)
    assert "13800000000" in login(staff).get(url).content.decode()
    assert "13800000000" not in login(manager).get(url).content.decode()
    assert "13800000000" in login(hr, mfa=True).get(url).content.decode()


def test_named_colleague_sees_it_without_contact_and_cannot_act(
    make_complaint, client, store
):
    colleague = employee_with_role("staff", store=store)
    c = make_complaint(employees=[colleague])
    client.force_login(colleague.user)
    page = client.get(_url("complaint_detail", c.pk)).content.decode()
    assert "13800000000" not in page and "move-validate" not in page
    response = client.post(_url("complaint_act", c.pk, "validate"), {})
    assert response.status_code == 403
    assert Complaint.objects.get().state == S.RECORDED


def test_other_store_staff_get_404(make_complaint, login, other_staff):
    c = make_complaint(employees=[])
    client = login(other_staff)
    assert client.get(_url("complaint_detail", c.pk)).status_code == 404
    assert client.post(_url("complaint_act", c.pk, "validate")).status_code == 404


def test_moves_through_the_page(make_complaint, login, staff, manager):
    c = make_complaint()
    client = login(staff)
    assert client.post(_url("complaint_act", c.pk, "validate"), {}).status_code == 302
    r = client.post(
        _url("complaint_act", c.pk, "assign"), {"assign-department": "billing"}
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert (c.state, c.department) == (S.ASSIGNED, "billing")


def test_unreachable_move_is_refused_with_a_message(make_complaint, login, staff):
    c = make_complaint()
    r = login(staff).post(_url("complaint_act", c.pk, "close"), {"close-text": "done"})
    assert r.status_code == 400
    assert "cannot move" in r.content.decode()
    c.refresh_from_db()
    assert c.state == S.RECORDED and c.review == ""


def test_missing_text_and_tampered_values_are_400(make_complaint, login, staff):
    c = make_complaint()
    client = login(staff)
    r = client.post(_url("complaint_act", c.pk, "invalidate"), {"invalidate-text": ""})
    assert r.status_code == 400
    services.complaint_validate(complaint=c, by=staff)
    r = client.post(_url("complaint_act", c.pk, "assign"), {"assign-department": "x"})
    assert r.status_code == 400
    r = client.post(
        _url("complaint_act", c.pk, "recovery"),
        {
            "recovery-kind": "compensation",
            "recovery-description": "x",
            "recovery-amount": "-5",
        },
    )
    assert r.status_code == 400
    assert client.post(_url("complaint_act", c.pk, "fly")).status_code == 404
    c.refresh_from_db()
    assert c.state == S.VALIDATED and not c.recovery_actions.exists()


def test_staff_cannot_approve_through_the_page(make_complaint, login, staff, manager):
    c = walk_to(make_complaint(), S.PROPOSED, by=staff, approver=manager)
    client = login(staff)
    assert (
        "move-approve"
        not in client.get(_url("complaint_detail", c.pk)).content.decode()
    )
    assert client.post(_url("complaint_act", c.pk, "approve"), {}).status_code == 403
    assert (
        login(manager).post(_url("complaint_act", c.pk, "approve"), {}).status_code
        == 302
    )


def test_hand_over_pause_resume_reply(make_complaint, login, staff, store, manager):
    colleague = employee_with_role("staff", store=store)
    c = make_complaint()
    client = login(staff)
    r = client.post(_url("complaint_act", c.pk, "reply"), {})
    assert r.status_code == 302
    r = client.post(_url("complaint_act", c.pk, "pause"), {"pause-text": "receipt"})
    assert r.status_code == 302 and Complaint.objects.get().is_paused
    r = client.post(_url("complaint_act", c.pk, "resume"), {})
    assert not Complaint.objects.get().is_paused
    r = client.post(
        _url("complaint_act", c.pk, "handover"), {"handover-number": colleague.number}
    )
    assert Complaint.objects.get().owner == colleague


def test_list_filters_and_overdue_flag(
    make_complaint, login, staff, manager, always_open
):
    make_complaint(
        severity="critical",
        customer_tier="vip",
        received_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=5),
    )
    make_complaint()
    client = login(manager)
    page = client.get(_url("complaint_list"), {"state": "overdue"}).content.decode()
    assert page.count("badge-bad") == 1
    page = client.get(_url("complaint_list"), {"state": "open"}).content.decode()
    assert page.count('class="card"') == 2
    assert (
        client.get(_url("complaint_list"), {"state": "zzz", "store": "x"}).status_code
        == 200
    )


@pytest.mark.parametrize("n", [3, 30])
def test_pages_queries_are_bounded(
    n, make_complaint, login, staff, manager, django_assert_max_num_queries
):
    """List and detail pages at two sizes stay within the same query budget."""
    complaints = [make_complaint() for _ in range(n)]
    c = complaints[0]
    for _ in range(n // 3):
        services.recovery_action_add(
            complaint=c, by=staff, kind="apology", description="x"
        )
    client = login(manager)
    with django_assert_max_num_queries(12):
        assert client.get(_url("complaint_list"), {"state": ""}).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(_url("complaint_detail", c.pk)).status_code == 200


def test_hr_calendar_and_targets(login, hr):
    client = login(hr, mfa=True)
    assert client.get(_url("complaint_sla")).status_code == 200
    calendar = BusinessCalendar.objects.get(store__isnull=True)
    data = {"name": "Default", "store": "", "holidays": "2026-10-01 National Day"}
    data.update({f"day{d}": "09:00-12:00, 13:00-18:00" for d in range(5)})
    r = client.post(_url("complaint_calendar", calendar.pk), data)
    assert r.status_code == 302
    assert calendar.hours.count() == 10 and calendar.holidays.count() == 1
    data["day0"] = "09:00-13:00, 12:00-18:00"
    r = client.post(_url("complaint_calendar", calendar.pk), data)
    assert r.status_code == 400 and "overlap" in r.content.decode()
    assert calendar.hours.count() == 10
    data["day0"] = "nine to five"
    assert client.post(_url("complaint_calendar", calendar.pk), data).status_code == 400


def test_hr_targets_formset_refuses_bad_hours(login, hr):
    services.sla_targets_ensure()
    client = login(hr, mfa=True)
    targets = list(SlaTarget.objects.order_by("severity", "customer_tier"))
    data = {
        "form-TOTAL_FORMS": len(targets),
        "form-INITIAL_FORMS": len(targets),
    }
    for i, t in enumerate(targets):
        data[f"form-{i}-id"] = t.pk
        data[f"form-{i}-reply_hours"] = t.reply_hours
        data[f"form-{i}-resolution_hours"] = t.resolution_hours
    data["form-0-reply_hours"] = "abc"
    assert client.post(_url("complaint_sla"), data).status_code == 400
    data["form-0-reply_hours"] = "2"
    assert client.post(_url("complaint_sla"), data).status_code == 302
    assert SlaTarget.objects.filter(reply_hours=2).exists()


def test_pages_in_chinese(make_complaint, login, staff):
    """The detail page speaks Chinese to a Chinese reader."""
    staff.user.language = "zh-hans"
    staff.user.save(update_fields=["language"])
    c = make_complaint()
    page = login(staff).get(_url("complaint_detail", c.pk))
    body = page.content.decode()
    assert "1 已登记" in body and "首次回复" in body and "员工态度" in body
