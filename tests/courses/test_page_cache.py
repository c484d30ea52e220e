"""Course and lesson pages: routed in one query and their shared content cached
(courses.routing, courses.selectors.page_content), without serving stale
content, drafts or another user's data."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from wagtail.models import PageViewRestriction

from courses.models import CoursePage, LessonPage

from . import factories as f

pytestmark = pytest.mark.django_db


def _body(text):
    return [{"type": "rich_text", "value": f"<p>{text}</p>", "id": f._bid()}]


def _publish(page, **changes):
    """Save changes as a new revision and publish it, as the admin does."""
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def lesson(course):
    lesson = f.LessonPageFactory(parent=course, body=_body("First words"))
    return _publish(lesson)


def test_published_revision_replaces_cached_body(login, staff, lesson):
    """A learner sees a newly published body at once; a saved draft is never
    shown to learners."""
    client = login(staff)
    assert "First words" in client.get(lesson.url).content.decode()

    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body = _body("DRAFT-ONLY-7c1e")
    draft.save_revision()
    html = client.get(lesson.url).content.decode()
    assert "First words" in html and "DRAFT-ONLY-7c1e" not in html

    _publish(lesson, body=_body("Second words"))
    html = client.get(lesson.url).content.decode()
    assert "Second words" in html and "First words" not in html


def test_preview_neither_reads_nor_fills_the_cache(login, staff, lesson):
    """Previewing a draft shows the draft; learners still get the live body."""
    client = login(staff)
    client.get(lesson.url)  # cached live body
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body = _body("DRAFT-ONLY-7c1e")
    revision = draft.save_revision()
    request = RequestFactory().get(lesson.url)
    request.user = staff.user
    preview = revision.as_object().make_preview_request(original_request=request)
    assert "DRAFT-ONLY-7c1e" in preview.rendered_content
    html = client.get(lesson.url).content.decode()
    assert "First words" in html and "DRAFT-ONLY-7c1e" not in html


def test_cached_page_carries_nothing_of_the_first_viewer(staff, other_staff, lesson):
    """The cached part holds no per-user data: the second learner's page
    shows neither the first learner's name nor the first's CSRF token."""
    staff.user.first_name = "VIEWER-A-MARKER"
    staff.user.save()
    staff.name = "VIEWER-A-MARKER"
    staff.save()
    first, second = Client(), Client()
    first.force_login(staff.user)
    second.force_login(other_staff.user)
    for url in (lesson.url, lesson.get_parent().url):
        first_html = first.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first_html)[1]
        html = second.get(url).content.decode()
        assert "VIEWER-A-MARKER" not in html
        assert token not in html


def test_referenced_snippet_change_shows(login, staff, course):
    """Content that only refers to a snippet (the course quiz's title) shows
    the snippet's edit."""
    quiz = f.quiz(title="Old quiz title")
    course = _publish(course, quiz=quiz, require_quiz=True)
    client = login(staff)
    assert "Old quiz title" in client.get(course.url).content.decode()
    quiz.title = "New quiz title"
    quiz.save()
    html = client.get(course.url).content.decode()
    assert "New quiz title" in html and "Old quiz title" not in html


def test_new_sibling_lesson_appears_in_navigation(login, staff, course, lesson):
    """Publishing another lesson updates the previous/next links and the
    course's lesson list."""
    client = login(staff)
    assert 'rel="next"' not in client.get(lesson.url).content.decode()
    client.get(course.url)
    nxt = _publish(f.LessonPageFactory(parent=course, title="Next lesson here"))
    assert nxt.url in client.get(lesson.url).content.decode()
    assert "Next lesson here" in client.get(course.url).content.decode()


def test_unpublished_lesson_is_not_served(login, staff, lesson):
    client = login(staff)
    assert client.get(lesson.url).status_code == 200
    LessonPage.objects.get(pk=lesson.pk).unpublish()
    assert client.get(lesson.url).status_code == 404


def test_view_restriction_applies_to_fast_route(login, staff, course, lesson):
    """A group restriction on the course still keeps other learners out of its
    lessons (Wagtail's hook runs after the one-query route)."""
    restriction = PageViewRestriction.objects.create(
        page=CoursePage.objects.get(pk=course.pk),
        restriction_type=PageViewRestriction.GROUPS,
    )
    restriction.groups.add(Group.objects.create(name="pilot-store"))
    client = login(staff)
    for url in (course.url, lesson.url):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "First words" not in response.content.decode()


def test_restriction_added_later_applies_at_once(login, staff, course, lesson):
    """Whether a page may be restricted is asked on every request, never
    cached: a restriction set on the library after a learner has read the
    lesson keeps them out on their next request."""
    client = login(staff)
    assert client.get(lesson.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=course.get_parent(), restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="pilot-store"))
    assert client.get(lesson.url).status_code == 302
    restriction.delete()
    assert client.get(lesson.url).status_code == 200


def test_alias_takes_its_source_restrictions(login, staff, course):
    """An alias of a restricted course is restricted too (Wagtail's rule), so
    the route's quick "no restriction" answer never applies to aliases."""
    source = CoursePage.objects.get(pk=course.pk)
    alias = source.create_alias(update_slug=f"{source.slug}-alias")
    restriction = PageViewRestriction.objects.create(
        page=source, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="pilot-store"))
    client = login(staff)
    assert client.get(alias.url).status_code == 302
    restriction.delete()
    assert client.get(alias.url).status_code == 200


def test_untranslated_lesson_falls_back_to_original(login, staff, course, lesson):
    """An English learner gets an untranslated lesson in its original language
    under a translated library."""
    library = course.get_parent().specific
    other = f.other_locale()
    library.copy_for_translation(other).save_revision().publish()
    staff.user.language = other.language_code
    staff.user.save()
    response = login(staff).get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "First words" in html and "fallback-notice" in html


@pytest.mark.parametrize("n", [2, 30])
def test_cached_pages_run_few_queries(
    n, login, staff, course, lesson, django_assert_max_num_queries
):
    """Once cached, a course or lesson page costs the session, the user (with
    its roles) and the route (which tells that no view restriction applies),
    whatever the course size."""
    for _ in range(n):
        f.LessonPageFactory(parent=course)
    client = login(staff)
    for url in (course.url, lesson.url):
        client.get(url)
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200
