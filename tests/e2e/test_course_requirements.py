"""On a phone, a course that needs a role-play says what is missing and the
learner asks for one; their manager is told."""

import pytest
from playwright.sync_api import expect

from people.models import Notification
from tests.courses import factories as cf
from tests.e2e.signin import sign_in
from tests.training.conftest import make_course, wagtail_root
from training import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_learner_sees_the_missing_roleplay_and_requests_it(
    browser, live_server, staff, manager, password, screenshot
):
    wagtail_root()
    scenario = cf.scenario(title="Angry customer at the counter")
    course = make_course(
        cf.library_site(),
        lessons=1,
        title="Complaint handling",
        role_play=scenario,
        require_lessons=True,
        require_role_play=True,
    )
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    services.lesson_viewed(enrollment=enrollment, lesson=course.get_children().first())
    page = sign_in(browser, live_server, staff, password, width=390, height=844)
    page.goto(f"{live_server.url}/learning/courses/{course.pk}/")
    requirements = page.locator("ul.requirements")
    expect(requirements.get_by_role("listitem")).to_have_count(2)
    role_play = requirements.get_by_role("listitem").nth(1)
    expect(role_play).to_contain_text("Angry customer at the counter")
    expect(role_play).to_contain_text("Not yet passed")
    button = role_play.get_by_role("button", name="Request a role-play")
    button.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport()
    screenshot(page, "missing")
    button.click()
    expect(
        page.get_by_text(f"Your request was sent to {manager.name}.")
    ).to_be_visible()
    expect(page.locator("ul.requirements")).to_contain_text("Requested on")
    screenshot(page, "requested")
    assert Notification.objects.filter(employee=manager, kind="roleplay").count() == 1
