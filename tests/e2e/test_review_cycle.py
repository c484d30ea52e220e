"""An incentive review cycle end to end in a real browser (F7 "done when"):
HR (Chinese, desktop) writes the scheme and opens the cycle, watches the
computation's progress; the store manager (English) adjusts one score; HR
publishes; the employee (Chinese, phone) reads the explanation and disputes
a component; the manager partly accepts, which moves the score and tier; HR
locks the cycle and downloads the payroll workbook."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from performance.models import Dispute, ReviewCycle
from performance.reviews.tasks import cycle_compute_task
from performance.services import metric_builtins_ensure
from tests.courses.factories import library_site
from tests.factories import employee_with_role
from tests.performance.reviews.conftest import END, START, observe
from tests.training.conftest import make_course, wagtail_root
from training.models import Enrollment
from training.services import assignment_create

from .signin import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def _evidence(store, manager, staff):
    """Three front-desk staff with a quarter of mystery-shopper and QA
    observations and two required courses due in it. `staff`: mystery
    shopper 56, QA 81 (5 calls), one of two courses on time."""
    wagtail_root()
    library = library_site()
    courses = []
    for title in ("首问负责制", "服务补救"):
        course = make_course(library, lessons=0, title=title)
        course.save_revision().publish()
        courses.append(course)
    others = [
        employee_with_role("staff", store=store, manager=manager) for _ in range(2)
    ]
    due = START + dt.timedelta(days=30)
    done = timezone.make_aware(dt.datetime.combine(due, dt.time(10)))
    for person, shopper, qa in (
        (staff, 56, 81),
        (others[0], 72, 88),
        (others[1], 90, 95),
    ):
        observe(person, "mystery_shopper", shopper)
        for d in range(5):
            observe(person, "qa_score", qa, day=START + dt.timedelta(days=d))
        enrolments = [
            assignment_create(course=c, employees=[person], due_date=due)[0]
            for c in courses
        ]
        finished = enrolments[:1] if person == staff else enrolments
        Enrollment.objects.filter(pk__in=[e.pk for e in finished]).update(
            completed_at=done, progress_percent=100
        )
    return others


def _scheme_through_the_page(page, live_server):
    page.goto(live_server.url + "/performance/reviews/")
    page.get_by_role("link", name="考核方案").click()
    page.get_by_role("link", name="新建方案").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新建方案")
    page.locator("#id_code").fill("quarterly")
    page.locator("#id_name").fill("季度服务激励")
    page.locator("#id_name_en").fill("Quarterly service incentive")
    page.locator("#id_base_amount").fill("1000")
    page.locator("#id_max_adjustment").fill("5")
    rows = [
        ("ms", "绩效指标", "神秘顾客得分", "80", "50"),
        ("qa", "绩效指标", "监听质检得分", "", "30"),
        ("on_time", "必修课程按时完成", None, "", "20"),
    ]
    for i, (key, kind, metric, target, weight) in enumerate(rows, start=1):
        row = page.get_by_role("group", name=f"组件 {i}")
        row.get_by_label("标识").fill(key)
        row.get_by_label("类型").select_option(label=kind)
        if metric:
            row.get_by_label("指标").select_option(label=metric)
        row.get_by_label("目标值").fill(target)
        row.get_by_label("权重（%）").fill(weight)
    tiers = [
        ("c", "待提升", "Developing", "0", "0", ""),
        ("b", "达标", "Meets", "60", "", "1"),
        ("a", "卓越", "Outstanding", "80", "", "1.5"),
    ]
    for i, (code, name, name_en, low, amount, multiplier) in enumerate(tiers, 1):
        row = page.get_by_role("group", name=f"档位 {i}")
        row.get_by_label("编码").fill(code)
        row.get_by_label(re.compile("^名称")).fill(name)
        row.get_by_label("英文名称").fill(name_en)
        row.get_by_label("最低分").fill(low)
        row.get_by_label(re.compile("^金额")).fill(amount)
        row.get_by_label("基数金额的倍数").fill(multiplier)
    # Weights off by ten first: the page says so and keeps what was typed.
    page.get_by_role("group", name="组件 3").get_by_label("权重（%）").fill("10")
    page.get_by_role("button", name="保存方案").click()
    expect(page.get_by_text("各组件权重之和必须正好为 100")).to_be_visible()
    page.get_by_role("group", name="组件 3").get_by_label("权重（%）").fill("20")
    page.get_by_role("button", name="保存方案").click()
    expect(page.get_by_text("方案 季度服务激励 v1 已保存。")).to_be_visible()


def _act(page, button, reason=""):
    page.get_by_label("原因（记入历史）").fill(reason)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_text(f"已完成：{button}。")).to_be_visible()


@pytest.fixture
def signed_in(browser, live_server, password):
    """signed_in(employee, viewport) -> a page signed in through the real form
    (HR types a TOTP code); the contexts close after the test, so no page is
    left polling a flushed database."""
    opened = []

    def open_page(employee, viewport):
        page = sign_in(browser, live_server, employee, password, **viewport)
        opened.append(page.context)
        return page

    yield open_page
    for context in opened:
        context.close()


def test_review_cycle_from_scheme_to_payroll(
    signed_in, live_server, hr, manager, staff, store, screenshot, monkeypatch
):
    metric_builtins_ensure()  # transactional tests flush the migration's rows
    staff.name = "林小雨"  # not a prefix of a factory name ("员工1" of "员工12")
    staff.save()
    others = _evidence(store, manager, staff)
    hr.user.language = staff.user.language = "zh-hans"
    manager.user.language = "en"
    for e in (hr, staff, manager):
        e.user.save()
    # Hold the computation back (the outbox would hand it to Celery) so the
    # page is seen polling while it waits, then run it as the worker does.
    queued = []
    monkeypatch.setattr(cycle_compute_task, "delay", lambda *a: queued.append(a))

    # 1. HR writes the scheme and opens the cycle.
    hr_page = signed_in(hr, DESK)
    _scheme_through_the_page(hr_page, live_server)
    screenshot(hr_page, "scheme-saved")
    hr_page.goto(live_server.url + "/performance/reviews/cycles/new/")
    expect(hr_page.get_by_role("heading", level=1)).to_have_text("发起考核周期")
    hr_page.get_by_label("方案版本").select_option(label="季度服务激励 v1")
    hr_page.get_by_label(re.compile("^名称")).fill("2026 第三季度")
    hr_page.get_by_label("英文名称").fill("2026 Q3")
    hr_page.get_by_label("考核期开始").fill(START.isoformat())
    hr_page.get_by_label("考核期结束（含）").fill(END.isoformat())
    hr_page.get_by_label(store.name, exact=True).check()
    hr_page.get_by_label("前台接待").check()  # the manager is not in it
    hr_page.get_by_role("button", name="发起考核周期").click()
    expect(hr_page.get_by_role("heading", level=1)).to_have_text("2026 第三季度")
    expect(hr_page.locator("#cycle-state")).to_have_text("草稿")
    cycle = ReviewCycle.objects.get()

    # 2. Compute: the page shows the progress and follows it to the end.
    _act(hr_page, "计算", "第一次计算")
    expect(hr_page.locator("#cycle-state")).to_have_text("计算中")
    expect(hr_page.get_by_role("progressbar", name="计算进度")).to_be_visible()
    expect(hr_page.locator("#cycle-percent")).to_have_text("0%")
    assert queued == [(cycle.pk, hr.user.pk, "第一次计算")]
    # Midway, as the worker reports it: the page's poll moves the bar.
    ReviewCycle.objects.filter(pk=cycle.pk).update(progress=40, phase="scoring")
    expect(hr_page.locator("#cycle-percent")).to_have_text("40%")
    expect(hr_page.locator("#cycle-bar")).to_have_js_property("value", 40)
    cycle_compute_task(*queued[0])  # what the worker does
    expect(hr_page.locator("#cycle-state")).to_have_text("经理评审", timeout=15_000)
    expect(hr_page.locator("#cycle-bar")).to_have_attribute("value", "100")
    expect(hr_page.locator("#cycle-percent")).to_have_text("100%")
    expect(hr_page.locator("#cycle-progress")).to_contain_text("3 名员工")
    results = hr_page.get_by_role("table")
    mine = results.get_by_role("row").filter(has_text=staff.name)
    expect(mine).to_contain_text("72.00")  # 35 + 27 + 10
    expect(mine).to_contain_text("达标")
    screenshot(hr_page, "computed")

    # 3. The store manager raises the score by 3 points, with a reason.
    manager_page = signed_in(manager, DESK)
    manager_page.goto(live_server.url + "/performance/reviews/")
    manager_page.get_by_role("link", name="2026 Q3").click()
    expect(manager_page.get_by_role("heading", level=1)).to_have_text(
        "2026 Q3 · Team review"
    )
    row = manager_page.get_by_role("row").filter(has_text=staff.name)
    row.get_by_label("Points").fill("3")
    row.get_by_label("Reason").fill("Covered two extra weekend shifts")
    row.get_by_role("button", name="Save").click()
    expect(manager_page.get_by_text(f"Score of {staff.name} adjusted.")).to_be_visible()
    row = manager_page.get_by_role("row").filter(has_text=staff.name)
    expect(row.locator(".adjustment")).to_have_text("3.00")
    expect(row.locator(".score")).to_have_text("75.00")
    expect(row.locator(".tier")).to_have_text("Meets")
    screenshot(manager_page, "adjusted")

    # 4. HR calibrates and publishes; the employee reads and disputes.
    hr_page.reload()
    _act(hr_page, "开始校准")
    _act(hr_page, "向员工发布", "第三季度结果")
    expect(hr_page.locator("#cycle-state")).to_have_text("已发布（申诉期开放）")

    phone = signed_in(staff, PHONE)
    phone.goto(live_server.url + "/performance/reviews/")
    phone.get_by_role("link", name="2026 第三季度").click()
    expect(
        phone.get_by_role("heading", level=2, name="得分是如何得出的")
    ).to_be_visible()
    expect(phone.locator("#final-score")).to_have_text("75.00")
    expect(phone.locator("#tier")).to_have_text("达标")
    expect(phone.locator("#amount")).to_have_text("1000.00")
    table = phone.locator("#explanation")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["组件", "原始值", "n", "标准化值", "权重", "实际权重", "贡献"]
    )
    expect(table.locator("tr[data-key=ms] > *")).to_have_text(
        ["神秘顾客得分", "56.00", "1", "70.00", "50.00", "50.00", "35.00"]
    )
    expect(table.locator("tr[data-key=qa] > *")).to_have_text(
        ["监听质检得分", "81.00", "5", "90.00", "30.00", "30.00", "27.00"]
    )
    expect(table.locator("tr[data-key=on_time] > *")).to_have_text(
        ["必修课程按时完成", "50.00", "2", "50.00", "20.00", "20.00", "10.00"]
    )
    screenshot(phone, "explanation-phone")
    evidence = phone.locator("section.evidence[data-key=ms]")
    evidence.get_by_text("对此组件提出申诉").click()
    evidence.get_by_label("问题说明").fill("7月1日那次暗访时我在休假，不是我接待的")
    evidence.get_by_label("建议值（可选）").fill("72")
    evidence.get_by_role("button", name="提交申诉").click()
    expect(phone.get_by_text("你的申诉已提交给评审人。")).to_be_visible()
    expect(phone.locator("#disputes")).to_contain_text("待处理")
    dispute = Dispute.objects.get()
    assert (dispute.result.employee, dispute.proposed_value) == (staff, 72)

    # 5. The manager (the reviewer of the team's disputes) partly accepts.
    manager_page.goto(live_server.url + "/performance/reviews/")
    manager_page.get_by_role("link", name="Disputes of my team").click()
    manager_page.get_by_role("link", name=staff.name).click()
    manager_page.get_by_role("radio", name="Partly accept").check()
    manager_page.get_by_label("Value accepted (partly accept)").fill("68")
    manager_page.get_by_label("Reason").fill(
        "The roster confirms leave that day; the other visit stands"
    )
    manager_page.get_by_role("button", name="Record the decision").click()
    expect(manager_page.get_by_text("Decision recorded.")).to_be_visible()
    expect(manager_page.locator("#dispute-state")).to_have_text("Partly accepted")
    expect(manager_page.locator("#dispute-score")).to_have_text("75.00 → 82.50")
    screenshot(manager_page, "dispute-decided")

    phone.reload()
    # ms 68 → 85 × 50 % = 42.5; 42.5 + 27 + 10 + 3 = 82.5: tier A, 1.5 × 1000.
    expect(phone.locator("#final-score")).to_have_text("82.50")
    expect(phone.locator("#tier")).to_have_text("卓越")
    expect(phone.locator("#amount")).to_have_text("1500.00")
    expect(table.locator("tr[data-key=ms] td").first).to_contain_text("68.00")
    expect(phone.locator("#disputes")).to_contain_text("部分接受")
    screenshot(phone, "after-dispute-phone")

    # 6. HR closes the appeal window, locks and downloads the payroll file.
    hr_page.reload()
    _act(hr_page, "关闭申诉期")
    _act(hr_page, "批准并锁定", "第三季度定稿")
    expect(hr_page.locator("#cycle-state")).to_have_text("已锁定")
    with hr_page.expect_download() as info:
        hr_page.get_by_role("link", name="薪资 XLSX").click()
    download = info.value
    assert download.suggested_filename == f"payroll-{cycle.pk}-20260701.xlsx"
    book = load_workbook(io.BytesIO(download.path().read_bytes()))  # no suffix
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("工号", "姓名", "门店", "档位", "得分", "金额")
    by_number = {r[0]: r for r in rows[1:]}
    assert set(by_number) == {staff.number, *(o.number for o in others)}
    assert by_number[staff.number] == (
        staff.number,
        staff.name,
        store.name,
        "卓越",
        82.5,
        1500,
    )
    hr_page.reload()
    downloads = hr_page.get_by_role("heading", name="薪资文件下载记录")
    expect(downloads).to_be_visible()
    expect(hr_page.get_by_role("listitem").filter(has_text="XLSX")).to_have_count(1)
    screenshot(hr_page, "locked")
