"""Installable and offline, in a real browser: the manifest and the service
worker load; a lesson opened once still reads with the network cut (with the
offline notice); a quiz answer typed offline is kept on the device and
arrives once the connection returns."""

import json

import pytest
from playwright.sync_api import expect

from courses.models import Question
from tests.e2e.signin import sign_in
from tests.training.conftest import make_course, make_quiz, wagtail_root
from training import services
from training.models import AttemptAnswer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def enrollment(staff):
    from tests.courses.factories import library_site

    wagtail_root()
    quiz = make_quiz(n=2, time_limit_minutes=10, shuffle_questions=False)
    course = make_course(library_site(), lessons=2, quiz=quiz, title="Greeting")
    return services.assignment_create(course=course, employees=[staff])[0]


def controlled(page):
    """Wait until the service worker is active, then reload so it controls
    the page."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def test_manifest_and_lesson_read_offline(
    browser, live_server, staff, password, enrollment, screenshot
):
    page = sign_in(browser, live_server, staff, password, width=390, height=844)
    manifest = page.request.get(live_server.url + "/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = json.loads(manifest.text())
    assert data["display"] == "standalone" and len(data["icons"]) == 3
    for icon in data["icons"]:
        assert page.request.get(live_server.url + icon["src"]).ok

    page.goto(f"{live_server.url}/learning/courses/{enrollment.course_id}/")
    controlled(page)
    page.get_by_role("link", name="Start:").click()
    expect(page.get_by_text("greet every customer")).to_be_visible()
    lesson_url = page.url

    page.context.set_offline(True)
    page.goto(lesson_url)
    expect(page.get_by_text("greet every customer")).to_be_visible()
    expect(page.locator("#offline-notice")).to_be_visible()
    screenshot(page, "lesson-offline")
    # A page never opened: the offline page, not the browser's error.
    page.goto(f"{live_server.url}/performance/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offline")
    page.context.set_offline(False)


def test_quiz_answer_typed_offline_arrives_after_reconnecting(
    browser, live_server, staff, password, enrollment
):
    page = sign_in(browser, live_server, staff, password, width=390, height=844)
    page.goto(f"{live_server.url}/learning/courses/{enrollment.course_id}/")
    page.get_by_role("button", name="Start the quiz").click()
    attempt = enrollment.attempts.get()
    first = attempt.plan[0]["question_id"]
    q = Question.objects.get(pk=first)
    right = next(o for o, v in q.option_values if v["credit"] >= 1)

    page.context.set_offline(True)
    page.check(f'input[name="q-{first}"][value="{right}"]')
    expect(page.locator("#save-status")).to_contain_text("Offline")
    # Kept on the device (localStorage) while the network is cut.
    page.wait_for_function(
        f"() => localStorage.getItem('quiz-pending-{attempt.pk}') !== null"
    )
    page.wait_for_timeout(600)  # past the autosave's pause: it too found no network
    assert not AttemptAnswer.objects.filter(
        attempt=attempt, question_id=first, response__isnull=False
    ).exists()

    page.context.set_offline(False)
    expect(page.locator("#save-status")).to_have_text(
        "Answers kept offline were sent.", timeout=10_000
    )
    assert AttemptAnswer.objects.get(attempt=attempt, question_id=first).response == (
        right
    )
