"""The manager/HR team page and its export cost a bounded number of queries
whatever the team's size, page by keyset, and keep people.access's rule."""

import re

import pytest
from django.urls import reverse

from people.models import Employee
from tests.factories import EmployeeFactory, TeamFactory
from training import services

from .conftest import make_course

pytestmark = pytest.mark.django_db

# Measured on PostgreSQL: team page 6 (session, user, groups, employee, rows;
# + filter options on a cache miss), export 6 + 1 per 2,000 rows.
BOUNDS = {"team": 9, "team_hr": 9, "export": 9, "filtered": 12}


def grow_team(store, manager, courses, n):
    """n more people in the manager's store, each enrolled in every course."""
    people = [
        EmployeeFactory(store=store, manager=manager, team=TeamFactory(store=store))
        for _ in range(n)
    ]
    for course in courses:
        services.assignment_create(course=course, employees=people)
    return people


def names_on(body: str) -> list[str]:
    return re.findall(r'data-enrolment="(E\d+)-\d+"', body)


def select_options(body: str, name: str) -> dict[str, bool]:
    """The options of the select called ``name``: {value: selected}."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert match, f"no select named {name}"
    return {
        value: bool(selected)
        for value, selected in re.findall(
            r'<option value="([^"]*)"( selected)?>', match.group(1)
        )
    }


@pytest.mark.parametrize("size", [3, 30])
def test_team_pages_bounded(
    size, library, store, manager, hr, other_staff, login, django_assert_max_num_queries
):
    courses = [make_course(library, lessons=1) for _ in range(3)]
    grow_team(store, manager, courses, size)
    services.assignment_create(course=courses[0], employees=[other_staff])
    client = login(manager)
    for name, url, params in (
        ("team", "training:team", {}),
        ("export", "training:team_export", {}),
        ("filtered", "training:team", {"status": "not_started", "store": store.pk}),
    ):
        client.get(reverse(url), params)  # warm the shared caches
        with django_assert_max_num_queries(BOUNDS[name]):
            response = client.get(reverse(url), params)
            if response.streaming:
                body = b"".join(response.streaming_content).decode("utf-8-sig")
            else:
                body = response.content.decode()
        assert response.status_code == 200
        assert other_staff.number not in body
    client = login(hr, mfa=True)
    client.get(reverse("training:team"))
    with django_assert_max_num_queries(BOUNDS["team_hr"]):
        assert client.get(reverse("training:team")).status_code == 200


def test_keyset_pages_walk_every_row_once(library, store, manager, login):
    courses = [make_course(library, lessons=1) for _ in range(3)]
    people = grow_team(store, manager, courses, 40)  # 120 rows + none for manager
    client = login(manager)
    seen, pages, url = [], [], reverse("training:team")
    params = {}
    while True:
        body = client.get(url, params).content.decode()
        rows = names_on(body)
        pages.append(rows)
        seen += rows
        m = re.search(r'href="\?&amp;after=([\w-]+)"', body)
        if not m:
            break
        params = {"after": m.group(1)}
    assert [len(p) for p in pages] == [50, 50, 20]
    numbers = sorted(p.number for p in people)
    assert seen == [n for n in numbers for _ in courses]
    # "Previous" from the last page gives the second page back.
    m = re.search(r'href="\?&amp;before=([\w-]+)"', body)
    assert m
    assert (
        names_on(client.get(url, {"before": m.group(1)}).content.decode()) == (pages[1])
    )
    # A forged or stale cursor is ignored, never an error.
    assert client.get(url, {"after": "not-a-cursor"}).status_code == 200


def test_filter_options_follow_the_roster(library, store, manager, login):
    course = make_course(library, lessons=1, title="礼貌用语")
    people = grow_team(store, manager, [course], 2)
    client = login(manager)
    body = client.get(reverse("training:team")).content.decode()
    assert str(people[0].team_id) in select_options(body, "team")
    assert "礼貌用语" in body
    new_team = TeamFactory(store=store)
    # Exact: another select (course, store) may hold an option with this id.
    assert str(new_team.pk) not in select_options(body, "team")
    Employee.objects.filter(pk=people[0].pk).update(team=new_team)
    people[0].refresh_from_db()
    people[0].save()  # a roster change: the cached options are rebuilt
    body = client.get(reverse("training:team"), {"team": new_team.pk}).content
    body = body.decode()
    assert select_options(body, "team")[str(new_team.pk)] is True
    assert names_on(body) == [people[0].number]


def test_names_link_to_each_persons_records_and_the_menu_has_them(
    library, store, manager, staff, other_staff, login
):
    """A manager goes from the team page to a team member's performance
    record, and reaches the records' list from the menu; staff do not."""
    course = make_course(library, lessons=1)
    services.assignment_create(course=course, employees=[staff])
    client = login(manager)
    body = client.get(reverse("training:team")).content.decode()
    record = reverse("performance:employee_record", args=[staff.pk])
    assert body.count(f'href="{record}"') == 2  # the grid and the phone card
    assert reverse("performance:employee_record", args=[other_staff.pk]) not in body
    assert client.get(record).status_code == 200
    records = reverse("performance:employee_list")
    assert f'href="{records}"' in body
    staff_page = login(staff).get(reverse("training:dashboard")).content.decode()
    assert f'href="{records}"' not in staff_page
