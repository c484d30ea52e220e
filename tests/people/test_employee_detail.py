"""HR's employee directory filters and the employee detail page: changes go
through the roster's rules (all or nothing, row reasons on the fields), are
kept with who and why, and a bad filter or tampered value is refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.history import employee_history
from people.models import Employee
from tests.factories import EmployeeFactory, StoreFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _form(employee, **changes):
    data = {
        "name": employee.name,
        "email": employee.user.email,
        "position": employee.position,
        "store": employee.store.code if employee.store else "",
        "team": employee.team.code if employee.team else "",
        "manager": employee.manager.number if employee.manager else "",
        "hire_date": "",
        "language": "",
        "status": employee.status,
        "reason": "调岗",
    }
    return {**data, **changes}


def _rows(response) -> list[str]:
    html = response.content.decode()
    return [n for n in Employee.objects.values_list("number", flat=True) if n in html]


def test_directory_filters_by_store_position_and_status(
    hr, staff, manager, other_staff, login
):
    left = EmployeeFactory(store=other_staff.store, status=Employee.Status.LEFT)
    client = login(hr)
    url = reverse("people:hr_home")
    page = client.get(url, {"store": staff.store.code})
    assert sorted(_rows(page)) == sorted([staff.number, manager.number])
    page = client.get(url, {"store": staff.store.code, "position": "store_manager"})
    assert _rows(page) == [manager.number]
    page = client.get(url, {"status": "left"})
    assert _rows(page) == [left.number]
    team = TeamFactory(store=other_staff.store)
    Employee.objects.filter(pk=other_staff.pk).update(team=team)
    query = {"store": other_staff.store.code, "team": team.code}
    assert _rows(client.get(url, query)) == [other_staff.number]
    # A team is chosen within its store.
    assert client.get(url, {"team": team.code}).status_code == 400


@pytest.mark.parametrize(
    "query", [{"store": "no-such-store"}, {"position": "pilot"}, {"status": "gone"}]
)
def test_directory_refuses_values_it_does_not_offer(hr, staff, login, query):
    response = login(hr).get(reverse("people:hr_home"), query)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert staff.number not in response.content.decode()


def test_directory_pages_keep_their_filters(hr, store, login):
    EmployeeFactory.create_batch(51, store=store)
    page = login(hr).get(reverse("people:hr_home"), {"store": store.code})
    assert f"?store={store.code}&amp;page=2" in page.content.decode()


def test_directory_queries_do_not_grow_with_the_roster(hr, store, login):
    client = login(hr)
    url = reverse("people:hr_home")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"store": store.code}).status_code == 200
        return len(ctx.captured_queries)

    EmployeeFactory.create_batch(3, store=store)
    queries()  # the first request fills per-user caches
    small = queries()
    EmployeeFactory.create_batch(40, store=store, manager=EmployeeFactory())
    assert queries() == small


def test_detail_shows_the_employee_in_chinese(hr, staff, login):
    hr.user.language = "zh-hans"
    hr.user.save()
    client = login(hr)
    page = client.get(reverse("people:employee_detail", args=[staff.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert staff.name in html and "变更原因" in html and "保存修改" in html


def test_hr_moves_an_employee_and_the_change_is_recorded(
    hr, staff, manager, other_staff, login
):
    other_store = other_staff.store
    team = TeamFactory(store=other_store)
    new_manager = EmployeeFactory(store=other_store, position="store_manager")
    client = login(hr)
    url = reverse("people:employee_detail", args=[staff.pk])
    response = client.post(
        url,
        _form(
            staff,
            store=other_store.code,
            team=team.code,
            manager=new_manager.number,
            position="supervisor",
        ),
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.store, staff.team, staff.manager, staff.position) == (
        other_store,
        team,
        new_manager,
        "supervisor",
    )
    if connection.vendor != "postgresql":
        return
    [entry] = [
        e for e in employee_history(staff, offset=0, limit=10) if e.what == "Employee"
    ]
    assert (entry.user_id, entry.reason) == (hr.user.pk, "调岗")
    changes = {c.label: (c.old, c.new) for c in entry.changes}
    assert changes["store"] == (str(manager.store), str(other_store))
    assert changes["manager"] == (str(manager), str(new_manager))
    assert changes["position"][1] == "Supervisor"
    history = client.get(reverse("people:employee_history", args=[staff.pk]))
    assert "调岗" in history.content.decode()


def test_a_team_of_another_store_is_refused_and_nothing_changes(
    hr, staff, other_staff, login
):
    team = TeamFactory(store=other_staff.store)
    before = Employee.objects.values().get(pk=staff.pk)
    response = login(hr).post(
        reverse("people:employee_detail", args=[staff.pk]), _form(staff, team=team.code)
    )
    assert response.status_code == 400
    assert "is not in store" in response.content.decode()
    assert Employee.objects.values().get(pk=staff.pk) == before


@pytest.mark.parametrize(
    "tampered",
    [
        {"position": "pilot"},
        {"store": "nowhere"},
        {"status": "retired"},
        {"reason": ""},
    ],
)
def test_tampered_or_missing_values_change_nothing(hr, staff, login, tampered):
    before = Employee.objects.values().get(pk=staff.pk)
    response = login(hr).post(
        reverse("people:employee_detail", args=[staff.pk]),
        _form(staff, name="改名", **tampered),
    )
    assert response.status_code == 400
    assert Employee.objects.values().get(pk=staff.pk) == before


def test_marking_left_signs_the_employee_out_for_good(hr, staff, login):
    response = login(hr).post(
        reverse("people:employee_detail", args=[staff.pk]),
        _form(staff, status="left", reason="离职"),
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    staff.user.refresh_from_db()
    assert staff.status == Employee.Status.LEFT and not staff.user.is_active


def test_hr_cannot_mark_themselves_left(hr, login):
    hr.store = StoreFactory()
    hr.save()
    response = login(hr).post(
        reverse("people:employee_detail", args=[hr.pk]),
        _form(hr, status="left", reason="离职"),
    )
    assert response.status_code == 400
    assert "cannot mark yourself" in response.content.decode()
    hr.refresh_from_db()
    assert hr.status == Employee.Status.ACTIVE


def test_only_hr_may_change_an_employee(manager, staff, login):
    before = Employee.objects.values().get(pk=staff.pk)
    response = login(manager).post(
        reverse("people:employee_detail", args=[staff.pk]),
        _form(staff, status="left"),
    )
    assert response.status_code == 403
    assert Employee.objects.values().get(pk=staff.pk) == before


def test_saving_without_changes_says_so(hr, staff, login):
    client = login(hr)
    response = client.post(
        reverse("people:employee_detail", args=[staff.pk]), _form(staff), follow=True
    )
    assert "Nothing was changed." in response.content.decode()
