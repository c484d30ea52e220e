"""An audit in a real browser (F6 "done when"): an auditor records a
mystery-shopper visit with a failed critical item, a store manager in
Chinese on a phone (390×844) and HR in English on a desktop; each sees
score 0 and the reason; the employee sees the audit and may dispute it."""

import pytest
from playwright.sync_api import expect

from performance.models import Audit
from performance.services import metric_builtins_ensure
from tests.courses import factories as cf

from .audit import Watch, audit
from .signin import session_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _record(page, live_server, rubric, staff, *, touchpoint, submit, watch=None):
    page.goto(live_server.url + "/performance/audits/new/")
    page.get_by_role("link", name=rubric.title).click()
    page.locator("#id_kind").select_option("mystery_shopper")
    page.locator("#id_touchpoint").select_option(touchpoint)
    page.locator("#id_employee").select_option(str(staff.pk))
    criteria = page.locator("fieldset.criterion-card")
    expect(criteria).to_have_count(2)
    # Greeting (critical) at its lowest level, the farewell at the top.
    criteria.nth(0).locator("input[type=radio]").first.check()
    criteria.nth(0).locator("textarea").fill("没有问候 / No greeting")
    criteria.nth(1).locator("input[type=radio]").last.check()
    if watch is not None:  # the form itself: no sideways scroll, axe clean
        assert audit(page, watch) == []
    page.get_by_role("button", name=submit).click()
    expect(page.locator("#audit-score")).to_be_visible()


def test_auditor_records_a_failed_critical_visit_and_employee_sees_it(
    browser, live_server, staff, manager, hr
):
    metric_builtins_ensure()  # transactional tests flush the migration's rows
    rubric = cf.rubric(
        [
            cf.criterion("Greeting", critical=True, pass_points=1),
            cf.criterion("Farewell", weight=2),
        ],
        title="Counter visit",
    )

    context, page = session_page(
        browser, live_server, manager, language="zh-hans", viewport=(390, 844)
    )
    watch = Watch(page, live_server.url)
    _record(
        page,
        live_server,
        rubric,
        staff,
        touchpoint="face_to_face",
        submit="保存稽核",
        watch=watch,
    )
    expect(page.locator("#audit-score")).to_have_text("得分 0")
    expect(page.locator("#audit-fail-reason")).to_contain_text("关键项")
    expect(page.locator("#audit-fail-reason")).to_contain_text("Greeting")
    assert audit(page, watch) == []
    context.close()

    context, page = session_page(
        browser, live_server, hr, language="en", viewport=(1280, 900)
    )
    _record(
        page, live_server, rubric, staff, touchpoint="phone", submit="Record the audit"
    )
    expect(page.locator("#audit-score")).to_have_text("Score 0")
    expect(page.locator("#audit-fail-reason")).to_contain_text(
        "a critical criterion scored below its pass level"
    )
    context.close()
    assert list(Audit.objects.values_list("percent", flat=True)) == [0, 0]

    context, page = session_page(
        browser, live_server, staff, language="en", viewport=(390, 844)
    )
    watch = Watch(page, live_server.url)
    page.goto(live_server.url + "/performance/audits/")
    expect(page.locator(".audit-list > li")).to_have_count(2)
    page.locator(".audit-list a").first.click()
    expect(page.locator("#audit-score")).to_have_text("Score 0")
    expect(page.locator("#dispute-form")).to_be_visible()
    assert audit(page, watch) == []
    context.close()
