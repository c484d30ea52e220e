"""A customer's data request: HR finds the customer's complaints by phone,
email or name, downloads what they hold (JSON) and erases the name and
contact; the complaints, their history and figures stay."""

import json

import pytest
from django.urls import reverse

from performance.models import Complaint, ComplaintEvent

pytestmark = pytest.mark.django_db

URL = "performance:complaint_customer_data"


@pytest.fixture
def complaints(make_complaint):
    mine = [
        make_complaint(customer_contact="138-0013-8000"),
        make_complaint(customer_contact="wang@example.com 138-0013-8000"),
    ]
    other = make_complaint(customer_name="李先生", customer_contact="13900000000")
    return mine, other


def test_hr_finds_and_downloads_a_customers_complaints(complaints, hr, login):
    mine, other = complaints
    client = login(hr)
    page = client.get(reverse(URL), {"q": "138-0013"})
    assert page.status_code == 200
    html = page.content.decode()
    assert all(f"#{c.pk}<" in html for c in mine) and f"#{other.pk}<" not in html
    download = client.get(reverse(URL), {"q": "138-0013", "format": "json"})
    data = json.loads(download.content)["complaints"]
    assert {row["complaint"] for row in data} == {c.pk for c in mine}
    assert data[0]["customer_contact"].endswith("138-0013-8000")
    assert data[0]["what_the_customer_said"] == mine[0].description


def test_hr_erases_a_customers_data_and_the_complaints_stay(complaints, hr, login):
    mine, other = complaints
    client = login(hr)
    data = {"q": "138-0013", "reason": "客户要求删除", "confirm": "on"}
    response = client.post(reverse(URL), data)
    assert response.status_code == 302
    for c in mine:
        c.refresh_from_db()
        assert (c.customer_name, c.customer_contact) == ("", "")
        event = c.events.get(action=ComplaintEvent.Action.ERASE)
        assert (event.by, event.note) == (hr, "客户要求删除")
    other.refresh_from_db()
    assert other.customer_contact == "13900000000"
    assert Complaint.objects.count() == 3
    # Again: nothing left to erase, no second event.
    client.post(reverse(URL), data)
    assert ComplaintEvent.objects.filter(action="erase").count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"q": "138-0013", "reason": "x"},  # not confirmed
        {"q": "138-0013", "confirm": "on"},  # no reason
        {"q": "13", "reason": "x", "confirm": "on"},  # too short: matches anyone
    ],
)
def test_an_incomplete_erase_changes_nothing(complaints, hr, login, data):
    response = login(hr).post(reverse(URL), data)
    assert response.status_code == 400
    assert not Complaint.objects.filter(customer_contact="").exists()


def test_a_short_search_is_refused(complaints, hr, login):
    response = login(hr).get(reverse(URL), {"q": "13"})
    assert response.status_code == 400
    assert "at least 4" in response.content.decode()


def test_only_hr_handles_customer_data(complaints, staff, manager, login):
    for who in (staff, manager):
        client = login(who)
        assert client.get(reverse(URL), {"q": "138-0013"}).status_code == 403
        data = {"q": "138-0013", "reason": "x", "confirm": "on"}
        assert client.post(reverse(URL), data).status_code == 403
    assert not Complaint.objects.filter(customer_contact="").exists()


def test_an_employees_own_export_leaves_the_customer_out(complaints, staff):
    """The complaints naming an employee are in their personal data, without
    the customer's name and contact (those are the customer's)."""
    from people import privacy

    rows = privacy.personal_data(staff)["records"]["performance.Complaint"]["about"]
    assert len(rows) == 3
    assert not {"customer_name", "customer_contact"} & set(rows[0])
    assert rows[0]["description"]


def test_contacts_past_their_retention_are_erased_nightly(complaints, settings, hr):
    """Closed or not-valid complaints lose the customer's name and contact
    COMPLAINT_CONTACT_RETENTION_DAYS after closing; open and recent ones keep
    them; a second run erases nothing more."""
    import datetime as dt

    from django.utils import timezone

    from performance.complaints import services
    from performance.complaints.tasks import erase_expired_contacts

    settings.COMPLAINT_CONTACT_RETENTION_DAYS = 30
    (old_closed, recent_closed), still_open = complaints
    now = timezone.now()
    Complaint.objects.filter(pk=old_closed.pk).update(
        state=Complaint.State.CLOSED, closed_at=now - dt.timedelta(days=31)
    )
    Complaint.objects.filter(pk=recent_closed.pk).update(
        state=Complaint.State.CLOSED, closed_at=now - dt.timedelta(days=29)
    )
    assert erase_expired_contacts.delay().get() == 1
    assert Complaint.objects.get(pk=old_closed.pk).customer_contact == ""
    assert Complaint.objects.get(pk=recent_closed.pk).customer_contact
    assert Complaint.objects.get(pk=still_open.pk).customer_contact
    event = ComplaintEvent.objects.get(complaint=old_closed, action="erase")
    assert event.by is None and event.note == services.RETENTION_NOTE
    assert services.complaints_erase_expired_contacts() == 0
