"""The enrolment API: each role lists what people.access lets it see,
filters, and assigns as the assign page allows (bad input 400 with field
errors, nothing stored); integration tokens read only."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from people.services import api_token_create
from training import services
from training.models import Enrollment

from .conftest import make_course

pytestmark = pytest.mark.django_db
URL = "/api/enrolments/"


def _token_client(employee, scopes=("read",)):
    key = api_token_create(user=employee.user, name="t", scopes=list(scopes))[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def two(library, staff, other_staff, trainer):
    """ctx: a course of the trainer's with staff enrolled, another course
    with other_staff enrolled."""
    mine = make_course(library, lessons=0, owner=trainer.user)
    theirs = make_course(library, lessons=0)
    a = services.assignment_create(course=mine, employees=[staff])[0]
    b = services.assignment_create(course=theirs, employees=[other_staff])[0]
    return {"mine": mine, "theirs": theirs, "staff": a, "other": b}


def test_each_role_lists_the_enrolments_it_may_see(
    login, two, staff, other_staff, manager, trainer, hr
):
    """Staff their own, the manager their store's, the trainer their
    course's, HR all; someone else's enrolment answers 404."""
    a, b = two["staff"].pk, two["other"].pk
    assert _ids(login(staff).get(URL)) == {a}
    assert login(staff).get(f"{URL}{b}/").status_code == 404
    assert _ids(login(other_staff).get(URL)) == {b}
    assert _ids(login(manager).get(URL)) == {a}
    assert _ids(login(trainer).get(URL)) == {a}
    assert login(trainer).get(f"{URL}{b}/").status_code == 404
    assert _ids(login(hr).get(URL)) == {a, b}
    row = login(hr).get(f"{URL}{a}/").json()
    assert row["employee"] == staff.pk and row["course"] == two["mine"].pk
    assert row["status"] == "not_started" and row["translation_missing"] is False


def test_filters(login, two, hr, staff):
    client = login(hr)
    assert _ids(client.get(URL, {"employee": staff.pk})) == {two["staff"].pk}
    assert _ids(client.get(URL, {"course": two["theirs"].pk})) == {two["other"].pk}
    Enrollment.objects.filter(pk=two["other"].pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    assert _ids(client.get(URL, {"status": "overdue"})) == {two["other"].pk}
    assert _ids(client.get(URL, {"status": "not_started"})) == {two["staff"].pk}
    assert client.get(URL, {"status": "nonsense"}).status_code == 400


def test_manager_assigns_their_team_with_a_due_date(login, library, manager, staff):
    course = make_course(library, lessons=0)
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    response = login(manager).post(
        URL,
        {"course": course.pk, "employees": [staff.pk], "due_date": due},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    [row] = response.json()
    assert row["employee"] == staff.pk and row["due_date"] == due
    enrollment = Enrollment.objects.get(employee=staff, course=course)
    assert enrollment.assigned_by == manager
    # Idempotent: assigning again keeps the enrolment, moves the due date.
    later = (timezone.localdate() + dt.timedelta(days=9)).isoformat()
    again = login(manager).post(
        URL,
        {"course": course.pk, "employees": [staff.pk], "due_date": later},
        content_type="application/json",
    )
    assert again.status_code == 201
    assert again.json()[0]["id"] == enrollment.pk
    assert Enrollment.objects.filter(course=course).count() == 1


def test_assigning_outside_ones_team_or_with_bad_input_is_400(
    login, library, manager, other_staff, staff
):
    """Someone the manager may not assign, a due date in the past, an
    unknown course, neither course nor path: 400 on the field, nothing
    stored."""
    course = make_course(library, lessons=0)
    client = login(manager)
    cases = [
        ({"course": course.pk, "employees": [other_staff.pk]}, "employees"),
        (
            {
                "course": course.pk,
                "employees": [staff.pk],
                "due_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            },
            "due_date",
        ),
        ({"course": 999999, "employees": [staff.pk]}, "course"),
        ({"employees": [staff.pk]}, "non_field_errors"),
        ({"course": course.pk}, "employees"),
    ]
    for body, field in cases:
        response = client.post(URL, body, content_type="application/json")
        assert response.status_code == 400, body
        assert field in response.json(), response.json()
    assert not Enrollment.objects.filter(course=course).exists()


def test_past_due_date_message_is_translated(login, library, manager, staff):
    course = make_course(library, lessons=0)
    body = {"course": course.pk, "employees": [staff.pk], "due_date": "2000-01-01"}
    client = login(manager)
    zh = client.post(URL + "?lang=zh-hans", body, content_type="application/json")
    assert zh.status_code == 400
    assert zh.json()["due_date"] == ["截止日期不能早于今天。"]
    en = client.post(URL + "?lang=en", body, content_type="application/json")
    assert en.json()["due_date"] == ["The due date cannot be in the past."]


def test_team_assignment_is_narrowed_to_the_managers_people(
    login, library, manager, staff, other_staff
):
    course = make_course(library, lessons=0)
    response = login(manager).post(
        URL,
        {"course": course.pk, "position": staff.position},
        content_type="application/json",
    )
    assert response.status_code == 201
    people = set(
        Enrollment.objects.filter(course=course).values_list("employee", flat=True)
    )
    assert staff.pk in people and other_staff.pk not in people


def test_staff_may_not_assign_and_tokens_only_read(login, library, staff, hr):
    course = make_course(library, lessons=0)
    body = {"course": course.pk, "employees": [staff.pk]}
    assert (
        login(staff).post(URL, body, content_type="application/json").status_code == 403
    )
    token = _token_client(hr)
    assert token.get(URL).status_code == 200
    assert token.post(URL, body, format="json").status_code == 403
    assert not Enrollment.objects.exists()


def test_list_queries_do_not_grow_with_rows(
    login, library, hr, django_assert_num_queries
):
    """The same number of queries for 2 and for 12 enrolments."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import employee_with_role

    client = login(hr)
    courses = [make_course(library, lessons=0) for _ in range(2)]
    people = [employee_with_role("staff") for _ in range(6)]
    services.assignment_create(course=courses[0], employees=people[:1])
    services.assignment_create(course=courses[1], employees=people[:1])
    client.get(URL)  # warm the course-title cache
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    # Read now: each request clears Django's query log.
    expected = len(small)
    for course in courses:
        services.assignment_create(course=course, employees=people)
    with django_assert_num_queries(expected):
        assert client.get(URL).json()["count"] == 12


def test_learner_enrols_in_an_open_course(login, library, staff):
    """As the course page's button: open courses only, once."""
    course = make_course(library, lessons=0)
    closed = make_course(library, lessons=0, target_positions=["store_manager"])
    client = login(staff)
    url = URL + "enrol/"
    done = client.post(url, {"course": course.pk}, content_type="application/json")
    assert done.status_code == 201, done.content
    assert done.json()["source"] == "self" and done.json()["employee"] == staff.pk
    again = client.post(url, {"course": course.pk}, content_type="application/json")
    assert again.json()["id"] == done.json()["id"]
    refused = client.post(url, {"course": closed.pk}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["detail"]
    unknown = client.post(url, {"course": 999999}, content_type="application/json")
    assert unknown.status_code == 400 and "course" in unknown.json()
    assert not Enrollment.objects.filter(course=closed).exists()
