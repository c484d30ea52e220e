"""Staff never reach drafts, assessor-only text or correct answers: not
through a page, a preview, a search result or the API (marker string)."""

import pytest

from . import factories as f

pytestmark = pytest.mark.django_db
M = f.MARKER


def _lesson_with_secrets(course):
    question = f.question(general_feedback=f"general {M}")
    scenario = f.scenario()
    return f.LessonPageFactory(
        parent=course,
        title="Secrets lesson",
        body=[
            {"type": "knowledge_check", "value": {"question": question.pk}},
            {"type": "role_play", "value": {"scenario": scenario.pk, "intro": ""}},
            {"type": "quiz", "value": {"quiz": f.quiz([question]).pk, "intro": ""}},
        ],
    )


def _search(client, q):
    return client.get("/courses/search/", {"q": q}).content.decode()


def test_lesson_hides_answers_and_assessor_notes(login, staff, course):
    lesson = _lesson_with_secrets(course)
    html = login(staff).get(lesson.url).content.decode()
    assert "Angry customer at the counter" in html  # the scenario is there
    assert M not in html
    assert "credit" not in html


def test_course_page_hides_assessor_notes(login, staff, course):
    course.role_play = f.scenario()
    course.save_revision().publish()
    html = login(staff).get(course.url).content.decode()
    assert "Angry customer at the counter" in html
    assert M not in html


def test_drafts_stay_hidden(login, staff, course):
    """Unpublished edits and never-published pages do not reach staff."""
    course.summary = f"draft summary {M}"
    course.save_revision()  # a draft, not published
    draft_lesson = f.LessonPageFactory(parent=course, title=f"Draft {M}", live=False)
    client = login(staff)
    assert M not in client.get(course.url).content.decode()
    assert client.get(f"/learn/{course.slug}/{draft_lesson.slug}/").status_code == 404
    assert M not in client.get("/learn/").content.decode()
    # The query itself is echoed back; no result may match it.
    assert 'class="search-results"' not in _search(client, M)
    assert M not in client.get("/courses/search/", {"q": "Draft"}).content.decode()


def test_preview_needs_admin_access(login, staff, course):
    """The admin preview is not open to staff."""
    course.summary = f"draft summary {M}"
    course.save_revision()
    client = login(staff)
    for url in (
        f"/admin/pages/{course.pk}/edit/preview/",
        f"/admin/pages/{course.pk}/revisions/compare/live...latest/",
        f"/admin/pages/{course.pk}/view_draft/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert M not in response.content.decode()


def test_search_hides_secrets(login, staff, course):
    """Searching for assessor-only text finds nothing."""
    _lesson_with_secrets(course)
    client = login(staff)
    assert 'class="search-results"' not in _search(client, M)
    assert 'class="search-results"' not in _search(client, "Script")
    assert "Secrets lesson" in _search(client, "Secrets")


def test_api_exposes_nothing_secret(login, staff, course):
    _lesson_with_secrets(course)
    client = login(staff)
    for url in ("/api/", "/api/schema/"):
        response = client.get(url)
        assert M not in response.content.decode()


def test_anonymous_sees_nothing(client, course):
    lesson = _lesson_with_secrets(course)
    for url in ("/learn/", course.url, lesson.url):
        response = client.get(url)
        assert response.status_code == 302
