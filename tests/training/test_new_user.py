"""Dead ends a new learner, manager or integrator hit on the learning side."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.courses import factories as cf
from training import services
from training.models import QuizAttempt, RolePlayAssessment
from training.roleplay import services as roleplay

from .conftest import make_course
from .roleplay import builders as b

pytestmark = pytest.mark.django_db


def _lesson_with_quiz_block(library, quiz):
    course = make_course(library, lessons=0, quiz=quiz, require_quiz=True)
    lesson = cf.LessonPageFactory(
        parent=course,
        body=[{"type": "quiz", "value": {"quiz": quiz.pk, "intro": "Ready?"}}],
    )
    return course, lesson


def test_quiz_block_link_opens_the_courses_quiz(library, quiz, staff, login):
    """The lesson's "Take the quiz" link names the course (not the quiz) and
    answers a GET: the quiz section first, then the open attempt (resume)."""
    course, lesson = _lesson_with_quiz_block(library, quiz)
    services.assignment_create(course=course, employees=[staff])
    client = login(staff)
    body = client.get(reverse("training:lesson", args=[lesson.pk])).content.decode()
    link = re.search(r'<a class="button" href="([^"]+)">Take the quiz</a>', body)
    assert link, body
    assert link.group(1) == reverse("training:quiz_start", args=[course.pk])
    response = client.get(link.group(1))
    assert response.status_code == 302
    assert response.url == reverse("training:course", args=[course.pk]) + "#quiz"
    assert not QuizAttempt.objects.exists()  # a GET never starts the clock
    client.post(link.group(1))
    attempt = QuizAttempt.objects.get()
    response = client.get(link.group(1))
    assert response.url == reverse("training:attempt", args=[attempt.pk])


def test_course_page_quiz_link_names_the_course(library, quiz, staff, login):
    """The Wagtail course page's quiz button points at the course's quiz route."""
    course = make_course(library, lessons=1, quiz=quiz, require_quiz=True)
    body = login(staff).get(course.url).content.decode()
    assert reverse("training:quiz_start", args=[course.pk]) in body


def _assign(client, course, person, due):
    return client.post(
        reverse("training:assign"),
        {"course": course.pk, "employees": [person.pk], "due_date": due.isoformat()},
        follow=True,
    )


def test_assigning_with_a_past_due_date_is_refused(library, manager, staff, login):
    course = make_course(library, lessons=1)
    client = login(manager)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = _assign(client, course, staff, yesterday)
    assert response.status_code == 400
    assert "The due date cannot be in the past." in response.content.decode()
    assert not staff.enrollments.exists()


def test_reassigning_says_was_and_now(library, manager, staff, login):
    course = make_course(library, lessons=1)
    client = login(manager)
    first = timezone.localdate() + dt.timedelta(days=10)
    second = first + dt.timedelta(days=7)
    _assign(client, course, staff, first)
    body = _assign(client, course, staff, second).content.decode()
    assert f"was {first.isoformat()}, now {second.isoformat()}" in body
    assert staff.enrollments.get().due_date == second


def _translated_course(library):
    other = cf.other_locale()
    library.copy_for_translation(other).save_revision().publish()
    course = make_course(library, lessons=1, title="Complaint basics")
    copy = course.copy_for_translation(other)
    copy.title = "投诉处理基础"
    copy.save_revision().publish()
    return course, copy, other


def _options(body, name):
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert match, name
    return re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', match.group(1))


def test_assign_form_lists_each_course_once_in_viewer_language(library, manager, login):
    course, _copy, other = _translated_course(library)
    manager.user.language = other.language_code
    manager.user.save()
    body = login(manager).get(reverse("training:assign")).content.decode()
    assert _options(body, "course") == [(str(course.pk), "投诉处理基础")]


def test_roleplay_forms_list_each_course_once(library, trainer, login):
    from training.roleplay.forms import CoachingForm

    course, _copy, other = _translated_course(library)
    from django.utils import translation

    with translation.override(other.language_code):
        field = CoachingForm().fields["course"]
        choices = [(str(v), label) for v, label in field.choices if v]
    assert choices == [(str(course.pk), "投诉处理基础")]


def test_api_docs_start_without_inline_script(client):
    """Swagger's start-up script is a file of our origin, so the strict CSP
    (no 'unsafe-inline') lets it run."""
    response = client.get("/api/docs/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all(
        'src="' in attrs and not code.strip() for attrs, code in scripts
    )
    init = re.findall(r'<script src="([^"]*script=[^"]*)"', html)[0]
    script = client.get(init.replace("&amp;", "&"))
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


ALL_NA = "Every criterion is N/A: this recording could not be scored."


def _one_criterion_session(trainer, staff):
    rubric = cf.rubric(criteria=[cf.criterion("Upsell", allow_na=True)])
    session = b.schedule(
        organiser=trainer,
        learners=[staff],
        assessors=[trainer],
        scenario_obj=b.scenario(rubric),
    )
    return roleplay.session_start_assessment(
        session=session,
        learner=staff,
        assessor=trainer,
        kind=RolePlayAssessment.Kind.ASSESSOR,
    )


def test_all_na_sheet_said_the_same_in_form_and_api(trainer, staff, login):
    sheet = _one_criterion_session(trainer, staff)
    criterion = b.criterion_ids(sheet)["Upsell"]
    client = login(trainer, mfa=True)
    form = client.post(
        reverse("training:roleplay_score", args=[sheet.session_id, staff.pk]),
        {f"level_{criterion}": "na", "submit": "1"},
        follow=True,
    ).content.decode()
    assert ALL_NA in form
    assert "choose a level for every criterion" not in form
    na = client.post(
        "/api/roleplay-criterion-scores/",
        {"assessment": sheet.pk, "criterion_id": criterion, "level_id": None},
        content_type="application/json",
    )
    assert na.status_code == 201, na.content  # a draft may hold N/A
    api = client.post(
        f"/api/roleplay-assessments/{sheet.pk}/submit/",
        {},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert ALL_NA in str(api.json()["detail"])
    sheet.refresh_from_db()
    assert sheet.submitted_at is None
