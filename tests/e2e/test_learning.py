"""A staff member's whole journey in a real browser: assigned course, lessons,
a timed quiz failed then passed, the certificate and its public verification."""

import pytest
from playwright.sync_api import expect

from courses.models import Question
from tests.training.conftest import make_course, make_quiz, wagtail_root
from training import services

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def answer(page, attempt, *, right: bool):
    for item in attempt.plan:
        q = Question.objects.get(pk=item["question_id"])
        oid = next(o for o, v in q.option_values if (v["credit"] >= 1) == right)
        page.check(f'input[name="q-{q.pk}"][value="{oid}"]')


def test_staff_learns_fails_retakes_passes_and_verifies(
    page, live_server, staff, password, screenshot
):
    """Log in, open the assigned course, view every lesson, fail the timed
    quiz, retake and pass, download the certificate, verify it publicly."""
    from tests.courses.factories import library_site

    wagtail_root()
    quiz = make_quiz(n=2, time_limit_minutes=5, pass_mark=100, attempts_allowed=3)
    course = make_course(
        library_site(),
        lessons=2,
        quiz=quiz,
        require_quiz=True,
        title="Complaint handling",
        certificate_validity_months=12,
    )
    enrollment = services.assignment_create(course=course, employees=[staff])[0]

    page.goto(live_server.url + "/accounts/login/?next=/learning/")
    page.get_by_label("Email").fill(staff.user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    page.get_by_role("link", name="Complaint handling").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint handling")
    screenshot(page, "course")

    page.get_by_role("link", name="Start:").click()
    page.locator("a[rel=next]").click()
    page.get_by_role("link", name="Back to the course").click()
    expect(page.get_by_text("Viewed")).to_have_count(2)

    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("#time-left")).to_be_visible()
    attempt = enrollment.attempts.get(number=1)
    answer(page, attempt, right=False)
    expect(page.locator("#save-status")).to_have_text("Answers saved")
    screenshot(page, "quiz")
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page.get_by_text("Not passed")).to_be_visible()

    page.get_by_role("link", name="Back to the course").click()
    page.get_by_role("button", name="Retake the quiz").click()
    attempt = enrollment.attempts.get(number=2)
    answer(page, attempt, right=True)
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name="Submit all and finish").click()
    expect(page.get_by_text("Passed", exact=True)).to_be_visible()
    screenshot(page, "passed")

    page.get_by_role("link", name="Back to the course").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download certificate (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as fh:
        assert fh.read(4) == b"%PDF"

    code = enrollment.certificate.code
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/learning/verify/{code}/")
    expect(page.get_by_text("This certificate is valid.")).to_be_visible()
    expect(page.get_by_text(staff.name)).to_be_visible()
    screenshot(page, "verified")
