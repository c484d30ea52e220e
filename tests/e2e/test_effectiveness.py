"""HR opens the effectiveness report of a course that moved CSAT and of one
that did not: all four Kirkpatrick levels, the effect with its interval for
the first, "no evidence of an effect" for the second."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_performance_import import _signed_in_context
from tests.performance.analytics.conftest import seed_course_panel
from tests.training.conftest import wagtail_root

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)])
def test_effectiveness_report_shows_effect_and_null(
    browser, live_server, hr, screenshot, viewport
):
    from tests.conftest import _with_mfa
    from tests.courses.factories import library_site

    wagtail_root()
    library = library_site()
    effect, _ = seed_course_panel(library, effect=5.0, title="Listening at the counter")
    # Other people (waiters), so the first course's lift is not their baseline.
    null, _ = seed_course_panel(
        library, effect=0.0, seed=2, title="Dress code", position="waiter"
    )
    _with_mfa(hr.user)
    hr.user.language = "en"
    hr.user.save()
    context = _signed_in_context(browser, live_server, hr.user)
    page = context.new_page()
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(live_server.url + "/performance/analytics/courses/")
    page.get_by_role("link", name="Listening at the counter").click()
    for level in ("Reaction", "Learning", "Behaviour", "Results"):
        expect(page.get_by_role("heading", name=f"· {level}")).to_be_visible()
    row = page.locator('#results-table tr[data-metric="csat"]')
    expect(row.locator(".verdict")).to_have_text("Improved after training")
    low, high = (float(v) for v in row.locator("td").nth(1).inner_text().split(" – "))
    assert low < 5.0 < high
    expect(page.get_by_text("Normalised gain (Hake)")).to_be_visible()
    screenshot(page, "effect")

    page.goto(live_server.url + "/performance/analytics/courses/")
    page.get_by_role("link", name="Dress code").click()
    for level in ("Reaction", "Learning", "Behaviour", "Results"):
        expect(page.get_by_role("heading", name=f"· {level}")).to_be_visible()
    row = page.locator('#results-table tr[data-metric="csat"]')
    expect(row.locator(".verdict")).to_have_text("No evidence of an effect")
    screenshot(page, "null")
    context.close()
