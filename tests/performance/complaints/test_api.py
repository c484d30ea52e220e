"""The read-only complaints API: the pages' visibility and personal-data
rule, filters, refusals of bad filter values, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.services import api_token_create
from performance.models import Complaint
from tests.factories import employee_with_role
from tests.performance.test_api import bearer

from .conftest import walk_to

pytestmark = pytest.mark.django_db
LIST = reverse("performance-complaint-list")


def detail(pk):
    return reverse("performance-complaint-detail", args=[pk])


@pytest.fixture
def hr_api(hr):
    return bearer(api_token_create(user=hr.user, name="bi", scopes=["read"])[1])


def test_owner_and_hr_get_the_customer_others_do_not(
    make_complaint, login, staff, manager, hr_api
):
    c = make_complaint()
    mine = login(staff).get(detail(c.pk)).json()
    assert mine["customer_contact"] == "13800000000"
    assert mine["employees"] == [staff.number] and mine["state"] == "recorded"
    assert hr_api.get(detail(c.pk)).json()["customer_name"] == "王女士"
    theirs = login(manager).get(detail(c.pk))
    assert theirs.status_code == 200
    assert theirs.json()["customer_contact"] == "" == theirs.json()["customer_name"]


def test_outsiders_see_an_empty_list_and_404(make_complaint, login, other_staff):
    c = make_complaint(employees=[])
    client = login(other_staff)
    assert client.get(LIST).json()["count"] == 0
    assert client.get(detail(c.pk)).status_code == 404


def test_named_colleague_sees_it_without_the_customer(make_complaint, client, store):
    colleague = employee_with_role("staff", store=store)
    c = make_complaint(employees=[colleague])
    client.force_login(colleague.user)
    rows = client.get(LIST).json()["results"]
    assert [r["id"] for r in rows] == [c.pk]
    assert rows[0]["customer_contact"] == ""


def test_filters_by_state_severity_and_store(
    make_complaint, staff, manager, store, hr_api
):
    closed = walk_to(
        make_complaint(), Complaint.State.CLOSED, by=staff, approver=manager
    )
    open_high = make_complaint(severity="high")

    def ids(**params):
        response = hr_api.get(LIST, params)
        assert response.status_code == 200, response.content
        return [r["id"] for r in response.json()["results"]]

    assert ids(state="closed") == [closed.pk]
    assert ids(state="open") == [open_high.pk]
    assert ids(severity="high") == [open_high.pk]
    assert ids(store=store.code) == [open_high.pk, closed.pk]
    assert ids(store="NO-SUCH-STORE") == []
    assert ids(state="overdue") == []


def test_bad_filter_values_answer_400_with_the_field(hr_api, make_complaint):
    make_complaint()
    for params, field in (
        ({"state": "nonsense"}, "state"),
        ({"severity": "extreme"}, "severity"),
        ({"received_from": "yesterday"}, "received_from"),
    ):
        response = hr_api.get(LIST, params)
        assert response.status_code == 400
        assert field in response.json()


def test_writes_are_not_offered(login, staff, make_complaint):
    c = make_complaint()
    client = login(staff)  # the owner, who may move it on the page
    assert client.post(LIST, {"description": "x"}).status_code in (403, 405)
    assert client.patch(detail(c.pk), {"state": "closed"}).status_code in (403, 405)
    assert Complaint.objects.count() == 1
    c.refresh_from_db()
    assert c.state == Complaint.State.RECORDED


def test_list_queries_do_not_grow_with_rows(make_complaint, hr_api):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert hr_api.get(LIST).status_code == 200
        return len(queries)

    make_complaint()
    few = count()
    for _ in range(6):
        make_complaint()
    assert count() == few
