"""The course page lists every completion requirement with its state and
offers the next step; a missing role-play can be requested."""

import re

import pytest
from django.urls import reverse

from people.models import Notification
from tests.courses import factories as cf
from training import services

from .conftest import make_course

pytestmark = pytest.mark.django_db


def _course_needing_roleplay(library, **kwargs):
    scenario = cf.scenario(title="Angry customer at the counter")
    course = make_course(
        library,
        lessons=1,
        role_play=scenario,
        require_lessons=True,
        require_role_play=True,
        **kwargs,
    )
    return course


def _requirements(html: str) -> str:
    match = re.search(r'<ul class="requirements"[^>]*>(.*?)</ul>', html, re.S)
    assert match, html
    return match.group(1)


def test_course_page_says_what_is_missing(library, staff, login):
    course = _course_needing_roleplay(library)
    enrollment = services.assignment_create(course=course, employees=[staff])[0]
    lesson = course.get_children().first()
    services.lesson_viewed(enrollment=enrollment, lesson=lesson)
    client = login(staff)
    html = client.get(reverse("training:course", args=[course.pk])).content.decode()
    assert "50%" in html
    items = _requirements(html)
    assert "View every lesson" in items and "1 of 1" in items and "Done" in items
    assert "Pass the role-play" in items and "Angry customer at the counter" in items
    assert "Not yet passed" in items
    request_url = reverse("training:roleplay_request", args=[course.pk])
    assert f'action="{request_url}"' in html


def test_requesting_a_roleplay_notifies_the_manager(library, staff, manager, login):
    course = _course_needing_roleplay(library)
    services.assignment_create(course=course, employees=[staff])
    client = login(staff)
    response = client.post(
        reverse("training:roleplay_request", args=[course.pk]), follow=True
    )
    assert response.status_code == 200
    assert f"Your request was sent to {manager.name}." in response.content.decode()
    note = Notification.objects.get(employee=manager)
    assert staff.name in note.message and course.title in note.message
    assert note.url.startswith(reverse("training:roleplay_schedule"))
    # The link opens the schedule form with the learner and course chosen.
    form = login(manager).get(note.url).content.decode()
    assert re.search(rf'<option value="{staff.pk}"[^>]*selected', form)
    assert re.search(rf'<option value="{course.pk}"[^>]*selected', form)
    # The page says the request is out.
    client = login(staff)
    html = client.get(reverse("training:course", args=[course.pk])).content.decode()
    assert "Requested" in _requirements(html)


def test_without_a_manager_the_courses_trainer_is_asked(
    library, other_staff, trainer, login
):
    course = _course_needing_roleplay(library, owner=trainer.user)
    services.assignment_create(course=course, employees=[other_staff])
    other_staff.manager = None
    other_staff.save()
    login(other_staff).post(reverse("training:roleplay_request", args=[course.pk]))
    assert Notification.objects.filter(employee=trainer).count() == 1


def test_request_refused_when_no_roleplay_is_missing(library, staff, manager, login):
    course = make_course(library, lessons=1)
    services.assignment_create(course=course, employees=[staff])
    response = login(staff).post(reverse("training:roleplay_request", args=[course.pk]))
    assert response.status_code == 400
    assert not Notification.objects.filter(kind="roleplay").exists()


def test_request_in_chinese(library, staff, manager, login):
    course = _course_needing_roleplay(library)
    services.assignment_create(course=course, employees=[staff])
    staff.user.language = "zh-hans"
    staff.user.save()
    manager.user.language = "zh-hans"
    manager.user.save()
    client = login(staff)
    html = client.get(reverse("training:course", args=[course.pk])).content.decode()
    assert "申请情景模拟" in html
    response = client.post(
        reverse("training:roleplay_request", args=[course.pk]), follow=True
    )
    assert f"已将申请发送给{manager.name}。" in response.content.decode()
    assert "申请" in Notification.objects.get(employee=manager).message
