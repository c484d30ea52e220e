"""HR finds an employee by store in the directory, opens them and moves them
to another team, at phone and desktop size, in Chinese and English; the
pages pass the layout and axe-core checks."""

import pytest
from playwright.sync_api import expect

from tests.e2e.audit import Watch, audit
from tests.e2e.signin import session_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "store": "Store",
        "search": "Search",
        "team": "Team",
        "reason": "Reason for the change",
        "save": "Save changes",
        "saved": "saved",
    },
    "zh-hans": {
        "store": "门店",
        "search": "搜索",
        "team": "班组",
        "reason": "变更原因",
        "save": "保存修改",
        "saved": "已保存",
    },
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)])
def test_hr_filters_opens_and_moves_an_employee(
    browser, live_server, hr, staff, other_staff, screenshot, viewport, language
):
    from people.models import Employee
    from tests.factories import TeamFactory

    words = WORDS[language]
    team = TeamFactory(store=staff.store, name="二组", name_en="Second shift")
    context, page = session_page(
        browser, live_server, hr, language=language, viewport=viewport
    )
    watch = Watch(page, live_server.url)
    page.goto(live_server.url + "/people/hr/")
    page.get_by_label(words["store"], exact=True).select_option(staff.store.code)
    page.get_by_role("button", name=words["search"], exact=True).click()
    expect(page.get_by_role("link", name=staff.name)).to_be_visible()
    expect(page.get_by_text(other_staff.name)).to_have_count(0)
    assert audit(page, watch) == []
    screenshot(page, "directory")

    watch.reset()
    page.get_by_role("link", name=staff.name).click()
    page.get_by_label(words["team"]).select_option(team.code)
    page.get_by_label(words["reason"]).fill("排班调整")
    assert audit(page, watch) == []
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_text(words["saved"])).to_be_visible()
    expect(page.locator("dl")).to_contain_text(
        "二组" if language == "zh-hans" else "Second shift"
    )
    screenshot(page, "saved")
    assert Employee.objects.get(pk=staff.pk).team == team
    context.close()


@pytest.mark.parametrize(
    "language,viewport", [("zh-hans", (390, 844)), ("en", (1280, 900))]
)
def test_hr_anonymises_an_employee_who_left(
    browser, live_server, hr, staff, screenshot, viewport, language
):
    from people.models import Employee

    Employee.objects.filter(pk=staff.pk).update(status=Employee.Status.LEFT)
    context, page = session_page(
        browser, live_server, hr, language=language, viewport=viewport
    )
    watch = Watch(page, live_server.url)
    page.goto(f"{live_server.url}/people/hr/employees/{staff.pk}/")
    zh = language == "zh-hans"
    with page.expect_download() as download:
        page.get_by_role(
            "link", name="下载个人数据（zip）" if zh else "Download personal data (zip)"
        ).click()
    assert download.value.suggested_filename == f"personal-data-{staff.number}.zip"
    page.locator("#id_anon-reason").fill("保留期已满")
    page.get_by_role("checkbox").check()
    assert audit(page, watch) == []
    page.get_by_role("button", name="匿名化" if zh else "Anonymise").click()
    expect(page.locator("p.notice")).to_contain_text("已于" if zh else "Anonymised on")
    screenshot(page, "anonymised")
    assert Employee.objects.get(pk=staff.pk).anonymised_at is not None
    context.close()
