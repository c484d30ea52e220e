"""The dashboard and HR's employee list: what they show, in few queries, and
the one employee search both HR and managers use."""

import pytest
from django.db import connection
from django.test import Client

from people.models import Employee
from people.selectors import employee_search
from tests.conftest import _with_mfa
from tests.factories import EmployeeFactory, StoreFactory, employee_with_role

pytestmark = pytest.mark.django_db


def test_search_matches_any_part_of_name_or_number_in_any_case(store):
    """`employee_search` finds a fragment of the number or the name, whatever
    the case, and nothing else."""
    wanted = EmployeeFactory(number="B0012345", name="Zhang Wei", store=store)
    by_name = EmployeeFactory(number="C0099999", name="Li Na", store=store)
    EmployeeFactory(number="C0000001", name="Wang Fang", store=store)
    found = set(employee_search(Employee.objects.all(), "b0012"))
    assert found == {wanted}
    assert set(employee_search(Employee.objects.all(), "LI N")) == {by_name}
    assert employee_search(Employee.objects.all(), "").count() == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL-only"
)
def test_search_uses_trigram_indexes_on_postgresql():
    """On PostgreSQL the search's expressions have trigram indexes, so the
    planner can avoid scanning every employee."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'people_employee'"
        )
        names = {row[0] for row in cur.fetchall()}
        assert {"people_employee_name_trgm", "people_employee_number_trgm"} <= names
        sql, params = (
            employee_search(Employee.objects.all(), "B0012")
            .values("pk")
            .query.sql_with_params()
        )
        # Leave the planner bitmap scans only: a full scan of another index
        # (seen once table statistics existed) would not show the point.
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_indexscan = off")
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert "people_employee_number_trgm" in plan


@pytest.mark.parametrize("n", [3, 60])
def test_hr_list_queries_do_not_grow(n, hr, django_assert_max_num_queries):
    """HR's list shows store, team and manager of each row with a fixed number
    of queries (session, user, roles, count, page)."""
    for _ in range(n):
        store = StoreFactory()
        boss = EmployeeFactory(store=store)
        EmployeeFactory(store=store, manager=boss)
    client = Client()
    client.force_login(_with_mfa(hr.user))
    with django_assert_max_num_queries(6):
        response = client.get("/people/hr/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr><td>") == min(2 * n + 1, 50)


def test_dashboard_shows_profile_in_few_queries(staff, django_assert_max_num_queries):
    """The dashboard shows the learner's position, store and team with the
    employee loaded in one query."""
    client = Client()
    client.force_login(staff.user)
    with django_assert_max_num_queries(4):
        html = client.get("/").content.decode()
    assert staff.name in html and str(staff.store) in html
    assert staff.position_label in html


def test_position_label_follows_the_language(settings):
    """Labels cached per language still come out in the active language."""
    from django.utils import translation

    employee = employee_with_role("staff", position="teller")
    with translation.override("en"):
        assert employee.position_label == "Bank teller"
    with translation.override("zh-hans"):
        assert employee.position_label not in ("", "Bank teller")
