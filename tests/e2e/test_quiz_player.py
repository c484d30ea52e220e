"""The quiz player in a real browser, on a phone and a desktop: the timer
stays in view, the navigator shows answered / unanswered / flagged, the
summary warns about unanswered questions before the final submit, the review
shows the correct answers the quiz allows, and when the time is up the
answers are submitted by themselves with a notice saying so."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Question
from tests.e2e.signin import sign_in
from tests.training.conftest import make_course, make_quiz, wagtail_root
from training import services
from training.models import QuizAttempt

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def right_option(question_id):
    q = Question.objects.get(pk=question_id)
    return next(o for o, v in q.option_values if v["credit"] >= 1)


@pytest.fixture
def enrollment(staff):
    from tests.courses.factories import library_site

    wagtail_root()
    quiz = make_quiz(
        n=3,
        time_limit_minutes=10,
        shuffle_questions=False,
        review_after_answers=True,
    )
    course = make_course(library_site(), lessons=1, quiz=quiz, title="Greeting")
    return services.assignment_create(course=course, employees=[staff])[0]


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)])
def test_navigator_flag_and_unanswered_warning(
    browser, live_server, staff, password, enrollment, size, screenshot
):
    page = sign_in(browser, live_server, staff, password, width=size[0], height=size[1])
    page.goto(f"{live_server.url}/learning/courses/{enrollment.course_id}/")
    page.get_by_role("button", name="Start the quiz").click()
    attempt = enrollment.attempts.get()
    first, second, third = (item["question_id"] for item in attempt.plan)
    nav = page.get_by_role("navigation", name="Questions")
    expect(nav.get_by_role("link")).to_have_count(3)
    expect(page.locator("#answered-count")).to_have_text("0 of 3 answered")

    # Keyboard: the navigator's link moves the focus into its question.
    nav.get_by_role("link").nth(0).focus()
    page.keyboard.press("Enter")
    expect(page.locator(f'#question-{first} input[type="radio"]').first).to_be_focused()
    page.check(f'input[name="q-{first}"][value="{right_option(first)}"]')
    expect(nav.get_by_role("link").nth(0)).to_have_class("answered")
    expect(page.locator("#answered-count")).to_have_text("1 of 3 answered")

    page.locator(f"#question-{second}").get_by_role(
        "button", name="Flag for review"
    ).click()
    expect(nav.get_by_role("link").nth(1)).to_have_class("flagged")
    expect(nav.get_by_role("link").nth(1)).to_have_attribute(
        "aria-label", "2 (unanswered, flagged)"
    )
    expect(page.locator("#save-status")).to_have_text("Answers saved")

    # The timer stays in view while scrolling to the last question.
    page.locator(f"#question-{third}").scroll_into_view_if_needed()
    page.mouse.wheel(0, 2000)
    expect(page.locator("#time-left")).to_be_in_viewport()

    expect(page.get_by_role("button", name="Submit all and finish")).to_be_hidden()
    page.get_by_role("button", name="Review and submit").click()
    summary = page.locator("#quiz-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("1 of 3 answered")
    expect(summary).to_contain_text("Unanswered: 2, 3.")
    expect(summary).to_contain_text("Flagged for review: 2.")
    screenshot(page, f"summary-{size[0]}")

    # Back to the questions: the first unanswered one has the focus.
    page.get_by_role("button", name="Back to the questions").click()
    expect(
        page.locator(f'#question-{second} input[type="radio"]').first
    ).to_be_focused()
    page.check(f'input[name="q-{second}"][value="{right_option(second)}"]')
    page.get_by_role("button", name="Review and submit").click()
    expect(summary).to_contain_text("Unanswered: 3.")
    page.get_by_role("button", name="Submit all and finish").click()

    expect(page.get_by_text("Correct answer").first).to_be_visible()
    expect(page.locator(".badge", has_text="wrong")).to_have_count(1)
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.FINISHED
    assert not attempt.closed_by_timeout


def test_time_up_submits_the_answers_with_a_notice(
    browser, live_server, staff, password, enrollment, screenshot
):
    page = sign_in(browser, live_server, staff, password, width=390, height=844)
    page.goto(f"{live_server.url}/learning/courses/{enrollment.course_id}/")
    page.get_by_role("button", name="Start the quiz").click()
    attempt = enrollment.attempts.get()
    # Three seconds left (the server's deadline decides).
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + dt.timedelta(seconds=3)
    )
    page.reload()
    first = attempt.plan[0]["question_id"]
    page.check(f'input[name="q-{first}"][value="{right_option(first)}"]')
    expect(page.get_by_text("Time is up: your answers were submitted.")).to_be_visible(
        timeout=10_000
    )
    screenshot(page, "time-up")
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.FINISHED
    assert attempt.answers.get(question_id=first).response == right_option(first)
