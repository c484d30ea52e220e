"""HR opens the skill matrix, filters by store, opens a gap cell and assigns
the course that closes the gap."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_performance_import import _signed_in_context
from tests.training.conftest import make_course, wagtail_root

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)])
def test_hr_filters_opens_gap_and_assigns(
    browser, live_server, hr, staff, other_staff, screenshot, viewport
):
    from courses.models import SkillArea
    from performance.models import PositionSkillRequirement
    from tests.conftest import _with_mfa
    from tests.courses.factories import library_site
    from training.models import Enrollment

    wagtail_root()
    area = SkillArea.objects.get_or_create(
        code="listening", defaults={"name": "倾听", "name_en": "Listening"}
    )[0]
    staff.position = other_staff.position = "teller"
    staff.save()
    other_staff.save()
    PositionSkillRequirement.objects.create(position="teller", skill_area=area, level=2)
    course = make_course(library_site(), lessons=0, level=2, title="Listening deeper")
    course.skill_areas.add(area)
    course.save_revision().publish()
    _with_mfa(hr.user)
    hr.user.language = "en"
    hr.user.save()
    context = _signed_in_context(browser, live_server, hr.user)
    page = context.new_page()
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(live_server.url + "/performance/analytics/skills/")
    page.get_by_label("Store", exact=True).select_option(str(staff.store_id))
    page.get_by_role("button", name="Filter").click()
    matrix = page.locator("#skill-matrix")
    expect(matrix.get_by_text(staff.name)).to_be_visible()
    expect(matrix.get_by_text(other_staff.name)).to_have_count(0)
    screenshot(page, "matrix")
    row = matrix.locator("tr", has_text=staff.name)
    row.locator('a[data-gap="1"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(staff.name)
    page.get_by_role("button", name="Assign Listening deeper").click()
    expect(page.get_by_text("Listening deeper assigned to")).to_be_visible()
    assert Enrollment.objects.filter(employee=staff, course=course).exists()
    screenshot(page, "assigned")
    context.close()
