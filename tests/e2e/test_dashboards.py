"""HR opens the HR dashboard in Chinese on a phone, a manager the team
dashboard in English on a desktop: the cards show, the Chart.js chart is
drawn from the locally served file and the same figures are in a table; the
CSV link downloads; no console errors, no serious axe-core violations."""

import pytest
from playwright.sync_api import expect

from tests.e2e.audit import Watch, audit
from tests.e2e.signin import session_page
from tests.e2e.test_performance_import import _signed_in_context
from tests.training.conftest import make_course, wagtail_root

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _problems(page, watch):
    # With the bar-and-line build of Chart.js the dashboards keep the 200 KB
    # first-load budget of every staff and manager page.
    return audit(page, watch)


@pytest.mark.parametrize(
    "who,language,viewport,path,heading",
    [
        ("hr", "zh-hans", (390, 844), "hr", "人力资源看板"),
        ("manager", "en", (1280, 900), "team", "Team dashboard"),
    ],
)
def test_dashboard_chart_table_and_export(
    browser,
    live_server,
    request,
    staff,
    screenshot,
    who,
    language,
    viewport,
    path,
    heading,
):
    from tests.conftest import _with_mfa
    from tests.courses.factories import library_site
    from training.models import Enrollment

    wagtail_root()
    course = make_course(library_site(), lessons=0, title="Greeting")
    Enrollment.objects.create(employee=staff, course=course)
    viewer = request.getfixturevalue(who)
    if who == "hr":
        _with_mfa(viewer.user)
    viewer.user.language = language
    viewer.user.save()
    context = _signed_in_context(browser, live_server, viewer.user)
    page = context.new_page()
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    watch = Watch(page, live_server.url)
    page.goto(f"{live_server.url}/performance/analytics/dashboards/{path}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#chart-enrolments")).to_have_attribute("data-drawn", "1")
    expect(page.locator("#table-enrolments tbody tr")).to_have_count(5)
    expect(page.locator('[data-figure="completion"] .figure')).to_have_text("0.0 %")
    assert _problems(page, watch) == []
    screenshot(page, f"dashboard-{path}")
    with page.expect_download() as download:
        page.locator(f'a[href$="/dashboards/{path}/export.csv"]').click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    title = "必修学习任务（按状态）" if language == "zh-hans" else "Required enrolments"
    assert text.startswith(title)
    context.close()


@pytest.mark.parametrize(
    "language,viewport,heading",
    [("en", (390, 844), "Trainer dashboard"), ("zh-hans", (1280, 900), "培训师看板")],
)
def test_trainer_dashboard_shows_their_courses(
    browser,
    live_server,
    trainer,
    staff,
    other_staff,
    screenshot,
    language,
    viewport,
    heading,
):
    """A trainer sees the courses they own (not others'), the chart drawn, the
    same figures in the table, on a phone and a desktop, in both languages."""
    from tests.courses.factories import library_site
    from training.models import Enrollment

    wagtail_root()
    library = library_site()
    theirs = make_course(library, lessons=0, title="Greeting", owner=trainer.user)
    other = make_course(library, lessons=0, title="Complaint handling")
    Enrollment.objects.create(employee=staff, course=theirs)
    Enrollment.objects.create(employee=other_staff, course=theirs)
    Enrollment.objects.create(employee=staff, course=other)
    context, page = session_page(
        browser, live_server, trainer, language=language, viewport=viewport
    )
    watch = Watch(page, live_server.url)
    page.goto(f"{live_server.url}/performance/analytics/dashboards/trainer/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#chart-courses")).to_have_attribute("data-drawn", "1")
    rows = page.locator("#table-courses tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Greeting")
    expect(page.locator('[data-figure="enrolments"] .figure')).to_have_text("2")
    assert _problems(page, watch) == []
    screenshot(page, "dashboard-trainer")
    context.close()
