"""On a phone and a desktop, in Chinese and in English: a learner reads a lesson, follows
its "Take the quiz" button, answers, submits and reads the review (with the
correct answers the quiz allows); each page passes the layout and axe-core
checks."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from courses.models import Question
from tests.courses import factories as cf
from tests.e2e.audit import Watch, audit
from tests.e2e.signin import session_page
from tests.training.conftest import make_course, make_quiz, wagtail_root
from training import services
from training.models import QuizAttempt

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def words(language: str) -> dict[str, str]:
    """The buttons' and labels' texts as the learner's language shows them."""
    with translation.override(language):
        return {
            key: translation.gettext(text)
            for key, text in {
                "take": "Take the quiz",
                "start": "Start the quiz",
                "review": "Review and submit",
                "submit": "Submit all and finish",
                "correct": "Correct answer",
                "saved": "Answers saved",
            }.items()
        }


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_lesson_quiz_button_attempt_submit_review(
    browser, live_server, staff, language, viewport, screenshot
):
    wagtail_root()
    quiz = make_quiz(n=2, shuffle_questions=False, review_after_answers=True)
    course = make_course(cf.library_site(), lessons=0, quiz=quiz, require_quiz=True)
    lesson = cf.LessonPageFactory(
        parent=course,
        title="Greeting the customer",
        body=[{"type": "quiz", "value": {"quiz": quiz.pk, "intro": "Ready?"}}],
    )
    services.assignment_create(course=course, employees=[staff])
    w = words(language)
    context, page = session_page(
        browser, live_server, staff, language=language, viewport=viewport
    )
    watch = Watch(page, live_server.url)

    page.goto(live_server.url + reverse("training:lesson", args=[lesson.pk]))
    expect(page.locator("html")).to_have_attribute("lang", language)
    button = page.get_by_role("link", name=w["take"], exact=True)
    button.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport()
    assert audit(page, watch) == []
    screenshot(page, f"lesson-{language}-{viewport[0]}")
    button.click()

    # The course's quiz section: starting is a deliberate POST (the clock runs).
    page.get_by_role("button", name=w["start"]).click()
    attempt = QuizAttempt.objects.get(enrollment__employee=staff)
    first, second = (item["question_id"] for item in attempt.plan)
    expect(page.locator("#time-left")).to_be_visible()
    for question_id, right in ((first, True), (second, False)):
        q = Question.objects.get(pk=question_id)
        option = next(o for o, v in q.option_values if (v["credit"] >= 1) == right)
        page.check(f'input[name="q-{question_id}"][value="{option}"]')
    expect(page.locator("#save-status")).to_have_text(w["saved"])
    watch.reset()
    assert audit(page, watch) == []
    screenshot(page, f"attempt-{language}-{viewport[0]}")

    page.get_by_role("button", name=w["review"]).click()
    page.get_by_role("button", name=w["submit"]).click()
    expect(page.get_by_text(w["correct"]).first).to_be_visible()
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.FINISHED
    # One question right, one wrong: the review says so for each.
    expect(page.locator("h2 .badge-good")).to_have_count(1)
    expect(page.locator("h2 .badge-bad")).to_have_count(1)
    assert audit(page, watch) == []
    screenshot(page, f"review-{language}-{viewport[0]}")
    context.close()
