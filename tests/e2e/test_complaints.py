"""A complaint through all eight steps in a real browser (F6 "done when"):
staff record it on a phone in Chinese, its first reply goes overdue and is
escalated to the store manager, the manager approves the resolution on a
desktop in English, and the complaint metrics update."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from performance.complaints import services
from performance.complaints.overdue import complaints_flag_overdue
from performance.models import Complaint, Observation
from performance.services import metric_builtins_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _context(browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(**options)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def _act(page, name, **fields):
    form = page.locator(f"#move-{name}")
    for label, value in fields.items():
        control = form.locator(f"[name='{name}-{label}']")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.get_by_role("button").click()
    expect(page.locator(".message-success").first).to_be_visible()


def test_complaint_through_eight_steps_overdue_and_metrics(
    browser, live_server, staff, manager, screenshot
):
    metric_builtins_ensure()  # transactional tests flush the migration's rows
    services.calendar_save(  # open around the clock: plain hours in the test
        calendar=services.calendar_default(),
        hours=[(d, dt.time(0), dt.time(0)) for d in range(7)],
        holidays=[],
    )
    staff.user.language, manager.user.language = "zh-hans", "en"
    staff.user.save()
    manager.user.save()

    phone = _context(
        browser,
        live_server,
        staff.user,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
    )
    page = phone.new_page()
    page.goto(live_server.url + "/performance/complaints/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("登记投诉")
    received = timezone.localtime() - dt.timedelta(hours=5)
    page.get_by_label("渠道").select_option("phone")
    page.get_by_label("类别").select_option("attitude")
    page.get_by_label("严重程度").select_option("critical")  # VIP: 3 h to reply
    page.get_by_label("客户等级").select_option("vip")
    page.get_by_label("客户投诉内容").fill("电话被挂断两次 / Hung up on twice")
    page.get_by_label("涉及员工").fill(staff.number)
    page.get_by_label("受理时间").fill(received.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("客户电话或邮箱").fill("13800000000")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator("#complaint-step")).to_have_text("1 已登记")
    expect(page.locator("h1 .badge-bad")).to_have_text("已超时")
    expect(page.locator("#sla-reply")).to_contain_text("超时")
    screenshot(page, "recorded-overdue-phone")
    complaint = Complaint.objects.get()
    assert complaint.owner == staff

    # The beat job flags it and tells the store manager, once.
    assert complaints_flag_overdue()["reply"] == 1
    assert complaints_flag_overdue()["reply"] == 0
    assert [m.to for m in mail.outbox] == [[manager.user.email]]
    assert "overdue" in mail.outbox[0].subject

    page.locator("#act-reply button").click()  # first reply, late
    expect(page.locator("#sla-reply")).to_contain_text("超时")
    _act(page, "validate")
    _act(page, "assign", department="front_line")
    _act(page, "analyse", text="高峰时段人手不足")
    _act(page, "propose", text="致歉并赠送一次免费服务")
    expect(page.locator("#complaint-step")).to_have_text("5 已提出处理方案")
    expect(page.locator("#move-approve")).to_have_count(0)  # staff cannot approve

    desk = _context(
        browser,
        live_server,
        manager.user,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
    )
    manager_page = desk.new_page()
    manager_page.goto(live_server.url + "/performance/complaints/?state=")
    manager_page.get_by_role("link", name=f"#{complaint.pk}").click()
    expect(manager_page.locator("#complaint-step")).to_have_text(
        "5 Resolution proposed"
    )
    expect(manager_page.locator("#customer-contact")).to_have_count(0)  # not owner
    _act(manager_page, "approve", note="Agreed")
    expect(manager_page.locator("#complaint-step")).to_have_text(
        "6 Approved by a supervisor"
    )
    screenshot(manager_page, "approved-desktop")
    desk.close()

    page.reload()
    _act(page, "carry_out", text="客户表示满意")
    _act(page, "close", text="高峰排班纳入周会")
    expect(page.locator("#complaint-step")).to_have_text("8 已复盘并关闭")
    history = page.locator(".complaint-history li")
    expect(history).to_have_count(1 + 1 + 1 + 7)  # record, overdue, reply, 7 moves
    screenshot(page, "closed-phone")
    phone.close()

    counts = Observation.objects.get(
        metric__code="complaints", employee=staff, source="complaints"
    )
    assert counts.value == 1
    within = Observation.objects.get(
        metric__code="complaint_reply_sla", store=staff.store, source="complaints"
    )
    assert (within.numerator, within.denominator, within.value) == (0, 1, 0)
