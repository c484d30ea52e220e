"""The bell: notifications made where the events happen (through each app's
services, in the recipient's language), an unread count that costs a cache
read per page, and read once the notifications page is opened."""

import pytest
from django.urls import reverse
from django.utils import translation

from people.models import Notification
from people.selectors import unread_count
from people.services import notify
from tests.courses import factories as cf
from tests.training.conftest import make_course, wagtail_root
from tests.training.roleplay import builders as b
from training import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    wagtail_root()
    return cf.library_site()


def test_unread_count_is_cached_and_dropped_on_change(
    staff, django_assert_num_queries, django_capture_on_commit_callbacks
):
    assert unread_count(staff.user) == 0
    with django_assert_num_queries(0):
        assert unread_count(staff.user) == 0  # cached
    with django_capture_on_commit_callbacks(execute=True):
        notify(employee=staff, kind="other", message="Hello", url="/learning/")
    with django_assert_num_queries(1):
        assert unread_count(staff.user) == 1


def test_opening_the_page_marks_them_read_and_the_bell_shows_the_count(
    staff, other_staff, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(employee=staff, kind="other", message="Mine", url="/learning/")
        notify(employee=other_staff, kind="other", message="Not mine")
    client = login(staff)
    home = client.get(reverse("training:dashboard")).content.decode()
    assert 'class="bell-count" aria-hidden="true">1<' in home
    with django_capture_on_commit_callbacks(execute=True):
        body = client.get(reverse("people:notifications")).content.decode()
    assert "Mine" in body and "Not mine" not in body
    assert not Notification.objects.filter(employee=staff, read_at__isnull=True)
    assert Notification.objects.filter(employee=other_staff, read_at__isnull=True)
    home = client.get(reverse("training:dashboard")).content.decode()
    assert "bell-count" not in home


def test_assignment_notifies_each_person_in_their_language(
    library, staff, other_staff, manager
):
    staff.user.language = "zh-hans"
    staff.user.save()
    other_staff.user.language = "en"
    other_staff.user.save()
    course = make_course(library, lessons=1, title="Greeting")
    services.assignment_create(
        course=course, employees=[staff, other_staff], assigned_by=manager
    )
    mine = Notification.objects.get(employee=staff)
    theirs = Notification.objects.get(employee=other_staff)
    assert mine.kind == theirs.kind == "assignment"
    assert mine.message.startswith("新指派的课程") and "Greeting" in mine.message
    assert theirs.message == "New course assigned: Greeting"
    assert mine.url == reverse("training:course", args=[course.pk])
    # Assigning again changes nothing: no second notification.
    services.assignment_create(course=course, employees=[staff])
    assert Notification.objects.filter(employee=staff).count() == 1


def test_self_enrolment_is_not_notified(library, staff):
    course = make_course(library, lessons=1)
    services.enrollment_self_enrol(employee=staff, course=course)
    assert not Notification.objects.filter(employee=staff).exists()


def test_roleplay_scheduled_notifies_the_learners(staff, trainer, manager):
    with translation.override("en"):
        session = b.schedule(organiser=trainer, learners=[staff], assessors=[manager])
    note = Notification.objects.get(employee=staff, kind="roleplay")
    assert note.url == reverse("training:roleplay_session", args=[session.pk])
    assert not Notification.objects.filter(employee=manager).exists()
