"""Learning pages show their content in the viewer's language, or the
original with the "not yet translated" notice course pages have."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from courses.models import Question
from tests.courses import factories as cf
from training import services

from .conftest import correct_answers, make_course

pytestmark = pytest.mark.django_db

NOTICE = {
    "en": "This content is not yet available in your language",
    "zh-hans": "此内容尚无您所选语言的版本",
}


def _languages():
    original = Locale.get_default()
    return original, cf.other_locale()


def _speaks(employee, locale):
    employee.user.language = locale.language_code
    employee.user.save()


def _course_with_lesson(library):
    course = make_course(library, lessons=0)
    lesson = cf.LessonPageFactory(
        parent=course, body=[("rich_text", "<p>Original body</p>")]
    )
    return course, lesson


def _translate_lesson(library, course, lesson, locale):
    library.copy_for_translation(locale).save_revision().publish()
    course.copy_for_translation(locale).save_revision().publish()
    copy = lesson.copy_for_translation(locale)
    copy.title = "Translated lesson"
    copy.body = [("rich_text", "<p>Translated body</p>")]
    copy.save_revision().publish()
    return copy


def test_untranslated_lesson_shows_the_original_with_the_notice(library, staff, login):
    original, other = _languages()
    course, lesson = _course_with_lesson(library)
    services.assignment_create(course=course, employees=[staff])
    _speaks(staff, other)
    html = login(staff).get(reverse("training:lesson", args=[lesson.pk]))
    html = html.content.decode()
    assert "Original body" in html
    assert "fallback-notice" in html
    assert NOTICE[other.language_code] in html


def test_untranslated_course_page_has_the_same_notice(library, staff, login):
    original, other = _languages()
    course, _lesson = _course_with_lesson(library)
    services.assignment_create(course=course, employees=[staff])
    _speaks(staff, other)
    html = login(staff).get(reverse("training:course", args=[course.pk]))
    assert NOTICE[other.language_code] in html.content.decode()


@pytest.mark.parametrize("viewer", ["original", "other"])
def test_lesson_follows_the_chosen_language(library, staff, login, viewer):
    """Whichever language's lesson URL the learner is on (as after switching
    language), the page shows the body of the language they chose."""
    original, other = _languages()
    course, lesson = _course_with_lesson(library)
    copy = _translate_lesson(library, course, lesson, other)
    services.assignment_create(course=course, employees=[staff])
    client = login(staff)
    wanted, opened = (original, copy) if viewer == "original" else (other, lesson)
    _speaks(staff, wanted)
    response = client.get(reverse("training:lesson", args=[opened.pk]), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    if viewer == "original":
        assert "Original body" in html and "Translated body" not in html
    else:
        assert "Translated body" in html and "Original body" not in html
    assert "fallback-notice" not in html
    assert NOTICE[wanted.language_code] not in html


def _quiz_with_one_translated_question(other):
    first = cf.question(stem="<p>Original first</p>")
    second = cf.question(stem="<p>Original second</p>")
    translated = second.copy_for_translation(other)
    translated.stem = "<p>Translated second</p>"
    translated.save()
    quiz = cf.quiz([first, second], review_after_score=True, review_after_answers=True)
    return quiz, first, second


def _notices(html: str, question: Question) -> bool:
    """Whether the question's block carries the notice."""
    start = html.index(f'id="question-{question.pk}"')
    end = html.find("</fieldset>", start)
    return "fallback-notice" in html[start:end]


def test_quiz_player_and_review_mark_untranslated_questions(library, staff, login):
    original, other = _languages()
    quiz, first, second = _quiz_with_one_translated_question(other)
    course = make_course(library, lessons=0, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    _speaks(staff, other)
    client = login(staff)
    html = client.get(reverse("training:attempt", args=[attempt.pk])).content.decode()
    assert "Original first" in html and "Translated second" in html
    assert _notices(html, first) and not _notices(html, second)
    assert NOTICE[other.language_code] in html

    services.attempt_submit(attempt=attempt, answers=correct_answers(attempt))
    html = client.get(
        reverse("training:attempt_review", args=[attempt.pk])
    ).content.decode()
    sections = html.split('<section class="question"')[1:]
    assert len(sections) == 2
    for section in sections:
        if "Original first" in section:
            assert "fallback-notice" in section
        else:
            assert "Translated second" in section
            assert "fallback-notice" not in section


def test_quiz_player_in_the_original_language_has_no_notice(library, staff, login):
    original, other = _languages()
    quiz, first, second = _quiz_with_one_translated_question(other)
    course = make_course(library, lessons=0, quiz=quiz, require_quiz=True)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    attempt = services.attempt_start(enrollment=enrollment, quiz=quiz)
    _speaks(staff, original)
    html = login(staff).get(reverse("training:attempt", args=[attempt.pk]))
    html = html.content.decode()
    assert "Original first" in html and "Original second" in html
    assert "fallback-notice" not in html


def test_translated_course_lists_untranslated_lessons_marked(library, staff, login):
    """The course page in the translation's language lists every lesson the
    course needs: translated ones by their translation, the others in the
    original, marked, and each opens."""
    original, other = _languages()
    course, lesson = _course_with_lesson(library)
    copy = _translate_lesson(library, course, lesson, other)
    second = cf.LessonPageFactory(
        parent=course, title="Second original", body=[("rich_text", "<p>Two</p>")]
    )
    services.assignment_create(course=course, employees=[staff])
    _speaks(staff, other)
    client = login(staff)
    html = client.get(reverse("training:course", args=[course.pk])).content.decode()
    assert reverse("training:lesson", args=[copy.pk]) in html
    assert reverse("training:lesson", args=[second.pk]) in html
    assert "Second original" in html
    assert html.count("untranslated") == 1
    page = client.get(reverse("training:lesson", args=[second.pk])).content.decode()
    assert "Two" in page and NOTICE[other.language_code] in page
