import datetime as dt

import pytest
from django.test import Client
from playwright.sync_api import expect

from performance.services import import_batch_run, metric_builtins_ensure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _signed_in_context(browser, live_server, user):
    """A browser context carrying a session for `user` (HR's MFA sign-in is
    tested in the accounts suite)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-US")
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


def test_hr_uploads_watches_progress_and_employee_sees_points(
    browser, live_server, hr, staff, screenshot, monkeypatch
):
    """HR uploads a file, maps columns, watches the progress bar while the
    import runs; then the employee's record shows the new points."""
    from tests.conftest import _with_mfa

    _with_mfa(hr.user)
    metric_builtins_ensure()  # transactional tests flush the migration's rows
    hr.user.language = staff.user.language = "en"
    hr.user.save()
    staff.user.save()
    # Hold the task back so the page is seen while the import waits and runs.
    queued = []
    # (The outbox sends it with apply_async once the request commits.)
    monkeypatch.setattr(
        "performance.tasks.import_batch_task.apply_async",
        lambda args, **options: queued.append(args[0]),
    )
    day = dt.date.today().replace(day=1)
    csv = "工号,指标,日期,数值\n" + "".join(
        f"{staff.number},qa_score,{day + dt.timedelta(days=i)},{80 + i}\n"
        for i in range(5)
    )
    hr_context = _signed_in_context(browser, live_server, hr.user)
    page = hr_context.new_page()
    page.goto(live_server.url + "/performance/imports/new/")
    page.get_by_label("Observations file (CSV or XLSX)").set_input_files(
        {"name": "qa.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.get_by_label("Source").fill("qa-team")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map columns")
    expect(page.get_by_role("cell", name="qa_score").first).to_be_visible()
    expect(page.get_by_label("Employee number")).to_have_value("工号")
    screenshot(page, "mapping")
    page.get_by_role("button", name="Start import").click()
    expect(page.locator("#import-status")).to_have_text("Queued")
    assert len(queued) == 1
    import_batch_run(batch_id=queued[0])  # what the Celery worker does
    # The page polls the status endpoint and reloads when the import ends.
    expect(page.get_by_text("Imported: 5 new, 0 updated, 0 unchanged.")).to_be_visible(
        timeout=15_000
    )
    expect(page.locator("#import-bar")).to_have_attribute("value", "100")
    screenshot(page, "imported")
    hr_context.close()

    staff_context = _signed_in_context(browser, live_server, staff.user)
    page = staff_context.new_page()
    page.goto(live_server.url + "/performance/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My performance record")
    # The summary first; a metric's chart and table open on demand.
    page.get_by_role("link", name="QA call score").click()
    table = page.get_by_role("table", name="QA call score by month")
    expect(table.get_by_role("row")).to_have_count(2)  # header + this month
    expect(table).to_contain_text(day.strftime("%Y-%m"))
    expect(table).to_contain_text("82.00")  # mean of 80..84
    expect(page.locator("#chart-qa_score")).to_have_attribute("data-drawn", "1")
    screenshot(page, "record")
    staff_context.close()
